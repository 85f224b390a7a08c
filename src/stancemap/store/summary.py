"""Summaries the web app reads instead of aggregating whole tables, kept in the writers' transactions.

What is kept (tables in :mod:`stancemap.store.schema`, created and backfilled by migration ``0004``):

``stance_totals``
    live statements per issue and effective stance;
``actors.statement_count``
    live statements per actor (indexed with the id: "most active first" is an index walk);
``corpus_totals``
    ``documents`` (latest versions), ``document_versions``, ``statements`` (live),
    ``actors`` and ``person_codings``;
``review_queue``
    the statements nobody reviewed yet with their uncertainty (see the table's comment).

A statement is *live* when its document is the latest version of its ``doc_id``
and no person marked it "not a statement". Its *effective* codings are, per
issue, a person's latest coding when there is one, else every model coding; a
person's "not relevant" (stance :data:`~stancemap.store.read.NOT_RELEVANT`)
leaves the issue without an effective coding.

How they stay exact: every write that can change any of this (a document and
its statements, a person's coding, a review action or its undo, a speaker
change, an actor merge or split) takes a :class:`Snapshot` of each statement it
touches before and after the change, inside the same transaction, and
:func:`apply` adds the difference. Rows are updated in a fixed order (actors by
id, then stance totals, then corpus totals), so concurrent PostgreSQL writers
wait for each other instead of deadlocking. :func:`rebuild` recomputes
everything (the migration's backfill, and stores written around the library);
:func:`recount` counts again with independent SQL, for tests and checks.
"""

from __future__ import annotations

import contextlib
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.store import read
from stancemap.store.dialect import upsert_insert
from stancemap.store.schema import (
    actors,
    codings,
    corpus_totals,
    documents,
    review_queue,
    reviews,
    stance_totals,
    statements,
)

__all__ = ["Delta", "Snapshot", "Summary", "apply", "rebuild", "recount", "snapshots", "stored", "tracking",
           "totals", "stance_counts", "TOTALS"]

#: The names of ``corpus_totals``.
TOTALS: tuple[str, ...] = ("actors", "document_versions", "documents", "person_codings", "statements")

#: Statement ids per query.
_CHUNK = 500

#: The ``issue_id`` of a statement's own row in ``review_queue`` (not about one issue).
ANY_ISSUE = ""


@dataclass(frozen=True)
class Snapshot:
    """What one statement contributes to the summaries."""

    live: bool = False
    actor_id: int | None = None
    stances: frozenset[tuple[str, str]] = frozenset()
    person_codings: int = 0
    queue: tuple[tuple[str, float], ...] = ()


NOTHING = Snapshot()


def snapshot_of(live: bool, actor_id: int | None, confidence: float, coding_rows: Sequence[Any],
                actions: Iterable[str]) -> Snapshot:
    """A statement's :class:`Snapshot` from its codings (rows in id order) and active review actions."""
    effective = read.effective_codings(coding_rows)
    stances = frozenset((c.issue, c.stance) for c in effective if c.stance != read.NOT_RELEVANT)
    people = sum(1 for row in coding_rows if read.is_person(row.origin))
    queue: tuple[tuple[str, float], ...] = ()
    if live and not people and not list(actions):
        lowest: dict[str, float] = {}
        for row in coding_rows:
            lowest[row.issue_id] = min(float(row.confidence), lowest.get(row.issue_id, 1e9))
        overall = min(lowest.values()) if lowest else float(confidence)
        queue = ((ANY_ISSUE, overall), *sorted(lowest.items()))
    return Snapshot(live, None if actor_id is None else int(actor_id), stances, people, queue)


@functools.cache
def _snapshot_queries() -> tuple[sa.Select[Any], sa.Select[Any], sa.Select[Any]]:
    """The three queries of :func:`snapshots`, built once: building them anew took 3 ms of every review decision."""
    chunk: sa.BindParameter[list[int]] = sa.bindparam("chunk", expanding=True)
    return (
        sa.select(statements.c.id, statements.c.actor_id, statements.c.confidence,
                  read.latest_version().label("latest"))
        .select_from(statements.join(documents, documents.c.id == statements.c.document_id))
        .where(statements.c.id.in_(chunk)),
        sa.select(codings.c.id, codings.c.statement_id, codings.c.issue_id, codings.c.stance,
                  codings.c.confidence, codings.c.origin, codings.c.relevance)
        .where(codings.c.statement_id.in_(chunk)).order_by(codings.c.id),
        sa.select(reviews.c.statement_id, reviews.c.action)
        .where(reviews.c.statement_id.in_(chunk), reviews.c.undone_at.is_(None)),
    )


def snapshots(connection: Connection, statement_ids: Iterable[int]) -> dict[int, Snapshot]:
    """The snapshot of each stored statement among ``statement_ids`` (unknown ids are left out)."""
    ids = sorted({int(i) for i in statement_ids})
    out: dict[int, Snapshot] = {}
    by_statement, by_coding, by_review = _snapshot_queries()
    for start in range(0, len(ids), _CHUNK):
        chunk = {"chunk": ids[start : start + _CHUNK]}
        rows = connection.execute(by_statement, chunk).all()
        found: dict[int, list[Any]] = {}
        for row in connection.execute(by_coding, chunk):
            found.setdefault(row.statement_id, []).append(row)
        acted: dict[int, list[str]] = {}
        for sid, action in connection.execute(by_review, chunk):
            acted.setdefault(int(sid), []).append(action)
        for row in rows:
            sid = int(row.id)
            actions = acted.get(sid, [])
            live = bool(row.latest) and "reject" not in actions
            out[sid] = snapshot_of(live, row.actor_id, row.confidence, found.get(sid, []), actions)
    return out


@dataclass
class Delta:
    """Changes collected over one transaction, applied once by :meth:`apply` (or :func:`apply`)."""

    before: dict[int, Snapshot] = field(default_factory=dict)
    after: dict[int, Snapshot] = field(default_factory=dict)
    totals: Counter[str] = field(default_factory=Counter)

    def record(self, statement_id: int, before: Snapshot, after: Snapshot) -> None:
        self.before.setdefault(statement_id, before)
        self.after[statement_id] = after

    def superseded(self, found: Mapping[int, Snapshot]) -> None:
        """Statements of a document version that a newer version replaced: no longer live."""
        for sid, snap in found.items():
            self.record(sid, snap, replace(snap, live=False, queue=()))

    def apply(self, connection: Connection) -> None:
        apply(connection, self.before, self.after, self.totals)
        self.before, self.after, self.totals = {}, {}, Counter()


def _upsert(connection: Connection, table: sa.Table, keys: list[str], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    stmt = upsert_insert(connection, table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={"n": table.c.n + stmt.excluded.n})
    connection.execute(stmt, rows)


def apply(connection: Connection, before: Mapping[int, Snapshot], after: Mapping[int, Snapshot],
          extra: Mapping[str, int] | None = None) -> None:
    """Add to the summaries what changed from ``before`` to ``after`` (snapshots by statement id).

    ``extra`` adds to named corpus totals (documents, actors, ...) directly.
    """
    by_actor: Counter[int] = Counter()
    by_stance: Counter[tuple[str, str]] = Counter()
    total: Counter[str] = Counter(dict(extra or {}))
    requeue: list[int] = []
    for sid in sorted(set(before) | set(after)):
        b, a = before.get(sid, NOTHING), after.get(sid, NOTHING)
        for snap, sign in ((b, -1), (a, 1)):
            if snap.live:
                total["statements"] += sign
                if snap.actor_id is not None:
                    by_actor[snap.actor_id] += sign
                for key in snap.stances:
                    by_stance[key] += sign
            total["person_codings"] += sign * snap.person_codings
        if b.queue != a.queue:
            requeue.append(sid)
    for start in range(0, len(requeue), _CHUNK):
        chunk = requeue[start : start + _CHUNK]
        if any(before.get(sid, NOTHING).queue for sid in chunk):
            connection.execute(sa.delete(review_queue).where(review_queue.c.statement_id.in_(chunk)))
        rows = [{"statement_id": sid, "issue_id": issue, "priority": priority}
                for sid in chunk for issue, priority in after.get(sid, NOTHING).queue]
        if rows:
            connection.execute(sa.insert(review_queue), rows)
    changed = [{"aid": aid, "d": d} for aid, d in sorted(by_actor.items()) if d]
    if changed:
        connection.execute(
            sa.update(actors).where(actors.c.id == sa.bindparam("aid"))
            .values(statement_count=actors.c.statement_count + sa.bindparam("d")),
            changed,
        )
    _upsert(connection, stance_totals, ["issue_id", "stance"],
            [{"issue_id": i, "stance": s, "n": d} for (i, s), d in sorted(by_stance.items()) if d])
    _upsert(connection, corpus_totals, ["name"], [{"name": k, "n": d} for k, d in sorted(total.items()) if d])


@contextlib.contextmanager
def tracking(connection: Connection, statement_ids: Iterable[int]) -> Iterator[None]:
    """Keep the summaries right across a change to these statements (inside the caller's transaction)."""
    ids = sorted({int(i) for i in statement_ids})
    before = snapshots(connection, ids)
    yield
    apply(connection, before, snapshots(connection, ids))


def add_total(connection: Connection, name: str, d: int) -> None:
    """Add ``d`` to the corpus total ``name`` (e.g. an actor created or removed)."""
    if d:
        _upsert(connection, corpus_totals, ["name"], [{"name": name, "n": d}])


# ---------------------------------------------------------------- reading


def totals(connection: Connection) -> dict[str, int]:
    """The corpus totals by name (each of :data:`TOTALS`, 0 when never counted)."""
    found = {name: int(n) for name, n in connection.execute(sa.select(corpus_totals.c.name, corpus_totals.c.n))}
    return {name: found.get(name, 0) for name in TOTALS}


def stance_counts(connection: Connection) -> dict[str, dict[str, int]]:
    """``{issue: {stance: live statements}}`` from the summary (stances with none left out)."""
    out: dict[str, dict[str, int]] = {}
    for issue_id, stance, n in connection.execute(
        sa.select(stance_totals.c.issue_id, stance_totals.c.stance, stance_totals.c.n)
        .where(stance_totals.c.n != 0).order_by(stance_totals.c.issue_id, stance_totals.c.stance)
    ):
        out.setdefault(issue_id, {})[stance] = int(n)
    return out


@dataclass(frozen=True)
class Summary:
    """Everything the summaries hold, as plain values (to compare a store's summaries with a recount)."""

    totals: dict[str, int]
    stances: dict[str, dict[str, int]]
    actors: dict[int, int]
    queue: dict[tuple[int, str], float]


def stored(connection: Connection) -> Summary:
    """The summaries as stored."""
    return Summary(
        totals=totals(connection),
        stances=stance_counts(connection),
        actors={int(i): int(n) for i, n in connection.execute(
            sa.select(actors.c.id, actors.c.statement_count).where(actors.c.statement_count != 0))},
        queue={(int(s), i): round(float(p), 9) for s, i, p in connection.execute(
            sa.select(review_queue.c.statement_id, review_queue.c.issue_id, review_queue.c.priority))},
    )


def recount(connection: Connection) -> Summary:
    """The summaries counted again from the tables, with SQL independent of :func:`apply` (slow: whole tables)."""
    person = read.PERSON_PREFIX + "%"
    newer = documents.alias("newer")
    latest = ~sa.exists().where(newer.c.doc_id == documents.c.doc_id, newer.c.version > documents.c.version)
    rejected = sa.exists().where(reviews.c.statement_id == statements.c.id, reviews.c.action == "reject",
                                 reviews.c.undone_at.is_(None))
    live = sa.and_(latest, ~rejected)
    joined = statements.join(documents, documents.c.id == statements.c.document_id)
    c = codings.alias("c")
    p = codings.alias("p")
    superseded = sa.exists().where(
        p.c.statement_id == c.c.statement_id, p.c.issue_id == c.c.issue_id, p.c.origin.like(person),
        p.c.id != c.c.id, sa.or_(~c.c.origin.like(person), p.c.id > c.c.id),
    )
    stances: dict[str, dict[str, int]] = {}
    for issue_id, stance, n in connection.execute(
        sa.select(c.c.issue_id, c.c.stance, sa.func.count(sa.distinct(c.c.statement_id)))
        .select_from(c.join(joined, statements.c.id == c.c.statement_id))
        .where(~superseded, live, c.c.stance != read.NOT_RELEVANT)
        .group_by(c.c.issue_id, c.c.stance)
    ):
        stances.setdefault(issue_id, {})[stance] = int(n)
    by_actor = {int(a): int(n) for a, n in connection.execute(
        sa.select(statements.c.actor_id, sa.func.count()).select_from(joined)
        .where(live, statements.c.actor_id.is_not(None)).group_by(statements.c.actor_id))}
    count = lambda q: int(connection.scalar(q) or 0)  # noqa: E731
    result = {
        "documents": count(sa.select(sa.func.count(sa.distinct(documents.c.doc_id)))),
        "document_versions": count(sa.select(sa.func.count()).select_from(documents)),
        "statements": count(sa.select(sa.func.count()).select_from(joined).where(live)),
        "actors": count(sa.select(sa.func.count()).select_from(actors)),
        "person_codings": count(sa.select(sa.func.count()).select_from(codings).where(codings.c.origin.like(person))),
    }
    # the queue: live statements with no person's coding and no active review action
    reviewed = sa.or_(
        sa.exists().where(reviews.c.statement_id == statements.c.id, reviews.c.undone_at.is_(None)),
        sa.exists().where(codings.c.statement_id == statements.c.id, codings.c.origin.like(person)),
    )
    queue: dict[tuple[int, str], float] = {}
    waiting = sa.select(statements.c.id).select_from(joined).where(latest, ~reviewed)
    for sid, conf in connection.execute(
        sa.select(statements.c.id, sa.func.coalesce(sa.func.min(codings.c.confidence), statements.c.confidence))
        .select_from(statements.outerjoin(codings, codings.c.statement_id == statements.c.id))
        .where(statements.c.id.in_(waiting)).group_by(statements.c.id, statements.c.confidence)
    ):
        queue[(int(sid), ANY_ISSUE)] = round(float(conf), 9)
    for sid, issue_id, conf in connection.execute(
        sa.select(codings.c.statement_id, codings.c.issue_id, sa.func.min(codings.c.confidence))
        .where(codings.c.statement_id.in_(waiting)).group_by(codings.c.statement_id, codings.c.issue_id)
    ):
        queue[(int(sid), issue_id)] = round(float(conf), 9)
    return Summary(totals=result, stances=stances, actors=by_actor, queue=queue)


# ---------------------------------------------------------------- rebuilding


def rebuild(connection: Connection) -> None:
    """Recompute every summary from the tables (inside the caller's transaction).

    Run by migration ``0004`` on existing stores, and needed after writing rows
    around the library (e.g. a benchmark corpus inserted with raw SQL).
    """
    for table in (review_queue, stance_totals, corpus_totals):
        connection.execute(sa.delete(table))
    connection.execute(sa.update(actors).where(actors.c.statement_count != 0).values(statement_count=0))
    last = 0
    while True:
        ids = connection.execute(
            sa.select(statements.c.id).where(statements.c.id > last).order_by(statements.c.id).limit(5000)
        ).scalars().all()
        if not ids:
            break
        apply(connection, {}, snapshots(connection, ids))
        last = int(ids[-1])
    count = lambda q: int(connection.scalar(q) or 0)  # noqa: E731
    apply(connection, {}, {}, {
        "documents": count(sa.select(sa.func.count(sa.distinct(documents.c.doc_id)))),
        "document_versions": count(sa.select(sa.func.count()).select_from(documents)),
        "actors": count(sa.select(sa.func.count()).select_from(actors)),
    })

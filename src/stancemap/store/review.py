"""The paged queries of the web app, and the review actions (from :mod:`stancemap.store.review_log`).

Every page of the web app reads through here: statements filtered and sorted
(:func:`statement_page`), the review queue (:func:`review_queue`, an index walk
over the summary of :mod:`stancemap.store.summary`), actors, documents and the
overview's counts. "Not a statement" (:func:`stancemap.store.read.rejected`)
and a person's codings are honoured by every one of them.

The review actions, their log, the review status of statements and the card
that answers an action live in :mod:`stancemap.store.review_log`; they are
importable from here too (``review.set_stance``, ``review.undo``, ...), as
callers have always imported them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.models import StoredStatement
from stancemap.store import read, schema, summary
from stancemap.store.records import StoredFailure
from stancemap.store.review_log import ACTIONS as ACTIONS
from stancemap.store.review_log import Card as Card
from stancemap.store.review_log import Review as Review
from stancemap.store.review_log import accept as accept
from stancemap.store.review_log import get_review as get_review
from stancemap.store.review_log import history as history
from stancemap.store.review_log import not_relevant as not_relevant
from stancemap.store.review_log import person_coded as person_coded
from stancemap.store.review_log import reject as reject
from stancemap.store.review_log import reviews as reviews
from stancemap.store.review_log import set_speaker as set_speaker
from stancemap.store.review_log import set_stance as set_stance
from stancemap.store.review_log import statement_card as statement_card
from stancemap.store.review_log import status_of as status_of
from stancemap.store.review_log import undo as undo
from stancemap.store.schema import actors, aliases, codings, documents, failures, mentions, runs, statements

if TYPE_CHECKING:
    from stancemap.store.repository import Store

#: A condition on ``statements``: marked "not a statement" (and not undone); defined once in
#: :func:`stancemap.store.read.rejected` for every reader.
rejected = read.rejected

# ---------------------------------------------------------------- paged queries of the web app


@dataclass(frozen=True)
class StatementFilter:
    """What the statements table shows (every field optional)."""

    actor: str | None = None
    issue: str | None = None
    stance: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    origin: str | None = None  # "model" or "person"
    document_id: int | None = None
    q: str | None = None
    include_rejected: bool = False


SORTS: dict[str, Any] = {
    "date": lambda: sa.nulls_last(documents.c.date.asc()),
    "-date": lambda: sa.nulls_last(documents.c.date.desc()),
    "confidence": lambda: statements.c.confidence.asc(),
    "-confidence": lambda: statements.c.confidence.desc(),
    "actor": lambda: sa.nulls_last(actors.c.name.asc()),
    "-actor": lambda: sa.nulls_last(actors.c.name.desc()),
    "id": lambda: statements.c.id.asc(),
    "-id": lambda: statements.c.id.desc(),
}


def _effective_coding(issue: str | None, stance: str | None, origin: str | None) -> sa.ColumnElement[bool]:
    """Exists an effective coding (a person's latest replacing the model's) matching the filter."""
    c = codings.alias("fc")
    p = codings.alias("fp")
    person = read.PERSON_PREFIX + "%"
    superseded = sa.exists().where(
        p.c.statement_id == c.c.statement_id, p.c.issue_id == c.c.issue_id, p.c.origin.like(person),
        p.c.id != c.c.id, sa.or_(~c.c.origin.like(person), p.c.id > c.c.id),
    )
    conditions = [c.c.statement_id == statements.c.id, ~superseded, c.c.stance != read.NOT_RELEVANT]
    if issue:
        conditions.append(c.c.issue_id == issue)
    if stance:
        conditions.append(c.c.stance == stance)
    if origin == "person":
        conditions.append(c.c.origin.like(person))
    elif origin == "model":
        conditions.append(~c.c.origin.like(person))
    return sa.exists().where(*conditions)


def _filtered(query: sa.Select[Any], f: StatementFilter) -> sa.Select[Any]:
    if f.document_id is not None:
        query = query.where(statements.c.document_id == f.document_id)
    else:
        query = query.where(read.latest_version())
    if f.actor:  # through the statements' actor_id index
        query = query.where(statements.c.actor_id.in_(sa.select(actors.c.id).where(read.actor_ids_named(f.actor))))
    if f.issue or f.stance or f.origin:
        query = query.where(_effective_coding(f.issue, f.stance, f.origin))
    if f.since is not None:
        query = query.where(documents.c.date >= f.since)
    if f.until is not None:
        query = query.where(documents.c.date <= f.until)
    if f.min_confidence is not None:
        query = query.where(statements.c.confidence >= f.min_confidence)
    if f.max_confidence is not None:
        query = query.where(statements.c.confidence <= f.max_confidence)
    if f.q:
        query = query.where(statements.c.content_text.contains(f.q, autoescape=True))
    if not f.include_rejected:
        query = query.where(~rejected())
    return query


def _joined() -> sa.FromClause:
    return (
        statements.join(documents, statements.c.document_id == documents.c.id)
        .outerjoin(mentions, statements.c.speaker_mention_id == mentions.c.id)
        .outerjoin(actors, statements.c.actor_id == actors.c.id)
    )


def statement_page_query(f: StatementFilter, *, sort: str = "date", limit: int | None = 50,
                         offset: int = 0) -> sa.Select[Any]:
    """The query behind :func:`statement_page` (rows as :func:`stancemap.store.read.select_statements`)."""
    order = SORTS.get(sort, SORTS["date"])()
    base = read.select_statements(all_versions=True, document_id=None, include_rejected=True).order_by(None)
    query = _filtered(base, f).order_by(order, documents.c.id, statements.c.content_start, statements.c.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return query


#: Counts of matching rows stop here: a page says "more than 10,000" rather than count a million rows.
COUNT_CAP = 10_000


def capped_count(query: sa.Select[Any], cap: int = COUNT_CAP) -> sa.Select[Any]:
    """``SELECT count(*)`` over at most ``cap + 1`` rows of ``query``."""
    inner = (query.with_only_columns(sa.literal(1).label("one"), maintain_column_froms=True)
             .order_by(None).limit(cap + 1).subquery("capped"))
    return sa.select(sa.func.count()).select_from(inner)


def statement_page(store: Store, f: StatementFilter, *, sort: str = "date", limit: int | None = 50,
                   offset: int = 0) -> tuple[list[StoredStatement], int]:
    """One page of statements matching ``f`` and how many match in all (at most :data:`COUNT_CAP` + 1).

    ``sort`` is a key of :data:`SORTS`; ``limit=None`` returns every match (exports).
    """
    query = statement_page_query(f, sort=sort, limit=limit, offset=offset)
    count = capped_count(_filtered(sa.select(statements.c.id).select_from(_joined()), f))
    with store.read() as connection:
        rows = connection.execute(query).all()
        total = int(connection.scalar(count) or 0)
        found = read.fetch_codings(connection, [row.id for row in rows])
    return read.build_statements(rows, found), total


def review_queue_query(*, limit: int = 20, offset: int = 0, issue: str | None = None) -> sa.Select[Any]:
    """The query behind :func:`review_queue`: statements nobody reviewed yet, least certain first.

    An index walk over ``review_queue (issue_id, priority, statement_id)`` (see
    :mod:`stancemap.store.summary`), each row joined to its statement by primary key.
    """
    q = schema.review_queue
    columns = read.select_statements(all_versions=True, include_rejected=True).selected_columns
    return (
        sa.select(*columns, q.c.priority)
        .select_from(
            q.join(statements, statements.c.id == q.c.statement_id)
            .join(documents, statements.c.document_id == documents.c.id)
            .outerjoin(mentions, statements.c.speaker_mention_id == mentions.c.id)
            .outerjoin(actors, statements.c.actor_id == actors.c.id)
        )
        .where(q.c.issue_id == (issue or summary.ANY_ISSUE))
        .order_by(q.c.priority, q.c.statement_id)
        .limit(limit)
        .offset(offset)
    )


def review_queue_count_query(issue: str | None = None) -> sa.Select[Any]:
    """How many statements wait in the queue (of one issue), counted up to :data:`COUNT_CAP` + 1."""
    q = schema.review_queue
    return capped_count(sa.select(q.c.statement_id).where(q.c.issue_id == (issue or summary.ANY_ISSUE)))


def review_queue(
    store: Store, *, limit: int = 20, offset: int = 0, issue: str | None = None
) -> tuple[list[StoredStatement], int]:
    """Statements not reviewed yet, the least certain first, and how many there are (capped).

    Certainty is the confidence of the statement's least certain model coding
    (of the issue's coding with ``issue``; the extractor's confidence for
    uncoded statements). A statement leaves the queue when a person codes,
    accepts, rejects or re-attributes it, and comes back when that is undone.
    """
    with store.read() as connection:
        rows = connection.execute(review_queue_query(limit=limit, offset=offset, issue=issue)).all()
        total = int(connection.scalar(review_queue_count_query(issue)) or 0)
        found = read.fetch_codings(connection, [row.id for row in rows])
    return read.build_statements(rows, found), total


def actor_statements_query(actor_id: int, *, limit: int | None = None) -> sa.Select[Any]:
    """The query behind :func:`actor_statements` (latest first when limited)."""
    query = (
        read.select_statements(all_versions=True, include_rejected=True)
        .where(statements.c.actor_id == actor_id, read.latest_version(), ~rejected())
    )
    if limit is not None:
        query = query.order_by(None).order_by(sa.nulls_first(documents.c.date.desc()), statements.c.id.desc())
        query = query.limit(limit)
    return query


def actor_statements(store: Store, actor_id: int, *, limit: int | None = None) -> list[StoredStatement]:
    """The statements of one actor (latest document versions, "not a statement" left out), by date.

    With ``limit``, only the latest ``limit`` of them (still in date order).
    """
    with store.read() as connection:
        rows = list(connection.execute(actor_statements_query(actor_id, limit=limit)).all())
        if limit is not None:
            rows.reverse()
        found = read.fetch_codings(connection, [row.id for row in rows])
    return read.build_statements(rows, found)


def stance_counts(store: Store) -> dict[str, dict[str, int]]:
    """Statements per issue and stance over latest document versions, a person's latest coding winning.

    "Not a statement" and "not relevant" are left out. Read from the summary
    (:mod:`stancemap.store.summary`), kept exact by every write; the same
    numbers as ``Store.counts()["stances"]``.
    """
    with store.read() as connection:
        return summary.stance_counts(connection)


@dataclass(frozen=True)
class ActorRow:
    id: int
    name: str
    type: str
    affiliation: str | None
    reviewed: bool
    statements: int
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "affiliation": self.affiliation,
                "reviewed": self.reviewed, "statements": self.statements, "aliases": list(self.aliases)}


def actor_page(store: Store, *, q: str | None = None, limit: int | None = 100, offset: int = 0,
               sort: str = "statements") -> tuple[list[ActorRow], int]:
    """Actors with their statement counts (most active first, or by ``name``), and how many match.

    Counts are live statements (latest document versions, "not a statement"
    left out), kept in ``actors.statement_count``; most active first walks its
    index (ties: the newer actor first).
    """
    query = sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.affiliation, actors.c.reviewed,
                      actors.c.statement_count)
    if q:
        query = query.where(actors.c.name.contains(q, autoescape=True))
    if sort == "name":
        query = query.order_by(actors.c.name)
    else:
        query = query.order_by(actors.c.statement_count.desc(), actors.c.id.desc())
    if limit is not None:
        query = query.limit(limit).offset(offset)
    with store.read() as connection:
        rows = connection.execute(query).all()
        if q:
            total = int(connection.scalar(capped_count(
                sa.select(actors.c.id).where(actors.c.name.contains(q, autoescape=True)))) or 0)
        else:
            total = summary.totals(connection)["actors"]
    found = [ActorRow(r.id, r.name, r.type, r.affiliation, bool(r.reviewed), int(r.statement_count)) for r in rows]
    return found, total


def actor_by_id(store: Store, actor_id: int) -> ActorRow | None:
    """One actor with its aliases and statement count (latest versions, "not a statement" left out), or ``None``."""
    with store.read() as connection:
        row = connection.execute(sa.select(actors).where(actors.c.id == actor_id)).first()
        if row is None:
            return None
        names = connection.execute(
            sa.select(aliases.c.alias).where(aliases.c.actor_id == actor_id).order_by(aliases.c.id)
        ).scalars().all()
    return ActorRow(row.id, row.name, row.type, row.affiliation, bool(row.reviewed), int(row.statement_count),
                    tuple(names))


def actor_ids(store: Store, names: Sequence[str]) -> dict[str, int]:
    """Database ids of canonical actor names (for links)."""
    if not any(names):
        return {}
    with store.read() as connection:
        return _actor_ids(connection, names)


@functools.cache
def _actor_ids_query() -> sa.Select[Any]:
    return sa.select(actors.c.name, actors.c.id).where(actors.c.name.in_(sa.bindparam("names", expanding=True)))


def _actor_ids(connection: Connection, names: Sequence[str]) -> dict[str, int]:
    wanted = sorted({n for n in names if n})
    if not wanted:
        return {}
    return {name: int(i) for name, i in connection.execute(_actor_ids_query(), {"names": wanted})}


def document_page_query(*, limit: int = 50, offset: int = 0, q: str | None = None) -> sa.Select[Any]:
    """The query behind :func:`document_page`."""
    n = (
        sa.select(sa.func.count())
        .where(statements.c.document_id == documents.c.id)
        .correlate(documents)
        .scalar_subquery()
    )
    query = (
        sa.select(documents.c.id, documents.c.doc_id, documents.c.version, documents.c.date, documents.c.title,
                  documents.c.source, documents.c.url, documents.c.origin, n.label("n"))
        .where(read.latest_version())
    )
    if q:
        query = query.where(_document_match(q))
    return query.order_by(sa.nulls_last(documents.c.date.desc()), documents.c.doc_id).limit(limit).offset(offset)


def _document_match(q: str) -> sa.ColumnElement[bool]:
    return sa.or_(documents.c.title.contains(q, autoescape=True), documents.c.doc_id.contains(q, autoescape=True))


def document_page(
    store: Store, *, limit: int = 50, offset: int = 0, q: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Latest document versions (newest first) with their statement counts, and how many there are.

    The total is exact without ``q`` (from the summary), capped with it.
    """
    query = document_page_query(limit=limit, offset=offset, q=q)
    with store.read() as connection:
        rows = connection.execute(query).all()
        if q:  # a text search: counted up to the cap
            count = sa.select(documents.c.id).where(read.latest_version(), _document_match(q))
            total = int(connection.scalar(capped_count(count)) or 0)
        else:  # every latest version: the summary knows how many
            total = summary.totals(connection)["documents"]
    return [
        {"id": r.id, "doc_id": r.doc_id, "version": r.version, "date": r.date.isoformat() if r.date else None,
         "title": r.title, "source": r.source, "url": r.url, "origin": r.origin, "statements": int(r.n)}
        for r in rows
    ], total


def document_row(store: Store, document_id: int) -> dict[str, Any] | None:
    """A stored document's metadata and text, or ``None``."""
    with store.read() as connection:
        r = connection.execute(sa.select(documents).where(documents.c.id == document_id)).first()
        if r is None:
            return None
        latest = connection.scalar(sa.select(sa.func.max(documents.c.version)).where(documents.c.doc_id == r.doc_id))
    return {"id": r.id, "doc_id": r.doc_id, "version": r.version, "latest_version": latest,
            "date": r.date.isoformat() if r.date else None, "title": r.title, "source": r.source, "url": r.url,
            "origin": r.origin, "body_start": r.body_start, **read.speaker_fields(r), **read.header_fields(r),
            "text": r.text}


def statements_by_ids_query(ids: Sequence[int]) -> sa.Select[Any]:
    """The query behind :func:`statements_by_ids`."""
    wanted = sorted({int(i) for i in ids})
    return read.select_statements(all_versions=True, include_rejected=True).where(statements.c.id.in_(wanted))


def statements_by_ids(store: Store, ids: Sequence[int]) -> list[StoredStatement]:
    """The stored statements with these ids (in date order; unknown ids are left out)."""
    if not ids:
        return []
    with store.read() as connection:
        rows = connection.execute(statements_by_ids_query(ids)).all()
        found = read.fetch_codings(connection, [row.id for row in rows])
    return read.build_statements(rows, found)


def table_counts(store: Store) -> dict[str, int]:
    """Corpus counts for the overview, from the summaries and two small tables.

    ``documents`` (latest versions), ``statements`` (live: latest versions, "not
    a statement" left out), ``actors``, ``codings`` (effective codings of live
    statements: a statement's stance on an issue), ``failures`` and ``runs``.
    """
    with store.read() as connection:
        found = summary.totals(connection)
        codings_n = sum(n for by in summary.stance_counts(connection).values() for n in by.values())
        return {"documents": found["documents"], "statements": found["statements"], "actors": found["actors"],
                "codings": codings_n,
                "failures": int(connection.scalar(sa.select(sa.func.count()).select_from(failures)) or 0),
                "runs": int(connection.scalar(sa.select(sa.func.count()).select_from(runs)) or 0)}


def latest_failures(store: Store, *, limit: int = 100) -> list[Any]:
    """The latest ``limit`` recorded failures, oldest of them first (a primary-key walk)."""
    with store.read() as connection:
        rows = connection.execute(sa.select(failures).order_by(failures.c.id.desc()).limit(limit)).all()
    return [StoredFailure(id=r.id, run_id=r.run_id, origin=r.origin, reason=r.reason, code=r.code,
                          created_at=r.created_at) for r in reversed(rows)]


def latest_runs(store: Store, *, limit: int = 5) -> list[Any]:
    """The latest ``limit`` runs, newest first."""
    with store.read() as connection:
        wanted = set(connection.execute(sa.select(runs.c.id).order_by(runs.c.id.desc()).limit(limit)).scalars())
    return [r for r in reversed(store.runs(ids=sorted(wanted)))] if wanted else []


def dismissals(store: Store, statement_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """Issues a person marked "not relevant" for each statement: ``{id: [(issue, person origin)]}``."""
    if not statement_ids:
        return {}
    with store.read() as connection:
        return read.dismissals(connection, list(statement_ids))

"""A person's review of the machine's work, and the paged queries of the web app.

Review actions (each one row of the ``reviews`` log, so that it can be undone):

``accept``
    the statement and its stances are right: every effective model coding is
    copied as the person's coding (:meth:`Store.add_person_coding`);
``stance``
    the person sets the statement's stance on one issue;
``reject``
    "not a statement": the words are not an attribution at all;
``speaker``
    the statement is attributed to another (existing or new) actor;
``not-relevant``
    the statement says nothing on one issue: stored as the person's coding
    with stance ``unrelated`` (:data:`stancemap.store.read.NOT_RELEVANT`) and
    relevance 0, which replaces the model's coding like any person's coding
    (so a rerun cannot bring the model's back), counts as no stance, and is
    learnt by ``stancemap stance learn`` as an ``unrelated`` correction.

Every action keeps the summaries of :mod:`stancemap.store.summary` (counts,
review queue) right in its own transaction.

A person's codings and the log survive reruns: a rerun skips documents whose
text is unchanged, and never deletes a stored row.

:func:`undo` reverts a person's latest action that is not undone yet.

The ``reviews`` table is created by migration ``0002`` (see
``store/migrations/versions/0002_review.py``) and defined in
:mod:`stancemap.store.schema`. All SQL is parametrised SQLAlchemy Core.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.errors import StoreError
from stancemap.models import ACTOR_TYPES, STANCES, Issue, StoredStatement
from stancemap.store import issue_rows, limits, read, schema, summary, write
from stancemap.store.records import StoredFailure
from stancemap.store.schema import (
    actors,
    aliases,
    codings,
    documents,
    failures,
    issues,
    mentions,
    runs,
    statements,
    utcnow,
)

if TYPE_CHECKING:
    from stancemap.store.repository import Store

#: The review log (defined in :mod:`stancemap.store.schema`, created by migration ``0002``).
reviews = schema.reviews

ACTIONS: tuple[str, ...] = ("accept", "stance", "reject", "speaker", "not-relevant")


@dataclass(frozen=True)
class Review:
    """One logged review action."""

    id: int
    statement_id: int
    action: str
    issue: str | None
    stance: str | None
    actor_id: int | None
    person: str
    created_at: dt.datetime
    undone: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement_id,
            "action": self.action,
            "issue": self.issue,
            "stance": self.stance,
            "actor_id": self.actor_id,
            "person": self.person,
            "created_at": self.created_at.isoformat(),
            "undone": self.undone,
        }


def _origin(person: str) -> str:
    person = limits.clean(person.strip())
    if not person:
        raise StoreError("A review needs a person's name; pass person='your name'.")
    origin = person if person.startswith(read.PERSON_PREFIX) else read.PERSON_PREFIX + person
    return limits.checked_name(origin, "the reviewer's name", limits.ORIGIN_LIMIT, "Use a shorter name.",
                               "review")


def _statement_exists(connection: Connection, statement_id: int, url: str) -> None:
    if connection.scalar(sa.select(statements.c.id).where(statements.c.id == statement_id)) is None:
        raise StoreError(f"There is no statement {statement_id} in {url}; check the statement id.")


def _person_stance(connection: Connection, statement_id: int, issue_id: str, origin: str) -> str | None:
    return connection.scalar(
        sa.select(codings.c.stance).where(
            codings.c.statement_id == statement_id, codings.c.issue_id == issue_id, codings.c.origin == origin
        )
    )


@functools.cache
def _coding_target_query() -> sa.Select[Any]:
    """The query of :func:`_coding_target`, built once (a review decision is timed in milliseconds)."""
    statement_id: sa.BindParameter[int] = sa.bindparam("statement_id")
    issue_id: sa.BindParameter[str] = sa.bindparam("issue_id")
    return sa.select(
        sa.select(statements.c.id).where(statements.c.id == statement_id).scalar_subquery().label("statement"),
        sa.exists().where(issues.c.id == issue_id).label("issue"),
        sa.select(issues.c.codebook_hash).where(issues.c.id == issue_id).scalar_subquery().label("hash"),
        sa.select(codings.c.stance).where(codings.c.statement_id == statement_id, codings.c.issue_id == issue_id,
                                          codings.c.origin == sa.bindparam("origin"))
        .limit(1).scalar_subquery().label("stance"),
    )


def _coding_target(connection: Connection, statement_id: int, issue_id: str, origin: str,
                   url: str) -> tuple[str | None, str | None]:
    """``(the issue's codebook hash, the person's stance on it)`` in one query (a decision's checks and undo point).

    Raises a :class:`StoreError` naming the fix when the statement or the issue is unknown.
    """
    row = connection.execute(_coding_target_query(),
                             {"statement_id": statement_id, "issue_id": issue_id, "origin": origin}).one()
    if row.statement is None:
        raise StoreError(f"There is no statement {statement_id} in {url}; check the statement id.")
    if not row.issue:
        raise StoreError(f"There is no issue {issue_id!r} in {url}; load the codebook that defines it first.")
    return row.hash, row.stance


def _log(connection: Connection, statement_id: int, action: str, origin: str, previous: dict[str, Any],
         *, issue: str | None = None, stance: str | None = None, actor_id: int | None = None) -> int:
    return int(
        connection.execute(
            sa.insert(reviews)
            .values(statement_id=statement_id, action=action, issue_id=issue, stance=stance, actor_id=actor_id,
                    previous=json.dumps(previous, sort_keys=True), person=origin, created_at=utcnow())
            .returning(reviews.c.id)
        ).scalar_one()
    )


def _issue_hash(connection: Connection, issue_id: str, url: str) -> str | None:
    """The codebook hash of ``issue_id``; a :class:`StoreError` naming the fix when the issue is unknown."""
    found = connection.execute(sa.select(issues.c.codebook_hash).where(issues.c.id == issue_id)).first()
    if found is None:
        raise StoreError(f"There is no issue {issue_id!r} in {url}; load the codebook that defines it first.")
    return found.codebook_hash


def set_stance(store: Store, statement_id: int, issue_id: str, stance: str, person: str) -> int:
    """Record ``person``'s stance on an issue for a statement; returns the review id.

    The coding, its log entry and the summaries are written in one transaction.

    Raises
    ------
    StoreError
        When the stance is not support, oppose or neutral, or the statement or issue is unknown.
    """
    origin = _origin(person)
    if stance not in STANCES:
        raise StoreError(f"Stance {stance!r} is not one of {', '.join(STANCES)}; pick one of them.")
    with store.write(f"save {origin}'s stance on statement {statement_id}") as connection:
        hash_, current = _coding_target(connection, statement_id, issue_id, origin, store.url)
        with summary.tracking(connection, [statement_id]):
            before = {issue_id: current}
            write.replace_person_coding(connection, statement_id, issue_id, stance, origin, hash_)
            return _log(connection, statement_id, "stance", origin, {"codings": before}, issue=issue_id, stance=stance)


def not_relevant(store: Store, statement_id: int, issue_id: str, person: str) -> int:
    """Record ``person``'s "this statement is not about ``issue_id``"; returns the review id.

    Stored as the person's coding with stance :data:`~stancemap.store.read.NOT_RELEVANT`
    (see the module notes), in one transaction with its log entry; undo restores
    what the person had coded before.

    Raises
    ------
    StoreError
        When the statement or issue is unknown.
    """
    origin = _origin(person)
    with store.write(f"mark statement {statement_id} not relevant to {issue_id!r}") as connection:
        hash_, current = _coding_target(connection, statement_id, issue_id, origin, store.url)
        with summary.tracking(connection, [statement_id]):
            before = {issue_id: current}
            write.replace_person_coding(connection, statement_id, issue_id, read.NOT_RELEVANT, origin, hash_)
            return _log(connection, statement_id, "not-relevant", origin, {"codings": before}, issue=issue_id,
                        stance=read.NOT_RELEVANT)


def accept(store: Store, statement_id: int, person: str) -> int:
    """Confirm a statement and its effective stances as ``person``'s codings; returns the review id.

    Every issue's coding, the log entry and the summaries are written in one transaction.
    """
    origin = _origin(person)
    with store.write(f"accept statement {statement_id}") as connection:
        _statement_exists(connection, statement_id, store.url)
        found = read.fetch_codings(connection, [statement_id]).get(statement_id, ())
        current = {c.issue: c.stance for c in found}
        with summary.tracking(connection, [statement_id]):
            before = {issue: _person_stance(connection, statement_id, issue, origin) for issue in sorted(current)}
            for issue_id, stance in sorted(current.items()):
                hash_ = _issue_hash(connection, issue_id, store.url)
                write.replace_person_coding(connection, statement_id, issue_id, stance, origin, hash_)
            return _log(connection, statement_id, "accept", origin, {"codings": before})


def reject(store: Store, statement_id: int, person: str) -> int:
    """Mark a statement as "not a statement"; returns the review id."""
    origin = _origin(person)
    with store.write(f"mark statement {statement_id} as not a statement") as connection:
        _statement_exists(connection, statement_id, store.url)
        with summary.tracking(connection, [statement_id]):
            return _log(connection, statement_id, "reject", origin, {})


def set_speaker(store: Store, statement_id: int, actor: str, person: str, *, actor_type: str | None = None) -> int:
    """Attribute a statement to the actor named ``actor`` (canonical name or alias).

    With ``actor_type``, a missing actor is created (marked reviewed);
    without it, an unknown name is an error. Returns the review id.
    """
    origin = _origin(person)
    name = limits.checked_name(" ".join(actor.split()), "the actor name", limits.NAME_LIMIT,
                               "Use a shorter name.", f"statement {statement_id}")
    if not name:
        raise StoreError("Name the actor who said it (an existing actor's name or alias, or a new name).")
    if actor_type is not None and actor_type not in ACTOR_TYPES:
        raise StoreError(f"Actor type {actor_type!r} is not one of {', '.join(ACTOR_TYPES)}; pick one of them.")
    with store.write(f"change the speaker of statement {statement_id}") as connection, \
            summary.tracking(connection, [statement_id]):
        _statement_exists(connection, statement_id, store.url)
        actor_id = connection.scalar(sa.select(actors.c.id).where(read.actor_ids_named(name)).order_by(actors.c.id))
        created = False
        if actor_id is None:
            if actor_type is None:
                raise StoreError(
                    f"There is no actor named {name!r}; pick an existing actor, or give a type "
                    f"({', '.join(ACTOR_TYPES)}) to create it."
                )
            actor_id = connection.execute(
                sa.insert(actors)
                .values(name=name, type=actor_type, affiliation=None, reviewed=True, created_at=utcnow())
                .returning(actors.c.id)
            ).scalar_one()
            summary.add_total(connection, "actors", 1)
            created = True
        previous = connection.scalar(sa.select(statements.c.actor_id).where(statements.c.id == statement_id))
        connection.execute(sa.update(statements).where(statements.c.id == statement_id).values(actor_id=actor_id))
        return _log(connection, statement_id, "speaker", origin, {"actor_id": previous, "created": created},
                    actor_id=int(actor_id))


def undo(store: Store, person: str) -> Review | None:
    """Revert ``person``'s latest action not undone yet; returns it, or ``None`` when there is none."""
    origin = _origin(person)
    with store.write(f"undo {origin}'s last review") as connection:
        row = connection.execute(
            sa.select(reviews)
            .where(reviews.c.person == origin, reviews.c.undone_at.is_(None))
            .order_by(reviews.c.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        with summary.tracking(connection, [row.statement_id]):
            _revert(connection, row, origin)
            connection.execute(sa.update(reviews).where(reviews.c.id == row.id).values(undone_at=utcnow()))
    return _review(row, undone=True)


def _revert(connection: Connection, row: Any, origin: str) -> None:
    """Put back what review ``row`` replaced (the person's earlier codings, the earlier speaker)."""
    previous = json.loads(row.previous or "{}")
    for issue_id, stance in (previous.get("codings") or {}).items():
        connection.execute(
            sa.delete(codings).where(
                codings.c.statement_id == row.statement_id, codings.c.issue_id == issue_id,
                codings.c.origin == origin,
            )
        )
        if stance is not None:
            connection.execute(
                sa.insert(codings).values(
                    statement_id=row.statement_id, issue_id=issue_id, stance=stance, confidence=1.0,
                    relevance=0.0 if stance == read.NOT_RELEVANT else 1.0, origin=origin, run_id=None,
                    created_at=utcnow(),
                    codebook_hash=sa.select(issues.c.codebook_hash).where(issues.c.id == issue_id)
                    .scalar_subquery(),
                )
            )
    if row.action == "speaker":
        before = previous.get("actor_id")
        if before is not None and connection.scalar(sa.select(actors.c.id).where(actors.c.id == before)) is None:
            raise StoreError(
                f"Cannot undo the speaker change of statement {row.statement_id}: the earlier actor was merged "
                "or removed since; set the speaker instead."
            )
        connection.execute(
            sa.update(statements).where(statements.c.id == row.statement_id)
            .values(actor_id=previous.get("actor_id"))
        )


def _review(row: Any, undone: bool | None = None) -> Review:
    return Review(
        id=int(row.id), statement_id=int(row.statement_id), action=row.action, issue=row.issue_id,
        stance=row.stance, actor_id=row.actor_id, person=row.person, created_at=row.created_at,
        undone=bool(row.undone_at is not None) if undone is None else undone,
    )


def history(store: Store, *, statement_id: int | None = None, limit: int = 50) -> list[Review]:
    """The latest review actions (newest first), of one statement or all."""
    query = sa.select(reviews).order_by(reviews.c.id.desc()).limit(limit)
    if statement_id is not None:
        query = query.where(reviews.c.statement_id == statement_id)
    with store.read() as connection:
        return [_review(row) for row in connection.execute(query)]


#: A condition on ``statements``: marked "not a statement" (and not undone); defined once in
#: :func:`stancemap.store.read.rejected` for every reader.
rejected = read.rejected


def person_coded() -> sa.ColumnElement[bool]:
    """A condition on ``statements``: a person coded or accepted it."""
    reviewed = sa.exists().where(
        reviews.c.statement_id == statements.c.id, reviews.c.undone_at.is_(None)
    )
    coded = sa.exists().where(
        codings.c.statement_id == statements.c.id, codings.c.origin.like(read.PERSON_PREFIX + "%")
    )
    return sa.or_(reviewed, coded)


def status_of(store: Store, statement_ids: Sequence[int]) -> dict[int, str]:
    """``{statement id: "rejected" | "reviewed"}`` for the reviewed statements among ``statement_ids``."""
    if not statement_ids:
        return {}
    with store.read() as connection:
        return _status_of(connection, statement_ids)


@functools.cache
def _status_queries() -> tuple[sa.Select[Any], sa.Select[Any]]:
    chunk: sa.BindParameter[list[int]] = sa.bindparam("chunk", expanding=True)
    return (
        sa.select(reviews.c.statement_id, reviews.c.action)
        .where(reviews.c.statement_id.in_(chunk), reviews.c.undone_at.is_(None)).order_by(reviews.c.id),
        sa.select(codings.c.statement_id)
        .where(codings.c.statement_id.in_(chunk), codings.c.origin.like(read.PERSON_PREFIX + "%")),
    )


def _status_of(connection: Connection, statement_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    by_review, person_coded = _status_queries()
    for start in range(0, len(statement_ids), 1000):
        chunk = {"chunk": list(statement_ids[start : start + 1000])}
        for sid, action in connection.execute(by_review, chunk):
            out[int(sid)] = "rejected" if action == "reject" or out.get(int(sid)) == "rejected" else "reviewed"
        for (sid,) in connection.execute(person_coded, chunk):
            out.setdefault(int(sid), "reviewed")
    return out


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


@dataclass(frozen=True)
class Card:
    """What a review card shows about one statement, read in one transaction (:func:`statement_card`)."""

    statement: StoredStatement
    #: database ids of the statement's actor name (for its link)
    actor_ids: dict[str, int]
    #: the statement's review status, as :func:`status_of` gives it
    status: dict[int, str]
    #: issues a person marked "not relevant", with the person's origin
    dismissed: list[tuple[str, str]]
    #: the text of the statement's document
    text: str
    #: the review action asked for, if any
    review: Review | None
    #: the stored issues, by id
    issues: list[Issue]


@functools.cache
def _card_queries() -> dict[str, sa.Select[Any]]:
    """The queries of :func:`statement_card` but the shared readers', built once."""
    statement_id: sa.BindParameter[int] = sa.bindparam("statement_id")
    return {
        "statement": read.select_statements(all_versions=True, include_rejected=True)
        .where(statements.c.id == statement_id),
        "codings": sa.select(codings).where(codings.c.statement_id == statement_id).order_by(codings.c.id),
        "text": sa.select(documents.c.text).where(documents.c.id == sa.bindparam("document_id")),
        "review": sa.select(reviews).where(reviews.c.id == sa.bindparam("review_id")),
    }


def statement_card(store: Store, statement_id: int, *, review_id: int | None = None) -> Card | None:
    """Everything a review card needs about ``statement_id`` (``None``: no such statement), in one read.

    A review decision answers with its statement's card; reading it in one
    transaction instead of one per part, with queries built once, keeps the
    decision fast while other requests compete for the server (each read gives
    up the interpreter lock). ``review_id`` names a logged action to read along
    (the decision's own).
    """
    q = _card_queries()
    at = {"statement_id": statement_id}
    with store.read() as connection:
        rows = connection.execute(q["statement"], at).all()
        if not rows:
            return None
        coded = connection.execute(q["codings"], at).all()
        stored = read.build_statements(rows, {statement_id: read.effective_codings(coded)} if coded else {})[0]
        actor = stored.statement.actor
        review_row = None if review_id is None else connection.execute(q["review"], {"review_id": review_id}).first()
        return Card(
            statement=stored,
            actor_ids=_actor_ids(connection, [actor] if actor else []),
            status=_status_of(connection, [statement_id]),
            dismissed=read.dismissals(connection, [statement_id]).get(statement_id, []),
            text=str(connection.scalar(q["text"], {"document_id": stored.document.id})),
            review=None if review_row is None else _review(review_row),
            issues=issue_rows.read_issues(connection),
        )


def get_review(store: Store, review_id: int) -> Review | None:
    """One logged review action by id, or ``None``."""
    with store.read() as connection:
        row = connection.execute(sa.select(reviews).where(reviews.c.id == review_id)).first()
    return None if row is None else _review(row)


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

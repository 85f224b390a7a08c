"""The review actions and their log: accept, set a stance, not relevant, "not a statement", fix the speaker, undo.

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

Each action is one write transaction: the change, its row of the log and the
summaries of :mod:`stancemap.store.summary` (counts, review queue) commit
together or not at all. A person's codings and the log survive reruns: a rerun
skips documents whose text is unchanged, and never deletes a stored row.
:func:`undo` reverts a person's latest action that is not undone yet.

:func:`statement_card` reads what the answer to an action shows (the
statement, its status, the logged action) in one read transaction after the
action committed; :func:`status_of` gives the review status of many statements.

The ``reviews`` table is created by migration ``0002`` (see
``store/migrations/versions/0002_review.py``) and defined in
:mod:`stancemap.store.schema`. All SQL is parametrised SQLAlchemy Core;
the queries of a decision are built once (a decision is timed in milliseconds,
and answers under 100 ms p95 with 20 clients reading: ``benchmarks/bench_web.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.errors import StoreError
from stancemap.models import ACTOR_TYPES, STANCES, Issue, StoredStatement
from stancemap.store import issue_rows, limits, read, schema, summary, write
from stancemap.store.schema import actors, codings, documents, issues, statements, utcnow

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
        raise StoreError.of("E307.no-person")
    origin = person if person.startswith(read.PERSON_PREFIX) else read.PERSON_PREFIX + person
    return limits.checked_name(origin, "the reviewer's name", limits.ORIGIN_LIMIT, "Use a shorter name.",
                               "review")


def _statement_exists(connection: Connection, statement_id: int, url: str) -> None:
    if connection.scalar(sa.select(statements.c.id).where(statements.c.id == statement_id)) is None:
        raise StoreError.of("E307.no-statement", statement_id=statement_id, where=url)


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
        raise StoreError.of("E307.no-statement", statement_id=statement_id, where=url)
    if not row.issue:
        raise StoreError.of("E303.no-issue", issue_id=issue_id, where=url)
    return row.hash, row.stance


@functools.cache
def _log_insert() -> sa.Insert:
    """The log row's ``INSERT ... RETURNING id``, built once (its values come as parameters)."""
    return sa.insert(reviews).returning(reviews.c.id)


def _log(connection: Connection, statement_id: int, action: str, origin: str, previous: dict[str, Any],
         *, issue: str | None = None, stance: str | None = None, actor_id: int | None = None) -> int:
    """Write the action's row of the review log (in the action's own transaction); its id."""
    values = {"statement_id": statement_id, "action": action, "issue_id": issue, "stance": stance,
              "actor_id": actor_id, "previous": json.dumps(previous, sort_keys=True), "person": origin,
              "created_at": utcnow()}
    return int(connection.execute(_log_insert(), values).scalar_one())


def _issue_hash(connection: Connection, issue_id: str, url: str) -> str | None:
    """The codebook hash of ``issue_id``; a :class:`StoreError` naming the fix when the issue is unknown."""
    found = connection.execute(sa.select(issues.c.codebook_hash).where(issues.c.id == issue_id)).first()
    if found is None:
        raise StoreError.of("E303.no-issue", issue_id=issue_id, where=url)
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
        raise StoreError.of("E307.stance", stance=stance, stances=", ".join(STANCES))
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
        raise StoreError.of("E307.no-speaker")
    if actor_type is not None and actor_type not in ACTOR_TYPES:
        raise StoreError.of("E307.actor-type", actor_type=actor_type, types=", ".join(ACTOR_TYPES))
    with store.write(f"change the speaker of statement {statement_id}") as connection, \
            summary.tracking(connection, [statement_id]):
        _statement_exists(connection, statement_id, store.url)
        actor_id = connection.scalar(sa.select(actors.c.id).where(read.actor_ids_named(name)).order_by(actors.c.id))
        created = False
        if actor_id is None:
            if actor_type is None:
                raise StoreError.of("E307.no-actor", name=name, types=", ".join(ACTOR_TYPES))
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
    return review_of(row, undone=True)


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
            raise StoreError.of("E307.undo-speaker", statement_id=row.statement_id)
        connection.execute(
            sa.update(statements).where(statements.c.id == row.statement_id)
            .values(actor_id=previous.get("actor_id"))
        )


def review_of(row: Any, undone: bool | None = None) -> Review:
    """The :class:`Review` of a ``reviews`` row (``undone`` overrides the row's own state)."""
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
        return [review_of(row) for row in connection.execute(query)]


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


def status_from(actions: Iterable[str], person_coded: bool) -> str | None:
    """A statement's review status from its active (not undone) review actions and whether a person coded it.

    >>> status_from(["stance", "reject"], True), status_from([], True), status_from([], False)
    ('rejected', 'reviewed', None)
    """
    actions = list(actions)
    if "reject" in actions:
        return "rejected"
    return "reviewed" if actions or person_coded else None


def _status_of(connection: Connection, statement_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    by_review, person_coded = _status_queries()
    for start in range(0, len(statement_ids), 1000):
        chunk = {"chunk": list(statement_ids[start : start + 1000])}
        acted: dict[int, list[str]] = {}
        for sid, action in connection.execute(by_review, chunk):
            acted.setdefault(int(sid), []).append(action)
        coded = {int(sid) for (sid,) in connection.execute(person_coded, chunk)}
        for sid in acted.keys() | coded:
            found = status_from(acted.get(sid, ()), sid in coded)
            if found is not None:
                out[sid] = found
    return out


def get_review(store: Store, review_id: int) -> Review | None:
    """One logged review action by id, or ``None``."""
    with store.read() as connection:
        row = connection.execute(sa.select(reviews).where(reviews.c.id == review_id)).first()
    return None if row is None else review_of(row)


# ---------------------------------------------------------------- the answer to an action


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
    #: the stored issues, by id (empty when not asked for)
    issues: list[Issue]


@functools.cache
def _card_queries() -> dict[str, sa.Select[Any]]:
    """The three queries of :func:`statement_card`, built once."""
    statement_id: sa.BindParameter[int] = sa.bindparam("statement_id")
    return {
        "statement": read.select_statements(all_versions=True, include_rejected=True)
        .add_columns(documents.c.text.label("document_text")).where(statements.c.id == statement_id),
        "codings": sa.select(codings).where(codings.c.statement_id == statement_id).order_by(codings.c.id),
        # the statement's active actions (its status) and the action asked for, undone or not
        "reviews": sa.select(reviews).where(sa.or_(
            reviews.c.id == sa.bindparam("review_id"),
            sa.and_(reviews.c.statement_id == statement_id, reviews.c.undone_at.is_(None)),
        )).order_by(reviews.c.id),
    }


def dismissed_by(coding_rows: Iterable[Any]) -> list[tuple[str, str]]:
    """``[(issue, person origin)]`` whose latest person's coding says "not relevant" (rows in id order).

    What :func:`stancemap.store.read.dismissals` gives for one statement, from its codings rows.
    """
    latest = {row.issue_id: row for row in coding_rows if read.is_person(row.origin)}
    return [(issue, row.origin) for issue, row in sorted(latest.items()) if row.stance == read.NOT_RELEVANT]


def statement_card(store: Store, statement_id: int, *, review_id: int | None = None,
                   with_issues: bool = True) -> Card | None:
    """Everything a review card needs about ``statement_id`` (``None``: no such statement), in one read.

    A review decision answers with its statement's card. Three queries in one
    read transaction (the statement with its document's text; its codings, from
    which its effective codings, "not relevant" marks and person-coded status
    follow; its active review actions with the one asked for), plus the issues
    when ``with_issues``: each query gives up the interpreter lock to the
    requests reading pages meanwhile, so fewer of them answer the decision
    sooner. ``review_id`` names a logged action to read along (the decision's own).
    """
    q = _card_queries()
    at = {"statement_id": statement_id, "review_id": review_id}
    with store.read() as connection:
        row = connection.execute(q["statement"], at).first()
        if row is None:
            return None
        coded = connection.execute(q["codings"], at).all()
        logged = connection.execute(q["reviews"], at).all()
        listed = issue_rows.read_issues(connection) if with_issues else []
    stored = read.build_statements([row], {statement_id: read.effective_codings(coded)} if coded else {})[0]
    active = [r.action for r in logged if r.statement_id == statement_id and r.undone_at is None]
    status = status_from(active, any(read.is_person(c.origin) for c in coded))
    asked = next((r for r in logged if r.id == review_id), None) if review_id is not None else None
    actor = stored.statement.actor
    return Card(
        statement=stored,
        actor_ids={actor: int(row.actor_id)} if actor and row.actor_id is not None else {},
        status={statement_id: status} if status is not None else {},
        dismissed=dismissed_by(coded),
        text=str(row.document_text),
        review=None if asked is None else review_of(asked),
        issues=listed,
    )

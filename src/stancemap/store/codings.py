"""Queries over codings for learning from people: what to review, what people coded.

Functions take a :class:`stancemap.store.Store` and run parametrised
SQLAlchemy Core. Only the latest version of each document counts.

:func:`review_queue`
    model codings of statements nobody reviewed yet, least confident first
    (read from the indexed review queue of :mod:`stancemap.store.summary`);
:func:`person_examples`
    every statement and issue a person coded (their latest coding), with the
    text needed to learn from it; a "not relevant" comes with the stance
    ``unrelated``;
:func:`dismiss_model_coding`
    a person's "not relevant to this issue": stored as that person's coding
    with stance ``unrelated`` (:func:`stancemap.store.review.not_relevant`),
    so the model's coding no longer counts, a rerun cannot bring it back,
    undo restores it, and ``stancemap stance learn`` learns it as an unrelated correction;
:func:`uncovered_statements`
    statements with no coding on any issue (for suggesting new issues);
:func:`evidence_tallies`
    the model codings of each issue grouped by the evidence their relevance rests on, with their sides and what
    reviewers said of them (for seeing which keywords and codebook phrases code what).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from stancemap.analysis.evidence import EvidenceTally, tally_evidence
from stancemap.store import review, summary
from stancemap.store.read import NOT_RELEVANT, PERSON_PREFIX, latest_version, rejected
from stancemap.store.schema import actors, codings, documents, issues, statements
from stancemap.store.schema import review_queue as queue_table

if TYPE_CHECKING:
    from stancemap.store.repository import Store

__all__ = ["CodingToReview", "PersonExample", "review_queue", "person_examples", "dismiss_model_coding",
           "uncovered_statements", "evidence_tallies"]


@dataclass(frozen=True)
class CodingToReview:
    """A model's coding of one statement on one issue, with what a person needs to judge it."""

    coding_id: int
    statement_id: int
    issue_id: str
    claim: str
    stance: str
    confidence: float
    origin: str
    content: str
    cue: str | None
    speaker: str | None
    doc_id: str
    document_id: int
    content_start: int
    content_end: int


@dataclass(frozen=True)
class PersonExample:
    """A person's latest coding of a statement on an issue, with the statement's place in its text."""

    statement_id: int
    issue_id: str
    claim: str
    stance: str
    origin: str
    content: str
    cue: str | None
    document_id: int
    content_start: int
    content_end: int


def review_queue(store: Store, *, limit: int | None = 20, issue: str | None = None) -> list[CodingToReview]:
    """Model codings of statements nobody reviewed yet, least confident first.

    Statements come in the order of the review queue (their least certain
    model coding, or the issue's coding with ``issue``; an index walk), and
    each brings its model codings, least confident first.

    Parameters
    ----------
    store : Store
    limit : int or None
        At most this many (``None``: all).
    issue : str, optional
        Only codings on this issue.
    """
    c = codings.alias("c")
    q = queue_table
    out: list[CodingToReview] = []
    offset, batch = 0, 200
    with store.read() as connection:
        while limit is None or len(out) < limit:
            ids = connection.execute(
                sa.select(q.c.statement_id).where(q.c.issue_id == (issue or summary.ANY_ISSUE))
                .order_by(q.c.priority, q.c.statement_id).limit(batch).offset(offset)
            ).scalars().all()
            if not ids:
                break
            offset += batch
            query = (
                sa.select(
                    c.c.id, c.c.statement_id, c.c.issue_id, issues.c.claim, c.c.stance, c.c.confidence, c.c.origin,
                    statements.c.content_text, statements.c.cue_text, statements.c.speaker_name,
                    actors.c.name.label("actor_name"), documents.c.doc_id, statements.c.document_id,
                    statements.c.content_start, statements.c.content_end,
                )
                .select_from(
                    c.join(statements, statements.c.id == c.c.statement_id)
                    .join(documents, documents.c.id == statements.c.document_id)
                    .join(issues, issues.c.id == c.c.issue_id)
                    .outerjoin(actors, actors.c.id == statements.c.actor_id)
                )
                .where(c.c.statement_id.in_(ids), ~c.c.origin.like(PERSON_PREFIX + "%"))
                .order_by(c.c.confidence.asc(), c.c.id.asc())
            )
            if issue is not None:
                query = query.where(c.c.issue_id == issue)
            by_statement: dict[int, list[Any]] = {}
            for r in connection.execute(query):
                by_statement.setdefault(int(r.statement_id), []).append(r)
            for sid in ids:
                for r in by_statement.get(int(sid), []):
                    out.append(CodingToReview(
                        coding_id=r.id, statement_id=r.statement_id, issue_id=r.issue_id, claim=r.claim,
                        stance=r.stance, confidence=float(r.confidence), origin=r.origin, content=r.content_text,
                        cue=r.cue_text, speaker=r.actor_name or r.speaker_name, doc_id=r.doc_id,
                        document_id=r.document_id, content_start=r.content_start, content_end=r.content_end,
                    ))
    return out if limit is None else out[:limit]


def person_examples(store: Store) -> list[PersonExample]:
    """Each (statement, issue) a person coded, with the latest person coding's stance.

    Superseded document versions are left out (their statements were replaced
    by a rerun on the changed text).
    """
    c = codings.alias("c")
    newest = codings.alias("newer")
    later = sa.exists().where(
        newest.c.statement_id == c.c.statement_id,
        newest.c.issue_id == c.c.issue_id,
        newest.c.origin.like(PERSON_PREFIX + "%"),
        newest.c.id > c.c.id,
    )
    query = (
        sa.select(
            c.c.statement_id, c.c.issue_id, issues.c.claim, c.c.stance, c.c.origin, statements.c.content_text,
            statements.c.cue_text, statements.c.document_id, statements.c.content_start, statements.c.content_end,
        )
        .select_from(
            c.join(statements, statements.c.id == c.c.statement_id)
            .join(documents, documents.c.id == statements.c.document_id)
            .join(issues, issues.c.id == c.c.issue_id)
        )
        .where(c.c.origin.like(PERSON_PREFIX + "%"), ~later, latest_version())
        .order_by(c.c.statement_id, c.c.issue_id)
    )
    with store.read() as connection:
        rows = connection.execute(query).all()
    return [
        PersonExample(
            statement_id=r.statement_id, issue_id=r.issue_id, claim=r.claim, stance=r.stance, origin=r.origin,
            content=r.content_text, cue=r.cue_text, document_id=r.document_id, content_start=r.content_start,
            content_end=r.content_end,
        )
        for r in rows
    ]


def dismiss_model_coding(store: Store, statement_id: int, issue_id: str, person: str) -> int:
    """Record ``person``'s "not relevant": the statement says nothing on the issue; returns the review id.

    Nothing is deleted: the decision is the person's coding with stance
    ``unrelated`` (see :func:`stancemap.store.review.not_relevant`), which
    replaces the model's codings of that statement and issue.
    """
    return review.not_relevant(store, statement_id, issue_id, person)


def uncovered_statements(store: Store, *, limit: int | None = None) -> list[tuple[int, str, str | None]]:
    """``(statement id, content, speaker)`` of statements no coding covers, latest versions only
    ("not a statement" left out)."""
    query = (
        sa.select(statements.c.id, statements.c.content_text,
                  sa.func.coalesce(actors.c.name, statements.c.speaker_name).label("speaker"))
        .select_from(
            statements.join(documents, documents.c.id == statements.c.document_id)
            .outerjoin(actors, actors.c.id == statements.c.actor_id)
        )
        .where(~sa.exists().where(codings.c.statement_id == statements.c.id), latest_version(), ~rejected())
        .order_by(statements.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    with store.read() as connection:
        return [(int(r.id), r.content_text, r.speaker) for r in connection.execute(query)]


def evidence_tallies(store: Store, *, issue: str | None = None, examples: int = 2,
                     top: int | None = None) -> list[EvidenceTally]:
    """The model's codings (of ``issue``, or of all issues) of the latest documents' statements, "not a statement"
    left out, grouped by issue and evidence (:func:`stancemap.analysis.evidence.tally_evidence`), counted in SQL;
    with ``examples`` statements for each of the first ``top`` tallies of every issue (all without ``top``)."""
    person = codings.c.origin.like(f"{PERSON_PREFIX}%")
    kept = [latest_version(), ~rejected(), ~person] + ([codings.c.issue_id == issue] if issue is not None else [])
    source = codings.join(statements, statements.c.id == codings.c.statement_id).join(
        documents, documents.c.id == statements.c.document_id)
    n = sa.func.count().label("n")
    counts = (sa.select(codings.c.issue_id, codings.c.evidence, codings.c.stance, n).select_from(source)
              .where(*kept).group_by(codings.c.issue_id, codings.c.evidence, codings.c.stance))
    judge = codings.alias("judge")  # a person's coding of the same statement and issue
    relevant = (judge.c.stance != NOT_RELEVANT).label("relevant")
    verdicts = (sa.select(codings.c.issue_id, codings.c.evidence, relevant, n)
                .select_from(source.join(judge, sa.and_(judge.c.statement_id == codings.c.statement_id,
                                                        judge.c.issue_id == codings.c.issue_id,
                                                        judge.c.origin.like(f"{PERSON_PREFIX}%"))))
                .where(*kept).group_by(codings.c.issue_id, codings.c.evidence, relevant))
    with store.read() as connection:
        found = tally_evidence([tuple(r) for r in connection.execute(counts)],
                               [(r.issue_id, r.evidence, bool(r.relevant), r.n) for r in connection.execute(verdicts)])
        shown: Counter[str] = Counter()
        for tally in found:
            shown[tally.issue] += 1
            if examples <= 0 or (top is not None and shown[tally.issue] > top):
                continue
            key = tally.key
            same = codings.c.evidence.is_(None) if key is None else sa.func.lower(codings.c.evidence) == key
            query = (sa.select(statements.c.id, statements.c.content_text).select_from(source)
                     .where(*kept, codings.c.issue_id == tally.issue, same)
                     .order_by(statements.c.id).limit(examples))
            tally.examples = [(int(r.id), r.content_text) for r in connection.execute(query)]
    return found

"""Writing one document and everything found in it, inside the caller's transaction.

Every function takes a :class:`sqlalchemy.engine.Connection` already inside a
write transaction (see :meth:`stancemap.store.Store.save_document`); nothing
here commits, so a document is written whole or not at all.

The summaries of :mod:`stancemap.store.summary` (stance and actor counts,
corpus totals, the review queue) are updated in the same transaction: a
:class:`~stancemap.store.summary.Delta` collects what each document adds (and
what a newer version takes away from the one it replaces) and is applied once
per transaction, in a fixed row order.

Rows are inserted in batches (``executemany``; where ids are needed,
``RETURNING`` in parameter order on PostgreSQL, ids given under the write lock
on SQLite). A batch of documents new to the store is written with one statement
per table (:func:`write_documents`). Keys that other processes may insert at the same time
(actor names, aliases, issue ids) go through ``INSERT ... ON CONFLICT DO
NOTHING`` in sorted order, so concurrent writers neither fail nor deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.models import Article, Statement
from stancemap.store import summary
from stancemap.store.actor_rows import add_aliases, get_or_create_actors
from stancemap.store.dialect import upsert_insert
from stancemap.store.identity import identify, lock_doc_id, lock_doc_ids
from stancemap.store.limits import checked_document
from stancemap.store.read import NOT_RELEVANT
from stancemap.store.schema import codings, documents, issues, mentions, statements, utcnow
from stancemap.store.vectors import keep_vectors

#: Attempts at taking the next version number when another writer takes it first.
_VERSION_ATTEMPTS = 10

class VersionConflict(RuntimeError):
    """Another writer kept taking the next version number of this doc_id."""


def _document_row(
    article: Article, version: int, run_id: int | None, now: dt.datetime, doc_id: str | None = None
) -> dict[str, Any]:
    return {
        "doc_id": doc_id or article.doc_id,
        "version": version,
        "content_hash": article.content_hash,
        "text": article.text,
        "body_start": article.body_start,
        "date": article.date,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "origin": article.origin,
        "run_id": run_id,
        "created_at": now,
        "speaker": article.speaker,
        "speaker_org": article.speaker_org,
        "party": article.party,
        "role": article.role,
        "genre": article.genre,
        "author": article.author,
        "section": article.section,
        "length": article.length,
    }


def insert_document(
    connection: Connection, article: Article, run_id: int | None, doc_id: str | None = None
) -> int | None:
    """Insert ``article`` as the next version of ``doc_id`` (default: the one :func:`identify` finds).

    Returns ``None`` when the same text is already stored under this doc_id.
    """
    text_hash = article.content_hash
    lock_doc_id(connection, article.doc_id)
    if doc_id is None:
        doc_id = identify(connection, article).doc_id
    lock_doc_id(connection, doc_id)
    same_text = sa.case((documents.c.content_hash == text_hash, documents.c.id))
    for _ in range(_VERSION_ATTEMPTS):
        stored, latest = connection.execute(
            sa.select(sa.func.max(same_text), sa.func.max(documents.c.version)).where(
                documents.c.doc_id == doc_id
            )
        ).one()
        if stored is not None:
            return None
        stmt = (
            upsert_insert(connection, documents)
            .values(_document_row(article, (latest or 0) + 1, run_id, utcnow(), doc_id))
            .on_conflict_do_nothing()
            .returning(documents.c.id)
        )
        new_id = connection.execute(stmt).scalar_one_or_none()
        if new_id is not None:
            return int(new_id)
        # A concurrent writer stored this text or took this version: look again.
    raise VersionConflict(
        f"{article.doc_id}: other writers kept taking the next version number; try again."
    )


def ensure_issues(connection: Connection, issue_ids: set[str]) -> None:
    """Create placeholder issues for codings whose issue is not stored yet.

    :meth:`stancemap.store.Store.save_codebook` fills in label and claim.
    """
    if not issue_ids:
        return
    connection.execute(
        upsert_insert(connection, issues).on_conflict_do_nothing(index_elements=["id"]),
        [
            {"id": issue_id, "label": issue_id, "claim": "", "description": "", "codebook_hash": None}
            for issue_id in sorted(issue_ids)
        ],
    )


def _insert_returning_ids(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one statement (or a few, for very many rows); their new ids, in order.

    PostgreSQL returns the ids of a multi-row ``INSERT ... RETURNING`` in
    parameter order. SQLite cannot (SQLAlchemy would fall back to one
    ``INSERT`` per row), so there the ids are given here, and they are the ones
    SQLite itself would choose: the largest id + 1, + 2, ... (the tables have
    plain ``INTEGER PRIMARY KEY`` ids, not ``AUTOINCREMENT``). That is safe
    because a SQLite writer holds the database's write lock for its whole
    transaction (``BEGIN IMMEDIATE``), so no other writer can take an id.
    """
    if not rows:
        return []
    if connection.dialect.name == "sqlite":
        first = int(connection.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        connection.execute(sa.insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    stmt = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in connection.execute(stmt, rows).scalars().all()]


def insert_mentions(
    connection: Connection, written: Sequence[tuple[int, Sequence[Statement]]], actor_ids: dict[str, int]
) -> list[int | None]:
    """Insert one mention per distinct speaker span of each document; the mention id of each statement.

    ``written`` pairs each stored document's id with its statements; the ids
    come back for the statements of all documents, in that order.
    """
    keys: dict[tuple[Any, ...], int] = {}
    rows: list[dict[str, Any]] = []
    per_statement: list[tuple[Any, ...] | None] = []
    for document_pk, found in written:
        for statement in found:
            if statement.speaker is None:
                per_statement.append(None)
                continue
            span = statement.speaker
            actor_id = actor_ids.get(statement.actor) if statement.actor else None
            key = (document_pk, span.start, span.end, span.text, actor_id, statement.actor_method,
                   statement.actor_confidence)
            if key not in keys:
                keys[key] = len(rows)
                rows.append(
                    {
                        "document_id": document_pk,
                        "start": span.start,
                        "end": span.end,
                        "text": span.text,
                        "actor_id": actor_id,
                        "method": statement.actor_method,
                        "confidence": statement.actor_confidence,
                    }
                )
            per_statement.append(key)
    ids = _insert_returning_ids(connection, mentions, rows)
    return [None if key is None else ids[keys[key]] for key in per_statement]


def insert_statements(
    connection: Connection,
    written: Sequence[tuple[int, Sequence[Statement]]],
    run_id: int | None,
    mention_ids: list[int | None],
    actor_ids: dict[str, int],
) -> list[int]:
    """Insert the statements of stored documents (``(document id, statements)``); their ids in that order."""
    rows = []
    placed = ((document_pk, statement) for document_pk, found in written for statement in found)
    for (document_pk, statement), mention_id in zip(placed, mention_ids, strict=True):
        cue = statement.cue
        rows.append(
            {
                "document_id": document_pk,
                "run_id": run_id,
                "speaker_mention_id": mention_id,
                "speaker_name": statement.speaker_name,
                "speaker_type": statement.speaker_type,
                "cue_start": cue.start if cue else None,
                "cue_end": cue.end if cue else None,
                "cue_text": cue.text if cue else None,
                "content_start": statement.content.start,
                "content_end": statement.content.end,
                "content_text": statement.content.text,
                "kind": statement.kind,
                "confidence": statement.confidence,
                "actor_id": actor_ids.get(statement.actor) if statement.actor else None,
                "embedding": statement.embedding,
                "embedder": statement.embedder,
                "coded_with": statement.coded_with,
            }
        )
    return _insert_returning_ids(connection, statements, rows)


def insert_codings(
    connection: Connection,
    found: Sequence[Statement],
    statement_ids: list[int],
    run_id: int | None,
    codebook_hash: str | None,
    now: dt.datetime,
) -> None:
    """Insert the codings of the statements (one per statement, issue and origin)."""
    rows = []
    for statement, statement_id in zip(found, statement_ids, strict=True):
        seen: set[tuple[str, str]] = set()
        for coding in statement.codings:
            if (coding.issue, coding.origin) in seen:
                continue
            seen.add((coding.issue, coding.origin))
            rows.append(
                {
                    "statement_id": statement_id,
                    "issue_id": coding.issue,
                    "stance": coding.stance,
                    "confidence": coding.confidence,
                    "relevance": coding.relevance,
                    "origin": coding.origin,
                    "codebook_hash": codebook_hash,
                    "run_id": run_id,
                    "created_at": now,
                    "evidence": coding.evidence or None,
                }
            )
    if rows:
        connection.execute(sa.insert(codings), rows)


def _latest_version_id(connection: Connection, doc_id: str) -> int | None:
    return connection.scalar(
        sa.select(documents.c.id).where(documents.c.doc_id == doc_id).order_by(documents.c.version.desc()).limit(1)
    )


def _new_snapshots(
    found: Sequence[Statement], statement_ids: list[int], actor_ids: dict[str, int]
) -> dict[int, summary.Snapshot]:
    """Snapshots of freshly inserted statements (live, nobody reviewed them), from what was inserted."""
    out = {}
    for statement, statement_id in zip(found, statement_ids, strict=True):
        rows, seen = [], set()
        for coding in statement.codings:
            if (coding.issue, coding.origin) in seen:
                continue
            seen.add((coding.issue, coding.origin))
            rows.append(_CodingRow(coding.issue, coding.stance, coding.confidence, coding.origin, coding.relevance))
        actor_id = actor_ids.get(statement.actor) if statement.actor else None
        out[statement_id] = summary.snapshot_of(True, actor_id, statement.confidence, rows, [])
    return out


@dataclass(frozen=True)
class _CodingRow:
    issue_id: str
    stance: str
    confidence: float
    origin: str
    relevance: float


def replace_person_coding(
    connection: Connection, statement_id: int, issue_id: str, stance: str, origin: str, codebook_hash: str | None
) -> int:
    """Store ``origin``'s coding of a statement on an issue, replacing that person's earlier one; its id.

    ``stance`` :data:`~stancemap.store.read.NOT_RELEVANT` is stored with relevance 0.
    """
    connection.execute(
        sa.delete(codings).where(
            codings.c.statement_id == statement_id, codings.c.issue_id == issue_id, codings.c.origin == origin
        )
    )
    return int(
        connection.execute(
            sa.insert(codings)
            .values(statement_id=statement_id, issue_id=issue_id, stance=stance, confidence=1.0,
                    relevance=0.0 if stance == NOT_RELEVANT else 1.0, origin=origin, codebook_hash=codebook_hash,
                    run_id=None, created_at=utcnow())
            .returning(codings.c.id)
        ).scalar_one()
    )


def write_document(
    connection: Connection,
    article: Article,
    found: Sequence[Statement],
    run_id: int | None,
    codebook_hash: str | None,
    delta: summary.Delta | None = None,
) -> int | None:
    """Write ``article`` and its statements; the new document id, or ``None`` if stored already.

    The summaries change by what the document adds and, for a new version of a
    stored ``doc_id``, by what the replaced version's statements no longer
    count. With ``delta`` the change is collected there (the caller applies
    it before committing); without, it is applied at once.

    NUL characters become U+FFFD and over-long ids and names are refused
    (:func:`stancemap.store.limits.checked_document`, E306) before anything is written.
    """
    article, found = checked_document(article, found)
    lock_doc_id(connection, article.doc_id)
    identity = identify(connection, article)
    lock_doc_id(connection, identity.doc_id)
    previous = _latest_version_id(connection, identity.doc_id)
    replaced: dict[int, summary.Snapshot] = {}
    if previous is not None and identity.stored is None:
        old_ids = connection.execute(
            sa.select(statements.c.id).where(statements.c.document_id == previous)
        ).scalars().all()
        replaced = summary.snapshots(connection, old_ids)  # taken while that version is still the latest
    document_pk = insert_document(connection, article, run_id, identity.doc_id)
    keep_vectors(connection, article.kept_vectors)  # of the text, whether this version is new or not
    if document_pk is None:
        return None
    own = delta is None
    delta = summary.Delta() if delta is None else delta
    if previous is not None:
        delta.superseded(replaced)
    else:
        delta.totals["documents"] += 1
    delta.totals["document_versions"] += 1
    write_statements(connection, [(document_pk, found)], run_id, codebook_hash, delta)
    if own:
        delta.apply(connection)
    return document_pk


def write_documents(
    connection: Connection,
    items: Sequence[tuple[Article, Sequence[Statement]]],
    run_id: int | None,
    codebook_hash: str | None,
    delta: summary.Delta,
) -> list[int | None]:
    """Write several documents and their statements; ids as :func:`write_document`, in order.

    When every doc_id of ``items`` is new to the store and occurs once, the
    batch is written with one statement per table, whatever its size (the
    common case of a run over new texts); otherwise each document goes through
    :func:`write_document`, which handles new versions and repeats. Either way
    the store ends up with the same rows. The summaries' change is collected
    in ``delta``.
    """
    items = [checked_document(article, found) for article, found in items]
    doc_ids = sorted({article.doc_id for article, _ in items})
    lock_doc_ids(connection, doc_ids)
    # a doc_id with folders may be stored under its bare stem by an older version (see identify)
    stems = {doc_id.rsplit("/", 1)[-1] for doc_id in doc_ids if "/" in doc_id}
    if len(doc_ids) < len(items) or connection.execute(
        sa.select(documents.c.doc_id).where(documents.c.doc_id.in_(sorted({*doc_ids, *stems}))).limit(1)
    ).first() is not None:
        return [write_document(connection, article, found, run_id, codebook_hash, delta) for article, found in items]
    now = utcnow()
    keep_vectors(connection, [kept for article, _ in items for kept in article.kept_vectors])
    document_ids = _insert_returning_ids(
        connection, documents, [_document_row(article, 1, run_id, now) for article, _ in items]
    )
    delta.totals["documents"] += len(items)
    delta.totals["document_versions"] += len(items)
    write_statements(connection, [(pk, found) for pk, (_, found) in zip(document_ids, items, strict=True)],
                     run_id, codebook_hash, delta)
    return list(document_ids)


def write_statements(
    connection: Connection,
    written: Sequence[tuple[int, Sequence[Statement]]],
    run_id: int | None,
    codebook_hash: str | None,
    delta: summary.Delta,
) -> None:
    """Store the statements of freshly inserted documents (``(document id, statements)``), one statement per table.

    Creates the actors they name and keeps their aliases, the issues they are
    coded on, their mentions and codings; what they add to the summaries is
    recorded in ``delta``.
    """
    found = [statement for _, statements_found in written for statement in statements_found]
    now = utcnow()
    actor_ids = get_or_create_actors(connection, found, now, delta)
    add_aliases(connection, written, actor_ids)
    ensure_issues(connection, {coding.issue for s in found for coding in s.codings})
    mention_ids = insert_mentions(connection, written, actor_ids)
    statement_ids = insert_statements(connection, written, run_id, mention_ids, actor_ids)
    insert_codings(connection, found, statement_ids, run_id, codebook_hash, now)
    for statement_id, snap in _new_snapshots(found, statement_ids, actor_ids).items():
        delta.record(statement_id, summary.NOTHING, snap)

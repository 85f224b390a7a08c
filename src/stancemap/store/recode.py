"""Recoding stored statements without re-parsing: what to recode, and writing the new codings.

A statement records ``coded_with`` (``"<codebook hash>|<coder>"``) when it is coded.
:func:`document_ids_to_recode` finds the latest versions of documents with statements that
the current codebook and coder have not coded (or all of them); :func:`load_documents` reads
each with its text and its live statements as records, people's codings and stored embeddings included;
:func:`write_recoded` replaces the *model* codings of the codebook's issues with new ones
in one transaction per batch, keeping the summaries exact. People's codings are never
touched: a statement a person coded on an issue keeps that coding, and the coder makes
none for that issue (see :func:`stancemap.stance.coders.code_statements`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.models import Codebook, Coding, Statement, TextSpan
from stancemap.store import summary
from stancemap.store.read import PERSON_PREFIX, latest_version
from stancemap.store.review import rejected
from stancemap.store.schema import actors, codings, documents, mentions, statements
from stancemap.store.write import ensure_issues, insert_codings

__all__ = [
    "statement_embeddings", "DocumentToRecode", "document_ids_to_recode", "load_documents", "write_recoded",
    "count_to_recode",
]

_MODEL_PREFIX = "model:"


@dataclass(frozen=True)
class DocumentToRecode:
    """A stored document's text and its live statements (ids in the same order)."""

    document_id: int
    doc_id: str
    text: str
    statement_ids: tuple[int, ...]
    statements: tuple[Statement, ...]


def _live() -> sa.ColumnElement[bool]:
    return sa.and_(latest_version(), sa.not_(rejected()))


def _stale(coded_with: str | None) -> sa.ColumnElement[bool]:
    if coded_with is None:
        return sa.true()
    return sa.or_(statements.c.coded_with.is_(None), statements.c.coded_with != coded_with)


def count_to_recode(connection: Connection, coded_with: str | None) -> int:
    """How many live statements ``coded_with`` has not coded (all live statements for ``None``)."""
    live = statements.join(documents, statements.c.document_id == documents.c.id)
    query = sa.select(sa.func.count()).select_from(live).where(_live(), _stale(coded_with))
    return int(connection.scalar(query) or 0)


def document_ids_to_recode(connection: Connection, coded_with: str | None) -> list[int]:
    """Ids of the documents holding a live statement that ``coded_with`` has not coded (all for ``None``)."""
    joined = statements.join(documents, statements.c.document_id == documents.c.id)
    return [row[0] for row in connection.execute(
        sa.select(documents.c.id).select_from(joined).where(_live(), _stale(coded_with))
        .group_by(documents.c.id).order_by(documents.c.id))]


def load_documents(connection: Connection, document_ids: Sequence[int]) -> list[DocumentToRecode]:
    """The documents' texts and live statements (people's codings and stored embeddings included)."""
    docs = {row.id: row for row in connection.execute(
        sa.select(documents.c.id, documents.c.doc_id, documents.c.text, documents.c.date)
        .where(documents.c.id.in_(document_ids)))}
    rows = list(connection.execute(
        sa.select(statements, actors.c.name.label("actor_name"), mentions.c.start.label("speaker_start"),
                  mentions.c.end.label("speaker_end"), mentions.c.text.label("speaker_text"))
        .select_from(statements.join(documents, statements.c.document_id == documents.c.id)
                     .outerjoin(actors, statements.c.actor_id == actors.c.id)
                     .outerjoin(mentions, statements.c.speaker_mention_id == mentions.c.id))
        .where(statements.c.document_id.in_(document_ids), _live())
        .order_by(statements.c.document_id, statements.c.content_start, statements.c.id)))
    people: dict[int, list[Coding]] = {}
    if rows:
        for c in connection.execute(
                sa.select(codings.c.statement_id, codings.c.issue_id, codings.c.stance, codings.c.confidence,
                          codings.c.origin)
                .where(codings.c.statement_id.in_([r.id for r in rows]), codings.c.origin.like(PERSON_PREFIX + "%"))
                .order_by(codings.c.id)):
            people.setdefault(c.statement_id, []).append(Coding(c.issue_id, c.stance, c.confidence, origin=c.origin))
    grouped: dict[int, list[tuple[int, Statement]]] = {}
    for r in rows:
        doc = docs[r.document_id]
        cue = TextSpan(r.cue_start, r.cue_end, r.cue_text) if r.cue_start is not None else None
        # the speaker's mention, so that continuity sees who continues whom as the run did
        speaker = TextSpan(r.speaker_start, r.speaker_end, r.speaker_text) if r.speaker_start is not None else None
        record = Statement(
            doc_id=doc.doc_id, content=TextSpan(r.content_start, r.content_end, r.content_text), cue=cue,
            speaker=speaker,
            kind=r.kind, confidence=r.confidence, date=doc.date, speaker_name=r.speaker_name,
            speaker_type=r.speaker_type, actor=r.actor_name, codings=tuple(people.get(r.id, ())),
            embedding=r.embedding, embedder=r.embedder, coded_with=r.coded_with)
        grouped.setdefault(r.document_id, []).append((r.id, record))
    return [DocumentToRecode(d, docs[d].doc_id, docs[d].text, tuple(i for i, _ in grouped[d]),
                             tuple(s for _, s in grouped[d]))
            for d in document_ids if d in grouped]


def write_recoded(connection: Connection, recoded: Sequence[tuple[int, Statement]], codebook: Codebook,
                  run_id: int | None = None) -> int:
    """Replace the model codings of the codebook's issues on these statements; the codings written.

    Each item is ``(statement id, statement with its new codings)``. Model codings of
    issues outside the codebook and every person's coding stay as they are.
    """
    if not recoded:
        return 0
    ids = [statement_id for statement_id, _ in recoded]
    issue_ids = [issue.id for issue in codebook.issues]
    by_model = [s.with_(codings=tuple(c for c in s.codings if not c.origin.startswith(PERSON_PREFIX)))
                for _, s in recoded]
    ensure_issues(connection, set(issue_ids))
    with summary.tracking(connection, ids):
        connection.execute(sa.delete(codings).where(
            codings.c.statement_id.in_(ids), codings.c.issue_id.in_(issue_ids),
            codings.c.origin.like(_MODEL_PREFIX + "%")))
        insert_codings(connection, by_model, ids, run_id, codebook.hash or None, dt.datetime.now(dt.UTC))
        connection.execute(
            sa.update(statements).where(statements.c.id == sa.bindparam("sid")).values(
                embedding=sa.bindparam("emb"), embedder=sa.bindparam("embedder"), coded_with=sa.bindparam("cw")),
            [{"sid": sid, "emb": s.embedding, "embedder": s.embedder, "cw": s.coded_with} for sid, s in recoded])
    return sum(len(s.codings) for s in by_model)


def statement_embeddings(connection: Connection, statement_ids: Sequence[int]) -> dict[int, bytes]:
    """The stored embeddings (float16 bytes) of these statements, where they have one."""
    out: dict[int, bytes] = {}
    ids = sorted(set(statement_ids))
    for start in range(0, len(ids), 500):
        for row in connection.execute(sa.select(statements.c.id, statements.c.embedding)
                                      .where(statements.c.id.in_(ids[start:start + 500]),
                                             statements.c.embedding.is_not(None))):
            out[row.id] = row.embedding
    return out

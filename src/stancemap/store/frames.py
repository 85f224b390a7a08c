"""Store query results as pandas DataFrames (the optional ``frames`` extra).

pandas is imported only when a frame is asked for, so that ``import stancemap``
stays light and pandas stays optional: ``pip install 'stancemap[frames]'``.

The rows are built as plain dictionaries first (:func:`statement_rows`,
:func:`coding_rows`, :func:`document_rows`, :func:`actor_rows`), so that they can
be tested and used without pandas; the ``*_frame`` functions only hand them to
pandas with a fixed column order (``date`` as datetime64, ``length`` as the
nullable ``Int64``).

Each statement row carries its document's fields: title, source, the byline
(``author``), ``section`` and word count (``length``) of a news-archive header,
and the ``genre`` (``None`` where the store does not give it).

>>> from stancemap.models import DocumentInfo, Statement, StoredStatement, TextSpan
>>> said = StoredStatement(7, Statement("a1", TextSpan(13, 15, "no"), actor="Josep Borrell"),
...                        DocumentInfo(1, "a1", 1))
>>> row = statement_rows([said])[0]
>>> row["actor"], row["content"], row["content_start"], row["issue"], row["author"]
('Josep Borrell', 'no', 13, None, None)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from stancemap.errors import UsageError
from stancemap.models import Actor, Coding, DocumentInfo, StoredStatement
from stancemap.store.records import StoredCoding

if TYPE_CHECKING:
    import pandas

#: Columns of :meth:`stancemap.store.Store.statements` and ``codings`` frames, in order.
#: ``confidence`` and ``origin`` are the coding's; ``statement_confidence`` is the extractor's.
STATEMENT_COLUMNS: tuple[str, ...] = (
    "statement_id", "document_id", "doc_id", "date", "title", "source", "author", "section", "length", "genre",
    "actor", "actor_type", "actor_affiliation", "speaker", "kind", "statement_confidence",
    "issue", "stance", "confidence", "origin", "relevance", "evidence",
    "content", "content_start", "content_end", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
)

#: Columns of :func:`documents_frame` (one row per stored document version), in order.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "document_id", "doc_id", "version", "date", "title", "source", "url", "author", "section", "length", "genre",
    "origin", "content_hash",
)

#: Columns of :meth:`stancemap.store.Store.actors` frames, in order.
ACTOR_COLUMNS: tuple[str, ...] = ("name", "type", "affiliation", "aliases", "reviewed")

def require_pandas() -> Any:
    """Import pandas, or raise :class:`~stancemap.errors.UsageError` (E500) naming the ``frames`` extra."""
    try:
        import pandas  # optional heavy dependency: imported only when a frame is asked for
    except ImportError:
        raise UsageError.of("E500.pandas") from None
    return pandas


def _document_fields(document: DocumentInfo) -> dict[str, Any]:
    """The document columns a statement row shares with a document row."""
    return {
        "date": document.date,
        "title": document.title,
        "source": document.source,
        "author": document.author,
        "section": document.section,
        "length": document.length,
        "genre": document.genre,
    }


def _row(found: StoredStatement, coding: Coding | None) -> dict[str, Any]:
    statement, document = found.statement, found.document
    speaker, cue = statement.speaker, statement.cue
    return {
        "statement_id": found.id,
        "document_id": document.id,
        "doc_id": document.doc_id,
        **_document_fields(document),
        "actor": statement.actor,
        "actor_type": statement.actor_type,
        "actor_affiliation": statement.actor_affiliation,
        "speaker": speaker.text if speaker else None,
        "kind": statement.kind,
        "statement_confidence": statement.confidence,
        "issue": coding.issue if coding else None,
        "stance": coding.stance if coding else None,
        "confidence": coding.confidence if coding else None,
        "origin": coding.origin if coding else None,
        "relevance": coding.relevance if coding else None,
        "evidence": coding.evidence if coding else None,
        "content": statement.content.text,
        "content_start": statement.content.start,
        "content_end": statement.content.end,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "cue": cue.text if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
    }


def statement_rows(found: Iterable[StoredStatement], issue: str | None = None) -> list[dict[str, Any]]:
    """One row per statement and coding; a statement with no coding (on ``issue``, if given) gets one
    row whose ``issue``, ``stance``, ``confidence`` and ``origin`` are ``None``, so none is lost."""
    rows: list[dict[str, Any]] = []
    for stored in found:
        kept = [c for c in stored.statement.codings if issue is None or c.issue == issue]
        if kept:
            rows.extend(_row(stored, c) for c in kept)
        else:
            rows.append(_row(stored, None))
    return rows


def coding_rows(found: Iterable[StoredCoding]) -> list[dict[str, Any]]:
    """One row per coding, with its statement and document (the statement frame's columns)."""
    return [_row(StoredStatement(c.statement_id, c.statement, c.document), c.coding) for c in found]


def document_rows(found: Iterable[DocumentInfo]) -> list[dict[str, Any]]:
    """One row per stored document (e.g. :meth:`stancemap.store.Store.documents`), columns :data:`DOCUMENT_COLUMNS`.

    >>> from stancemap.models import DocumentInfo
    >>> row = document_rows([DocumentInfo(1, "a1", 1, author="Jo Writer", length=812)])[0]
    >>> row["doc_id"], row["author"], row["section"], row["length"]
    ('a1', 'Jo Writer', None, 812)
    """
    rows = []
    for document in found:
        fields = _document_fields(document)
        rows.append({
            "document_id": document.id, "doc_id": document.doc_id, "version": document.version,
            "date": fields.pop("date"), "title": fields.pop("title"), "source": fields.pop("source"),
            "url": document.url, **fields, "origin": document.origin, "content_hash": document.content_hash,
        })
    return rows


def actor_rows(found: Iterable[Actor]) -> list[dict[str, Any]]:
    """One row per actor; ``aliases`` is a list of names."""
    return [
        {"name": a.name, "type": a.type, "affiliation": a.affiliation, "aliases": list(a.aliases),
         "reviewed": a.reviewed}
        for a in found
    ]


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pandas.DataFrame:
    pandas = require_pandas()
    frame = pandas.DataFrame(rows, columns=list(columns))
    if "date" in frame.columns:
        frame["date"] = pandas.to_datetime(frame["date"])  # None becomes NaT
    if "length" in frame.columns:
        frame["length"] = frame["length"].astype("Int64")  # a word count; None becomes <NA>, not a float NaN
    return frame


def statements_frame(found: Iterable[StoredStatement], issue: str | None = None) -> pandas.DataFrame:
    """:func:`statement_rows` as a DataFrame with :data:`STATEMENT_COLUMNS`; ``date`` as datetime64."""
    return _frame(statement_rows(found, issue), STATEMENT_COLUMNS)


def codings_frame(found: Iterable[StoredCoding]) -> pandas.DataFrame:
    """:func:`coding_rows` as a DataFrame with :data:`STATEMENT_COLUMNS`; ``date`` as datetime64."""
    return _frame(coding_rows(found), STATEMENT_COLUMNS)


def documents_frame(found: Iterable[DocumentInfo]) -> pandas.DataFrame:
    """:func:`document_rows` as a DataFrame with :data:`DOCUMENT_COLUMNS`; ``date`` as datetime64."""
    return _frame(document_rows(found), DOCUMENT_COLUMNS)


def actors_frame(found: Iterable[Actor]) -> pandas.DataFrame:
    """:func:`actor_rows` as a DataFrame with :data:`ACTOR_COLUMNS`."""
    return _frame(actor_rows(found), ACTOR_COLUMNS)

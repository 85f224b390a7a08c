"""What the store accepts, checked in Python so that SQLite and PostgreSQL store the same thing.

Policy
------
- A NUL character (U+0000) in any text, id or name becomes U+FFFD before it is
  written (PostgreSQL cannot store NUL in text; SQLite can). Ingest already does
  this for document text with a W105 warning; here it is done for every string
  of a document, its statements, codings and names, so nothing depends on the
  reader. One character for one: offsets stay valid.
- A value longer than its column (``doc_id`` and actor names 500 characters,
  issue ids and coding origins 200, ...) is refused with :class:`StoreError`
  E306 naming the document and the limit. SQLite does not enforce ``VARCHAR``
  lengths, PostgreSQL does; checking here gives the same answer on both.
  Nothing is cut short silently.

>>> from stancemap.models import Article
>>> article, _ = checked_document(Article("a\\x00b", "text"), [])
>>> article.doc_id
'a\ufffdb'
>>> checked_document(Article("x" * 501, "text", origin="in.jsonl:3"), [])
Traceback (most recent call last):
...
stancemap.errors.StoreError: in.jsonl:3: the document id is 501 characters long; the database keeps at most 500.
Give the document a shorter id (its `id` field, or a shorter file name).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from stancemap.errors import StoreError
from stancemap.models import Article, Coding, Statement, TextSpan
from stancemap.store.schema import actors, codings, documents, mentions, statements

NUL = "\x00"
#: What a NUL character is stored as (the same as ingest's ``NUL_REPLACEMENT``).
REPLACEMENT = "\ufffd"

#: How many characters of an offending value a message shows.
_SHOWN = 60


def _length(column: sa.Column[Any]) -> int:
    length = getattr(column.type, "length", None)
    assert length is not None, column
    return int(length)


#: Article field -> (what it is called in a message, column limit, what to do).
ARTICLE_LIMITS: dict[str, tuple[str, int, str]] = {
    "doc_id": ("the document id", _length(documents.c.doc_id),
               "Give the document a shorter id (its `id` field, or a shorter file name)."),
    "speaker": ("the speaker", _length(documents.c.speaker), "Shorten the `speaker` field."),
    "speaker_org": ("the speaker's organisation", _length(documents.c.speaker_org),
                    "Shorten the `speaker_org` field."),
    "party": ("the party", _length(documents.c.party), "Shorten the `party` field."),
    "role": ("the role", _length(documents.c.role), "Shorten the `role` field."),
    "genre": ("the genre", _length(documents.c.genre), "Use one of the known genres."),
}

#: Statement field -> (name in a message, column limit, what to do).
STATEMENT_LIMITS: dict[str, tuple[str, int, str]] = {
    "actor": ("the actor name", _length(actors.c.name),
              "Shorten the name (the speaker field of the input, or the actor registry)."),
    "actor_affiliation": ("the actor's affiliation", _length(actors.c.affiliation),
                          "Shorten the affiliation in the actor registry."),
    "actor_type": ("the actor type", _length(actors.c.type), "Use one of the actor types."),
    "speaker_type": ("the speaker type", _length(statements.c.speaker_type), "Use one of the actor types."),
    "actor_method": ("the resolution method", _length(mentions.c.method), "Use a shorter method name."),
    "kind": ("the statement kind", _length(statements.c.kind), "Use one of the statement kinds."),
}

#: Coding field -> (name in a message, column limit, what to do).
CODING_LIMITS: dict[str, tuple[str, int, str]] = {
    "issue": ("the issue id", _length(codings.c.issue_id), "Give the issue a shorter id in the codebook."),
    "stance": ("the stance", _length(codings.c.stance), "Use support, oppose or neutral."),
    "origin": ("the coding's origin", _length(codings.c.origin), "Use a shorter coder or person name."),
}

NAME_LIMIT = _length(actors.c.name)
ORIGIN_LIMIT = _length(codings.c.origin)


def clean(value: str) -> str:
    """``value`` with every NUL character replaced by U+FFFD.

    >>> clean("a\\x00b") == "a\\ufffdb"
    True
    """
    return value.replace(NUL, REPLACEMENT) if NUL in value else value


def _cleaned(record: Any) -> Any:
    """A dataclass record with NUL replaced in its strings, spans and codings (the same object when clean)."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            if NUL in value:
                changes[f.name] = clean(value)
        elif isinstance(value, TextSpan):
            if NUL in value.text:
                changes[f.name] = dataclasses.replace(value, text=clean(value.text))
        elif isinstance(value, tuple) and value and isinstance(value[0], (str, Coding)):
            items = tuple(_cleaned(v) if isinstance(v, Coding) else clean(v) for v in value)
            if any(a is not b for a, b in zip(items, value, strict=True)):
                changes[f.name] = items
    return dataclasses.replace(record, **changes) if changes else record


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "...")


def too_long(what: str, value: str, limit: int, fix: str, where: str) -> StoreError:
    """The E306 error for ``value`` over ``limit`` characters (the value itself is shown shortened)."""
    return StoreError.of("E306", where=where, what=what, length=len(value), limit=limit, fix=fix)


def _check(record: Any, limits: dict[str, tuple[str, int, str]], where: str) -> None:
    for name, (what, limit, fix) in limits.items():
        value = getattr(record, name, None)
        if isinstance(value, str) and len(value) > limit:
            raise too_long(what, value, limit, fix, where)


def checked_document(article: Article, found: Sequence[Statement]) -> tuple[Article, list[Statement]]:
    """``article`` and its statements as they will be stored: NUL replaced, lengths checked.

    Raises
    ------
    StoreError
        E306 when an id or name is longer than its column; the message names
        the document (its origin and id) and the limit.
    """
    article = _cleaned(article)
    where = f"{article.origin or 'document'}" if len(article.doc_id) > _SHOWN else (
        f"{article.origin} (document {article.doc_id!r})" if article.origin else f"document {article.doc_id!r}"
    )
    _check(article, ARTICLE_LIMITS, where)
    kept = []
    for statement in found:
        statement = _cleaned(statement)
        at = f"{where}, statement at characters {statement.content.start}-{statement.content.end}"
        _check(statement, STATEMENT_LIMITS, at)
        for coding in statement.codings:
            _check(coding, CODING_LIMITS, at)
        kept.append(statement)
    return article, kept


def checked_name(value: str, what: str, limit: int, fix: str, where: str) -> str:
    """A name typed by a person (an actor, a reviewer), NUL replaced and its length checked."""
    value = clean(value)
    if len(value) > limit:
        raise too_long(what, value, limit, fix, where)
    return value

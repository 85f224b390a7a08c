"""Which stored document an article is: identity is (input file or id) plus content.

:func:`identify` decides whether an article is a stored document, the next version
of one, or a new document (see its docstring); :func:`lock_doc_ids` makes writers
of the same doc_id wait for each other on PostgreSQL. Called inside the caller's
write transaction by :mod:`stancemap.store.write` and the store.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancemap.models import Article
from stancemap.store.limits import NUL, clean
from stancemap.store.schema import documents

__all__ = ["Identity", "find_document", "identify", "lock_doc_id", "lock_doc_ids", "origin_file", "same_file"]

#: First key of the PostgreSQL advisory locks that serialise writers of one doc_id.
_DOC_LOCK_NAMESPACE = 0x53544430  # "STD0"


def find_document(connection: Connection, doc_id: str, text_hash: str) -> int | None:
    """The id of the stored document with this doc_id and content hash, if any."""
    return connection.scalar(
        sa.select(documents.c.id).where(
            documents.c.doc_id == doc_id, documents.c.content_hash == text_hash
        )
    )


def origin_file(origin: str) -> str:
    """The input file of an ``origin``: ``"a.csv:3"`` -> ``"a.csv"``, ``"a.txt"`` -> ``"a.txt"``.

    >>> origin_file("corpus/a.jsonl:12"), origin_file("corpus/site1/article.txt")
    ('corpus/a.jsonl', 'corpus/site1/article.txt')
    """
    head, sep, tail = origin.rpartition(":")
    return head if sep and tail.isdigit() else origin


def same_file(origin: str, other: str) -> bool:
    """Whether two origins name the same input file (spelt alike, or one a path ending of the other).

    >>> same_file("corpus/a.csv:2", "./corpus/a.csv:9"), same_file("/x/corpus/a.csv", "corpus/a.csv")
    (True, True)
    >>> same_file("site1/a.txt", "site2/a.txt")
    False
    """
    first = posixpath.normpath(origin_file(origin).replace("\\", "/"))
    second = posixpath.normpath(origin_file(other).replace("\\", "/"))
    if first == second:
        return True
    shorter, longer = sorted((first, second), key=len)
    return not posixpath.isabs(shorter) and longer.endswith("/" + shorter)


@dataclass(frozen=True)
class Identity:
    """Which stored document an article is.

    Attributes
    ----------
    doc_id : str
        The doc_id it is (or will be) stored under.
    stored : int or None
        The id of the stored document with this very text, ``None`` if there is none.
    exists : bool
        Whether ``doc_id`` is stored already (a new text is then its next version).
    """

    doc_id: str
    stored: int | None
    exists: bool


def _stored_as(connection: Connection, doc_id: str, text_hash: str) -> tuple[int | None, str | None]:
    """The id of ``doc_id``'s version with this text, and the origin of its latest version."""
    same = find_document(connection, doc_id, text_hash)
    latest = connection.scalar(
        sa.select(documents.c.origin).where(documents.c.doc_id == doc_id).order_by(documents.c.version.desc()).limit(1)
    )
    return same, latest


def identify(connection: Connection, article: Article) -> Identity:
    """Find the stored document ``article`` is: identity is (input file or id) plus content.

    * The same text under the same doc_id is the stored document (a file read
      again, or the same row id with the same text in another file).
    * A new text under a doc_id whose latest version came from the same input
      file is its next version (the file was edited).
    * A new text under a doc_id stored from another file is another document,
      stored as ``<doc_id>@<its file>`` (the same row id in two exports).
    * A doc_id with folders (``site1/article``) that is not stored yet is the
      document an older version stored under the bare stem (``article``) when
      that one came from the same file, so an old store is not duplicated.
    * A NUL in the id or text is looked up as U+FFFD, as it is stored.

    Examples
    --------
    >>> from stancemap.store.repository import Store
    >>> from stancemap.store.write import insert_document
    >>> with Store.open("sqlite://") as store, store.engine.begin() as connection:
    ...     _ = insert_document(connection, Article(doc_id="1", text="A", origin="a.csv:2"), None)
    ...     identify(connection, Article(doc_id="1", text="B", origin="b.csv:2"))
    Identity(doc_id='1@b.csv', stored=None, exists=False)
    """
    if any(NUL in value for value in (article.doc_id, article.text, article.origin)):
        # looked up as it is stored (store/limits): PostgreSQL refuses a NUL even in a query
        article = replace(article, doc_id=clean(article.doc_id), text=clean(article.text), origin=clean(article.origin))
    text_hash = article.content_hash
    doc_id = article.doc_id
    same, latest = _stored_as(connection, doc_id, text_hash)
    if same is not None:
        return Identity(doc_id, same, True)
    if latest is None:
        if "/" in doc_id:
            legacy = doc_id.rsplit("/", 1)[-1]
            same, latest = _stored_as(connection, legacy, text_hash)
            if latest is not None and same_file(latest, article.origin):
                return Identity(legacy, same, True)
        return Identity(doc_id, None, False)
    if same_file(latest, article.origin):
        return Identity(doc_id, None, True)
    qualified = f"{doc_id}@{origin_file(article.origin)}"
    same, latest = _stored_as(connection, qualified, text_hash)
    return Identity(qualified, same, latest is not None)


def lock_doc_id(connection: Connection, doc_id: str) -> None:
    """Make writers of the same doc_id wait for each other until the transaction ends.

    PostgreSQL: a transaction-level advisory lock (taking it again is free);
    SQLite's ``BEGIN IMMEDIATE`` already serialises all writers.
    """
    lock_doc_ids(connection, [doc_id])


def lock_doc_ids(connection: Connection, doc_ids: Sequence[str]) -> None:
    """:func:`lock_doc_id` for several doc_ids in one statement, taken in sorted order (no deadlocks)."""
    if connection.dialect.name != "postgresql" or not doc_ids:
        return
    connection.execute(
        sa.text(
            "SELECT count(pg_advisory_xact_lock(:namespace, hashtext(doc_id))) "
            "FROM (SELECT unnest(CAST(:doc_ids AS text[])) AS doc_id ORDER BY 1) AS sorted_ids"
        ),
        {"namespace": _DOC_LOCK_NAMESPACE, "doc_ids": sorted(set(doc_ids))},
    )

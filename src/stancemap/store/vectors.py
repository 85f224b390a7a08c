"""The store's cache of text vectors (``text_vectors``), for embedders that are slow to run.

People's corrections are learnt on the full multilingual-e5-small (some 20-50 ms a statement);
each text it embeds is kept here, float16 bytes keyed by the embedder's name and the text's
SHA-256, so that recoding a store never embeds the same text twice; a run keeps what its coder made
for each document (:attr:`stancemap.models.Article.kept_vectors`, :func:`keep_vectors`).
:class:`StoreVectorCache` is what a coder is given (the
:class:`stancemap.stance.vectorcache.VectorCache` protocol).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa

from stancemap.store.dialect import upsert_insert
from stancemap.store.schema import text_vectors

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from stancemap.store.repository import Store

__all__ = ["StoreVectorCache", "keep_vectors"]

#: keys per query (well under SQLite's limit on bound parameters)
_CHUNK = 500


class StoreVectorCache:
    """Text vectors kept in a store: :meth:`get_vectors` and :meth:`put_vectors` (tested in
    ``tests/test_store_vectors.py``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_vectors(self, embedder: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The kept vectors of these keys (text hashes) from ``embedder``; keys not kept are left out."""
        wanted = sorted(set(keys))
        out: dict[str, bytes] = {}
        with self.store.read() as connection:
            for start in range(0, len(wanted), _CHUNK):
                query = sa.select(text_vectors.c.text_hash, text_vectors.c.vector).where(
                    text_vectors.c.embedder == embedder, text_vectors.c.text_hash.in_(wanted[start:start + _CHUNK]))
                out.update((row.text_hash, bytes(row.vector)) for row in connection.execute(query))
        return out

    def put_vectors(self, embedder: str, vectors: Mapping[str, bytes]) -> None:
        """Keep these vectors (a key already kept is left as it is)."""
        if not vectors:
            return
        with self.store.write("keep text vectors") as connection:
            keep_vectors(connection, [(embedder, key, value) for key, value in vectors.items()])


def keep_vectors(connection: Connection, kept: Sequence[tuple[str, str, bytes]]) -> None:
    """Keep ``(embedder, text key, vector)`` rows in ``text_vectors`` (a key already kept is left as it is)."""
    rows = [{"embedder": embedder, "text_hash": key, "vector": value} for embedder, key, value in kept]
    for start in range(0, len(rows), _CHUNK):
        statement = upsert_insert(connection, text_vectors).on_conflict_do_nothing()
        connection.execute(statement, rows[start:start + _CHUNK])

"""The ids a row file has used so far, in memory that does not grow with the file.

A JSON Lines, CSV or Parquet file of millions of rows must be read without
holding it, yet every id it has used must be remembered to catch a repeated
one (:class:`stancemap.ingest.rows.RowBuilder` renames it, with a warning).
:class:`SeenIds` keeps the most recent ids in a dict and moves them to a
private temporary SQLite database (deleted when closed) whenever the dict
fills, so a reader's memory stays flat however many rows it reads. Small files
never touch the disk.
"""

from __future__ import annotations

import sqlite3

__all__ = ["SeenIds", "IN_MEMORY"]

#: ids kept in the dict before they are moved to the temporary database (about 1.5 MB of Python objects)
IN_MEMORY = 10_000


class SeenIds:
    """How many times each id was seen; a mapping from str to int with ``get``, ``[]=`` and ``in``.

    Parameters
    ----------
    in_memory : int, optional
        Ids held in memory before they are moved to the temporary database
        (default :data:`IN_MEMORY`).

    Examples
    --------
    >>> seen = SeenIds(in_memory=2)
    >>> for doc_id in ["a", "b", "c"]:
    ...     seen[doc_id] = seen.get(doc_id) + 1
    >>> seen["a"] = seen.get("a") + 1
    >>> seen.get("a"), seen.get("c"), "b" in seen, "d" in seen, len(seen)
    (2, 1, True, False, 3)
    >>> seen.close()
    """

    def __init__(self, in_memory: int | None = None) -> None:
        in_memory = IN_MEMORY if in_memory is None else in_memory
        if in_memory < 1:
            raise ValueError("in_memory must be at least 1")
        self.in_memory = in_memory
        self._recent: dict[str, int] = {}
        self._disk: sqlite3.Connection | None = None

    def get(self, key: str, default: int = 0) -> int:
        """Times ``key`` was seen (``default`` if never)."""
        count = self._recent.get(key)
        if count is not None:
            return count
        if self._disk is None:
            return default
        row = self._disk.execute("SELECT count FROM seen WHERE id = ?", (key,)).fetchone()
        return default if row is None else int(row[0])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, 0) > 0

    def __setitem__(self, key: str, count: int) -> None:
        self._recent[key] = count
        if len(self._recent) >= self.in_memory:
            self._spill()

    def __len__(self) -> int:
        """Distinct ids seen (counts the database, so call it rarely)."""
        if self._disk is None:
            return len(self._recent)
        self._spill()
        return int(self._disk.execute("SELECT count(*) FROM seen").fetchone()[0])

    def _spill(self) -> None:
        if self._disk is None:
            # "": a private temporary database on disk, deleted when the connection closes
            self._disk = sqlite3.connect("", check_same_thread=False)
            self._disk.execute("PRAGMA journal_mode = OFF")
            self._disk.execute("PRAGMA synchronous = OFF")
            self._disk.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID")
        with self._disk:
            self._disk.executemany(
                "INSERT INTO seen (id, count) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET count = excluded.count",
                self._recent.items(),
            )
        self._recent.clear()

    def close(self) -> None:
        """Forget everything and delete the temporary database."""
        self._recent.clear()
        if self._disk is not None:
            self._disk.close()
            self._disk = None

    def __del__(self) -> None:  # a reader abandoned half-way still deletes its database
        disk = getattr(self, "_disk", None)
        if disk is not None:
            disk.close()

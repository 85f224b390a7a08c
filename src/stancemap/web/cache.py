"""Values the web app computes once per version of what they come from (the actor registry).

Nothing here is time-limited: a value is reused only while its version, read
from the store on every request (e.g. the id of the latest actor curation
edit), is unchanged, so a page never shows stale data, whichever process wrote.
Counts need no cache at all: they are read from the store's summaries
(:mod:`stancemap.store.summary`).

>>> cache = Cache()
>>> cache.get("n", 1, lambda: "a"), cache.get("n", 1, lambda: "b"), cache.get("n", 2, lambda: "c")
('a', 'a', 'c')
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Cache:
    """One value per key, recomputed when the key's version changes."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[Hashable, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, version: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            found = self._data.get(key)
            if found is not None and found[0] == version:
                return found[1]
        value = compute()
        with self._lock:
            self._data[key] = (version, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def cached(cache: Cache | None, key: str, version: Hashable, compute: Callable[[], T]) -> T:
    """``cache.get(key, version, compute)``, or ``compute()`` without a cache."""
    return compute() if cache is None else cache.get(key, version, compute)


class StoreVersion:
    """A number that changes whenever any connection, in any process, commits to a SQLite store.

    SQLite's ``PRAGMA data_version`` on a connection of its own (read-only,
    used for nothing else) changes after every commit by another connection;
    it costs microseconds. For other backends ``get()`` is ``None``: nothing is
    cached by version there.

    >>> import os, sqlite3, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "v.db")
    >>> writer = sqlite3.connect(path); _ = writer.execute("CREATE TABLE t (x)"); writer.commit()
    >>> version = StoreVersion.of_url(f"sqlite:///{path}")
    >>> first = version.get(); _ = writer.execute("INSERT INTO t VALUES (1)"); writer.commit()
    >>> version.get() != first, StoreVersion.of_url("postgresql://h/db").get()
    (True, None)
    """

    def __init__(self, path: str | None) -> None:
        self._lock = threading.Lock()
        self._connection = None
        if path:
            import sqlite3
            from pathlib import Path

            try:
                self._connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                                   check_same_thread=False, isolation_level=None)
            except sqlite3.Error:
                self._connection = None

    @classmethod
    def of_url(cls, url: Any) -> StoreVersion:
        """The version of the store at ``url`` (a SQLAlchemy URL or string); inert unless a SQLite file."""
        from sqlalchemy.engine import make_url

        parsed = make_url(str(url)) if not hasattr(url, "get_backend_name") else url
        database = parsed.database if parsed.get_backend_name() == "sqlite" else None
        return cls(database if database not in (None, "", ":memory:") else None)

    def get(self) -> int | None:
        if self._connection is None:
            return None
        import sqlite3

        with self._lock:
            try:
                return int(self._connection.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                return None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class PageCache:
    """Responses of read-only pages per store version: at most ``entries`` of at most ``max_bytes`` each.

    A hit needs the same key and the same version; a new version drops every
    entry (the store changed, so every page may have).

    >>> pages = PageCache(entries=2)
    >>> pages.put("a", 1, b"x"); pages.put("b", 1, b"y"); pages.put("c", 1, b"z")
    >>> pages.get("a", 1), pages.get("c", 1), pages.get("c", 2)
    (None, b'z', None)
    """

    def __init__(self, entries: int = 512, max_bytes: int = 2_000_000) -> None:
        from collections import OrderedDict

        self.entries, self.max_bytes = entries, max_bytes
        self._version: Hashable = None
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Hashable) -> Any:
        with self._lock:
            if version is None or version != self._version:
                return None
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: Hashable, version: Hashable, value: Any, size: int = 0) -> None:
        if version is None or size > self.max_bytes:
            return
        with self._lock:
            if version != self._version:
                self._data.clear()
                self._version = version
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)

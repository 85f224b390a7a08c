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

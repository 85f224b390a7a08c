"""A small time-limited cache for whole-corpus aggregates (stance counts per issue).

Counting every coding of a large corpus takes a second or more; the overview
and issue list reuse the last count for ``ttl`` seconds. Every write through
this app clears the cache, so a reviewer sees their own change at once;
writes by other processes show within ``ttl`` seconds.

>>> cache = Cache(ttl=60)
>>> cache.get("n", lambda: 1), cache.get("n", lambda: 2)
(1, 1)
>>> cache.clear(); cache.get("n", lambda: 3)
3
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Cache:
    def __init__(self, ttl: float = 30.0) -> None:
        self.ttl = ttl
        self._data: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            found = self._data.get(key)
            if found is not None and now - found[0] < self.ttl:
                return found[1]
        value = compute()
        with self._lock:
            self._data[key] = (time.monotonic(), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def cached(cache: Cache | None, key: str, compute: Callable[[], T]) -> T:
    """``cache.get(key, compute)``, or ``compute()`` without a cache."""
    return compute() if cache is None else cache.get(key, compute)

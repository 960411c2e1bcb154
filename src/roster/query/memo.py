"""Statements built for one request, kept for the next request that would build the same ones.

A list's count and page statements depend only on who asks and what the request says (its
filters' parsed values, its order); the page number is a bind parameter. Building them and
SQLAlchemy's cache key for each anew was a large share of a cheap list request
(docs/benchmark.md, item 14), although a client paging through a list asks for the same
statements on every page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from roster.db.frozen import Unfreezable, frozen

T = TypeVar("T")

# Lists kept per worker, per API. Each holds a few statements and their cache keys: about 60 KB
# (measured with tracemalloc over 256 lists of each API), so at most about 8 MB per API.
LISTINGS_KEPT = 128


def request_key(*parts: Any) -> Hashable | None:
    """The key of what a request builds from ``parts``, or None when a part cannot be frozen."""
    try:
        return tuple(frozen(part) for part in parts)
    except Unfreezable:
        return None


class Recent(Generic[T]):
    """The ``size`` most recently used entries, shared by a worker's threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable | None, build: Callable[[], T]) -> T:
        """The entry kept under ``key``, else what ``build`` returns, kept (a None key: built,
        not kept). Two threads may build the same entry at once; both answers are the same."""
        if key is None:
            return build()
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        built = build()
        with self._lock:
            self._entries[key] = built
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return built

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

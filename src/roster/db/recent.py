"""A bounded map that forgets its least recently used entry first, shared by a worker's threads.

What a worker keeps between requests (counts, page marks, a list's statements) is kept in one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class Recent(Generic[K, T]):
    """The ``size`` most recently used entries."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[K, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> T | None:
        """The entry kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: T) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def get_or_build(self, key: K | None, build: Callable[[], T]) -> T:
        """The entry kept under ``key``, else what ``build`` returns, kept (a None key: built,
        not kept). Two threads may build the same entry at once; both answers are the same."""
        if key is None:
            return build()
        found = self.get(key)
        if found is None:
            found = build()
            self.put(key, found)
        return found

    def keys_now(self) -> list[K]:
        """The keys kept now, least recently used first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class RecentFor(Generic[T]):
    """The ``size`` most recently used entries, each kept for a particular tuple of objects.

    Objects are told apart by identity, not equality (SQL expressions overload ``==``), and are
    held with their entry, so that while it is kept no other object can take their ids.
    """

    def __init__(self, size: int) -> None:
        self._recent: Recent[tuple[int, ...], tuple[tuple[object, ...], T]] = Recent(size)

    def get(self, objects: tuple[object, ...]) -> T | None:
        found = self._recent.get(tuple(map(id, objects)))
        if found is None or any(a is not b for a, b in zip(found[0], objects, strict=True)):
            return None
        return found[1]

    def put(self, objects: tuple[object, ...], value: T) -> None:
        self._recent.put(tuple(map(id, objects)), (objects, value))

"""Exact counts, computed once per data version.

Both APIs promise an exact total with every page. Over most of a large directory that total is a
pass over hundreds of thousands of rows (docs/benchmark.md), while the rows it counts change only
when someone writes. So a count is kept, per engine, under the statement that produced it (its
structure and every parameter value) and the data version (``roster.db.changes``) it was read at.
Any write to the data gives the version a number it has never had, and every count kept under an
older number is never looked up again.

The version is read before the count. A write that commits between the two makes the count newer
than the version it is filed under, never older, and the next reader already sees the new number.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from roster.db.changes import data_version
from roster.db.frozen import Unfreezable, frozen
from roster.db.per_engine import PerEngine
from roster.db.reading import read
from roster.db.recent import Recent

# Distinct (statement, parameters) pairs kept per engine. Each holds its statement's cache key, a
# nested tuple that mostly shares its parts with SQLAlchemy's own statement cache.
CAPACITY = 4096


class _Pending:
    __slots__ = ("done", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: int | None = None


class CountCache:
    """Counts kept per (data version, statement), least recently used first out, shared by the
    threads of one process."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._entries: Recent[Hashable, int] = Recent(capacity)
        # The row each count statement last read, under any data version: what a planner may be
        # told of the rows a list holds (``roster.people.repository``), never an answer.
        self._latest: Recent[Hashable, tuple[int, ...]] = Recent(capacity)
        self._pending: dict[Hashable, _Pending] = {}
        self._lock = threading.Lock()  # over the pending counts

    def get(self, key: Hashable) -> int | None:
        return self._entries.get(key)

    def put(self, key: Hashable, value: int) -> None:
        self._entries.put(key, value)

    def latest(self, identity: Hashable) -> tuple[int, ...] | None:
        """The row the count statement ``identity`` read last, at whatever data version: the
        count, then any other whole numbers the statement asks for beside it."""
        return self._latest.get(identity)

    def note_latest(self, identity: Hashable, row: tuple[int, ...]) -> None:
        self._latest.put(identity, row)

    def get_or_count(self, key: Hashable, count: Callable[[], int]) -> int:
        """The kept value, or ``count()``; threads asking for a count already under way wait for
        it rather than run the same long statement side by side."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                return value
            pending = self._pending.get(key)
            leading = pending is None
            if pending is None:
                pending = self._pending[key] = _Pending()
        if not leading:
            pending.done.wait()
            if pending.value is not None:
                return pending.value
            return count()  # the count under way failed; this thread tries on its own
        try:
            value = count()
            pending.value = value
            self._entries.put(key, value)
            return value
        finally:
            with self._lock:
                self._pending.pop(key, None)
            pending.done.set()

    def __len__(self) -> int:
        return len(self._entries)


_CACHES = PerEngine(CountCache)


def cache_for(session: Session) -> CountCache:
    return _CACHES.of(session)


class StatementIdentity:
    """A statement's structure and parameter values, hashed once.

    The structure is SQLAlchemy's cache key, a tuple nested a dozen levels deep for a list under
    the visibility predicate; Python hashes a tuple anew each time it is looked up, and a list
    page looked its count's up two or three times (docs/benchmark.md, item 30). A list keeps its
    identities (``people.repository.PeopleQuery``), so each later lookup finds the same object
    and compares by identity; an equal identity taken again compares by value.
    """

    __slots__ = ("_hash", "key")

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key
        self._hash = hash(key)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, StatementIdentity):
            return NotImplemented
        return self._hash == other._hash and self.key == other.key

    def __repr__(self) -> str:
        return f"StatementIdentity({self._hash:#x})"


def statement_key(stmt: Select[Any]) -> StatementIdentity | None:
    """What makes two count statements the same count: their structure and parameter values."""
    cache_key = stmt._generate_cache_key()  # SQLAlchemy's own statement-cache key
    if cache_key is None:  # a construct that cannot be cached: never reuse its answer
        return None
    try:
        values = tuple(frozen(bind.effective_value) for bind in cache_key.bindparams)
    except Unfreezable:  # a parameter with no immutable twin: never reuse its answer
        return None
    return StatementIdentity((cache_key.key, values))


_UNTAKEN: Hashable = object()


class ExactCount:
    """A count to be answered later, identified now.

    The identity is taken when the count is set up, before any other statement of the request
    runs: compiling a statement for the first time can annotate the clauses it shares with the
    count, which would give the first request's count a different key from every later one's.
    """

    __slots__ = ("_identity", "_session", "_stmt")

    def __init__(self, session: Session, stmt: Select[Any], identity: Hashable = _UNTAKEN) -> None:
        """``identity``: ``statement_key(stmt)``, when the caller took it already (None too: a
        count never to be kept)."""
        self._session = session
        self._stmt = stmt
        self._identity = statement_key(stmt) if identity is _UNTAKEN else identity

    def value(self) -> int:
        """The count as of this transaction's data version (one statement when already known)."""
        if self._identity is None:
            return self._count()
        key = (data_version(self._session), self._identity)
        return cache_for(self._session).get_or_count(key, self._count)

    def _count(self) -> int:
        row = tuple(int(value or 0) for value in read(self._session, self._stmt)[0])
        if self._identity is not None:
            cache_for(self._session).note_latest(self._identity, row)
        return row[0]

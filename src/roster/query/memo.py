"""Statements built for one request, kept for the next request that would build the same ones.

A list's count and page statements depend only on who asks and what the request says (its
filters' parsed values, its order); the page number is a bind parameter. Building them and
SQLAlchemy's cache key for each anew was a large share of a cheap list request
(docs/benchmark.md, item 14), although a client paging through a list asks for the same
statements on every page.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, TypeVar

from roster.db.frozen import Unfreezable, frozen
from roster.db.per_engine import PerEngine
from roster.db.recent import Recent

T = TypeVar("T")

# Lists kept per worker, per API. Each holds a few statements and their cache keys: about 60 KB
# (measured with tracemalloc over 256 lists of each API), so at most about 8 MB per API.
LISTINGS_KEPT = 128


def kept_lists() -> PerEngine[Recent[Hashable, T]]:
    """A dialect's kept lists: per database, since a list's statements are written for the
    database that runs them (values written in on PostgreSQL, likelihood hints on SQLite), and
    one process may serve more than one database (the benchmark's capture does)."""
    return PerEngine(lambda: Recent(LISTINGS_KEPT))


def request_key(*parts: Any) -> Hashable | None:
    """The key of what a request builds from ``parts``, or None when a part cannot be frozen."""
    try:
        return tuple(frozen(part) for part in parts)
    except Unfreezable:
        return None

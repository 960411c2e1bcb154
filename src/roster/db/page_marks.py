"""Where pages end, kept per data version, so a later page can seek instead of skip.

After a page is read, the sort-key values of its last row are kept under the page statement
(its structure and parameter values, without LIMIT and OFFSET) and the data version the request
read (``roster.db.changes``), together with the position that row ends at. A request for a page
at or beyond a kept position starts right after that row (``roster.query.keyset``) and skips only
the rest. A client paging through a directory in order thus pays for one page per page instead
of for every page before it; any write makes every kept mark unreachable, as it does counts
(``roster.db.counts``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from roster.db.per_engine import PerEngine

# Distinct (statement, version) pairs kept per engine, and positions kept for each.
STATEMENTS = 1024
MARKS_PER_STATEMENT = 64


class PageMarks:
    """For each (statement, version): position -> sort-key values of the row ending there."""

    def __init__(self, statements: int = STATEMENTS, marks: int = MARKS_PER_STATEMENT) -> None:
        self._statements = statements
        self._marks = marks
        self._entries: OrderedDict[Hashable, OrderedDict[int, tuple[Any, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def nearest(self, key: Hashable, position: int) -> tuple[int, tuple[Any, ...]] | None:
        """The kept mark closest before or at ``position``: (its position, its values)."""
        with self._lock:
            marks = self._entries.get(key)
            if marks is None:
                return None
            self._entries.move_to_end(key)
            best = max((p for p in marks if p <= position), default=None)
            if best is None:
                return None
            marks.move_to_end(best)
            return best, marks[best]

    def keep(self, key: Hashable, position: int, values: Sequence[Any]) -> None:
        if position <= 0:
            return
        with self._lock:
            marks = self._entries.get(key)
            if marks is None:
                marks = self._entries[key] = OrderedDict()
            self._entries.move_to_end(key)
            marks[position] = tuple(values)
            marks.move_to_end(position)
            while len(marks) > self._marks:
                marks.popitem(last=False)
            while len(self._entries) > self._statements:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


MARKS = PerEngine(PageMarks)


def marks_for(session: Session) -> PageMarks:
    return MARKS.of(session)

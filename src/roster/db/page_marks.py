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

from collections.abc import Hashable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from roster.db.per_engine import PerEngine
from roster.db.recent import Recent

# Distinct (statement, version) pairs kept per engine, and positions kept for each.
STATEMENTS = 1024
MARKS_PER_STATEMENT = 64


class PageMarks:
    """For each (statement, version): position -> sort-key values of the row ending there."""

    def __init__(self, statements: int = STATEMENTS, marks: int = MARKS_PER_STATEMENT) -> None:
        self._marks = marks
        self._statements: Recent[Hashable, Recent[int, tuple[Any, ...]]] = Recent(statements)

    def nearest(self, key: Hashable, position: int) -> tuple[int, tuple[Any, ...]] | None:
        """The kept mark closest before or at ``position``: (its position, its values)."""
        marks = self._statements.get(key)
        if marks is None:
            return None
        best = max((p for p in marks.keys_now() if p <= position), default=None)
        if best is None:
            return None
        values = marks.get(best)
        return None if values is None else (best, values)

    def keep(self, key: Hashable, position: int, values: Sequence[Any]) -> None:
        if position <= 0:
            return
        # Two threads keeping a statement's first marks at once may each start its map, and one
        # map is lost: a later page then seeks from further back, to the same rows.
        marks = self._statements.get_or_build(key, lambda: Recent(self._marks))
        marks.put(position, tuple(values))

    def __len__(self) -> int:
        return len(self._statements)


MARKS = PerEngine(PageMarks)


def marks_for(session: Session) -> PageMarks:
    return MARKS.of(session)

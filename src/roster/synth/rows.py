"""The unit the generator hands to the writer: rows per table plus the files they refer to."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass
class Chunk:
    """Rows for some tables, complete enough to insert once every earlier chunk is in.

    ``units`` is how far the chunk moves the progress bar, in the phase named by ``phase``.
    """

    phase: str
    units: int = 0
    rows: defaultdict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    blobs: list[tuple[str, bytes]] = field(default_factory=list)

    def add(self, table: str, row: Row) -> None:
        self.rows[table].append(row)


class Ids:
    """Explicit primary keys, one counter per table, so rows can refer to each other up front."""

    def __init__(self) -> None:
        self._counters: dict[str, Iterator[int]] = {}

    def next(self, table: str) -> int:
        counter = self._counters.get(table)
        if counter is None:
            counter = self._counters[table] = itertools.count(1)
        return next(counter)

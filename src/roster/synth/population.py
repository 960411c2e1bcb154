"""Who is who, kept compactly while people are generated, for the phases that come after.

A million users must not mean a million Python objects: ids live in ``array('q')`` pools, in id
order, so "people who existed at time t" is a prefix of a pool (see Timeline.existing_at).
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field


def _ids() -> array[int]:
    return array("q")


@dataclass
class Population:
    host: array[int] = field(default_factory=_ids)  # host people, service accounts excluded
    leads: array[int] = field(default_factory=_ids)  # active host people at project_lead or above
    admins: array[int] = field(default_factory=_ids)  # active host administrators
    placeholders: array[int] = field(default_factory=_ids)
    contacts: array[int] = field(default_factory=_ids)  # users without any account membership
    members: dict[int, array[int]] = field(default_factory=dict)  # client and partner accounts

    def account_pool(self, account_id: int) -> array[int]:
        pool = self.members.get(account_id)
        if pool is None:
            pool = self.members[account_id] = array("q")
        return pool


def prefix(pool: array[int], last_id: int, at_least: int = 1) -> int:
    """How many ids of ``pool`` are <= ``last_id``, but at least ``at_least`` when there are any.

    The floor keeps the earliest records from having nobody to work with; their join dates are
    then clamped so that nothing predates the person it involves.
    """
    return min(len(pool), max(at_least, bisect_right(pool, last_id)))


def pick(rng: random.Random, pool: array[int], size: int) -> int:
    return pool[int(rng.random() * size)]


class ManagerTree:
    """Grows the management tree as people join: each newcomer reports to an existing manager.

    A manager takes at most ``span`` direct reports, after which they leave the candidate lists.
    New managers only report to managers above ``depth - 1``, so chains of managers cannot grow
    without bound and the deepest individual contributor sits ``depth`` levels below the owner,
    about as deep as real organisations get at a million people.
    """

    def __init__(self, rng: random.Random, span: int, depth: int) -> None:
        self._rng = rng
        self._span = span
        self._depth = depth
        self._open: list[int] = []  # managers with room for another report
        self._upper: list[int] = []  # those of them high enough to take on another manager
        self._reports: dict[int, int] = {}
        self._level: dict[int, int] = {}
        self.department: dict[int, int] = {}  # a manager's department index, for their reports

    def add(self, manager_id: int, department: int, reports_to: int | None) -> None:
        level = 0 if reports_to is None else self._level[reports_to] + 1
        self._level[manager_id] = level
        self._reports[manager_id] = 0
        self.department[manager_id] = department
        self._open.append(manager_id)
        if level < self._depth - 1:
            self._upper.append(manager_id)

    def pick(self, for_manager: bool) -> int | None:
        """A manager for a newcomer (who will manage people themself if ``for_manager``)."""
        candidates = self._upper if for_manager else self._open
        while candidates:
            index = int(self._rng.random() * len(candidates))
            manager = candidates[index]
            if self._reports[manager] < self._span:
                self._reports[manager] += 1
                return manager
            candidates[index] = candidates[-1]
            candidates.pop()
        return None

"""Random draws with exact totals, so that even a small organisation has every kind of person.

Independent coin flips can leave a 60-person organisation without a single disabled member or
service account. Sequential sampling (Knuth's algorithm S) instead hands out an exact number of
each kind, spread uniformly at random over the sequence, without holding the sequence in memory.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Quota:
    """Answers True exactly ``hits`` times in ``draws`` calls, at uniformly random positions."""

    def __init__(self, rng: random.Random, hits: int, draws: int) -> None:
        if not 0 <= hits <= draws:
            raise ValueError(f"cannot place {hits} hits in {draws} draws")
        self._rng = rng
        self._hits = hits
        self._draws = draws

    def __call__(self) -> bool:
        if self._draws <= 0:
            return False
        hit = self._rng.random() * self._draws < self._hits
        self._draws -= 1
        if hit:
            self._hits -= 1
        return hit


class Allotment(Generic[T]):
    """Deals out kinds in exact numbers (``counts``), in a uniformly random order."""

    def __init__(self, rng: random.Random, counts: dict[T, int]) -> None:
        self._rng = rng
        self._kinds = list(counts)
        self._left = [counts[kind] for kind in self._kinds]
        self._total = sum(self._left)

    def __call__(self) -> T:
        if self._total <= 0:
            raise IndexError("every kind has been dealt")
        pick = self._rng.random() * self._total
        for index, left in enumerate(self._left):
            if pick < left:
                self._left[index] -= 1
                self._total -= 1
                return self._kinds[index]
            pick -= left
        # Floating-point rounding can run past the end; the last kind with any left takes it.
        index = max(i for i, left in enumerate(self._left) if left > 0)
        self._left[index] -= 1
        self._total -= 1
        return self._kinds[index]


# The standard library's choice, randint and choices spend most of their time on argument
# handling and rejection sampling; at tens of millions of draws per run these one-liners on
# rng.random() make generation several times faster. Their bias is far below what matters here.
def choice(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def randint(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], both ends included, like random.randint."""
    return low + int(rng.random() * (high - low + 1))


class Weighted(Generic[T]):
    """A fixed weighted choice, with the cumulative weights computed once."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self._cumulative = list(itertools.accumulate(weights))
        self._total = self._cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self.items[min(index, len(self.items) - 1)]


def sample_distinct(rng: random.Random, pool: Sequence[T], count: int, limit: int = 0) -> list[T]:
    """Up to ``count`` distinct items from the first ``limit`` of ``pool`` (all of it if 0).

    Rejection sampling rather than ``random.sample``: the pools hold up to a million ids and
    ``count`` is small, so this stays O(count) instead of copying the pool.
    """
    size = min(limit or len(pool), len(pool))
    if size <= 0 or count <= 0:
        return []
    if count * 2 >= size:
        return rng.sample(list(pool[:size]), min(count, size))
    seen: dict[T, None] = {}
    while len(seen) < count:
        seen[pool[int(rng.random() * size)]] = None
    return list(seen)


class Showcase:
    """Makes every optional feature appear at least once, however small the organisation.

    Until a feature has been ``shown``, ``wants`` says yes and ``count`` asks for at least one;
    afterwards they follow the given odds. Callers mark a feature shown only once they have
    actually written a row for it, since a candidate can turn out to have nothing to give.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._shown: set[str] = set()

    def wants(self, feature: str, odds: float) -> bool:
        return self._rng.random() < odds or feature not in self._shown

    def count(self, feature: str, count: int) -> int:
        return count if feature in self._shown else max(count, 1)

    def shown(self, feature: str) -> None:
        self._shown.add(feature)

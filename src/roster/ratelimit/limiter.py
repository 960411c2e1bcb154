"""Fixed-window counting: windows are aligned to multiples of their length since the epoch.

Aligned windows need no per-token start to be stored or agreed on: every worker computes the same
window from the clock, and the counter backends only count hits in it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from roster.errors import RosterError


@dataclass(frozen=True, slots=True)
class Verdict:
    limit: int
    hits: int  # this request included
    # Whole seconds until the window ends (at least 1): what Reset and Retry-After carry.
    reset_after: int

    @property
    def allowed(self) -> bool:
        return self.hits <= self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.hits)


class RateLimited(RosterError):
    status_code = 429

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(f"rate limit exceeded; try again in {verdict.reset_after} seconds")
        self.verdict = verdict
        self.retry_after = verdict.reset_after


class Counter(Protocol):
    def hit(self, key: str, window_start: int, window: int) -> tuple[int, int] | None:
        """Count one hit in the window starting at ``window_start``.

        Returns the hits counted so far in the window the backend holds, and that window's start
        (a worker whose clock runs behind another's is answered for the newer window); or None
        when the backend could not count, and the request goes unlimited.
        """
        ...


class FixedWindowLimiter:
    def __init__(
        self,
        counter: Counter,
        *,
        limit: int,
        window: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.counter = counter
        self.limit = limit
        self.window = window
        self.clock = clock

    def hit(self, token_id: int) -> Verdict | None:
        now = self.clock()
        window_start = int(now // self.window) * self.window
        counted = self.counter.hit(f"token:{token_id}", window_start, self.window)
        if counted is None:
            return None
        hits, counted_start = counted
        reset_after = min(self.window, max(1, math.ceil(counted_start + self.window - now)))
        return Verdict(limit=self.limit, hits=hits, reset_after=reset_after)


def headers(verdict: Verdict, prefixes: tuple[str, ...]) -> dict[str, str]:
    """The Limit / Remaining / Reset headers, once per spelling a dialect's clients read."""
    values = {
        "Limit": str(verdict.limit),
        "Remaining": str(verdict.remaining),
        "Reset": str(verdict.reset_after),
    }
    return {prefix + name: value for prefix in prefixes for name, value in values.items()}

"""When things happened. Every timestamp is a function of the seed, never of the wall clock.

The organisation was founded ``HISTORY`` before a fixed reference moment and grew with the square
of time, so more people joined recently than in the early years. Ids are handed out in creation
order, which makes a record's creation time a pure function of its id: any part of the generator
can tell when a user joined without keeping a table of join dates.

Hot paths do their arithmetic on whole epoch seconds and convert with ``at`` only when a row
needs a datetime: aware-datetime arithmetic costs several times more per call.
"""

from __future__ import annotations

import datetime as dt
import math
import random

REFERENCE = dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC)
HISTORY = dt.timedelta(days=12 * 365)
FOUNDED = REFERENCE - HISTORY
REFERENCE_S = int(REFERENCE.timestamp())
FOUNDED_S = int(FOUNDED.timestamp())
DAY_S = 86_400
# The newest records are a couple of days old, so "recent activity" lies between them and now.
_SPAN_S = REFERENCE_S - FOUNDED_S - 2 * DAY_S


def at(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


class Timeline:
    """Creation times for ``count`` records of one kind, spread over the organisation's history."""

    def __init__(self, count: int) -> None:
        self._count = max(count, 1)

    def created_s(self, record_id: int) -> int:
        return FOUNDED_S + int(_SPAN_S * math.sqrt((record_id - 1) / self._count))

    def created(self, record_id: int) -> dt.datetime:
        return at(self.created_s(record_id))

    def existing_at(self, moment: dt.datetime) -> int:
        """How many records of this kind had been created by ``moment``."""
        fraction = max(0.0, (moment.timestamp() - FOUNDED_S) / _SPAN_S)
        return min(self._count, int(self._count * fraction * fraction) + 1)


def moment(rng: random.Random, low: int, high: int) -> int:
    """A whole second in [low, high) (epoch seconds); ``low`` when the interval is empty."""
    return low + int(rng.random() * (high - low)) if high > low else low


def between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A whole-second moment in [start, end]; ``start`` when the interval is empty."""
    seconds = int((end - start).total_seconds())
    if seconds <= 0:
        return start
    return start + dt.timedelta(seconds=int(rng.random() * seconds))


def recent(rng: random.Random, floor: int, mean_days: float) -> dt.datetime:
    """A moment before REFERENCE, exponentially more likely to be recent, never before ``floor``."""
    back = int(rng.expovariate(1.0 / mean_days) * DAY_S)
    return at(max(floor, REFERENCE_S - back))


def monday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())

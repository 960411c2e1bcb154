"""Work capacity: the hours a user can work on each day of a range.

The rule (reference §1.5, Kantata KB "Custom Workweeks Overview" and "Add Time Off"):

- the workweek in effect on a day is the user's own workweek membership with the latest
  ``start_date`` on or before that day; failing that, the account's default workweek
  (``default`` true) with the latest ``start_date`` on or before it; failing both, no hours.
  A day gives that weekday's minutes / 60. Two candidates starting on the same day: the later
  created (higher id) wins, as it replaced the other. For a user's own workweek the
  membership's ``start_date`` counts, not the workweek's;
- a day inside a holiday (``start_date``..``end_date`` inclusive) of a calendar the user belongs to
  gives no hours; a holiday ending before it starts covers no day;
- time off entered for the day (all entries, summed) is taken off; the result never goes below 0.

``daily_hours`` is pure; ``load_capacity_inputs`` reads everything a range needs in a fixed
number of statements, whatever the range's length. Arithmetic is exact (fractions) and only the
final value becomes a float, so 500 minutes less 0.33 h is the float nearest 8.00333....
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roster.models import (
    WEEKDAY_COLUMNS,
    Holiday,
    HolidayCalendarMembership,
    TimeOffEntry,
    Workweek,
    WorkweekMembership,
)

MINUTES_PER_HOUR = 60


@dataclass(frozen=True, slots=True)
class WorkweekPeriod:
    """A workweek in effect from ``start_date`` until another period replaces it."""

    start_date: dt.date
    minutes: tuple[int, int, int, int, int, int, int]  # Monday first, as date.weekday()
    order: int = 0  # tie-breaker between periods starting the same day: the higher wins


@dataclass(frozen=True, slots=True)
class CapacityInputs:
    own_workweeks: Sequence[WorkweekPeriod] = ()
    default_workweeks: Sequence[WorkweekPeriod] = ()
    holidays: Sequence[tuple[dt.date, dt.date]] = ()  # (start_date, end_date), inclusive
    time_off: Mapping[dt.date, Decimal] = field(default_factory=dict)  # hours, summed per day


def days_in(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _in_effect(periods: Sequence[WorkweekPeriod], day: dt.date) -> WorkweekPeriod | None:
    started = [p for p in periods if p.start_date <= day]
    return max(started, key=lambda p: (p.start_date, p.order), default=None)


def workweek_on(inputs: CapacityInputs, day: dt.date) -> WorkweekPeriod | None:
    """The user's own workweek in effect on ``day``, else the account default's, else None."""
    return _in_effect(inputs.own_workweeks, day) or _in_effect(inputs.default_workweeks, day)


def _holiday_days(
    holidays: Sequence[tuple[dt.date, dt.date]], start: dt.date, end: dt.date
) -> set[dt.date]:
    covered: set[dt.date] = set()
    for first, last in holidays:
        first, last = max(first, start), min(last, end)
        covered.update(days_in(first, last) if first <= last else ())
    return covered


def daily_hours(start: dt.date, end: dt.date, inputs: CapacityInputs) -> dict[dt.date, float]:
    """Available hours for every day from ``start`` to ``end`` inclusive, in date order."""
    holidays = _holiday_days(inputs.holidays, start, end)
    hours: dict[dt.date, float] = {}
    for day in days_in(start, end):
        workweek = workweek_on(inputs, day)
        if workweek is None or day in holidays:
            hours[day] = 0.0
            continue
        available = Fraction(workweek.minutes[day.weekday()], MINUTES_PER_HOUR)
        available -= Fraction(inputs.time_off.get(day, Decimal(0)))
        hours[day] = float(max(available, Fraction(0)))
    return hours


# --- repository: everything a range needs, in four statements -----------------------------------

_MINUTE_COLUMNS = [getattr(Workweek, name) for name in WEEKDAY_COLUMNS]


def _period(start_date: dt.date, order: int, minutes: Sequence[int]) -> WorkweekPeriod:
    m = tuple(int(value or 0) for value in minutes)
    return WorkweekPeriod(start_date, (m[0], m[1], m[2], m[3], m[4], m[5], m[6]), order)


def load_capacity_inputs(
    session: Session, *, user_id: int, account_id: int | None, start: dt.date, end: dt.date
) -> CapacityInputs:
    """The workweeks, holidays and time off that decide ``user_id``'s hours from start to end.

    Workweeks starting after ``end`` cannot matter; all earlier ones are read, since the one in
    effect on ``start`` may have started long before it.
    """
    own = session.execute(
        select(WorkweekMembership.start_date, WorkweekMembership.id, *_MINUTE_COLUMNS)
        .join(Workweek, Workweek.id == WorkweekMembership.workweek_id)
        .where(WorkweekMembership.user_id == user_id, WorkweekMembership.start_date <= end)
    ).all()
    # A user on no account (a contact) matches no default workweek: account_id IS NULL.
    defaults = session.execute(
        select(Workweek.start_date, Workweek.id, *_MINUTE_COLUMNS).where(
            Workweek.account_id == account_id,
            Workweek.default.is_(True),
            Workweek.start_date <= end,
        )
    ).all()
    holidays = session.execute(
        select(Holiday.start_date, Holiday.end_date)
        .join(
            HolidayCalendarMembership,
            HolidayCalendarMembership.holiday_calendar_id == Holiday.holiday_calendar_id,
        )
        .where(
            HolidayCalendarMembership.user_id == user_id,
            Holiday.start_date <= end,
            Holiday.end_date >= start,
        )
    ).all()
    time_off = session.execute(
        select(TimeOffEntry.requested_date, func.sum(TimeOffEntry.hours))
        .where(
            TimeOffEntry.user_id == user_id,
            TimeOffEntry.requested_date >= start,
            TimeOffEntry.requested_date <= end,
        )
        .group_by(TimeOffEntry.requested_date)
    ).all()
    return CapacityInputs(
        own_workweeks=[_period(row[0], row[1], row[2:]) for row in own],
        default_workweeks=[_period(row[0], row[1], row[2:]) for row in defaults],
        holidays=[(row.start_date, row.end_date) for row in holidays],
        time_off={row[0]: Decimal(str(row[1])) for row in time_off},
    )

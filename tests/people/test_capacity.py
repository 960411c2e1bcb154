"""The pure capacity rule: which workweek is in effect, holidays, time off, and exactness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from roster.people.capacity import (
    CapacityInputs,
    WorkweekPeriod,
    daily_hours,
    days_in,
    workweek_on,
)

MONDAY = dt.date(2024, 1, 1)
FULL_TIME = (480, 480, 480, 480, 480, 0, 0)
HALF_TIME = (240, 240, 240, 240, 240, 0, 0)


def _day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def _week(inputs: CapacityInputs) -> list[float]:
    return list(daily_hours(_day(0), _day(6), inputs).values())


def test_days_in_is_inclusive_and_ordered() -> None:
    assert days_in(_day(0), _day(2)) == [_day(0), _day(1), _day(2)]
    assert days_in(_day(3), _day(3)) == [_day(3)]


def test_the_latest_own_period_started_wins_then_the_latest_default() -> None:
    inputs = CapacityInputs(
        own_workweeks=[WorkweekPeriod(_day(2), HALF_TIME)],
        default_workweeks=[
            WorkweekPeriod(_day(-30), FULL_TIME),
            WorkweekPeriod(_day(1), (60,) * 7),
        ],
    )
    assert workweek_on(inputs, _day(-31)) is None
    assert workweek_on(inputs, _day(0)) == WorkweekPeriod(_day(-30), FULL_TIME)
    assert workweek_on(inputs, _day(1)) == WorkweekPeriod(_day(1), (60,) * 7)
    assert workweek_on(inputs, _day(2)) == WorkweekPeriod(_day(2), HALF_TIME)
    assert _week(inputs) == [8.0, 1.0, 4.0, 4.0, 4.0, 0.0, 0.0]


def test_periods_starting_the_same_day_are_decided_by_order() -> None:
    inputs = CapacityInputs(
        default_workweeks=[
            WorkweekPeriod(MONDAY, HALF_TIME, order=7),
            WorkweekPeriod(MONDAY, FULL_TIME, order=3),
        ]
    )
    assert _week(inputs)[0] == 4.0


def test_holidays_clip_to_the_range_and_a_reversed_one_covers_nothing() -> None:
    inputs = CapacityInputs(
        default_workweeks=[WorkweekPeriod(MONDAY, FULL_TIME)],
        holidays=[(_day(-3), _day(0)), (_day(3), _day(2)), (_day(4), _day(40))],
    )
    assert _week(inputs) == [0.0, 8.0, 8.0, 8.0, 0.0, 0.0, 0.0]


def test_time_off_is_subtracted_exactly_and_clamped() -> None:
    inputs = CapacityInputs(
        default_workweeks=[WorkweekPeriod(MONDAY, (500, 480, 480, 0, 480, 0, 0))],
        time_off={_day(0): Decimal("0.33"), _day(1): Decimal("9"), _day(3): Decimal("2")},
    )
    hours = _week(inputs)
    assert hours[0] == float(Fraction(500, 60) - Fraction("0.33"))
    assert hours[1:4] == [0.0, 8.0, 0.0]


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31))
minutes = st.tuples(*(st.integers(min_value=0, max_value=1440) for _ in range(7)))
periods = st.lists(
    st.builds(WorkweekPeriod, dates, minutes, st.integers(min_value=0, max_value=5)), max_size=4
)
spans = st.lists(st.tuples(dates, dates), max_size=4)
time_off = st.dictionaries(
    dates, st.decimals(min_value=0, max_value=24, places=2, allow_nan=False), max_size=6
)


@given(
    start=dates,
    length=st.integers(min_value=0, max_value=60),
    own=periods,
    defaults=periods,
    holidays=spans,
    off=time_off,
)
def test_every_day_is_answered_within_its_workweek(
    start: dt.date,
    length: int,
    own: list[WorkweekPeriod],
    defaults: list[WorkweekPeriod],
    holidays: list[tuple[dt.date, dt.date]],
    off: dict[dt.date, Decimal],
) -> None:
    end = start + dt.timedelta(days=length)
    inputs = CapacityInputs(own, defaults, holidays, off)
    hours = daily_hours(start, end, inputs)
    assert list(hours) == days_in(start, end)
    for day, value in hours.items():
        workweek = workweek_on(inputs, day)
        ceiling = workweek.minutes[day.weekday()] / 60 if workweek else 0.0
        assert 0.0 <= value <= ceiling
        if any(first <= day <= last for first, last in holidays):
            assert value == 0.0
        elif day not in off and workweek is not None:
            assert value == workweek.minutes[day.weekday()] / 60


@given(start=dates, length=st.integers(min_value=0, max_value=40), own=periods, defaults=periods)
def test_a_sub_range_answers_the_same_as_the_whole(
    start: dt.date, length: int, own: list[WorkweekPeriod], defaults: list[WorkweekPeriod]
) -> None:
    end = start + dt.timedelta(days=length)
    inputs = CapacityInputs(own, defaults)
    whole = daily_hours(start, end, inputs)
    middle = start + dt.timedelta(days=length // 2)
    assert daily_hours(middle, end, inputs) == {d: v for d, v in whole.items() if d >= middle}

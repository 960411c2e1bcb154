"""The wire format of timestamps both dialects share: what ``wire_json`` writes for a value
``timestamp`` hands it."""

from __future__ import annotations

import datetime as dt

import orjson
from hypothesis import given
from hypothesis import strategies as st

from roster.dialects.formats import wire_json
from tests.dialects.wire_helpers import written

_OFFSETS = st.integers(min_value=-23 * 60, max_value=23 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


def test_nothing_is_null() -> None:
    assert written(None) is None


def test_naive_values_are_taken_as_utc_to_the_second() -> None:
    assert written(dt.datetime(2024, 1, 31, 9, 5, 7, 999_999)) == "2024-01-31T09:05:07Z"


def test_aware_values_are_written_in_utc() -> None:
    assert written(dt.datetime(2024, 1, 31, 9, 0, tzinfo=dt.UTC)) == "2024-01-31T09:00:00Z"
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert written(dt.datetime(2024, 1, 1, 1, 30, tzinfo=plus_two)) == "2023-12-31T23:30:00Z"


def test_early_years_keep_four_digits() -> None:
    assert written(dt.datetime(987, 6, 5, 4, 3, 2)) == "0987-06-05T04:03:02Z"


def test_the_writer_keeps_dates_and_integer_keys() -> None:
    body = {1: dt.date(2024, 2, 29), "n": None}
    assert orjson.loads(wire_json(body)) == {"1": "2024-02-29", "n": None}


@given(st.datetimes(min_value=dt.datetime(1000, 1, 2), max_value=dt.datetime(9999, 12, 30)))
def test_a_naive_value_reads_as_strftime_writes_it(value: dt.datetime) -> None:
    assert written(value) == value.strftime("%Y-%m-%dT%H:%M:%SZ")


@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    _OFFSETS,
)
def test_an_aware_value_is_the_same_moment_in_utc(value: dt.datetime, zone: dt.tzinfo) -> None:
    aware = value.replace(tzinfo=zone)
    text = written(aware)
    assert text is not None
    back = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert back == aware.replace(microsecond=0)

"""roster.synth.writer: the fast SQLite datetime conversion matches SQLAlchemy's own."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from roster.synth.writer import sqlite_datetime

DIALECT = sqlite.dialect()
SQLALCHEMY = DateTime(timezone=True).dialect_impl(DIALECT).bind_processor(DIALECT)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2013, 9, 4, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC),
        dt.datetime(2020, 2, 29, 0, 0, 0, 1, tzinfo=dt.UTC),
        dt.datetime(1999, 1, 1, 12, 30),
    ],
)
def test_datetimes_are_stored_as_sqlalchemy_would_store_them(value: dt.datetime) -> None:
    assert SQLALCHEMY is not None
    assert sqlite_datetime(value) == SQLALCHEMY(value)

"""Assertions shared by the loader tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from roster.fixtures import FixtureError, load_fixture
from roster.models import Base


def utc(value: dt.datetime) -> dt.datetime:
    """A timestamp read back from either engine, in UTC (SQLite returns naive UTC values)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def table_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }


def refuse(connection: Connection, data: Mapping[str, Any]) -> list[str]:
    """Load ``data``, expecting a refusal that writes nothing; return the problem lines."""
    before = table_counts(connection)
    with pytest.raises(FixtureError) as caught:
        load_fixture(connection, data)
    assert table_counts(connection) == before, "a refused fixture wrote rows"
    return [str(problem) for problem in caught.value.problems]

"""Wire formats shared by both dialects: the JSON writer, timestamps and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

# orjson writes datetimes itself, in the form both dialects use: 2024-01-31T09:00:00Z. A naive
# value is UTC (SQLite hands back naive UTC), an aware one at offset zero ends in Z, and
# fractions of a second are dropped, as ``isoformat(timespec="seconds")`` drops them. Years
# before 1000 keep four digits, as ISO 8601 has them.
_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z | orjson.OPT_OMIT_MICROSECONDS
)


def wire_json(body: Any) -> bytes:
    """A response body as both dialects write it."""
    return orjson.dumps(body, option=_OPTIONS)


def timestamp(value: dt.datetime | None) -> dt.datetime | None:
    """The moment ``wire_json`` writes as UTC to the second with a Z: 2024-01-31T09:00:00Z.

    A page holds hundreds of these; formatting each with ``isoformat`` here took 0.8 M of the
    17.2 M instructions of a Teamwork page of fifty people (docs/benchmark.md, item 27). Only a
    value at another offset than UTC is converted; orjson would write it with that offset.
    """
    if value is None or value.tzinfo is None or not value.utcoffset():
        return value
    return value.astimezone(dt.UTC)


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None

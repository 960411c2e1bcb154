"""Wire formats shared by both dialects: timestamps and dates."""

from __future__ import annotations

import datetime as dt


def timestamp(value: dt.datetime | None) -> str | None:
    """UTC, second precision, with a Z: 2024-01-31T09:00:00Z. SQLite hands back naive UTC.

    A page formats hundreds of these: ``isoformat`` takes half the time of ``strftime`` (and
    writes years before 1000 with four digits, as ISO 8601 has them), and only what is not UTC
    already is converted.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        return value.isoformat(timespec="seconds") + "Z"
    if value.utcoffset():
        value = value.astimezone(dt.UTC)
    # An aware UTC value ends in +00:00.
    return value.isoformat(timespec="seconds")[:-6] + "Z"


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None

"""Wire formats shared by both dialects: timestamps and dates."""

from __future__ import annotations

import datetime as dt

_TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"


def timestamp(value: dt.datetime | None) -> str | None:
    """UTC, second precision, with a Z: 2024-01-31T09:00:00Z. SQLite hands back naive UTC."""
    if value is None:
        return None
    # A page formats hundreds of these: convert only what is not UTC already.
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(dt.UTC)
    return value.strftime(_TIMESTAMP)


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None

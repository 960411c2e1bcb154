"""Wire formats shared by both dialects: timestamps and dates."""

from __future__ import annotations

import datetime as dt


def timestamp(value: dt.datetime | None) -> str | None:
    """UTC, second precision, with a Z: 2024-01-31T09:00:00Z. SQLite hands back naive UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None

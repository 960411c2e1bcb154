"""What a response body carries for a value, as the dialects' shared writer writes it."""

from __future__ import annotations

import datetime as dt

import orjson

from roster.dialects.formats import timestamp, wire_json


def written(value: dt.datetime | None) -> str | None:
    """A timestamp as a response body carries it."""
    found: str | None = orjson.loads(wire_json([timestamp(value)]))[0]
    return found

"""Building blocks of response schemas: a field from a model column, records, maps and errors.

A presented field's nullability comes from the column it is read from, so a column that becomes
optional makes its documented field nullable with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from sqlalchemy.orm import ColumnProperty, QueryableAttribute

from roster.openapi.spec import Reply, Schema, nullable

Wire = Literal["string", "id", "integer", "number", "boolean", "timestamp", "date"]

WIRE: dict[Wire, Schema] = {
    "string": {"type": "string"},
    "id": {"type": "string", "pattern": "^[0-9]+$"},  # an id written as a string (Kantata)
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "timestamp": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
}


def wire(kind: Wire, *, null: bool = False) -> Schema:
    schema = dict(WIRE[kind])
    return nullable(schema) if null else schema


def column(attribute: QueryableAttribute[Any], kind: Wire) -> Schema:
    """The field presented from ``attribute``: null exactly when the column may be."""
    prop = attribute.property
    if not isinstance(prop, ColumnProperty):
        raise TypeError(f"{attribute} is not a column")
    return wire(kind, null=bool(prop.columns[0].nullable))


def record(
    properties: Mapping[str, Schema], *, required: Iterable[str] | None = None, doc: str = ""
) -> Schema:
    """An object with these properties; all of them required unless ``required`` says which.

    Other properties are allowed: a client must ignore a field it does not know.
    """
    schema: Schema = {"type": "object", "properties": dict(properties)}
    names = list(properties) if required is None else list(required)
    if names:
        schema["required"] = names
    if doc:
        schema["description"] = doc
    return schema


def map_of(values: Schema, doc: str = "") -> Schema:
    """An object keyed by id (as a string)."""
    schema: Schema = {"type": "object", "additionalProperties": values}
    if doc:
        schema["description"] = doc
    return schema


def array_of(items: Schema) -> Schema:
    return {"type": "array", "items": items}


# What each error status means, the same in both dialects (the shapes differ).
ERROR_MEANINGS: dict[int, str] = {
    400: "A parameter has a value Roster cannot use; the error names the parameter and what was "
    "expected.",
    401: "The token is missing, unknown or revoked.",
    403: "The requester may see this record but may not do this to it.",
    404: "No such record, or one the requester may not see (never a hint which).",
    413: "The body is too large; the error says the limit.",
    422: "The changes were refused; each error names its field.",
    429: "Too many requests with this token in the current window (only when rate limiting is "
    "configured); try again after Retry-After seconds.",
    503: "The database is unavailable; try again after Retry-After seconds.",
}
ERROR_HEADERS: dict[int, dict[str, str]] = {
    401: {"WWW-Authenticate": "The authentication schemes the dialect accepts."},
    429: {"Retry-After": "Seconds until the window resets."},
    503: {"Retry-After": "Seconds to wait before trying again."},
}
# Any dialect request may be refused by the rate limit (when configured) or find the database
# down, whatever the endpoint.
ALWAYS = (429, 503)


def error_replies(schema: Schema, statuses: Iterable[int]) -> dict[int, Reply]:
    return {
        status: Reply(ERROR_MEANINGS[status], schema, headers=ERROR_HEADERS.get(status, {}))
        for status in sorted(set(statuses))
    }

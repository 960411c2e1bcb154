"""Parameters from the engine's declarations: a ``Filter``, a kind, or a dialect's own record.

A declaration's example and default are raw strings as a client would type them in a URL; the
document carries them as JSON values of the parameter's schema (``"1,2"`` becomes ``[1, 2]`` for
a list of ids), which is what OpenAPI tools expect and validate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from roster.openapi.spec import Location, Param, Schema
from roster.query.declarations import Filter, Widening
from roster.query.kinds import ID, MAX_ID, Kind, parse_boolean_word


def wire_value(schema: Mapping[str, Any], raw: str) -> Any:
    """A raw query-string value as the JSON value of ``schema``."""
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items", {})
        return [wire_value(items, part.strip()) for part in raw.split(",") if part.strip()]
    if kind == "boolean":
        return parse_boolean_word(raw.strip())
    if kind == "integer":
        return int(raw)
    if kind == "number":
        return float(raw)
    return raw


# Whom a widening filter adds to the users a requester may see, in a reader's words.
WIDENS: dict[Widening, str] = {
    "account_members": "every member of the requester's account",
    "contacts": "the requester's contacts",
    "disabled": "disabled users",
}


def _notes(f: Filter) -> str:
    notes = []
    if f.widens is not None:
        notes.append(f"While true, who can be seen also takes in {WIDENS[f.widens]}.")
    if f.conflicts:
        notes.append(f"Cannot be combined with {', '.join(f.conflicts)}.")
    return " ".join([f.doc, *notes])


def from_kind(
    name: str,
    kind: Kind[Any],
    doc: str,
    *,
    example: str | None = None,
    default: str | None = None,
    location: Location = "query",
    required: bool = False,
) -> Param:
    schema: Schema = dict(kind.schema)
    return Param(
        name=name,
        location=location,
        schema=schema,
        doc=doc,
        example=wire_value(schema, example if example is not None else kind.example),
        default=wire_value(schema, default) if default else None,
        required=required,
    )


def from_filter(f: Filter, *, required: bool = False) -> Param:
    return from_kind(
        f.name, f.kind, _notes(f), example=f.example_value, default=f.default, required=required
    )


def from_filters(filters: Iterable[Filter], *, required: Iterable[str] = ()) -> tuple[Param, ...]:
    needed = frozenset(required)
    return tuple(from_filter(f, required=f.name in needed) for f in filters)


def from_schema(
    name: str, schema: Mapping[str, Any], doc: str, *, example: str, default: str | None = None
) -> Param:
    """A parameter whose declaration carries its schema directly."""
    return Param(
        name=name,
        location="query",
        schema=dict(schema),
        doc=doc,
        example=wire_value(schema, example),
        default=wire_value(schema, default) if default else None,
    )


def path_id(name: str, doc: str, example: str = "1") -> Param:
    """An integer id in the path. A value that is not one is a 404 (no such record), not a 400."""
    schema = {**ID.schema, "maximum": MAX_ID}
    return Param(name, "path", schema, doc, example=int(example), required=True)

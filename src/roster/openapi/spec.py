"""The records an endpoint is described with: its parameters, body, replies and the operation.

Each route module declares one ``Operation`` per method and path, next to the route itself; the
generator (``roster.openapi.document``) walks them. Parameters are built from the engine's own
declarations (filters, reserved parameters, settings) by ``roster.openapi.params``, never listed
by hand, so what is documented is what is parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Schema = dict[str, Any]
Location = Literal["query", "path"]

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
HTML = "text/html"
# In an operation's security: the operation may also be called without credentials.
ANONYMOUS = ""


def ref(name: str) -> Schema:
    """A reference to a named schema under components/schemas."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """The schema, or null (OpenAPI 3.1 spells it as a type list)."""
    if "$ref" in schema or "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]}


@dataclass(frozen=True)
class Param:
    """One query or path parameter. ``example`` and ``default`` are JSON values of ``schema``."""

    name: str
    location: Location
    schema: Mapping[str, Any]
    doc: str
    example: Any = None
    default: Any = None
    required: bool = False


@dataclass(frozen=True)
class Body:
    """A request body, the same schema under each of its media types."""

    schema: Schema
    doc: str
    example: Any = None
    media_types: tuple[str, ...] = (JSON,)
    # Per-property serialisation for form bodies (OpenAPI's Encoding Object), by property name.
    encoding: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """One response: what it means, its body's schema (None: no body) and its headers."""

    doc: str
    schema: Schema | None = None
    media_type: str = JSON
    headers: Mapping[str, str] = field(default_factory=dict)  # name -> meaning


@dataclass(frozen=True)
class Operation:
    """One method on one path, as the route serves it.

    ``path`` is the spelling the vendor documents; ``aliases`` are other paths the same route
    answers identically (the other side of the ``.json`` suffix). ``security`` names the schemes
    of which any one is enough; empty means the operation needs no token.
    """

    method: str
    path: str
    operation_id: str
    summary: str
    doc: str
    replies: Mapping[int, Reply]
    parameters: tuple[Param, ...] = ()
    body: Body | None = None
    aliases: tuple[str, ...] = ()
    security: tuple[str, ...] = ()


@dataclass(frozen=True)
class Api:
    """One group of operations (a dialect, OAuth, the service itself) and what they refer to."""

    tag: str
    doc: str
    operations: tuple[Operation, ...]
    schemas: Mapping[str, Schema] = field(default_factory=dict)
    security_schemes: Mapping[str, Schema] = field(default_factory=dict)

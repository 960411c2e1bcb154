"""The OpenAPI 3.1 document: every ``Api`` group's operations walked into paths and components.

Built once per process from the declarations (``document()`` is cached); ``/openapi.json``
serves it and ``/docs`` renders it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from roster import __version__
from roster.openapi.spec import ANONYMOUS, Api, Body, Operation, Param, Reply, Schema

OPENAPI_VERSION = "3.1.0"
TITLE = "Roster"
DESCRIPTION = (
    "A self-hosted people directory serving the Kantata OX v1 Users API (under /api/v1/) and "
    "the Teamwork v3 People API (under /projects/api/v3/) from one data model. Every dialect "
    "path also answers with the other spelling of its .json suffix (listed as x-roster-aliases). "
    "Unknown query parameters are ignored, as both vendors do; a known one with a value Roster "
    "cannot use is a 400 naming it. A user the requester may not see does not exist for them: "
    "404, never 403."
)


def _parameter(param: Param) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": param.name,
        "in": param.location,
        "description": param.doc,
        "required": param.required or param.location == "path",
        "schema": _with_default(dict(param.schema), param.default),
    }
    if param.schema.get("type") == "array":
        # The comma spelling both vendors document; a[]=1&a[]=2 and repeated keys work as well.
        out["style"] = "form"
        out["explode"] = False
    if param.example is not None:
        out["example"] = param.example
    return out


def _with_default(schema: Schema, default: Any) -> Schema:
    if default is not None:
        schema["default"] = default
    return schema


def _body(body: Body) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for media_type in body.media_types:
        entry: dict[str, Any] = {"schema": body.schema}
        if body.example is not None:
            entry["example"] = body.example
        if body.encoding and media_type != "application/json":
            entry["encoding"] = {name: dict(e) for name, e in body.encoding.items()}
        content[media_type] = entry
    return {"description": body.doc, "required": True, "content": content}


def _reply(reply: Reply) -> dict[str, Any]:
    out: dict[str, Any] = {"description": reply.doc}
    if reply.schema is not None:
        out["content"] = {reply.media_type: {"schema": reply.schema}}
    if reply.headers:
        out["headers"] = {
            name: {"description": doc, "schema": {"type": "string"}}
            for name, doc in reply.headers.items()
        }
    return out


def _operation(op: Operation, tag: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "tags": [tag],
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.doc,
        "parameters": [_parameter(p) for p in op.parameters],
        "responses": {str(status): _reply(r) for status, r in sorted(op.replies.items())},
        "security": [{scheme: []} if scheme != ANONYMOUS else {} for scheme in op.security],
    }
    if op.body is not None:
        out["requestBody"] = _body(op.body)
    if op.aliases:
        out["x-roster-aliases"] = list(op.aliases)
    return out


def _merge(target: dict[str, Any], items: Iterable[tuple[str, Any]], what: str) -> None:
    for name, value in items:
        if name in target and target[name] != value:
            raise ValueError(f"two different {what} named {name!r}")
        target[name] = value


def build(apis: Iterable[Api]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    schemes: dict[str, Any] = {}
    tags = []
    operation_ids: set[str] = set()
    for api in apis:
        tags.append({"name": api.tag, "description": api.doc})
        _merge(schemas, api.schemas.items(), "schemas")
        _merge(schemes, api.security_schemes.items(), "security schemes")
        for op in api.operations:
            method = op.method.lower()
            if op.operation_id in operation_ids:
                raise ValueError(f"duplicate operationId {op.operation_id!r}")
            operation_ids.add(op.operation_id)
            item = paths.setdefault(op.path, {})
            if method in item:
                raise ValueError(f"{op.method} {op.path} is declared twice")
            item[method] = _operation(op, api.tag)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": TITLE, "version": __version__, "description": DESCRIPTION},
        "tags": tags,
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": schemes},
    }


def apis() -> tuple[Api, ...]:
    """Every group of operations the application serves, in the order the docs show them."""
    # Imported here: the route modules import roster.openapi.spec to declare their operations.
    from roster.openapi import registry

    return registry.APIS


@cache
def document() -> dict[str, Any]:
    return build(apis())

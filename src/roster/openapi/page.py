"""The /docs page: the OpenAPI document rendered as one self-contained HTML page.

Everything on the page comes from the document, so the page and /openapi.json cannot disagree.
No script and no external resource: the page works offline and under a strict CSP.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

STYLE = """
:root { color-scheme: light dark; --line: #8884; --muted: #777; --code: #8881; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 1100px;
  padding: 1rem 2rem; }
h1 small { color: var(--muted); font-size: 55%; font-weight: normal; }
h2 { border-bottom: 2px solid var(--line); margin-top: 3rem; }
h3 { margin: 0; font-size: 1.05rem; }
article { border: 1px solid var(--line); border-radius: 6px; margin: 1.2rem 0;
  padding: .8rem 1rem; }
code, pre { background: var(--code); border-radius: 3px; font: 13px/1.4 ui-monospace, monospace; }
code { padding: 0 .25em; overflow-wrap: break-word; }
code.name { white-space: nowrap; }
pre { padding: .6rem; overflow-x: auto; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
.method { border-radius: 3px; color: #fff; font: 700 12px/1 ui-monospace, monospace;
  padding: .25em .5em; margin-right: .4em; }
.get { background: #2f7d32; } .put, .patch { background: #a86400; } .post { background: #1f5fa8; }
.delete { background: #b3261e; }
.muted, .aliases { color: var(--muted); }
nav ul { columns: 2; list-style: none; padding-left: 0; }
nav li { break-inside: avoid; margin-bottom: .2rem; }
summary { cursor: pointer; font-weight: 600; }
"""

_METHODS = ("get", "put", "patch", "post", "delete")


def _anchor(kind: str, name: str) -> str:
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe(schema: Mapping[str, Any]) -> str:
    """A schema as a short phrase of HTML: "array of integer", "string (date-time) or null"."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return f'<a href="#{_anchor("schema", name)}">{escape(name)}</a>'
    if "anyOf" in schema:
        return " or ".join(describe(s) for s in schema["anyOf"])
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append("array of " + describe(schema.get("items", {})))
        elif kind == "object" and isinstance(schema.get("additionalProperties"), Mapping):
            words.append("map of id to " + describe(schema["additionalProperties"]))
        elif kind == "object" and "properties" in schema:
            names = ", ".join(escape(name) for name in schema["properties"])
            words.append(f"object {{{names}}}")
        else:
            words.append(escape(str(kind)) + _qualifiers(schema, str(kind)))
    return " or ".join(words)


def _qualifiers(schema: Mapping[str, Any], kind: str) -> str:
    parts = []
    if "format" in schema and kind == "string":
        parts.append(escape(str(schema["format"])))
    if "enum" in schema:
        parts.append(
            "one of " + ", ".join(f"<code>{escape(str(v))}</code>" for v in schema["enum"])
        )
    if "minimum" in schema:
        parts.append(f"&ge; {schema['minimum']}")
    if "maximum" in schema:
        parts.append(f"&le; {schema['maximum']}")
    return f" ({'; '.join(parts)})" if parts else ""


def query_text(value: Any) -> str:
    """A parameter value as a client types it in a URL."""
    if isinstance(value, list):
        return ",".join(query_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _code(value: Any) -> str:
    return "" if value is None else f"<code>{escape(query_text(value))}</code>"


def _table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _meaning(text: str | None, schema: Mapping[str, Any]) -> str:
    out = escape(text or "")
    if schema.get("description"):
        out += f'<br><span class="muted">Format: {escape(str(schema["description"]))}</span>'
    return out


def _parameters(parameters: list[dict[str, Any]]) -> str:
    if not parameters:
        return '<p class="muted">No parameters.</p>'
    rows = [
        (
            f'<code class="name">{escape(p["name"])}</code>',
            escape(p["in"]) + (" <strong>required</strong>" if p.get("required") else ""),
            describe(p["schema"]),
            _code(p["schema"].get("default")),
            _code(p.get("example")),
            _meaning(p.get("description"), p["schema"]),
        )
        for p in parameters
    ]
    table = _table(("name", "in", "type", "default", "example", "meaning"), rows)
    is_open = " open" if len(parameters) <= 12 else ""
    return f"<details{is_open}><summary>Parameters ({len(parameters)})</summary>{table}</details>"


def _body(body: Mapping[str, Any]) -> str:
    content: Mapping[str, Any] = body.get("content", {})
    media = ", ".join(f"<code>{escape(m)}</code>" for m in content)
    first: Mapping[str, Any] = next(iter(content.values()), {})
    out = f"<h4>Request body</h4><p>{escape(body.get('description', ''))}</p>"
    out += f"<p>{media}: {describe(first.get('schema', {}))}</p>"
    if "example" in first:
        out += f"<pre>{escape(json.dumps(first['example'], indent=2))}</pre>"
    return out


def _responses(responses: Mapping[str, Any]) -> str:
    rows = []
    for status, reply in responses.items():
        content: Mapping[str, Any] = reply.get("content", {})
        bodies = "; ".join(
            f"<code>{escape(media)}</code> {describe(entry.get('schema', {}))}"
            for media, entry in content.items()
        )
        headers = ", ".join(f"<code>{escape(h)}</code>" for h in reply.get("headers", {}))
        rows.append(
            (
                f"<strong>{escape(status)}</strong>",
                escape(reply.get("description", "")),
                bodies,
                headers,
            )
        )
    return "<h4>Responses</h4>" + _table(("status", "meaning", "body", "headers"), rows)


def _security(requirements: list[dict[str, Any]], schemes: Mapping[str, Any]) -> str:
    if not requirements:
        return '<p class="muted">No token needed.</p>'
    ways = [
        escape(str(schemes.get(name, {}).get("description", name)))
        for requirement in requirements
        for name in requirement
    ]
    return "<p>Authentication, any of: " + " | ".join(ways) + "</p>"


def _operation(path: str, method: str, op: Mapping[str, Any], schemes: Mapping[str, Any]) -> str:
    aliases = op.get("x-roster-aliases", [])
    also = (
        '<p class="aliases">Also at '
        + ", ".join(f"<code>{escape(a)}</code>" for a in aliases)
        + "</p>"
        if aliases
        else ""
    )
    parts = [
        f'<article id="{_anchor("op", op["operationId"])}">',
        f'<h3><span class="method {method}">{method.upper()}</span><code>{escape(path)}</code>'
        f" &mdash; {escape(op.get('summary', ''))}</h3>",
        also,
        f"<p>{escape(op.get('description', ''))}</p>",
        _security(op.get("security", []), schemes),
        _parameters(op.get("parameters", [])),
        _body(op["requestBody"]) if "requestBody" in op else "",
        _responses(op.get("responses", {})),
        "</article>",
    ]
    return "".join(parts)


def _operations(document: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    return [
        (path, method, item[method])
        for path, item in document.get("paths", {}).items()
        for method in _METHODS
        if method in item
    ]


def _schema_section(name: str, schema: Mapping[str, Any]) -> str:
    required = set(schema.get("required", []))
    properties: Mapping[str, Any] = schema.get("properties", {})
    rows = [
        (
            f"<code>{escape(field)}</code>",
            describe(sub),
            "yes" if field in required else "",
            escape(str(sub.get("description", ""))),
        )
        for field, sub in properties.items()
    ]
    table = _table(("field", "type", "always", "meaning"), rows) if rows else ""
    summary = "" if rows else f"<p>{describe(schema)}</p>"
    return (
        f'<section id="{_anchor("schema", name)}"><h3>{escape(name)}</h3>'
        f"<p>{escape(str(schema.get('description', '')))}</p>{summary}{table}</section>"
    )


def render(document: Mapping[str, Any]) -> str:
    info: Mapping[str, Any] = document.get("info", {})
    components: Mapping[str, Any] = document.get("components", {})
    schemes: Mapping[str, Any] = components.get("securitySchemes", {})
    operations = _operations(document)
    by_tag: dict[str, list[tuple[str, str, Mapping[str, Any]]]] = {}
    for path, method, op in operations:
        by_tag.setdefault(op.get("tags", ["Other"])[0], []).append((path, method, op))
    title = escape(str(info.get("title", "API")))
    out = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} API</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{title} API <small>{escape(str(info.get('version', '')))}"
        f" &middot; OpenAPI {escape(str(document.get('openapi', '')))}</small></h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        '<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a>.</p>',
        "</header><nav><h2>Endpoints</h2>",
    ]
    for tag in document.get("tags", []):
        entries = by_tag.get(tag["name"], [])
        links = "".join(
            f'<li><a href="#{_anchor("op", op["operationId"])}"><span class="method {method}">'
            f"{method.upper()}</span><code>{escape(path)}</code></a></li>"
            for path, method, op in entries
        )
        out.append(f"<h3>{escape(tag['name'])}</h3><ul>{links}</ul>")
    out.append("</nav><main>")
    for tag in document.get("tags", []):
        out.append(
            f'<section id="{_anchor("tag", tag["name"])}"><h2>{escape(tag["name"])}</h2>'
            f"<p>{escape(tag.get('description', ''))}</p>"
        )
        out.extend(_operation(p, m, op, schemes) for p, m, op in by_tag.get(tag["name"], []))
        out.append("</section>")
    out.append("<section><h2>Schemas</h2>")
    out.extend(_schema_section(n, s) for n, s in components.get("schemas", {}).items())
    out.append("</section></main></body></html>")
    return "".join(out)

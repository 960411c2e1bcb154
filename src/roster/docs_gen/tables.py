"""The rows and Markdown tables of docs/coverage.md, shared by every dialect's part."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from roster.query.kinds import Kind

MAX_TESTS_SHOWN = 4


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    meaning: str
    default: str | None
    notes: str = ""
    endpoints: str = ""  # empty when the dialect's part has one endpoint


def describe_kind(kind: Kind[Any]) -> str:
    """A reader's name for a value kind, from its OpenAPI schema."""
    schema = kind.schema
    if kind.many:
        item = (
            "id" if kind.type_name == "array" and schema["items"] == {"type": "integer"} else "text"
        )
        limit = f", at most {kind.max_items}" if kind.max_items is not None else ""
        return f"{item} list (comma list or array{limit})"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("format") == "date-time":
        return "ISO 8601 date-time"
    if schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if "description" in schema:
        return f"grammar: {schema['description']}"
    if schema.get("type") == "integer" and schema.get("minimum") == 1:
        return "id"
    return str(schema.get("type", kind.type_name))


def cell(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|")


def _tests_cell(tests: Sequence[str]) -> str:
    if not tests:
        return "**none**"
    shown = [f"`{t}`" for t in tests[:MAX_TESTS_SHOWN]]
    more = len(tests) - MAX_TESTS_SHOWN
    if more > 0:
        shown.append(f"and {more} more")
    return "<br>".join(shown)


def untested(tests: Mapping[str, Sequence[str]]) -> str:
    missing = sorted(name for name, found in tests.items() if not found)
    return ", ".join(missing) if missing else "none"


def table(
    parameters: Sequence[Parameter],
    tests: Mapping[str, Sequence[str]],
    *,
    endpoints: bool = False,
) -> list[str]:
    """One row per parameter; ``endpoints`` adds the column saying which endpoints take it."""
    where = " Endpoints |" if endpoints else ""
    lines = [
        f"| Parameter | Kind | Meaning | Default |{where} Tests |",
        "| --- | --- | --- | --- |" + (" --- |" if endpoints else "") + " --- |",
    ]
    for p in parameters:
        meaning = p.meaning + (f" *({p.notes})*" if p.notes else "")
        default = f"`{p.default}`" if p.default else ""
        taken = f" {p.endpoints} |" if endpoints else ""
        lines.append(
            f"| `{p.name}` | {cell(p.kind)} | {cell(meaning)} | {default} |{taken} "
            f"{_tests_cell(tests[p.name])} |"
        )
    return lines

"""docs/coverage.md: every parameter of Kantata's GET /users, from its declaration, with its tests.

The rows come from the ``USERS`` resource (filters, includes, optional fields, sorts) and from
Brainstem's reserved parameters, so a parameter cannot be added, renamed or re-documented without
the table following. The "Tests" column is found by reading the test sources (``ast``, nothing is
imported or run): a test function under ``tests/dialects/kantata/`` exercises parameter ``p`` when,
in its body or its decorators,

- a string holds ``p`` as a query-string item: ``?p=``, ``&p=``, ``p[]=``, or starts with ``p=``;
- a method call passes ``p`` as a keyword (``reader.ids(p="true")``; plain function calls such as
  factories are not requests and do not count);
- a dict literal with the key ``p`` is sent as ``params=``/``json=``, spread as ``**{...}``, or
  assigned to a variable named ``params``;
- ``pytest.mark.parametrize`` lists the bare name ``p`` among its values.

A test that only builds parameter names at run time (the differential test draws them from the
declarations) is not listed; every parameter must also have a test that names it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roster.dialects.kantata.reserved import RESERVED_PARAMS
from roster.dialects.kantata.users import USERS
from roster.query.kinds import Kind

COVERAGE_PATH = Path("docs/coverage.md")
TESTS_DIR = Path("tests/dialects/kantata")
MAX_TESTS_SHOWN = 4

_QUERY_ITEM = re.compile(r"(?:^|[?&])([A-Za-z_][A-Za-z0-9_]*)(?:\[\])?=")
_REQUEST_KEYWORDS = frozenset({"params", "json"})
_PARAMS_VARIABLES = frozenset({"params"})


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    meaning: str
    default: str | None
    notes: str = ""


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


def filter_parameters() -> list[Parameter]:
    rows = []
    for f in USERS.filters:
        notes = []
        if f.widens is not None:
            notes.append(f"widens visibility ({f.widens.replace('_', ' ')})")
        if f.conflicts:
            notes.append("not with " + ", ".join(f.conflicts))
        rows.append(Parameter(f.name, describe_kind(f.kind), f.doc, f.default, "; ".join(notes)))
    return sorted(rows, key=lambda p: p.name)


def reserved_parameters() -> list[Parameter]:
    return [
        Parameter(
            r.name,
            "id list" if r.name == "only" else str(r.schema.get("type", "string")),
            r.doc,
            r.default,
        )
        for r in RESERVED_PARAMS
    ]


def declared_names() -> list[str]:
    return [p.name for p in (*filter_parameters(), *reserved_parameters())]


# --- finding the tests ----------------------------------------------------------------------------


def _test_functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(
                    item, ast.FunctionDef | ast.AsyncFunctionDef
                ) and item.name.startswith("test"):
                    yield item


def _dict_keys(node: ast.Dict, names: frozenset[str]) -> set[str]:
    return {
        key.value
        for key in node.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value in names
    }


def _is_parametrize(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "parametrize"


def _named_in_body(function: ast.AST, names: frozenset[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(name for name in _QUERY_ITEM.findall(node.value) if name in names)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                found.update(kw.arg for kw in node.keywords if kw.arg in names)
            for kw in node.keywords:
                sent = kw.arg is None or kw.arg in _REQUEST_KEYWORDS
                if sent and isinstance(kw.value, ast.Dict):
                    found |= _dict_keys(kw.value, names)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            targets = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if targets & _PARAMS_VARIABLES:
                found |= _dict_keys(node.value, names)
    return found


def _named_in_parametrize(
    function: ast.FunctionDef | ast.AsyncFunctionDef, names: frozenset[str]
) -> set[str]:
    found: set[str] = set()
    for decorator in function.decorator_list:
        if _is_parametrize(decorator):
            found.update(
                node.value
                for node in ast.walk(decorator)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in names
            )
    return found


def exercising_tests(root: Path, names: Iterable[str]) -> dict[str, list[str]]:
    """For each name, the tests (``file.py::test``) that send it, sorted."""
    wanted = frozenset(names)
    found: dict[str, list[str]] = {name: [] for name in wanted}
    for path in sorted((root / TESTS_DIR).rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        label = path.relative_to(root / TESTS_DIR).as_posix()
        for function in _test_functions(tree):
            for name in _named_in_body(function, wanted) | _named_in_parametrize(function, wanted):
                found[name].append(f"{label}::{function.name}")
    return {name: sorted(set(tests)) for name, tests in found.items()}


# --- rendering ------------------------------------------------------------------------------------


def _cell(text: str | None) -> str:
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


def _table(parameters: Sequence[Parameter], tests: dict[str, list[str]]) -> list[str]:
    lines = [
        "| Parameter | Kind | Meaning | Default | Tests |",
        "| --- | --- | --- | --- | --- |",
    ]
    for p in parameters:
        meaning = p.meaning + (f" *({p.notes})*" if p.notes else "")
        default = f"`{p.default}`" if p.default is not None else ""
        lines.append(
            f"| `{p.name}` | {_cell(p.kind)} | {_cell(meaning)} | {default} | "
            f"{_tests_cell(tests[p.name])} |"
        )
    return lines


def render_coverage(root: Path) -> str:
    filters, reserved = filter_parameters(), reserved_parameters()
    tests = exercising_tests(root, [p.name for p in (*filters, *reserved)])
    untested = sorted(name for name, found in tests.items() if not found)
    lines = [
        "# Kantata `GET /api/v1/users`: parameter coverage",
        "",
        "Generated by `python -m roster.docs_gen` from the declarations in",
        "`src/roster/dialects/kantata/` (the `USERS` resource and Brainstem's reserved",
        "parameters); do not edit by hand. `tests/dialects/kantata/test_coverage.py` fails",
        "when this file is stale, when a parameter of Kantata's documentation (seed 002) is not",
        "declared, or when a declared parameter has no test. Tests are found by reading",
        "`tests/dialects/kantata/`: a test counts for a parameter when it sends it by name (a",
        "query string such as `?name=`, a keyword of a reader method, a `params=`/`json=` dict",
        "key, or a `parametrize` value). Every filter is also checked against a plain-Python",
        "oracle with random organisations in `test_differential.py`, which is not listed per",
        "row. Behaviour and choices: [kantata.md](kantata.md).",
        "",
        f"{len(filters)} filters, {len(reserved)} reserved parameters, "
        f"{len(USERS.includes)} includes, {len(USERS.optional_fields)} optional fields; "
        f"parameters without a test: {', '.join(untested) if untested else 'none'}.",
        "",
        "Values: booleans accept true/false (also 1/0, yes/no, on/off, any letter case); a blank",
        "value means the parameter is absent; a value that does not fit its kind is a 400 naming",
        "the parameter; unknown parameters are ignored.",
        "",
        "## Filters",
        "",
        "All filters are ANDed and every one runs inside the visibility policy: a filter narrows",
        "what the requester may see, and only a filter marked *widens visibility* reaches further.",
        "",
        *_table(filters, tests),
        "",
        "## Reserved parameters (Brainstem)",
        "",
        *_table(reserved, tests),
        "",
        "## Includes",
        "",
        "| Include | Link on each user | Top-level key | Meaning |",
        "| --- | --- | --- | --- |",
        *(
            f"| `{i.name}` | `{i.link}` | `{i.key}` | {_cell(i.doc)} |"
            for i in sorted(USERS.includes, key=lambda i: i.name)
        ),
        "",
        "## Optional fields",
        "",
        ", ".join(f"`{name}`" for name in USERS.optional_fields),
        "",
        "## Sorts",
        "",
        "| Order | Meaning |",
        "| --- | --- |",
        *(
            f"| `{s.name}:asc`, `{s.name}:desc` | {_cell(s.doc)} Ties: id ascending. |"
            for s in USERS.sorts
        ),
        "",
    ]
    return "\n".join(lines)

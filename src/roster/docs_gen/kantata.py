"""The Kantata part of docs/coverage.md: every parameter of GET /api/v1/users, with its tests.

The rows come from the ``USERS`` resource (filters, includes, optional fields, sorts) and from
Brainstem's reserved parameters, so a parameter cannot be added, renamed or re-documented without
the table following.
"""

from __future__ import annotations

from pathlib import Path

from roster.dialects.kantata.reserved import RESERVED_PARAMS
from roster.dialects.kantata.users import USERS
from roster.docs_gen.finding import exercising_tests
from roster.docs_gen.tables import Parameter, cell, describe_kind, table, untested

TESTS_DIR = Path("tests/dialects/kantata")


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


def found_tests(root: Path) -> dict[str, list[str]]:
    return exercising_tests(root, TESTS_DIR, declared_names())


def render(root: Path) -> list[str]:
    filters, reserved = filter_parameters(), reserved_parameters()
    tests = found_tests(root)
    return [
        "## Kantata `GET /api/v1/users`",
        "",
        "From the declarations in `src/roster/dialects/kantata/` (the `USERS` resource and",
        "Brainstem's reserved parameters). `tests/dialects/kantata/test_coverage.py` fails when a",
        "parameter of Kantata's documentation (seed 002) is not declared or a declared parameter",
        "has no test under `tests/dialects/kantata/`. Every filter is also checked against a",
        "plain-Python oracle with random organisations in `test_differential.py`, which is not",
        "listed per row. Behaviour and choices: [kantata.md](kantata.md).",
        "",
        f"{len(filters)} filters, {len(reserved)} reserved parameters, "
        f"{len(USERS.includes)} includes, {len(USERS.optional_fields)} optional fields; "
        f"parameters without a test: {untested(tests)}.",
        "",
        "### Filters",
        "",
        "All filters are ANDed and every one runs inside the visibility policy: a filter narrows",
        "what the requester may see, and only a filter marked *widens visibility* reaches further.",
        "",
        *table(filters, tests),
        "",
        "### Reserved parameters (Brainstem)",
        "",
        *table(reserved, tests),
        "",
        "### Includes",
        "",
        "| Include | Link on each user | Top-level key | Meaning |",
        "| --- | --- | --- | --- |",
        *(
            f"| `{i.name}` | `{i.link}` | `{i.key}` | {cell(i.doc)} |"
            for i in sorted(USERS.includes, key=lambda i: i.name)
        ),
        "",
        "### Optional fields",
        "",
        ", ".join(f"`{name}`" for name in USERS.optional_fields),
        "",
        "### Sorts",
        "",
        "| Order | Meaning |",
        "| --- | --- |",
        *(
            f"| `{s.name}:asc`, `{s.name}:desc` | {cell(s.doc)} Ties: id ascending. |"
            for s in USERS.sorts
        ),
    ]

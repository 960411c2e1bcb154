"""The Teamwork part of docs/coverage.md: every parameter of the v3 people endpoints.

Rows come from the declarations: the filters of ``PROJECT_PEOPLE`` (``PEOPLE``'s and
``includeObservers``), the shaping ``SETTINGS`` and one ``fields[<type>]`` per
``FIELDSET_TYPES``. Which endpoints take a parameter is read from the routes' contract
(``OPERATIONS``), the same records the OpenAPI document is built from, so the column says what
each endpoint actually validates.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from roster.dialects.teamwork.people import PROJECT_PEOPLE
from roster.dialects.teamwork.presentation import FIELDSET_TYPES, INCLUDE, SETTINGS
from roster.dialects.teamwork.routes import OPERATIONS, PREFIX
from roster.dialects.teamwork.sideloads import PROJECT_SIDELOADS, SIDELOADS
from roster.docs_gen.finding import exercising_tests
from roster.docs_gen.tables import Parameter, cell, describe_kind, table, untested
from roster.openapi.spec import Operation

TESTS_DIR = Path("tests/dialects/teamwork")


def _route(operation: Operation) -> str:
    return operation.path.removeprefix(PREFIX)


def query_parameters(operation: Operation) -> list[str]:
    return [p.name for p in operation.parameters if p.location == "query"]


def _endpoints(name: str) -> str:
    taking = [op.operation_id for op in OPERATIONS if name in query_parameters(op)]
    if not taking:
        raise LookupError(f"{name} is declared but no Teamwork endpoint takes it")
    return ", ".join(taking)


def _sideload_endpoints(name: str) -> str:
    return ", ".join(
        op.operation_id
        for op in OPERATIONS
        if any(p.name == "include" and name in p.schema["items"]["enum"] for p in op.parameters)
    )


def filter_parameters() -> list[Parameter]:
    rows = []
    for f in PROJECT_PEOPLE.filters:
        notes = f"widens visibility ({f.widens.replace('_', ' ')})" if f.widens else ""
        rows.append(
            Parameter(f.name, describe_kind(f.kind), f.doc, f.default, notes, _endpoints(f.name))
        )
    return sorted(rows, key=lambda p: p.name)


def setting_parameters() -> list[Parameter]:
    return [
        Parameter(s.name, describe_kind(s.kind), s.doc, s.default, "", _endpoints(s.name))
        for s in SETTINGS
    ]


def _fieldset_doc(name: str) -> str:
    return next(p.doc for op in OPERATIONS for p in op.parameters if p.name == name)


def fieldset_parameters() -> list[Parameter]:
    names = [f"fields[{kind}]" for kind in FIELDSET_TYPES]
    kind = describe_kind(INCLUDE.kind)
    return [Parameter(n, kind, _fieldset_doc(n), None, "", _endpoints(n)) for n in names]


def declared_names() -> list[str]:
    rows = (*filter_parameters(), *setting_parameters(), *fieldset_parameters())
    return [p.name for p in rows]


def found_tests(root: Path) -> dict[str, list[str]]:
    return exercising_tests(root, TESTS_DIR, declared_names())


def _operation_rows(operations: Iterable[Operation]) -> list[str]:
    return [f"| `{op.operation_id}` | `GET {_route(op)}` | {cell(op.doc)} |" for op in operations]


def render(root: Path) -> list[str]:
    filters, settings = filter_parameters(), setting_parameters()
    fieldsets = fieldset_parameters()
    tests = found_tests(root)
    sideloads = {s.name: s for s in (*SIDELOADS, *PROJECT_SIDELOADS)}
    return [
        "## Teamwork v3 people",
        "",
        "From the declarations in `src/roster/dialects/teamwork/` (`filters.py`,",
        "`presentation.py`, `sideloads.py`, `ordering.py`); the Endpoints column is each route's",
        "contract in `routes.py`. `tests/dialects/teamwork/test_coverage.py` fails when a",
        "parameter of Teamwork's documentation (seed 004) is missing here, when an endpoint takes",
        "a parameter this part does not list, or when a declared parameter has no test under",
        "`tests/dialects/teamwork/`. Every filter is also checked against a plain-Python oracle",
        "in `test_differential.py`, not listed per row. Behaviour and choices:",
        "[teamwork.md](teamwork.md).",
        "",
        f"{len(filters)} filters, {len(settings)} settings, {len(fieldsets)} sparse fieldsets, "
        f"{len(sideloads)} sideloads; parameters without a test: {untested(tests)}.",
        "",
        "| Endpoint | Route (also without `.json`) | What it returns |",
        "| --- | --- | --- |",
        *_operation_rows(OPERATIONS),
        "",
        "Every endpoint validates every parameter it takes (a bad value is a 400 in Teamwork's",
        "error shape naming it). On the lists (`getPeople`, `getProjectPeople`) the filters",
        "narrow and the settings page and order; on a single person (`getPerson`,",
        "`getProjectPerson`) they are validated, and of the filters only the reach of",
        "`showDeleted` applies.",
        "",
        "### Filters",
        "",
        "All filters are ANDed (`inclusiveFilter` ORs `ids`, `teamIds` and `companyIds`) and run",
        "inside the visibility policy; only a filter marked *widens visibility* reaches further.",
        "",
        *table(filters, tests, endpoints=True),
        "",
        "### Paging, ordering and include",
        "",
        *table(settings, tests, endpoints=True),
        "",
        "### Sparse fieldsets",
        "",
        *table(fieldsets, tests, endpoints=True),
        "",
        "### Sideloads (`include`)",
        "",
        "| Include | `included` key | Endpoints | Meaning |",
        "| --- | --- | --- | --- |",
        *(
            f"| `{s.name}` | `{s.key}` | {_sideload_endpoints(s.name)} | {cell(s.doc)} |"
            for s in sideloads.values()
        ),
        "",
        "### Orders (`orderBy`)",
        "",
        "| Order | Meaning |",
        "| --- | --- |",
        *(
            f"| `{s.name}` | {cell(s.doc)} Ties: id, in the same direction. |"
            for s in PROJECT_PEOPLE.sorts
        ),
    ]

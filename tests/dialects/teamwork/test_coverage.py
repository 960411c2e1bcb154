"""Every parameter of Teamwork's documentation (seed 004) is declared, docs/teamwork.md
describes every declaration, and docs/coverage.md lists every parameter with its tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.dialects.teamwork.people import PEOPLE, PROJECT_PEOPLE
from roster.dialects.teamwork.presentation import FIELDSET_TYPES, SETTINGS
from roster.dialects.teamwork.presenter import PERMISSION_FLAGS
from roster.dialects.teamwork.routes import OPERATIONS
from roster.dialects.teamwork.sideloads import PROJECT_SIDELOADS
from roster.docs_gen.coverage import COVERAGE_PATH, stale
from roster.docs_gen.finding import exercising_tests
from roster.docs_gen.teamwork import declared_names, found_tests, query_parameters

REPOSITORY = Path(__file__).resolve().parents[3]
DOCS = REPOSITORY / "docs" / "teamwork.md"

# The "Query Params" of seed 004 (GET /projects/api/v3/people/{personId}.json), name and type.
SEED_004 = (
    ("userType", "string"),
    ("updatedAfter", "string"),
    ("searchTerm", "string"),
    ("orderMode", "string"),
    ("orderBy", "string"),
    ("lastLoginAfter", "string"),
    ("pageSize", "integer"),
    ("page", "integer"),
    ("skipCounts", "boolean"),
    ("showDeleted", "boolean"),
    ("searchUserJobRole", "boolean"),
    ("orderPrioritiseCurrentUser", "boolean"),
    ("onlySiteOwner", "boolean"),
    ("onlyOwnerCompany", "boolean"),
    ("inclusiveFilter", "boolean"),
    ("includeServiceAccounts", "boolean"),
    ("includePlaceholders", "boolean"),
    ("includeCollaborators", "boolean"),
    ("includeClients", "boolean"),
    ("filterByNoCostRate", "boolean"),
    ("excludeContacts", "boolean"),
    ("teamIds", "array[integer]"),
    ("projectIds", "array[integer]"),
    ("include", "array[string]"),
    ("ids", "array[integer]"),
    ("fields[teams]", "array[string]"),
    ("fields[person]", "array[string]"),
    ("fields[people]", "array[string]"),
    ("fields[companies]", "array[string]"),
    ("fields[ProjectPermissions]", "array[string]"),
    ("excludeProjectIds", "array[integer]"),
    ("excludeIds", "array[integer]"),
    ("companyIds", "array[integer]"),
)
KIND_NAMES = {"boolean": "boolean", "integer": "integer", "string": "string"}


def _declared() -> dict[str, str]:
    """Each declared parameter with its kind's type name."""
    declared = {f.name: f.kind.type_name for f in PEOPLE.filters}
    declared |= {s.name: s.kind.type_name for s in SETTINGS}
    declared |= {f"fields[{kind}]": "array" for kind in FIELDSET_TYPES}
    return declared


@pytest.mark.parametrize(("name", "documented"), SEED_004)
def test_every_documented_parameter_is_declared_with_its_kind(name: str, documented: str) -> None:
    declared = _declared()
    assert name in declared, f"{name} is documented by Teamwork but not declared"
    expected = "array" if documented.startswith("array") else KIND_NAMES[documented]
    assert declared[name] == expected, name


def test_the_project_list_adds_only_include_observers() -> None:
    extra = set(PROJECT_PEOPLE.filters_by_name) - set(PEOPLE.filters_by_name)
    assert extra == {"includeObservers"}


def test_docs_describe_every_declaration() -> None:
    text = DOCS.read_text(encoding="utf-8")
    names = [
        *PROJECT_PEOPLE.filters_by_name,
        *(s.name for s in SETTINGS),
        *PROJECT_PEOPLE.sorts_by_name,
        *FIELDSET_TYPES,
        *(s.name for s in PROJECT_SIDELOADS),
        *(s.key for s in PROJECT_SIDELOADS),
        *PERMISSION_FLAGS,
    ]
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == []


# --- docs/coverage.md ---------------------------------------------------------------------------


def _teamwork_part() -> str:
    document = (REPOSITORY / COVERAGE_PATH).read_text(encoding="utf-8")
    _, found, part = document.partition("## Teamwork")
    assert found, "docs/coverage.md has no Teamwork part"
    return part


def test_the_coverage_document_is_fresh() -> None:
    assert stale(REPOSITORY) is None


@pytest.mark.parametrize("name", [name for name, _ in SEED_004])
def test_every_documented_parameter_has_a_row_in_the_coverage_table(name: str) -> None:
    assert f"| `{name}` |" in _teamwork_part()


def test_the_table_lists_exactly_what_the_endpoints_take() -> None:
    taken = {name for op in OPERATIONS for name in query_parameters(op)}
    assert taken == set(declared_names())
    part = _teamwork_part()
    assert [name for name in declared_names() if f"| `{name}` |" not in part] == []


def test_every_declared_parameter_has_a_test() -> None:
    found = found_tests(REPOSITORY)
    untested = sorted(name for name, tests in found.items() if not tests)
    assert untested == [], f"declared parameters no test sends: {untested}"


def test_the_finder_reads_positional_dicts_forwarded_keywords_and_bracketed_names(
    tmp_path: Path,
) -> None:
    tests = tmp_path / "t"
    tests.mkdir()
    (tests / "test_sample.py").write_text(
        """
def order(client, **params):
    return get_json(client, "/people.json", "token", params)

def test_positional(client):
    get_json(client, "/people.json", "token", {"ids": 1, "fields[teams]": "id"})

def test_variable(client):
    wanted = {"teamIds": "3"}
    get_json(client, "/people.json", "token", wanted)

def test_forwarded(client):
    order(client, orderBy="id")

def test_query_string(client):
    client.get("/people.json?page=2&fields[people]=id")

def test_factory_keywords_are_not_requests(session):
    make_user(session, pageSize=3)
    unsent = {"skipCounts": "true"}
""",
        encoding="utf-8",
    )
    names = ["ids", "fields[teams]", "teamIds", "orderBy", "page", "fields[people]"]
    found = exercising_tests(tmp_path, Path("t"), [*names, "pageSize", "skipCounts"])
    assert found == {
        "ids": ["test_sample.py::test_positional"],
        "fields[teams]": ["test_sample.py::test_positional"],
        "teamIds": ["test_sample.py::test_variable"],
        "orderBy": ["test_sample.py::test_forwarded"],
        "page": ["test_sample.py::test_query_string"],
        "fields[people]": ["test_sample.py::test_query_string"],
        "pageSize": [],
        "skipCounts": [],
    }

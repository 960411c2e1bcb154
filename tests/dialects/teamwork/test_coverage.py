"""Every parameter of Teamwork's documentation (seed 004) is declared, and docs/teamwork.md
describes every declaration."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.dialects.teamwork.people import PEOPLE, PROJECT_PEOPLE
from roster.dialects.teamwork.presentation import FIELDSET_TYPES, SETTINGS
from roster.dialects.teamwork.presenter import PERMISSION_FLAGS
from roster.dialects.teamwork.sideloads import PROJECT_SIDELOADS

DOCS = Path(__file__).resolve().parents[3] / "docs" / "teamwork.md"

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

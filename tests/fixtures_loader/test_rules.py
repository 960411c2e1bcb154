"""One refusal per rule: the fixture is refused whole, record and rule named, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection

from roster.fixtures import FixtureError, load_fixture
from roster.fixtures.problems import MAX_PROBLEMS
from tests.fixtures_loader.helpers import refuse, table_counts

Fixture = dict[str, Any]
Change = Callable[[Fixture], None]


def put(collection: str, index: int, field: str, value: Any) -> Change:
    def change(data: Fixture) -> None:
        data[collection][index][field] = value

    return change


def drop(collection: str, index: int, field: str) -> Change:
    def change(data: Fixture) -> None:
        del data[collection][index][field]

    return change


def add(collection: str, record: Any) -> Change:
    def change(data: Fixture) -> None:
        data.setdefault(collection, []).append(record)

    return change


def both(first: Change, second: Change) -> Change:
    def change(data: Fixture) -> None:
        first(data)
        second(data)

    return change


def top(key: str, value: Any) -> Change:
    def change(data: Fixture) -> None:
        data[key] = value

    return change


CASES = [
    # Shape
    pytest.param(
        top("user", []), "user: unknown collection; did you mean 'users'?", id="unknown-collection"
    ),
    pytest.param(
        top("widgets", []), "widgets: unknown collection", id="unknown-collection-no-hint"
    ),
    pytest.param(top("roles", {"id": 1}), "roles: must be a list of records", id="not-a-list"),
    pytest.param(
        add("roles", "Designer"),
        "roles[2]: must be a mapping of field names to values",
        id="not-a-mapping",
    ),
    # Fields
    pytest.param(
        put("users", 0, "emial", "x@example.test"),
        "users[id=1].emial: unknown field; did you mean 'email_address'?",
        id="unknown-field",
    ),
    pytest.param(
        drop("users", 1, "email_address"),
        "users[id=2].email_address: required field is missing",
        id="missing-field",
    ),
    pytest.param(drop("roles", 1, "id"), "roles[1].id: required field is missing", id="missing-id"),
    pytest.param(
        put("roles", 1, "id", "2"),
        "roles[1].id: Input should be a valid integer (got '2')",
        id="string-id",
    ),
    pytest.param(
        put("roles", 1, "id", True),
        "roles[1].id: Input should be a valid integer (got True)",
        id="bool-id",
    ),
    pytest.param(
        put("roles", 1, "id", 0),
        "roles[id=0].id: Input should be greater than or equal to 1 (got 0)",
        id="zero-id",
    ),
    pytest.param(
        put("participations", 1, "read_only", "yes"),
        "participations[id=2].read_only: Input should be a valid boolean (got 'yes')",
        id="wrong-type",
    ),
    pytest.param(
        put("participations", 1, "role", "observer"),
        "participations[id=2].role: 'observer' is not one of: provider, client",
        id="bad-role",
    ),
    pytest.param(
        put("account_memberships", 1, "permission", "boss"),
        "account_memberships[id=2].permission: 'boss' is not one of: punch_clock, collaborator, "
        "project_creator, project_lead, reports_viewer, reports_viewer_with_cost, account_admin, "
        "administrator",
        id="bad-permission",
    ),
    pytest.param(
        put("organizations", 0, "kind", "team"),
        "organizations[id=1].kind: 'team' is not one of: department, geography",
        id="bad-kind",
    ),
    pytest.param(
        put("workspaces", 0, "start_date", "2025-02-30"),
        "workspaces[id=1].start_date: '2025-02-30' is not a date (YYYY-MM-DD)",
        id="bad-date",
    ),
    pytest.param(
        put("users", 0, "last_site_activity", "yesterday"),
        "users[id=1].last_site_activity: 'yesterday' is not an ISO 8601 timestamp",
        id="bad-timestamp",
    ),
    pytest.param(
        put("users", 0, "timezone", "Mars/Olympus"),
        "users[id=1].timezone: 'Mars/Olympus' is not an IANA time zone name",
        id="bad-timezone",
    ),
    pytest.param(
        put("users", 0, "email_address", "ada"),
        "users[id=1].email_address: 'ada' is not an email address",
        id="bad-email",
    ),
    pytest.param(
        put("accounts", 0, "name", "N" * 201),
        "accounts[id=1].name: longer than 200 characters",
        id="too-long",
    ),
    pytest.param(
        put("accounts", 0, "name", "  "), "accounts[id=1].name: must not be blank", id="blank-name"
    ),
    pytest.param(
        put("time_off_entries", 0, "hours", 7.125),
        "time_off_entries[id=1].hours: 7.125 has more than 2 decimal places",
        id="too-precise",
    ),
    pytest.param(
        put("time_off_entries", 0, "hours", 25),
        "time_off_entries[id=1].hours: Input should be less than or equal to 24 (got 25)",
        id="too-many-hours",
    ),
    pytest.param(
        put("skills", 0, "max_level", 2**31),
        "skills[id=1].max_level: 2147483648 is out of range (at most 2147483647)",
        id="int-range",
    ),
    pytest.param(
        put("custom_field_values", 1, "choice_ids", [1, "2"]),
        "custom_field_values[id=2].choice_ids[1]: Input should be a valid integer (got '2')",
        id="bad-list-item",
    ),
    # Ids
    pytest.param(
        add("roles", {"id": 1, "account_id": 1, "name": "Designer"}),
        "roles[id=1]: duplicate id: roles[0] and roles[2] both have id 1",
        id="duplicate-id",
    ),
    # References
    pytest.param(
        put("participations", 1, "user_id", 99),
        "participations[id=2].user_id: no user with id 99",
        id="dangling",
    ),
    pytest.param(
        put("account_memberships", 1, "manager_id", 99),
        "account_memberships[id=2].manager_id: no user with id 99",
        id="dangling-manager",
    ),
    pytest.param(
        put("custom_field_values", 1, "choice_ids", [7]),
        "custom_field_values[id=2].choice_ids[0]: no custom field choice with id 7",
        id="dangling-choice",
    ),
    pytest.param(
        add(
            "external_references",
            {
                "id": 1,
                "subject_type": "Workspace",
                "subject_id": 9,
                "service_name": "jira",
                "service_model": "Project",
                "service_model_ref": "X",
            },
        ),
        "external_references[id=1].subject_id: no workspace with id 9",
        id="dangling-subject",
    ),
    # Uniqueness
    pytest.param(
        put("users", 1, "email_address", "ADA@example.test"),
        "users[id=2].email_address: email_address 'ADA@example.test' is also in users[id=1] "
        "(email addresses are unique, ignoring case)",
        id="duplicate-email",
    ),
    pytest.param(
        put("participations", 1, "user_id", 1),
        "participations[id=2].user_id: workspace_id 1, user_id 1 is also in participations[id=1] "
        "(a user participates in a workspace once)",
        id="duplicate-pair",
    ),
    pytest.param(
        add("account_memberships", {"id": 3, "account_id": 2, "user_id": 2}),
        "account_memberships[id=3].user_id: user_id 2 is also in account_memberships[id=2] (a "
        "user has at most one account membership)",
        id="second-membership",
    ),
    pytest.param(
        add(
            "custom_field_values",
            {"id": 3, "custom_field_id": 1, "subject_id": 2, "value_text": "X"},
        ),
        "custom_field_values[id=3].subject_id: custom_field_id 1, subject_type 'User', subject_id "
        "2 is also in custom_field_values[id=1]",
        id="duplicate-value",
    ),
    # Relations
    pytest.param(
        put("users", 0, "first_name", "Augusta Ada"),
        "users[id=1].first_name: first_name 'Augusta Ada' and last_name '' do not make full_name "
        "'Ada Lovelace'",
        id="names-disagree",
    ),
    pytest.param(
        put("users", 0, "last_name", "King"),
        "users[id=1].last_name: first_name '' and last_name 'King' do not make full_name 'Ada "
        "Lovelace'",
        id="last-name-disagrees",
    ),
    pytest.param(
        put("workspaces", 0, "due_date", "2024-12-31"),
        "workspaces[id=1].due_date: 2024-12-31 is before start_date 2025-01-06",
        id="date-order",
    ),
    pytest.param(
        put("user_file_associations", 0, "attachment_id", None),
        "user_file_associations[id=1]: give exactly one of attachment_id and google_document_id",
        id="no-file",
    ),
    pytest.param(
        put("account_memberships", 1, "default_role_id", 2),
        "account_memberships[id=2].default_role_id: role 2 belongs to account 2, not account 1",
        id="role-of-other-account",
    ),
    pytest.param(
        add(
            "organizations",
            {"id": 2, "account_id": 1, "parent_id": 1, "name": "Europe", "kind": "geography"},
        ),
        "organizations[id=2].parent_id: organization 1 is a department, not a geography",
        id="parent-kind",
    ),
    pytest.param(
        put("account_memberships", 0, "manager_id", 2),
        "account_memberships[id=1].manager_id: the manager chain loops: 1 → 2 → 1",
        id="manager-loop",
    ),
    pytest.param(
        put("account_memberships", 0, "manager_id", 1),
        "account_memberships[id=1].manager_id: the manager chain loops: 1 → 1",
        id="own-manager",
    ),
    pytest.param(
        put("custom_field_values", 0, "value_number", 3),
        "custom_field_values[id=1].value_number: not used by a string field",
        id="wrong-value-field",
    ),
    pytest.param(
        put("custom_field_values", 0, "value_text", None),
        "custom_field_values[id=1].value_text: required for a string field",
        id="missing-value",
    ),
    pytest.param(
        put("custom_field_values", 1, "choice_ids", []),
        "custom_field_values[id=2].choice_ids: a single field takes exactly one choice, got 0",
        id="single-without-choice",
    ),
    pytest.param(
        put("custom_field_values", 1, "choice_ids", [2]),
        "custom_field_values[id=2].choice_ids[0]: choice 2 belongs to custom field 3, not 2",
        id="choice-of-other-field",
    ),
    pytest.param(
        both(
            put("custom_field_values", 1, "subject_type", "Workspace"),
            put("custom_field_values", 1, "subject_id", 1),
        ),
        "custom_field_values[id=2].subject_type: custom field 2 applies to User, not Workspace",
        id="subject-type",
    ),
    pytest.param(
        add("custom_field_choices", {"id": 3, "custom_field_id": 1, "label": "X"}),
        "custom_field_choices[id=3].custom_field_id: custom field 1 is a string field; only "
        "single and multi fields have choices",
        id="choice-on-string-field",
    ),
    pytest.param(
        put("skill_memberships", 0, "level", 4),
        "skill_memberships[id=1].level: 4 is above skill 1's max_level 3",
        id="skill-level",
    ),
]


def test_the_small_fixture_is_valid(connection: Connection, small: Fixture) -> None:
    assert load_fixture(connection, small).counts["users"] == 2


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_refused_naming_record_and_rule(
    connection: Connection, small: Fixture, change: Change, expected: str
) -> None:
    change(small)
    assert refuse(connection, small) == [expected]


def test_every_problem_is_reported_in_one_run(connection: Connection, small: Fixture) -> None:
    small["users"][0]["emial"] = "x"
    small["participations"][1]["user_id"] = 99
    small["workspaces"][0]["due_date"] = "2024-01-01"
    assert refuse(connection, small) == [
        "users[id=1].emial: unknown field; did you mean 'email_address'?",
        "participations[id=2].user_id: no user with id 99",
        "workspaces[id=1].due_date: 2024-01-01 is before start_date 2025-01-06",
    ]


def test_a_broken_record_does_not_cascade(connection: Connection, small: Fixture) -> None:
    # User 2 fails its schema; the records pointing at it must not add "no user with id 2".
    small["users"][1]["email_address"] = "not-an-email"
    assert refuse(connection, small) == [
        "users[id=2].email_address: 'not-an-email' is not an email address"
    ]


def test_problems_are_capped(connection: Connection, small: Fixture) -> None:
    small["roles"] = [{"id": n, "account_id": 1} for n in range(1, 151)]
    with pytest.raises(FixtureError) as caught:
        load_fixture(connection, small)
    error = caught.value
    assert len(error.problems) == MAX_PROBLEMS
    assert error.omitted == 50
    assert error.report().splitlines()[0] == "fixture refused, 150 problems:"
    assert error.report().splitlines()[-1] == "  … and 50 more"


def test_a_top_level_that_is_not_a_mapping_is_refused(connection: Connection) -> None:
    before = table_counts(connection)
    assert refuse(connection, [])  # type: ignore[arg-type]
    assert table_counts(connection) == before

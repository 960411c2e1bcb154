"""The fixture against what the database already holds; and the savepoint."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, insert

from roster.fixtures import FixtureError, load_fixture
from roster.fixtures import loader as loader_module
from roster.fixtures.catalog import Catalog
from roster.fixtures.parse import parse_fixture
from roster.models import Base
from tests.fixtures_loader.helpers import refuse, table_counts

Fixture = dict[str, Any]


def _insert(connection: Connection, table: str, **values: Any) -> None:
    connection.execute(insert(Base.metadata.tables[table]).values(**values))


@pytest.fixture
def existing(connection: Connection) -> Connection:
    """A database that already holds an account, a user with a membership, a workspace."""
    _insert(connection, "accounts", id=500, name="Existing")
    _insert(
        connection,
        "users",
        id=500,
        first_name="Old",
        last_name="Timer",
        email_address="Old.Timer@example.test",
    )
    _insert(connection, "account_memberships", id=500, account_id=500, user_id=500)
    _insert(connection, "workspaces", id=500, account_id=500, title="Existing project")
    _insert(connection, "participations", id=500, workspace_id=500, user_id=500)
    _insert(connection, "custom_fields", id=500, account_id=500, name="Level", value_type="single")
    _insert(connection, "custom_field_choices", id=500, custom_field_id=500, label="High")
    return connection


def test_records_may_point_at_existing_rows(existing: Connection, small: Fixture) -> None:
    small["participations"].append({"id": 3, "workspace_id": 500, "user_id": 2})
    small["custom_field_values"].append(
        {"id": 3, "custom_field_id": 500, "subject_id": 1, "choice_ids": [500]}
    )
    assert load_fixture(existing, small).counts["participations"] == 3


def test_ids_already_in_the_database_are_refused(existing: Connection, small: Fixture) -> None:
    small["accounts"].append({"id": 500, "name": "Clash"})
    assert refuse(existing, small) == ["accounts[id=500]: id 500 already exists in the database"]


def test_an_email_already_in_the_database_is_refused(existing: Connection, small: Fixture) -> None:
    small["users"][1]["email_address"] = "old.timer@EXAMPLE.test"
    assert refuse(existing, small) == [
        "users[id=2].email_address: 'old.timer@EXAMPLE.test' is already used by user 500 in the "
        "database (email addresses are unique, ignoring case)"
    ]


def test_a_pair_already_in_the_database_is_refused(existing: Connection, small: Fixture) -> None:
    small["participations"].append({"id": 3, "workspace_id": 500, "user_id": 500})
    assert refuse(existing, small) == [
        "participations[id=3].user_id: workspace_id 500, user_id 500 is already in the database "
        "(a user participates in a workspace once)"
    ]


def test_a_second_membership_for_an_existing_user_is_refused(
    existing: Connection, small: Fixture
) -> None:
    small["account_memberships"].append({"id": 3, "account_id": 1, "user_id": 500})
    assert refuse(existing, small) == [
        "account_memberships[id=3].user_id: user_id 500 is already in the database "
        "(a user has at most one account membership)"
    ]


def test_rules_see_existing_rows(existing: Connection, small: Fixture) -> None:
    small["custom_field_values"].append(
        {"id": 3, "custom_field_id": 500, "subject_id": 1, "value_text": "High"}
    )
    assert refuse(existing, small) == [
        "custom_field_values[id=3].value_text: not used by a single field",
        "custom_field_values[id=3].choice_ids: a single field takes exactly one choice, got 0",
    ]


def test_a_failing_insert_rolls_back_only_the_load(
    connection: Connection, small: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the database refuses a row validation let through (a concurrent writer, say), the
    savepoint undoes the rows already inserted and the caller's transaction stays usable."""
    _insert(connection, "accounts", id=900, name="Caller's own row")
    small["users"][1]["email_address"] = "ADA@example.test"

    def unvalidated(_connection: Connection, data: Fixture) -> Catalog:
        return Catalog(parse_fixture(data), database={})

    monkeypatch.setattr(loader_module, "validate_fixture", unvalidated)
    before = table_counts(connection)
    with pytest.raises(FixtureError) as caught:
        load_fixture(connection, small)
    assert str(caught.value.problems[0]).startswith("database: refused the rows:")
    assert table_counts(connection) == before
    assert before["accounts"] == 1

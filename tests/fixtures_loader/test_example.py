"""examples/organization.yaml loads cleanly and reads back as written."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from roster.fixtures import FixtureError, load_fixture
from roster.fixtures.schema import COLLECTIONS
from roster.models import Base, CustomFieldValueChoice, User
from tests.fixtures_loader.helpers import table_counts, utc

Fixture = dict[str, Any]


def _row(connection: Connection, table: str, record_id: int) -> Any:
    t = Base.metadata.tables[table]
    return connection.execute(select(t).where(t.c.id == record_id)).mappings().one()


def test_every_collection_is_covered(example: Fixture) -> None:
    assert set(example) == {c.name for c in COLLECTIONS}
    assert all(example[c.name] for c in COLLECTIONS)


def test_the_example_loads_every_record(connection: Connection, example: Fixture) -> None:
    summary = load_fixture(connection, example)
    assert summary.counts == {name: len(records) for name, records in example.items()}
    assert summary.total == sum(len(records) for records in example.values())
    for collection in COLLECTIONS:
        table = collection.table
        ids = set(connection.scalars(select(table.c.id)))
        assert ids == {record["id"] for record in example[collection.name]}, collection.name


def test_names_are_split_and_derived(connection: Connection, example: Fixture) -> None:
    load_fixture(connection, example)
    ada = _row(connection, "users", 1)
    assert (ada["first_name"], ada["last_name"], ada["full_name"]) == (
        "Ada",
        "Lovelace",
        "Ada Lovelace",
    )
    # "Wile E. Coyote" splits at the first space, as roster.people.names does.
    wile = _row(connection, "users", 9)
    assert (wile["first_name"], wile["last_name"], wile["full_name"]) == (
        "Wile",
        "E. Coyote",
        "Wile E. Coyote",
    )
    # Mary Ann's parts were given explicitly and override the default split.
    mary = _row(connection, "users", 7)
    assert (mary["first_name"], mary["last_name"], mary["full_name"]) == (
        "Mary Ann",
        "Smith",
        "Mary Ann Smith",
    )


def test_values_round_trip(connection: Connection, example: Fixture) -> None:
    load_fixture(connection, example)
    ada = _row(connection, "users", 1)
    assert utc(ada["created_at"]) == dt.datetime(2023, 1, 2, 9, 0, tzinfo=dt.UTC)
    assert ada["updated_at"] == ada["created_at"]  # a given created_at stands for updated_at
    assert ada["timezone"] == "Europe/London"
    # Self-references are filled in after the rows exist.
    alan = _row(connection, "users", 3)
    assert (alan["created_by_id"], alan["updated_by_id"]) == (2, 1)
    assert _row(connection, "organizations", 4)["parent_id"] == 3
    membership = _row(connection, "account_memberships", 5)
    assert utc(membership["disabled_at"]) == dt.datetime(2024, 11, 30, 17, 0, tzinfo=dt.UTC)
    assert _row(connection, "account_memberships", 3)["manager_id"] == 2
    assert _row(connection, "time_off_entries", 2)["hours"] == Decimal("4.5")
    assert _row(connection, "custom_field_values", 4)["value_number"] == Decimal("950.5")
    assert _row(connection, "custom_field_values", 5)["value_date"] == dt.date(2019, 9, 1)
    assert _row(connection, "workspaces", 4)["archived"] is True
    assert _row(connection, "participations", 5)["read_only"] is True
    assert _row(connection, "workweeks", 2)["friday_minutes"] == 0
    assert _row(connection, "workweeks", 2)["monday_minutes"] == 480  # the model's default
    chosen = connection.execute(
        select(CustomFieldValueChoice.custom_field_value_id, CustomFieldValueChoice.choice_id)
    ).all()
    assert sorted(chosen) == [(6, 2), (7, 3), (7, 5), (8, 1)]


def test_the_orm_reads_what_core_wrote(connection: Connection, example: Fixture) -> None:
    load_fixture(connection, example)
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        tim = session.get(User, 11)
        assert tim is not None
        assert tim.full_name == "Tim Berners-Lee"
        assert tim.email_address == "tim@web.example"


def test_ids_continue_after_the_fixture(connection: Connection, example: Fixture) -> None:
    """On PostgreSQL the sequences are moved past the loaded ids; SQLite does this itself."""
    load_fixture(connection, example)
    users = Base.metadata.tables["users"]
    new_id = connection.execute(
        insert(users)
        .values(first_name="New", last_name="Person", email_address="new@example.test")
        .returning(users.c.id)
    ).scalar_one()
    assert new_id == 13
    accounts = Base.metadata.tables["accounts"]
    assert (
        connection.execute(
            insert(accounts).values(name="Later").returning(accounts.c.id)
        ).scalar_one()
        == 4
    )


def test_loading_twice_is_refused_and_writes_nothing(
    connection: Connection, example: Fixture
) -> None:
    load_fixture(connection, example)
    before = table_counts(connection)
    with pytest.raises(FixtureError, match=re.escape("accounts[id=1]: id 1 already exists")):
        load_fixture(connection, example)
    assert table_counts(connection) == before

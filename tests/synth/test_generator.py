"""The generator alone, without a database: determinism and the shape of its rows."""

from __future__ import annotations

import hashlib
import pickle

import pytest

from roster.models import Base
from roster.synth import MIN_USERS, Plan, generate
from roster.synth.generator import TABLES
from roster.synth.people import ADMIN_PERMISSIONS

from .conftest import SEEDED_TABLES


def digest(users: int, seed: int) -> str:
    hasher = hashlib.sha256()
    for chunk in generate(Plan.for_users(users), seed):
        for table in sorted(chunk.rows):
            hasher.update(table.encode())
            hasher.update(pickle.dumps(chunk.rows[table], protocol=5))
        for key, data in chunk.blobs:
            hasher.update(key.encode())
            hasher.update(data)
    return hasher.hexdigest()


def test_the_same_seed_gives_the_same_organisation() -> None:
    assert digest(120, seed=3) == digest(120, seed=3)


def test_a_different_seed_gives_a_different_organisation() -> None:
    assert digest(120, seed=3) != digest(120, seed=4)


def test_rows_of_a_table_share_their_columns_and_name_real_ones() -> None:
    columns: dict[str, set[str]] = {}
    for chunk in generate(Plan.for_users(200), 1):
        for table, rows in chunk.rows.items():
            known = set(Base.metadata.tables[table].c.keys())
            for row in rows:
                keys = set(row)
                assert keys <= known, (table, keys - known)
                assert columns.setdefault(table, keys) == keys, table
    # The database computes full_name; the generator must leave it alone.
    assert "full_name" not in columns["users"]


def test_membership_flags_agree_with_permissions() -> None:
    for chunk in generate(Plan.for_users(300), 2):
        for row in chunk.rows.get("account_memberships", []):
            assert row["is_administrator"] == (row["permission"] in ADMIN_PERMISSIONS)
            assert not (row["is_service_account"] and row["is_placeholder"])


def test_an_organisation_needs_a_minimum_of_people() -> None:
    with pytest.raises(ValueError, match="at least"):
        Plan.for_users(MIN_USERS - 1)


def test_kinds_of_people_add_up_to_the_requested_total() -> None:
    for users in (MIN_USERS, 137, 10_000, 1_000_000):
        plan = Plan.for_users(users)
        kinds = (
            plan.host_people,
            plan.service_accounts,
            plan.placeholders,
            plan.client_people,
            plan.partner_people,
            plan.contacts,
        )
        assert 1 + sum(kinds) == users
        assert min(kinds) > 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_even_the_smallest_organisation_fills_every_table(seed: int) -> None:
    filled = set()
    for chunk in generate(Plan.for_users(MIN_USERS), seed):
        filled |= {table for table, rows in chunk.rows.items() if rows}
    assert set(SEEDED_TABLES) - filled == set()
    assert filled == TABLES

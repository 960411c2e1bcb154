"""GET /api/v1/users filters on who a user is: ids, names, emails, timestamps, search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import User
from tests.dialects.kantata.builders import KantataReader, update_membership
from tests.factories import (
    make_account,
    make_role,
    make_user,
    make_workspace,
    participate,
    token_for,
)


@dataclass
class Org:
    me: User
    ann: User
    anna: User
    bob: User
    hidden: User  # same account, no shared workspace
    reader: KantataReader


def _at(day: int) -> dt.datetime:
    return dt.datetime(2024, 1, day, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def org(session: Session, client: Any) -> Org:
    account = make_account(session)
    me = make_user(
        session,
        first_name="Mia",
        last_name="Zed",
        account=account,
        email_address="mia@example.test",
    )
    ann = make_user(
        session,
        first_name="Ann",
        last_name="Lee",
        account=account,
        email_address="Ann.Lee@Example.test",
    )
    anna = make_user(
        session,
        first_name="Anna",
        last_name="Bell",
        account=account,
        email_address="anna@other.test",
    )
    bob = make_user(
        session,
        first_name="Bob",
        last_name="Annan",
        account=account,
        email_address="bob@example.test",
    )
    hidden = make_user(
        session,
        first_name="Ann",
        last_name="Hidden",
        account=account,
        email_address="hidden@example.test",
    )
    workspace = make_workspace(session, account=account)
    for user in (me, ann, anna, bob):
        participate(session, user=user, workspace=workspace)
    for day, user in enumerate((me, ann, anna, bob, hidden), start=1):
        user.created_at = _at(day)
        user.updated_at = _at(day + 10)
    designer = make_role(session, account=account, name="Senior Designer")
    update_membership(session, anna, default_role_id=designer.id)
    update_membership(session, hidden, default_role_id=designer.id)
    session.flush()
    return Org(me, ann, anna, bob, hidden, KantataReader(client, token_for(session, me)))


def ids(*users: User) -> set[int]:
    return {u.id for u in users}


def test_with_users_and_without_users(org: Org) -> None:
    assert org.reader.ids(with_users=f"{org.ann.id},{org.bob.id}") == ids(org.ann, org.bob)
    assert org.reader.ids(**{"with_users[]": [org.ann.id, org.bob.id]}) == ids(org.ann, org.bob)
    assert org.reader.ids(without_users=f"{org.ann.id}") == ids(org.me, org.anna, org.bob)
    # Naming an invisible user reveals nothing.
    assert org.reader.ids(with_users=f"{org.hidden.id}") == set()
    assert "with_users" in org.reader.error(with_users="1,x")
    assert "without_users" in org.reader.error(without_users="-3")


def test_by_email_address_is_exact_ignoring_case(org: Org) -> None:
    assert org.reader.ids(by_email_address="ann.lee@example.TEST") == ids(org.ann)
    assert org.reader.ids(by_email_address="ann.lee@example") == set()
    assert org.reader.ids(by_email_address="hidden@example.test") == set()


def test_by_email_addresses_in_query_and_in_body(org: Org, client: Any) -> None:
    wanted = "ann.lee@example.test,bob@example.test,hidden@example.test"
    assert org.reader.ids(by_email_addresses=wanted) == ids(org.ann, org.bob)
    response = client.request(
        "GET",
        "/api/v1/users.json",
        json={"by_email_addresses": ["anna@other.test", "BOB@example.test"]},
        headers={"Authorization": f"Bearer {org.reader.token}"},
    )
    assert response.status_code == 200
    assert {int(r["id"]) for r in response.json()["results"]} == ids(org.anna, org.bob)
    too_many = ",".join(f"u{i}@example.test" for i in range(201))
    assert "by_email_addresses" in org.reader.error(by_email_addresses=too_many)


def test_by_full_name_is_a_substring(org: Org) -> None:
    assert org.reader.ids(by_full_name="ann") == ids(org.ann, org.anna, org.bob)
    assert org.reader.ids(by_full_name="ANN L") == ids(org.ann)
    assert org.reader.ids(by_full_name="an") == ids(org.ann, org.anna, org.bob)
    assert org.reader.ids(by_full_name="hidden") == set()
    assert org.reader.ids(by_full_name="100%") == set()


def test_by_full_name_or_account_role(org: Org) -> None:
    assert org.reader.ids(by_full_name_or_account_role="designer") == ids(org.anna)
    assert org.reader.ids(by_full_name_or_account_role="bob") == ids(org.bob)
    assert org.reader.ids(by_full_name_or_account_role="Zed") == ids(org.me)


def test_search_needs_every_word_somewhere(org: Org) -> None:
    assert org.reader.ids(search="ann example") == ids(org.ann, org.bob)
    assert org.reader.ids(search="anna other.test") == ids(org.anna)
    assert org.reader.ids(search="nobody") == set()
    # Combined with filters (AND).
    assert org.reader.ids(search="ann", without_users=str(org.bob.id)) == ids(org.ann, org.anna)


def test_matching_is_a_prefix_of_name_or_email(org: Org) -> None:
    assert org.reader.ids(matching="ann") == ids(org.ann, org.anna)
    assert org.reader.ids(matching="BOB@") == ids(org.bob)
    assert org.reader.ids(matching="lee") == set()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("created_after", "2024-01-02T12:00:00Z", ("anna", "bob")),
        ("created_before", "2024-01-02T12:00:00Z", ("me",)),
        ("updated_after", "2024-01-13", ("anna", "bob")),
        ("updated_before", "2024-01-13T00:00:00+00:00", ("me", "ann")),
    ],
)
def test_timestamp_bounds_are_strict(
    org: Org, name: str, value: str, expected: tuple[str, ...]
) -> None:
    assert org.reader.ids(**{name: value}) == {getattr(org, n).id for n in expected}
    assert name in org.reader.error(**{name: "yesterday"})

"""Each dialect's presenter reads only the columns its projection carries.

A page reads a dialect's projection (``USER_COLUMNS`` for Kantata, ``PERSON_COLUMNS`` for
Teamwork), not every column of a user and their membership (docs/benchmark.md, item 29). Here a
person with every column set is presented from rows read both ways, with every optional field
and as ``me``: the answers are the same. A column missing from a projection fails with a
KeyError.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.auth.requester import Requester
from roster.dialects.kantata.presenter import (
    OPTIONAL_FIELDS,
    PLAIN_USER_COLUMNS,
    USER_COLUMNS,
    columns_for,
    present_user,
)
from roster.dialects.teamwork.presenter import PERSON_COLUMNS, present_me, present_person
from roster.dialects.teamwork.sideloads import load_linked
from roster.models import User
from roster.people.repository import EVERY_COLUMN, Projection, people_by_ids
from tests.conftest import StatementCounter
from tests.dialects.kantata.read_helpers import Api, membership_of, set_membership
from tests.dialects.wire_helpers import written
from tests.factories import make_account, make_user, token_for

BASE_URL = "http://roster.test"


@pytest.fixture
def everything_set(session: Session) -> list[int]:
    """A member with every column of theirs and their membership set, and a contact."""
    account = make_account(session)
    member = make_user(
        session,
        first_name="Ada",
        last_name="Lovelace",
        account=account,
        is_administrator=True,
        headline="Analyst",
        photo_key="photos/ada.png",
        bio="Notes on the engine",
        website="https://example.test/ada",
        city="London",
        state="Greater London",
        country="GB",
        timezone="Europe/London",
        classification="Employee",
        last_site_activity=dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC),
    )
    set_membership(
        session,
        member,
        bill_rate_in_cents=15_000,
        cost_rate_in_cents=9_000,
        is_owner=True,
        collaborator_only_license=False,
    )
    contact = make_user(session, first_name="Charles", last_name="Babbage", timezone="UTC")
    return [member.id, contact.id]


def _rows(session: Session, ids: list[int], projection: Projection) -> list[Any]:
    return [row._mapping for row in people_by_ids(session, ids, [User.id.is_not(None)], projection)]


def test_kantata_presents_the_same_from_its_projection(
    session: Session, everything_set: list[int]
) -> None:
    wide = _rows(session, everything_set, EVERY_COLUMN)
    narrow = _rows(session, everything_set, USER_COLUMNS)
    assert set(narrow[0].keys()) == USER_COLUMNS.names < EVERY_COLUMN.names
    for every, projected in zip(wide, narrow, strict=True):
        assert present_user(projected, BASE_URL, OPTIONAL_FIELDS) == present_user(
            every, BASE_URL, OPTIONAL_FIELDS
        )
    # Without optional fields, the five columns every user shows are enough.
    plain = _rows(session, everything_set, PLAIN_USER_COLUMNS)
    assert set(plain[0].keys()) == PLAIN_USER_COLUMNS.names < USER_COLUMNS.names
    for every, projected in zip(wide, plain, strict=True):
        assert present_user(projected, BASE_URL) == present_user(every, BASE_URL)
    presented = present_user(narrow[0], BASE_URL, OPTIONAL_FIELDS)
    assert presented["abbreviated_timezone"] in {"GMT", "BST"}
    assert written(presented["last_site_activity"]) == "2024-05-06T07:08:09Z"


@pytest.mark.parametrize("present", [present_person, present_me])
def test_teamwork_presents_the_same_from_its_projection(
    session: Session, everything_set: list[int], present: Any
) -> None:
    member = session.get(User, everything_set[0])
    assert member is not None
    viewer = Requester(
        user_id=member.id,
        account_id=membership_of(session, member).account_id,
        is_administrator=True,
        permission="administrator",
        token_id=1,
    )
    linked = load_linked(session, everything_set)
    wide = _rows(session, everything_set, EVERY_COLUMN)
    narrow = _rows(session, everything_set, PERSON_COLUMNS)
    assert set(narrow[0].keys()) == PERSON_COLUMNS.names < EVERY_COLUMN.names
    for every, projected in zip(wide, narrow, strict=True):
        assert present(projected, linked, viewer, BASE_URL) == present(
            every, linked, viewer, BASE_URL
        )
    person = present(narrow[0], linked, viewer, BASE_URL)
    assert (person["userRate"], person["userCost"], person["isAdmin"]) == (15_000, 9_000, True)


def test_a_column_left_out_of_a_projection_is_a_key_error(
    session: Session, everything_set: list[int]
) -> None:
    without_timezone = Projection(
        "without timezone",
        user=tuple(c.name for c in USER_COLUMNS.user_columns if c.name != "timezone"),
    )
    (row,) = _rows(session, everything_set[:1], without_timezone)
    with pytest.raises(KeyError):
        present_user(row, BASE_URL, ["abbreviated_timezone"])


def test_a_kantata_page_reads_optional_columns_only_when_asked(
    session: Session, client: Any, everything_set: list[int], statements: StatementCounter
) -> None:
    assert columns_for(()) is PLAIN_USER_COLUMNS
    assert columns_for(frozenset({"bio"})) is USER_COLUMNS
    member = session.get(User, everything_set[0])
    assert member is not None
    api = Api(client, token_for(session, member))

    def page_statement(path: str) -> tuple[str, dict[str, Any]]:
        statements.reset()
        body = api.ok(path)
        (page,) = [s for s in statements.statements if "ORDER BY lower(users.full_name)" in s]
        return page, body["users"][str(member.id)]

    page, shown = page_statement("/api/v1/users")
    assert "users.photo_key" in page
    assert "users.bio" not in page
    assert "bio" not in shown
    page, shown = page_statement("/api/v1/users?optional_fields=bio,abbreviated_timezone")
    assert "users.bio" in page
    assert shown["bio"] == "Notes on the engine"
    assert shown["abbreviated_timezone"] in {"GMT", "BST"}
    # The plain page again: its own statement, not the wider one's.
    page, shown = page_statement("/api/v1/users?page=1")
    assert "users.bio" not in page

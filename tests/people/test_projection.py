"""People statements carry the columns of their projection (``people.repository.Projection``).

A dialect's page reads only what its presenter shows (docs/benchmark.md, item 29). These tests
hold a narrow projection's rows to the same values as the full row's, on every way a page is
read: from the top, seeking from a kept position, fenced, and by ids.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from roster.db.counts import cache_for
from roster.models import AccountMembership, User
from roster.people.repository import (
    EVERY_COLUMN,
    MEMBERSHIP_PREFIX,
    PeopleQuery,
    Projection,
    page_people,
    people_by_ids,
)
from tests.conftest import StatementCounter
from tests.factories import make_account, make_user

NARROW = Projection("narrow", user=("id", "full_name"), membership=("account_id", "permission"))
NARROW_KEYS = {"id", "full_name", "membership_account_id", "membership_permission"}
# A list's conditions: the tests read every user (visibility is tested where it is built).
ANYONE = [User.id.is_not(None)]


@pytest.fixture
def people(session: Session) -> list[User]:
    account = make_account(session)
    members = [
        make_user(session, first_name=f"Noble{n:02}", last_name="Member", account=account)
        for n in range(12)
    ]
    contacts = [
        make_user(session, first_name=f"Noble{n:02}", last_name="Contact") for n in range(4)
    ]
    return members + contacts


def _narrowed(row: Any) -> dict[str, Any]:
    """The NARROW columns of a row read with every column."""
    return {key: row._mapping[key] for key in NARROW_KEYS}


def _keys(rows: list[Any]) -> set[str]:
    return {key for row in rows for key in row._mapping}


def test_every_column_is_the_default_and_names_each_column_once() -> None:
    user_names = {c.name for c in User.__table__.c}
    membership_names = {MEMBERSHIP_PREFIX + c.name for c in AccountMembership.__table__.c}
    assert EVERY_COLUMN.names == user_names | membership_names
    assert len(EVERY_COLUMN.user_columns) + len(EVERY_COLUMN.membership_columns) == len(
        EVERY_COLUMN.names
    )
    assert NARROW.names == NARROW_KEYS


def test_a_projection_names_only_columns_that_exist() -> None:
    with pytest.raises(KeyError):
        Projection("misspelt", user=("id", "nickname"))
    with pytest.raises(KeyError):
        Projection("misspelt", user=("id",), membership=("salary",))


def test_a_page_carries_its_projections_columns_with_the_full_rows_values(
    session: Session, people: list[User], statements: StatementCounter
) -> None:
    order = [User.first_name.asc(), User.id.asc()]
    wide = PeopleQuery(ANYONE, order)
    narrow = PeopleQuery(ANYONE, order, projection=NARROW)
    statements.reset()
    rows = page_people(session, narrow, limit=5, offset=0)
    assert _keys(rows) == NARROW_KEYS
    # The statement itself selects no other column.
    (page,) = [s for s in statements.statements if "ORDER BY" in s]
    assert "users.email_address" not in page
    assert "membership_id" not in page
    expected = page_people(session, wide, limit=5, offset=0)
    assert [dict(r._mapping) for r in rows] == [_narrowed(r) for r in expected]
    assert any(
        r.membership_account_id is None for r in page_people(session, narrow, limit=None, offset=0)
    )


def test_pages_seeking_from_kept_positions_carry_the_projection(
    session: Session, people: list[User]
) -> None:
    order = [User.first_name.asc(), User.id.asc()]
    wide = PeopleQuery(ANYONE, order)
    narrow = PeopleQuery(ANYONE, order, projection=NARROW)
    everyone = page_people(session, wide, limit=None, offset=0)
    for offset in (3, 6, 9, 6):  # the later pages start after rows kept by the earlier ones
        rows = page_people(session, narrow, limit=3, offset=offset, seekable=True)
        assert [_narrowed(r) for r in rows] == [_narrowed(r) for r in everyone[offset : offset + 3]]
        # A seek adds the order's keys to its statement, and nothing else.
        assert _keys(rows) == NARROW_KEYS | {"seek_key_0", "seek_key_1"}


def test_people_by_ids_carry_the_projection(session: Session, people: list[User]) -> None:
    ids = [people[0].id, people[-1].id, 10**9]
    rows = people_by_ids(session, ids, [], NARROW)
    assert _keys(rows) == NARROW_KEYS
    assert [dict(r._mapping) for r in rows] == [
        _narrowed(r) for r in people_by_ids(session, ids, [])
    ]
    assert _keys(people_by_ids(session, ids, [])) == EVERY_COLUMN.names


def test_a_fenced_page_carries_the_projection_and_tests_columns_outside_it(
    session: Session, people: list[User], statements: StatementCounter
) -> None:
    """The fence moves conditions that are not on users alone onto its subquery's columns; such
    a condition may name a user column the projection leaves out (``email_address`` here)."""
    search = func.lower(User.full_name).like("%noble%")
    others: ColumnElement[bool] = or_(
        AccountMembership.account_id.is_not(None), User.email_address.like("%example.test")
    )
    order = [User.full_name.asc(), User.id.asc()]
    narrow = PeopleQuery([search, others], order, values_in_sql=True, projection=NARROW)
    assert narrow.fenced is not None
    assert narrow.count_identity is not None
    cache_for(session).note_latest(narrow.count_identity, (16, 10**6, 16))
    statements.reset()
    rows = page_people(session, narrow, limit=10, offset=0)
    assert sum(" AS fenced" in s for s in statements.statements) == 1
    assert _keys(rows) == NARROW_KEYS
    expected = session.execute(
        select(User.id)
        .outerjoin(AccountMembership, AccountMembership.user_id == User.id)
        .where(search, others)
        .order_by(*order)
        .limit(10)
    ).scalars()
    assert [r.id for r in rows] == list(expected)

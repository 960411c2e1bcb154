"""A list of ids as one parameter (``roster.db.id_lists``), on the real database: it matches
exactly the ids given, whatever their number, in one statement text, through the column's index."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, event, not_, select, text
from sqlalchemy.orm import Session

from roster.db.id_lists import among, padded
from roster.db.reading import read
from roster.models import AccountMembership, User
from tests.factories import make_account, make_user

_USERS = User.__table__.c
_BY_IDS = select(_USERS.id).where(among(_USERS.id, "ids")).order_by(_USERS.id)


def _ids_of(session: Session, ids: list[int]) -> list[int]:
    return [row.id for row in read(session, _BY_IDS, {"ids": ids})]


def _users(session: Session, count: int) -> list[int]:
    account = make_account(session)
    ids = [make_user(session, account=account).id for _ in range(count)]
    session.flush()
    return ids


@pytest.fixture
def six_users(session: Session) -> list[int]:
    return _users(session, 6)


# Made once per test, read by every example: the examples only read.
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picked=st.lists(st.integers(min_value=0, max_value=5), max_size=8),
    guessed=st.lists(st.integers(min_value=10**9, max_value=2**62), max_size=3),
)
def test_matches_exactly_the_ids_given(
    session: Session, six_users: list[int], picked: list[int], guessed: list[int]
) -> None:
    ids = six_users
    asked = [ids[i] for i in picked] + guessed
    # Read more than twice, so the kept path (roster.db.reading) answers too.
    for _ in range(3):
        assert _ids_of(session, asked) == sorted({ids[i] for i in picked})


def test_an_empty_list_matches_nothing_and_its_negation_everything(session: Session) -> None:
    ids = _users(session, 2)
    assert _ids_of(session, []) == []
    outside = select(_USERS.id).where(not_(among(_USERS.id, "ids")), _USERS.id.in_(ids))
    assert sorted(row.id for row in read(session, outside, {"ids": []})) == sorted(ids)
    assert [row.id for row in read(session, outside, {"ids": [ids[0]]})] == [ids[1]]


def test_ids_beyond_the_columns_range_match_nothing(session: Session) -> None:
    """Ids are 32-bit columns; a guessed id of 64 bits is compared, not refused."""
    ids = _users(session, 1)
    assert _ids_of(session, [2**31, 2**40, 2**63 - 1, ids[0]]) == ids


def test_padded_lists_are_one_statement_per_round_length(
    connection: Connection, session: Session
) -> None:
    """SQLite reads every list as one JSON value; PostgreSQL keeps a parameter per id, so padded
    lists of 1 to 12 ids are seven statements (1 to 5 ids as they are, then 10 and 20)."""
    ids = _users(session, 12)
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        sent.append(sql)

    event.listen(connection, "before_cursor_execute", record)
    try:
        for length in range(1, 13):
            assert _ids_of(session, padded(ids[:length])) == ids[:length]
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert len(sent) == 12
    assert len(set(sent)) == (1 if connection.dialect.name == "sqlite" else 7)


@given(st.lists(st.integers(), max_size=260))
def test_padding_repeats_the_last_id_up_to_a_round_length(ids: list[int]) -> None:
    longer = padded(ids)
    assert longer[: len(ids)] == ids
    assert set(longer) == set(ids)
    if len(ids) <= 5:
        assert longer == ids
    else:
        step = 10 if len(ids) <= 100 else 50
        assert len(longer) % step == 0
        assert len(longer) - len(ids) < step


def test_the_default_pages_send_no_extra_id() -> None:
    assert len(padded(list(range(20)))) == 20
    assert len(padded(list(range(50)))) == 50


def test_the_list_is_read_through_the_columns_index(
    connection: Connection, session: Session
) -> None:
    memberships = select(AccountMembership.__table__.c.id).where(
        among(AccountMembership.__table__.c.user_id, "ids")
    )
    if connection.dialect.name == "sqlite":
        sql = str(memberships.compile(connection))
        plan = " ".join(
            str(row[-1])
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", ("[1, 2]",))
        )
        assert "SEARCH account_memberships USING" in plan, plan
        assert "(user_id=?)" in plan, plan
    else:
        # A test's tables are small enough to scan; forbidding that shows whether the index can
        # serve the comparison at all.
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        bound = memberships.compile(connection).construct_expanded_state({"ids": [1, 2]})
        plan = " ".join(
            row[0]
            for row in connection.exec_driver_sql(f"EXPLAIN {bound.statement}", bound.parameters)
        )
        assert "Index" in plan, plan
        assert "user_id = ANY" in plan, plan

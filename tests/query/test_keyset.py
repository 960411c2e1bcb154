"""Seeking past a row (``roster.query.keyset.following``): the expanded form and the row form
select exactly the rows after the mark, in both directions, on the real database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from roster.dialects.teamwork.ordering import SORTS, requester_first
from roster.models import User
from roster.query.keyset import following, sort_keys
from tests.factories import make_user

# Teamwork's ``orderBy=name``: first name, last name, letter case significant, then id.
BY_NAME = SORTS[0]
assert BY_NAME.name == "name"

NAMES = [
    ("ann", "Lee"),
    ("Ann", "lee"),
    ("Ann", "Lee"),
    ("Ann", "Lee"),
    ("bob", "Ng"),
    ("Zed", "a"),
]


def _ordered(session: Session) -> list[int]:
    ids = [make_user(session, first_name=first, last_name=last).id for first, last in NAMES]
    session.flush()
    return ids


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("as_row", [False, True])
def test_rows_after_each_mark_are_those_the_order_puts_after_it(
    connection: Connection, session: Session, descending: bool, as_row: bool
) -> None:
    ids = _ordered(session)
    order = BY_NAME.columns(descending)
    keys = sort_keys(order)
    mine = User.id.in_(ids)
    labelled = [k.expression.label(f"k{i}") for i, k in enumerate(keys)]
    everyone = connection.execute(select(User.id, *labelled).where(mine).order_by(*order)).all()
    assert len(everyone) == len(NAMES)
    for position, mark in enumerate(everyone):
        values = list(mark)[1:]
        stmt = select(User.id).where(mine, following(keys, values, as_row=as_row)).order_by(*order)
        after = connection.execute(stmt).scalars().all()
        assert after == [row.id for row in everyone[position + 1 :]], (position, values)


def _sql(condition: Any, dialect: Any) -> str:
    return str(select(User.id).where(condition).compile(dialect=dialect))


def test_keys_running_one_way_are_compared_as_one_row_only_when_asked() -> None:
    keys = sort_keys(BY_NAME.columns(True))
    values = ["Ann", "Lee", 7]
    pg = postgresql.dialect()
    row = _sql(following(keys, values, as_row=True), pg)
    assert '(users.first_name COLLATE "C", users.last_name COLLATE "C", users.id) <' in row
    assert " OR " not in row
    expanded = _sql(following(keys, values), sqlite.dialect())
    assert "users.first_name <=" in expanded
    assert " OR " in expanded


def test_keys_running_both_ways_are_expanded_even_when_a_row_is_asked_for() -> None:
    requester: Any = type("Requester", (), {"user_id": 3})()
    order = [requester_first(requester), *BY_NAME.columns(True)]
    keys = sort_keys(order)
    sql = _sql(following(keys, [1, "Ann", "Lee", 7], as_row=True), postgresql.dialect())
    assert " OR " in sql
    assert ") >" not in sql

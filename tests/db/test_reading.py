"""Reads sent straight to the driver (``roster.db.reading``), on the real database: the rows,
values and errors are SQLAlchemy's own, whichever path a read takes."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    bindparam,
    literal,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from roster.db import Database, reading
from roster.db.planning import planned_each_time
from roster.db.reading import read
from roster.models import AccountMembership, User
from tests.conftest import StatementCounter
from tests.factories import make_account, make_user

_USERS = User.__table__.c
_MEMBERS = AccountMembership.__table__.c


def _kept(stmt: Any, session: Session) -> bool:
    return reading._SHAPES.get((stmt, session.connection().dialect)) is not None


def test_a_kept_statement_answers_as_sqlalchemy_does(
    connection: Connection, session: Session
) -> None:
    account = make_account(session)
    ada = make_user(session, first_name="Ada", account=account, is_administrator=True)
    bea = make_user(session, first_name="Bea", account=account, disabled=True)
    cy = make_user(session, first_name="Cy")
    stmt = (
        select(
            _USERS.id,
            _USERS.first_name,
            _USERS.created_at,
            _MEMBERS.is_administrator,
            _MEMBERS.disabled_at.label("membership_disabled_at"),
        )
        .select_from(
            User.__table__.outerjoin(AccountMembership.__table__, _MEMBERS.user_id == _USERS.id)
        )
        .where(_USERS.id.in_(bindparam("ids", expanding=True)))
        .order_by(_USERS.id)
    )
    asked = [[ada.id, bea.id, cy.id], [cy.id], [bea.id, ada.id], [ada.id]]
    for ids in asked:
        rows = read(session, stmt, {"ids": ids})
        expected = list(connection.execute(stmt, {"ids": ids}).all())
        assert rows == expected
        assert [type(v) for row in rows for v in row] == [type(v) for row in expected for v in row]
        assert [row._mapping for row in rows] == [row._mapping for row in expected]
    assert _kept(stmt, session)
    rows = read(session, stmt, {"ids": [bea.id]})
    (only,) = rows
    assert only.first_name == "Bea"
    assert only.is_administrator is False
    assert isinstance(only.created_at, dt.datetime)
    assert isinstance(only.membership_disabled_at, dt.datetime)
    assert read(session, stmt, {"ids": [cy.id + 1000]}) == []


def test_a_kept_statements_rows_read_by_attribute_as_sqlalchemys_do(
    connection: Connection, session: Session
) -> None:
    account = make_account(session)
    ada = make_user(session, first_name="Ada", account=account, is_administrator=True)
    stmt = (
        select(
            _USERS.id,
            _MEMBERS.id,
            _USERS.first_name,
            # Named like Row's own attributes: a row keeps those for itself.
            literal(3).label("count"),
            literal(4).label("index"),
            literal(5).label("_mapping"),
            _MEMBERS.is_administrator.label("membership_is_administrator"),
        )
        .select_from(
            User.__table__.outerjoin(AccountMembership.__table__, _MEMBERS.user_id == _USERS.id)
        )
        .where(_USERS.id == bindparam("id"))
    )
    expected = connection.execute(stmt, {"id": ada.id}).one()
    for _ in range(3):
        (row,) = read(session, stmt, {"id": ada.id})
    assert _kept(stmt, session)
    assert row._fields == expected._fields
    for name in expected._fields:
        assert getattr(row, name) == getattr(expected, name), name
    assert row.first_name == "Ada"
    assert row.membership_is_administrator is True
    assert row.count == expected.count == 3
    assert row.index == expected.index == 4
    assert row._mapping["_mapping"] == 5
    assert row._mapping == expected._mapping
    assert tuple(row) == tuple(expected)
    assert row == expected
    assert hash(row) == hash(expected)
    with pytest.raises(AttributeError) as missing:
        row.last_name  # noqa: B018
    with pytest.raises(AttributeError) as missing_there:
        expected.last_name  # noqa: B018
    assert str(missing.value) == str(missing_there.value)
    # Each column is an attribute of the kept rows' own type: found by the first look-up, not
    # after a failed one (``reading._row_type``).
    assert "first_name" in vars(type(row))
    assert "count" not in vars(type(row))
    assert type(row).__getattribute__ is object.__getattribute__


def test_statements_sharing_a_compiled_form_keep_their_own_values(session: Session) -> None:
    ada = make_user(session, first_name="Ada")
    bea = make_user(session, first_name="Bea")
    # The same statement but for a value written in: SQLAlchemy compiles it once for both.
    for_ada = select(_USERS.id).where(_USERS.first_name == "Ada", _USERS.id == ada.id)
    for_bea = select(_USERS.id).where(_USERS.first_name == "Bea", _USERS.id == bea.id)
    for _ in range(4):
        assert [row.id for row in read(session, for_ada)] == [ada.id]
        assert [row.id for row in read(session, for_bea)] == [bea.id]
    assert _kept(for_ada, session)
    assert _kept(for_bea, session)


def test_a_statement_read_once_is_not_kept(session: Session) -> None:
    stmt = select(literal(1).label("one"))
    assert [tuple(row) for row in read(session, stmt)] == [(1,)]
    assert not _kept(stmt, session)
    read(session, stmt)
    assert _kept(stmt, session)


def test_a_statement_read_once_is_not_held_alive(session: Session) -> None:
    # A statement built for one request (a deep page's seek) must die with it: held, a thousand
    # of them filled the oldest generation and made each full collection a long pause.
    stmt = select(literal(1).label("one"))
    read(session, stmt)
    gone = weakref.ref(stmt)
    del stmt
    gc.collect()
    assert gone() is None


def test_statements_read_once_each_are_never_kept_even_in_a_dropped_ones_place(
    session: Session,
) -> None:
    ids = set()
    for n in range(200):
        stmt = select(literal(n).label("n"))
        ids.add(id(stmt))
        assert [row.n for row in read(session, stmt)] == [n]
        assert not _kept(stmt, session)
        del stmt
    # CPython gives a new statement a dropped one's address: its sighting is not taken for one.
    assert len(ids) < 200


def test_a_kept_statement_that_fails_raises_sqlalchemys_error(
    connection: Connection, database: Database
) -> None:
    scratch = Table("roster_reading_scratch", MetaData(), Column("n", Integer))
    scratch.create(connection)
    connection.execute(scratch.insert(), [{"n": 1}, {"n": 2}])
    stmt = select(scratch.c.n).order_by(scratch.c.n)
    with database.transaction() as session:
        for _ in range(3):
            assert [row.n for row in read(session, stmt)] == [1, 2]
        assert _kept(stmt, session)
    scratch.drop(connection)
    # The failed statement's transaction is rolled back, as a request's would be.
    with pytest.raises(DBAPIError) as raised, database.transaction() as session:
        read(session, stmt)
    assert "roster_reading_scratch" in str(raised.value)


def test_reads_are_seen_by_whoever_listens(session: Session, statements: StatementCounter) -> None:
    stmt = select(literal(7).label("seven"))
    for _ in range(4):
        assert [row.seven for row in read(session, stmt)] == [7]
    assert sum("seven" in s for s in statements.statements) == 4


def test_a_kept_statement_planned_each_time_is_never_prepared(
    connection: Connection, session: Session
) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite plans every statement without looking at its values
    marker = "roster_reading_probe"
    kept = select(literal(1).label(f"{marker}_kept"))
    unprepared = planned_each_time(select(literal(2).label(f"{marker}_unprepared")))
    # psycopg prepares a statement on its fifth execution on a connection.
    for _ in range(8):
        read(session, kept)
        read(session, unprepared)
    assert _kept(kept, session)
    assert _kept(unprepared, session)
    found = list(
        connection.execute(
            text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE :marker"),
            {"marker": f"%{marker}%"},
        ).scalars()
    )
    assert len(found) == 1, found
    assert f"{marker}_kept" in found[0]

"""Read requests' sessions kept between requests (``roster.db.kept_readers``), on a server's own
Database (``Database.serving``) over committed data in a database of these tests' own: the
connection is reused, and nothing else outlives a request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from roster.db import Database
from roster.models import Account
from tests.conftest import end_sessions_on, reader_of, serving_database


@pytest.fixture
def database(serving_url: str) -> Iterator[Database]:
    with serving_database(serving_url) as database:
        yield database


def _read_engine(database: Database) -> Any:
    return database.reader if database.reader is not None else database.engine


def _driver_of(session: Session) -> Any:
    return session.connection().connection.driver_connection


def _accounts(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Account)).scalar_one())


def _add_account(database: Database, name: str) -> None:
    with database.transaction() as session:
        session.add(Account(name=name))


def test_reads_one_after_another_use_one_connection(database: Database) -> None:
    with database.reading() as session:
        first = _driver_of(session)
    with database.reading() as session:
        second = _driver_of(session)
    assert first is second
    assert _read_engine(database).pool.checkedout() == 1


def test_nothing_but_the_connection_outlives_a_read(database: Database) -> None:
    _add_account(database, "Kept Co")
    with database.reading() as session:
        assert session.connection().in_transaction()
        account = session.scalars(select(Account).where(Account.name == "Kept Co")).one()
        session.info["left behind"] = True
        assert account in session
    with database.reading() as session:
        assert len(session.identity_map) == 0
        assert "left behind" not in session.info
        assert session.connection().in_transaction()


def test_each_read_sees_what_was_committed_before_it(database: Database) -> None:
    with database.reading() as session:
        before = _accounts(session)
    _add_account(database, "Later Co")
    with database.reading() as session:
        assert _accounts(session) == before + 1


def test_on_sqlite_a_read_sees_one_snapshot_throughout(
    database: Database, serving_url: str
) -> None:
    if database.reader is not None:
        pytest.skip("PostgreSQL's reader commits each statement on its own (a snapshot each)")
    other = create_engine(serving_url)
    try:
        with database.reading() as session:
            before = _accounts(session)
            with other.begin() as connection:
                connection.execute(text("INSERT INTO accounts (name) VALUES ('Meanwhile Co')"))
            assert _accounts(session) == before
        with database.reading() as session:
            assert _accounts(session) == before + 1
    finally:
        other.dispose()


def _fail_after_writing(database: Database) -> None:
    with database.reading() as session:
        if database.reader is None:  # PostgreSQL's reader refuses the write itself (below)
            session.execute(text("INSERT INTO accounts (name) VALUES ('Half Co')"))
        raise RuntimeError("the handler failed")


def test_a_read_that_fails_is_rolled_back_and_the_next_one_is_whole(database: Database) -> None:
    with database.reading() as session:
        before = _accounts(session)
    with pytest.raises(RuntimeError):
        _fail_after_writing(database)
    with database.reading() as session:
        assert session.connection().in_transaction()
        assert _accounts(session) == before


def test_a_statement_that_fails_leaves_the_next_read_whole(database: Database) -> None:
    with pytest.raises(DBAPIError), database.reading() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    with database.reading() as session:
        assert _accounts(session) >= 0


def test_a_write_smuggled_into_a_read_on_postgresql_is_refused(database: Database) -> None:
    reader_of(database)
    with database.reading() as session:
        before = _accounts(session)
    with pytest.raises(DBAPIError, match="read-only"), database.reading() as session:
        session.execute(text("INSERT INTO accounts (name) VALUES ('smuggled')"))
    with database.reading() as session:
        assert _accounts(session) == before


def test_no_more_are_kept_than_the_pool_holds(database: Database) -> None:
    engine = _read_engine(database)
    size = engine.pool.size()
    barrier = threading.Barrier(size + 3)
    failures: list[BaseException] = []

    def read_together() -> None:
        try:
            with database.reading() as session:
                _accounts(session)
                barrier.wait(timeout=30)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=read_together) for _ in range(size + 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert engine.pool.checkedout() == size
    # Threads that come and go (a test client's, a new event loop's) hold nothing afterwards.
    for _ in range(3 * size):
        thread = threading.Thread(target=_read_once, args=(database,))
        thread.start()
        thread.join()
    assert engine.pool.checkedout() == size


def _read_once(database: Database) -> None:
    with database.reading() as session:
        _accounts(session)


def test_dispose_hands_every_kept_connection_back(serving_url: str) -> None:
    database = Database.serving(serving_url)
    pool = _read_engine(database).pool
    with database.reading() as one, database.reading() as two:
        _accounts(one)
        _accounts(two)
    assert pool.checkedout() == 2
    database.dispose()
    assert pool.checkedout() == 0


def test_after_a_lost_connection_the_next_read_starts_on_a_fresh_one(
    database: Database, serving_url: str
) -> None:
    reader_of(database)  # a connection is ended behind the pool's back on PostgreSQL only
    with database.reading() as one, database.reading() as two:
        _accounts(one)
        _accounts(two)
    assert end_sessions_on(serving_url) >= 2
    # The first read finds its connection dead; SQLAlchemy invalidates it and, with it, every
    # connection older than that moment, kept ones included: one failure, not one per kept.
    with pytest.raises(DBAPIError) as lost, database.reading() as session:
        _accounts(session)
    assert lost.value.connection_invalidated
    with database.reading() as session:
        assert _accounts(session) >= 0

"""Read requests on a server's own Database (``Database.serving``): on PostgreSQL they run on a
read-only reader without BEGIN, COMMIT or a liveness check, and a dead pooled connection costs
the client nothing. The data is committed, in a database of these tests' own, as a worker sees it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from roster.config import Settings
from roster.db import Database, make_engine
from roster.web.app import create_app
from tests.conftest import end_sessions_on, reader_of, serving_database
from tests.factories import make_account, make_user, token_for


@pytest.fixture
def database(serving_url: str) -> Iterator[Database]:
    with serving_database(serving_url) as database:
        yield database


@pytest.fixture
def token(database: Database) -> str:
    with Session(database.engine) as session, session.begin():
        return token_for(session, make_user(session, account=make_account(session)))


def _sent(engine: Engine) -> list[str]:
    """Every statement the driver is given on ``engine`` from now on (a listener makes
    ``roster.db.reading`` send its statements through SQLAlchemy, so it sees them all)."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        sent.append(sql)

    event.listen(engine, "before_cursor_execute", record)
    return sent


def test_a_server_has_a_reader_on_postgresql_only(database: Database, serving_url: str) -> None:
    assert (database.reader is not None) == serving_url.startswith("postgresql")


def test_without_a_reader_reads_run_in_a_transaction_on_the_main_engine(
    serving_url: str,
) -> None:
    # What SQLite's servers do, and any Database made without ``serving``, on either database.
    database = Database(make_engine(serving_url))
    try:
        with database.reading() as session:
            assert session.connection().in_transaction()
            assert session.get_bind().engine is database.engine
    finally:
        database.dispose()


def test_the_reader_is_read_only_and_commits_each_statement_alone(database: Database) -> None:
    reader = reader_of(database)
    with database.reading() as session:
        assert session.get_bind().engine is reader
        assert session.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
        driver = session.connection().connection.driver_connection
        assert driver is not None
        assert driver.autocommit is True


def test_a_write_on_the_reader_is_refused_and_nothing_lands(database: Database) -> None:
    reader_of(database)
    with database.transaction() as session:
        before = session.execute(text("SELECT count(*) FROM accounts")).scalar_one()
    with pytest.raises(DBAPIError, match="read-only transaction"), database.reading() as session:
        session.execute(text("INSERT INTO accounts (name) VALUES ('smuggled')"))
    with database.transaction() as session:
        assert session.execute(text("SELECT count(*) FROM accounts")).scalar_one() == before


def test_a_get_sends_its_statements_and_nothing_else_on_the_reader(
    database: Database, token: str
) -> None:
    reader = reader_of(database)
    on_writer, on_reader = _sent(database.engine), _sent(reader)
    with TestClient(create_app(Settings(access_log=False), database)) as client:
        answer = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert on_writer == []
    # The token lookup and the show: no liveness check, BEGIN or COMMIT among them.
    assert len(on_reader) == 2
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in on_reader)


@pytest.mark.parametrize(
    "path", ["/api/v1/users/me", "/projects/api/v3/people.json", "/projects/api/v3/me.json"]
)
def test_a_read_whose_connection_died_is_answered_on_a_fresh_one(
    database: Database, token: str, serving_url: str, path: str
) -> None:
    reader_of(database)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(Settings(access_log=False), database)) as client:
        first = client.get(path, headers=headers)
        assert first.status_code == 200
        # The reader's pooled connection (and any other) is killed behind the pool's back.
        assert end_sessions_on(serving_url) >= 1
        again = client.get(path, headers=headers)
        assert again.status_code == 200
        assert again.json() == first.json()


def test_a_write_after_its_connection_died_is_checked_first_and_lands_once(
    database: Database, token: str, serving_url: str
) -> None:
    reader_of(database)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(Settings(access_log=False), database)) as client:
        me = client.get("/api/v1/users/me", headers=headers).json()
        user_id = me["results"][0]["id"]
        # Open a writer connection, then kill everything: the writer's liveness check replaces it.
        with database.transaction() as session:
            session.execute(text("SELECT 1"))
        assert end_sessions_on(serving_url) >= 1
        answer = client.put(
            f"/api/v1/users/{user_id}", headers=headers, json={"user": {"headline": "Back"}}
        )
        assert answer.status_code == 200, answer.text
    with database.transaction() as session:
        assert (
            session.execute(
                text("SELECT headline FROM users WHERE id = :id"), {"id": int(user_id)}
            ).scalar_one()
            == "Back"
        )

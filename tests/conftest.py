"""Test fixtures: a real database per test session, one rolled-back transaction per test.

The backend comes from ``ROSTER_TEST_DATABASE_URL``: unset means a fresh SQLite file; a
``postgresql://`` URL names a server on which a private database per xdist worker is created.
The schema always comes from the Alembic migrations.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from roster.db import Database, make_engine, normalise_url
from roster.db.schema import migrate


def _on_server(url: URL, name: str, *statements: str) -> None:
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(text(statement.format(name=name)))
    admin.dispose()


def _fresh_postgres_database(url: URL, name: str) -> str:
    """Database ``name`` on ``url``'s server, empty (dropped first if it was there); its URL."""
    _on_server(
        url, name, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', 'CREATE DATABASE "{name}"'
    )
    return url.set(database=name).render_as_string(hide_password=False)


def _postgres_test_url(base_url: str, worker: str) -> str:
    url = make_url(normalise_url(base_url))
    return _fresh_postgres_database(url, f"{url.database or 'roster'}_{worker}")


@contextmanager
def database_of_its_own(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, purpose: str
) -> Iterator[str]:
    """The URL of an empty database for tests whose data must be committed (so that engines
    and connections of their own see it): a SQLite file, or a PostgreSQL database on the
    ROSTER_TEST_DATABASE_URL server, dropped afterwards."""
    configured = os.environ.get("ROSTER_TEST_DATABASE_URL", "")
    if not configured.startswith(("postgresql", "postgres")):
        yield f"sqlite:///{tmp_path_factory.mktemp(purpose) / f'{purpose}.db'}"
        return
    base = make_url(normalise_url(configured))
    name = f"{base.database or 'roster'}_{purpose}_{worker_id}"
    try:
        yield _fresh_postgres_database(base, name)
    finally:
        _on_server(base, name, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serving_database(url: str) -> Iterator[Database]:
    """The Database a server worker makes (``Database.serving``), disposed afterwards."""
    database = Database.serving(url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def serving_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Iterator[str]:
    """A migrated database of the test module's own, named for the module."""
    purpose = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    with database_of_its_own(tmp_path_factory, worker_id, purpose) as url:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url


def reader_of(database: Database) -> Engine:
    """The Database's reader; the test is skipped where there is none (SQLite)."""
    if database.reader is None:
        pytest.skip("SQLite reads in a transaction on its one engine; the reader is PostgreSQL's")
    return database.reader


def end_sessions_on(database_url: str) -> int:
    """Ends every other session on a PostgreSQL database, as a restart or a network cut would;
    how many there were."""
    admin = create_engine(database_url)
    try:
        with admin.connect() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                    "FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
            conn.commit()
        return int(ended)
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    configured = os.environ.get("ROSTER_TEST_DATABASE_URL", "")
    if configured.startswith(("postgresql", "postgres")):
        return _postgres_test_url(configured, worker_id)
    path: Path = tmp_path_factory.mktemp("db") / f"roster-{uuid.uuid4().hex[:8]}.db"
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        if outer.is_active:
            outer.rollback()


@pytest.fixture
def database(engine: Engine, connection: Connection) -> Database:
    """A Database whose every transaction is a savepoint inside the test's outer transaction."""
    return Database(engine, bind=connection)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session for arranging data; flushes are visible to the app under test at once."""
    with database.transaction() as s:
        yield s


@pytest.fixture
def app(database: Database) -> Any:
    from roster.config import Settings
    from roster.web.app import create_app

    return create_app(Settings(access_log=False), database)


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    from starlette.testclient import TestClient

    with TestClient(app, base_url="http://roster.test") as test_client:
        yield test_client


class StatementCounter:
    """Counts SQL statements sent on the test's connection: query budgets are in the contract."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


class EntityLoads:
    """Names the ORM objects built from rows: reads present columns and never need one."""

    def __init__(self) -> None:
        self.classes: list[str] = []

    def __call__(self, target: Any, _context: Any) -> None:
        self.classes.append(type(target).__name__)

    def reset(self) -> None:
        self.classes.clear()


@pytest.fixture
def entity_loads() -> Iterator[EntityLoads]:
    from sqlalchemy import event

    from roster.db.base import Base

    loads = EntityLoads()
    event.listen(Base, "load", loads, propagate=True)
    yield loads
    event.remove(Base, "load", loads)


@pytest.fixture
def statements(connection: Connection) -> Iterator[StatementCounter]:
    from sqlalchemy import event

    counter = StatementCounter()
    event.listen(connection, "before_cursor_execute", counter)
    yield counter
    event.remove(connection, "before_cursor_execute", counter)

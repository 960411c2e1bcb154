"""Engine creation for the two supported databases, SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from roster.db.planning import PLAN_EACH_TIME


def normalise_url(url: str) -> str:
    """Map the user-facing URL forms onto the drivers Roster ships with."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+pysqlite")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


SQLITE_POOL_SIZE = 4


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy's
        # documented recipe hands transaction control to SQLAlchemy instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        # Per connection: 16 MiB of page cache on top of the shared memory map. At 64 MiB, two
        # workers' pools held 2.8 GiB at 100k users (docs/benchmark.md) for no faster answers.
        cursor.execute("PRAGMA cache_size = -16384")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA mmap_size = 268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Straight to the driver: through exec_driver_sql, SQLAlchemy's execution path cost more
        # than the BEGIN itself, once per request.
        connection.connection.driver_connection.execute("BEGIN")


# libpq settings that bound how long a connection to a vanished server can hang: probes start
# after 2 s of silence, one a second, and two unanswered ones drop the connection; data left
# unacknowledged for 5 s drops it too. A live server answers probes from its kernel, so a long
# but healthy query is never cut short by these.
POSTGRES_LIVENESS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 2,
    "keepalives_interval": 1,
    "keepalives_count": 2,
    "tcp_user_timeout": 5000,
}


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    echo: bool = False,
    statement_timeout: int = 0,
    read_only: bool = False,
) -> Engine:
    """Create an engine for ``url`` with Roster's settings for that database.

    ``statement_timeout`` (seconds, PostgreSQL only, 0 = none) makes the server cancel a statement
    that runs, or waits for a lock, longer than that; servers set it, batch commands do not.

    ``read_only`` (PostgreSQL only; see ``reader_for``) makes an engine whose connections the
    server keeps read-only, each statement its own transaction, with no liveness check on
    checkout.
    """
    full_url = normalise_url(url)
    parsed = make_url(full_url)
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool
        else:
            # Reads run side by side under WAL, but one process runs Python on one core at a
            # time: a few connections keep it busy, and each more costs a page cache and a map.
            kwargs.update(pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
        if read_only:
            raise ValueError("read-only engines are for PostgreSQL; SQLite reads in transactions")
        engine = create_engine(full_url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.update(
        pool_size=pool_size,
        max_overflow=pool_size,
        # A reader skips the check: the request that finds its connection dead is answered
        # again on a fresh one (roster.web.dialect), so the check would buy nothing there.
        pool_pre_ping=not read_only,
        pool_recycle=1800,
        # A dead server must fail fast: a request never waits long for a connection.
        pool_timeout=5,
        connect_args=_postgres_connect_args(statement_timeout, read_only=read_only),
    )
    if read_only:
        kwargs["isolation_level"] = "AUTOCOMMIT"
    engine = create_engine(full_url, **kwargs)
    _configure_postgres(engine)
    return engine


# psycopg prepares a statement on its fifth execution on a connection and keeps 100 by default.
# A list's statement prepared by PostgreSQL holds about 270 KB of the server's memory (its
# query, its source and its plan, read from pg_backend_memory_contexts), and each list a client
# pages through is a statement of its own (its values are written in, roster.db.planning): at
# most this many per connection bounds that to about 9 MB per connection.
PREPARED_PER_CONNECTION = 32


def _configure_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.prepared_max = PREPARED_PER_CONNECTION

    @event.listens_for(engine, "do_execute")
    def _unprepared(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
        # psycopg prepares a statement on its fifth execution on a connection; one marked by
        # roster.db.planning.planned_each_time is sent unprepared, so planned for its values.
        if context.execution_options.get(PLAN_EACH_TIME):
            cursor.execute(statement, parameters, prepare=False)
            return True
        return False


def reader_for(url: str, *, statement_timeout: int = 0, pool_size: int = 10) -> Engine | None:
    """The engine a server's read requests use, or None where they use the main one (SQLite).

    On PostgreSQL a read request's statements each see the latest committed data whether or not
    they share a transaction (READ COMMITTED takes a snapshot per statement), so BEGIN and COMMIT
    are two round trips that change nothing; with the liveness check they were three of a show's
    five (docs/benchmark.md, item 20). The server holds these connections read-only: with no
    transaction around a request, a write slipped into a read would otherwise land alone.
    """
    if make_url(normalise_url(url)).get_backend_name() == "sqlite":
        return None
    return make_engine(
        url, statement_timeout=statement_timeout, pool_size=pool_size, read_only=True
    )


def _postgres_connect_args(statement_timeout: int, *, read_only: bool = False) -> dict[str, Any]:
    connect_args = dict(POSTGRES_LIVENESS)
    # JIT compilation pays off for long analytical queries; for Roster's it added 100-500 ms to
    # every statement the planner priced high (counts at a million users, docs/benchmark.md).
    options = ["-c jit=off"]
    # The planner's default price of a random page read (4, against 1 for a sequential one)
    # models a spinning disk; Roster's tables are read through indexes and their pages are in
    # memory or on flash. At 4, walking the name index for a page of fifty looked dearer than
    # reading and sorting everyone (onlyOwnerCompany at 10,000 users: 19 ms sorted, 1 ms walked;
    # docs/benchmark.md, item 15). 1.1 is PostgreSQL's common advice for solid-state storage.
    options.append("-c random_page_cost=1.1")
    if statement_timeout > 0:
        options.append(f"-c statement_timeout={statement_timeout * 1000}")
    if read_only:
        options.append("-c default_transaction_read_only=on")
    connect_args["options"] = " ".join(options)
    return connect_args

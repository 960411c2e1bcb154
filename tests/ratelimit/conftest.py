"""Rate-limit fixtures: a committed database of its own, and apps with a clock the test sets.

The limiter counts on its own connection, outside the request's transaction, so these tests
cannot use the shared rolled-back-per-test connection: the data they arrange is committed, in a
database (SQLite file, or a PostgreSQL database on the ROSTER_TEST_DATABASE_URL server) that
belongs to this module's tests alone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from roster.auth.tokens import issue_token
from roster.config import Settings
from roster.db import Database, make_engine
from roster.db.schema import migrate
from roster.ratelimit import DatabaseCounter, FixedWindowLimiter, RedisCounter
from roster.web.app import create_app
from tests.conftest import database_of_its_own
from tests.factories import make_account, make_user, make_workspace, participate, token_for

REDIS_ENV = "ROSTER_TEST_REDIS_URL"
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
# A window start well inside a window of any length used here (a multiple of 3600).
WINDOW_START = 1_800_000_000


@dataclass
class Clock:
    now: float = WINDOW_START + 10.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Person:
    id: int
    token: str
    other_id: int  # a colleague on a shared project, visible to this person


@pytest.fixture(scope="session")
def limited_database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    with database_of_its_own(tmp_path_factory, worker_id, "ratelimit") as url:
        yield url


@pytest.fixture(scope="session")
def limited_engine(limited_database_url: str) -> Iterator[Engine]:
    engine = make_engine(limited_database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def person(limited_engine: Engine) -> Person:
    """A user with a token and a visible colleague, committed."""
    with Session(limited_engine) as session, session.begin():
        account = make_account(session)
        user = make_user(session, account=account)
        colleague = make_user(session, account=account)
        workspace = make_workspace(session, account=account)
        participate(session, user=user, workspace=workspace)
        participate(session, user=colleague, workspace=workspace)
        return Person(id=user.id, token=token_for(session, user), other_id=colleague.id)


def second_token(engine: Engine, person: Person) -> str:
    with Session(engine) as session, session.begin():
        return issue_token(session, user_id=person.id, name="second").secret


AppFactory = Callable[..., TestClient]


@pytest.fixture
def limited_app(limited_database_url: str) -> Iterator[AppFactory]:
    """Builds apps on the committed database, each with its own engines, as a worker has.

    ``limited_app(clock, limit=3, window=60, backend="database", redis_url=…, redis_prefix="")``.
    """
    opened: list[tuple[TestClient, Database, FixedWindowLimiter]] = []

    def build(
        clock: Clock,
        *,
        limit: int = 3,
        window: int = 60,
        backend: str = "database",
        redis_url: str = DEFAULT_TEST_REDIS_URL,
        redis_prefix: str = "",
    ) -> TestClient:
        settings = Settings(
            access_log=False,
            rate_limit=limit,
            rate_limit_window=window,
            rate_limit_backend=backend,
            redis_url=redis_url,
        )
        database = Database.serving(limited_database_url)
        app = create_app(settings, database)
        limiter: FixedWindowLimiter = app.state.limiter
        limiter.clock = clock
        if isinstance(limiter.counter, RedisCounter) and redis_prefix:
            limiter.counter.prefix = redis_prefix
        client = TestClient(app, base_url="http://roster.test")
        client.__enter__()
        opened.append((client, database, limiter))
        return client

    yield build
    for client, database, limiter in opened:
        client.__exit__(None, None, None)
        database.dispose()
        if isinstance(limiter.counter, DatabaseCounter):
            limiter.counter.engine.dispose()
        if isinstance(limiter.counter, RedisCounter):
            limiter.counter.client.close()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Redis for the Redis backend's tests.

    CI sets ROSTER_TEST_REDIS_URL, and then an unreachable Redis fails these tests; without it
    they use the local default and are skipped, with the reason shown, when nothing answers there.
    """
    configured = os.environ.get(REDIS_ENV, "")
    url = configured or DEFAULT_TEST_REDIS_URL
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        if configured:
            pytest.fail(f"{REDIS_ENV}={configured} but Redis does not answer: {error}")
        pytest.skip(f"no Redis at {url} ({error}); set {REDIS_ENV} to require these tests")
    yield url
    client.close()


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own (runs and xdist workers share one Redis), removed after."""
    prefix = f"roster-test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

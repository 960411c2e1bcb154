"""How many API requests a worker runs against the database at once (``ROSTER_DB_THREADS``)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from roster.config import Settings
from roster.db import Database, make_engine
from roster.db.schema import migrate
from roster.web.app import create_app
from tests.factories import make_user, token_for


class Overlap:
    """The most statements seen running at once, each held a moment so that overlaps show."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = 0
        self.most = 0

    def before(self, *_args: Any) -> None:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.02)

    def after(self, *_args: Any) -> None:
        with self._lock:
            self.running -= 1


async def _together(app: Any, token: str, count: int) -> list[int]:
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://roster.test") as client:
        answers = await asyncio.gather(
            *(client.get("/api/v1/users/me", headers=headers) for _ in range(count))
        )
    return [answer.status_code for answer in answers]


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str]]:
    # Requests side by side need connections of their own, not the tests' shared savepoint.
    path = tmp_path_factory.mktemp("threads") / "roster.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    database = Database(engine)
    with database.transaction() as session:
        token = token_for(session, make_user(session))
    yield database, token
    engine.dispose()


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_at_most_the_configured_number_of_requests_use_the_database_at_once(
    own_database: tuple[Database, str], threads: int
) -> None:
    database, token = own_database
    overlap = Overlap()
    event.listen(database.engine, "before_cursor_execute", overlap.before)
    event.listen(database.engine, "after_cursor_execute", overlap.after)
    try:
        app = create_app(Settings(access_log=False, db_threads=threads), database)
        statuses = asyncio.run(_together(app, token, 8))
    finally:
        event.remove(database.engine, "before_cursor_execute", overlap.before)
        event.remove(database.engine, "after_cursor_execute", overlap.after)
    assert statuses == [200] * 8
    assert overlap.most == threads

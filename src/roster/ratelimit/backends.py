"""Where the counts live: a table in Roster's own database, or Redis.

Both count a hit atomically in one round trip, so concurrent requests from any number of workers
never lose a hit, and both count before the request runs, in a unit of work of their own, so a
request that later fails or rolls back has still been counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import redis
import structlog
from sqlalchemy import Engine, case
from sqlalchemy.dialects import postgresql, sqlite

from roster.db import make_engine
from roster.models import RateLimitCounter
from roster.ratelimit.limiter import Counter, FixedWindowLimiter

if TYPE_CHECKING:
    from roster.config import Settings
    from roster.db import Database

log = structlog.get_logger("roster.ratelimit")

# The counting engine's own small pool: a request already holds a connection from the main pool
# while it is counted, so drawing the count's connection from that same pool could leave every
# request waiting for a second connection that none will give back.
COUNTER_POOL_SIZE = 2


class DatabaseCounter:
    """One row per key, counted by ``INSERT … ON CONFLICT DO UPDATE … RETURNING``.

    That statement is atomic on PostgreSQL and on SQLite from 3.35 on.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert: Any = (
            postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        )

    def hit(self, key: str, window_start: int, window: int) -> tuple[int, int]:
        table = RateLimitCounter.__table__
        proposed = self._insert(table).values(key=key, window_start=window_start, hits=1)
        # Both SET expressions read the row as it was, so a newer window restarts the count at 1
        # and any other window (the same one, or an older one from a lagging clock) adds to it.
        newer = proposed.excluded.window_start > table.c.window_start
        statement = proposed.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "hits": case((newer, 1), else_=table.c.hits + 1),
                "window_start": case(
                    (newer, proposed.excluded.window_start), else_=table.c.window_start
                ),
            },
        ).returning(table.c.hits, table.c.window_start)
        with self.engine.begin() as connection:
            hits, counted_start = connection.execute(statement).one()
        return int(hits), int(counted_start)


class RedisCounter:
    """``INCR`` and ``EXPIRE`` in one MULTI: one key per token and window, gone after the window.

    Redis being unreachable does not take the API down with it: the hit is not counted and the
    request is served unlimited and without rate-limit headers (fail open), with a warning in the
    log.
    """

    def __init__(self, client: redis.Redis, *, prefix: str = "roster:ratelimit:") -> None:
        self.client = client
        self.prefix = prefix

    def hit(self, key: str, window_start: int, window: int) -> tuple[int, int] | None:
        name = f"{self.prefix}{key}:{window_start}"
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, window + 1)
                hits, _ = pipe.execute()
        except redis.RedisError as error:
            log.warning("rate limit not counted: Redis unavailable", error=str(error))
            return None
        return int(hits), window_start


def build_limiter(settings: Settings, database: Database) -> FixedWindowLimiter | None:
    """The limiter ``settings`` ask for, or None when rate limiting is off."""
    if settings.rate_limit <= 0:
        return None
    counter: Counter
    if settings.rate_limit_backend == "redis":
        client = redis.Redis.from_url(
            settings.redis_url, socket_connect_timeout=1, socket_timeout=1
        )
        counter = RedisCounter(client)
    else:
        counter = DatabaseCounter(_counting_engine(database.engine))
    return FixedWindowLimiter(counter, limit=settings.rate_limit, window=settings.rate_limit_window)


def _counting_engine(engine: Engine) -> Engine:
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        # An in-memory database exists only behind its one engine.
        return engine
    return make_engine(
        engine.url.render_as_string(hide_password=False), pool_size=COUNTER_POOL_SIZE
    )

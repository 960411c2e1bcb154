"""The plumbing every dialect endpoint shares: body parsing, auth, a transaction, error rendering.

A dialect supplies how to find the token in a request and how to render an error; its handlers
are plain synchronous functions ``(ctx) -> Response`` run on the worker's database threads, each
inside one database transaction that commits when the handler returns and rolls back when it
raises. GET and HEAD read through ``Database.reading``: on PostgreSQL that is the read-only
reader, where each statement commits on its own.
"""

from __future__ import annotations

import asyncio
import contextvars
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import orjson
import structlog
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from roster.auth.requester import Requester, authenticate
from roster.config import Settings
from roster.db import Database
from roster.errors import BadParameter, NotFound, RosterError, Unavailable
from roster.query.kinds import InvalidValue, parse_id
from roster.query.params import RawParams
from roster.ratelimit import FixedWindowLimiter, RateLimited, Verdict, headers
from roster.web.forms import parse_form_body
from roster.web.uploads import is_multipart, read_multipart

log = structlog.get_logger("roster.web")


@dataclass(frozen=True)
class Dialect:
    name: str
    find_token: Callable[[Request], str | None]
    render_error: Callable[[RosterError], Response]
    # Each prefix spells the Limit / Remaining / Reset headers once (when rate limiting is on).
    rate_limit_prefixes: tuple[str, ...] = ("X-RateLimit-",)


@dataclass
class Call:
    """One request, as a handler sees it."""

    request: Request
    session: Session
    requester: Requester
    params: RawParams
    body: dict[str, Any] | None
    path: dict[str, Any]

    @property
    def base_url(self) -> str:
        configured: str = self.request.app.state.settings.public_url
        if configured:
            return configured.rstrip("/")
        scope = self.request.scope
        host = next((value for key, value in scope["headers"] if key == b"host"), None)
        server = scope.get("server")
        return _base_url(
            scope.get("scheme", "http"),
            tuple(server) if server else None,
            host,
            scope.get("app_root_path", scope.get("root_path", "")),
        )

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def path_id(self, name: str) -> int:
        """An id from the path; anything that cannot be an id names nothing: 404, not 400."""
        try:
            return parse_id(str(self.path[name]))
        except InvalidValue:
            raise NotFound() from None


Handler = Callable[[Call], Response]


@lru_cache(maxsize=256)
def _base_url(
    scheme: str, server: tuple[str, int] | None, host: bytes | None, root_path: str
) -> str:
    """Starlette's base URL for these parts of a request, worked out once: building it took a
    thirtieth of a list page (docs/benchmark.md, item 16)."""
    scope = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "headers": [(b"host", host)] if host is not None else [],
        "path": "/",
        "root_path": root_path,
        "query_string": b"",
    }
    return str(Request(scope).base_url).rstrip("/")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


async def _read_json_body(request: Request) -> dict[str, Any] | None:
    content_type = request.headers.get("content-type", "")
    if request.method in {"GET", "HEAD", "DELETE"} and "json" not in content_type:
        return None
    if is_multipart(content_type):
        # Read before anything else touches the body: the reader enforces the size limits.
        return await read_multipart(request)
    raw = await request.body()
    if not raw.strip():
        return None
    if "json" in content_type:
        try:
            parsed = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise BadParameter("body", "expected a JSON object; this is not valid JSON") from None
        if not isinstance(parsed, dict):
            raise BadParameter("body", "expected a JSON object")
        return parsed
    if content_type.partition(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        # Rails-structured form fields arrive nested, exactly as their JSON twin would.
        return parse_form_body(raw)
    return None


@dataclass
class _Metered:
    """What the limiter said about this request, for the headers of whatever the answer is."""

    verdict: Verdict | None = None


def endpoint(dialect: Dialect, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        metered = _Metered()
        response = await _answer(request, metered)
        if metered.verdict is not None:
            response.headers.update(headers(metered.verdict, dialect.rate_limit_prefixes))
        return response

    async def _answer(request: Request, metered: _Metered) -> Response:
        database: Database = request.app.state.database
        limiter: FixedWindowLimiter | None = getattr(request.app.state, "limiter", None)
        try:
            body = await _read_json_body(request)
            query_body = body if request.method == "GET" else None
            params = RawParams(request.query_params.multi_items(), query_body)
            token = dialect.find_token(request)
            read_only = request.method in READ_ONLY_METHODS
            work = partial(
                _in_transaction,
                database,
                handler,
                request,
                token,
                params,
                body,
                limiter,
                metered,
                read_only=read_only,
            )
            try:
                return await on_database_thread(request, work)
            except DBAPIError as error:
                if not (read_only and error.connection_invalidated):
                    raise
                # A read found its pooled connection dead (the database restarted, or dropped
                # it): SQLAlchemy has retired every connection as old, so it is answered again
                # on a fresh one. Nothing it did was kept, so nothing is done twice.
                return await on_database_thread(request, work)
        except RosterError as error:
            return dialect.render_error(error)
        except (OperationalError, PoolTimeout) as error:
            return dialect.render_error(Unavailable(_describe(error)))
        except DBAPIError as error:
            if error.connection_invalidated:
                return dialect.render_error(Unavailable(_describe(error)))
            raise

    return run


# Per event loop, so per worker process (and per test client); a loop that is gone takes its
# threads with it.
_DATABASE_THREADS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ThreadPoolExecutor] = (
    weakref.WeakKeyDictionary()
)


def _database_threads(request: Request) -> ThreadPoolExecutor:
    """The threads this worker's requests use the database on (``ROSTER_DB_THREADS``).

    Handlers are Python from end to end but for their statements, so one process gains little
    from running many at once and loses much: with anyio's default of 40 threads, 16 requests
    under way in one worker fought over the interpreter lock, and a worker served half the
    requests it serves with two (docs/benchmark.md, item 12). Two, not one, so a slow statement
    (a count after a write, at a million users) does not hold up every other request. The rest
    wait in the pool's queue.
    """
    loop = asyncio.get_running_loop()
    threads = _DATABASE_THREADS.get(loop)
    if threads is None:
        settings: Settings = request.app.state.settings
        threads = ThreadPoolExecutor(settings.db_threads, thread_name_prefix="roster-database")
        weakref.finalize(loop, threads.shutdown, wait=False)
        threads = _DATABASE_THREADS.setdefault(loop, threads)
    return threads


async def on_database_thread(request: Request, work: Callable[[], Response]) -> Response:
    """``work()`` on one of the worker's database threads, in this request's context (its log
    fields). A plain executor: anyio's ``to_thread`` cost three to four times as much per hop,
    most of a cheap request's time on the event loop (docs/benchmark.md, item 21)."""
    context = contextvars.copy_context()
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_database_threads(request), context.run, work)


def _describe(error: Exception) -> str:
    # The client learns only that the database is unavailable; the operator reads why in the log.
    cause = str(error).strip().splitlines()
    log.warning("database unavailable", error=cause[0] if cause else type(error).__name__)
    return "The database is unavailable; try again shortly"


# Requests that change nothing (Starlette answers HEAD with its GET route). They read on the
# database's reader (roster.db.session.Database.reading).
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def _in_transaction(
    database: Database,
    handler: Handler,
    request: Request,
    token: str | None,
    params: RawParams,
    body: dict[str, Any] | None,
    limiter: FixedWindowLimiter | None = None,
    metered: _Metered | None = None,
    *,
    read_only: bool = False,
) -> Response:
    with database.reading() if read_only else database.transaction() as session:
        requester = authenticate(session, token)
        if limiter is not None and metered is not None:
            # A read answered again after a lost connection was counted the first time.
            verdict = metered.verdict
            if verdict is None:
                metered.verdict = verdict = limiter.hit(requester.token_id)
            if verdict is not None and not verdict.allowed:
                raise RateLimited(verdict)
        return handler(
            Call(
                request=request,
                session=session,
                requester=requester,
                params=params,
                body=body,
                path=dict(request.path_params),
            )
        )

"""Liveness and readiness: /healthz answers while the process runs, /readyz checks the database."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from roster.db import Database
from roster.web.responses import json_response


async def healthz(_request: Request) -> Response:
    return json_response({"status": "ok"})


async def readyz(request: Request) -> Response:
    database: Database = request.app.state.database
    try:
        await run_in_threadpool(database.ping)
    except SQLAlchemyError:
        return json_response(
            {"status": "unavailable", "database": "unreachable"}, 503, {"Retry-After": "5"}
        )
    return json_response({"status": "ok", "database": database.dialect})

"""The application factory: both dialects, health checks and middleware over one Database."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from roster.config import Settings
from roster.db import Database
from roster.dialects.kantata import routes as kantata_routes
from roster.web.health import healthz, readyz
from roster.web.middleware import RequestIdMiddleware
from roster.web.responses import json_response


async def _not_found(_request: Request, _exc: Exception) -> Response:
    return json_response({"errors": [{"type": "system", "message": "Not found"}]}, 404)


def create_app(settings: Settings, database: Database) -> Starlette:
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *kantata_routes.routes(),
        ],
        middleware=[Middleware(RequestIdMiddleware, access_log=settings.access_log)],
        exception_handlers={404: _not_found},
    )
    app.state.database = database
    app.state.settings = settings
    return app

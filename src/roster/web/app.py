"""The application factory: both dialects, health checks and middleware over one Database."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from roster.auth.oauth import endpoints as oauth_endpoints
from roster.config import Settings
from roster.db import Database
from roster.dialects.kantata import routes as kantata_routes
from roster.dialects.teamwork import routes as teamwork_routes
from roster.media import MediaStore, default_store
from roster.openapi import endpoints as openapi_endpoints
from roster.ratelimit import build_limiter
from roster.web import media as media_routes
from roster.web.health import healthz, readyz
from roster.web.middleware import RequestIdMiddleware
from roster.web.responses import json_response


async def _not_found(_request: Request, _exc: Exception) -> Response:
    return json_response({"errors": [{"type": "system", "message": "Not found"}]}, 404)


def create_app(
    settings: Settings, database: Database, media: MediaStore | None = None
) -> Starlette:
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *kantata_routes.routes(),
            *teamwork_routes.routes(),
            *oauth_endpoints.routes(),
            *media_routes.routes(),
            *openapi_endpoints.routes(),
        ],
        middleware=[Middleware(RequestIdMiddleware, access_log=settings.access_log)],
        exception_handlers={404: _not_found},
    )
    app.state.database = database
    app.state.settings = settings
    # Where photos and attachments live; tests pass their own, servers use the configured one.
    app.state.media = media if media is not None else default_store(settings)
    app.state.limiter = build_limiter(settings, database)
    return app

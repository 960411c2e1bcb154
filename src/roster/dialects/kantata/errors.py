"""Kantata's error shape: ``{"errors":[{"type","message"[,"field"]}]}``."""

from __future__ import annotations

from starlette.responses import Response

from roster.errors import (
    RosterError,
    Unauthenticated,
    Unavailable,
    ValidationFailed,
)
from roster.web.responses import json_response


def render_error(error: RosterError) -> Response:
    if isinstance(error, Unauthenticated):
        body = {"errors": [{"type": "oauth", "message": "Invalid OAuth 2 Request"}]}
        return json_response(body, 401, headers={"WWW-Authenticate": 'Bearer realm="roster"'})
    if isinstance(error, ValidationFailed):
        errors = [
            {"type": "validation", "message": message, "field": field}
            for field, message in error.problems
        ]
        return json_response({"errors": errors}, 422)
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Unavailable) else None
    return json_response(
        {"errors": [{"type": "system", "message": error.message}]}, error.status_code, headers
    )

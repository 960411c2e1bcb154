"""Kantata's error shape: ``{"errors":[{"type","message"[,"field"]}]}``."""

from __future__ import annotations

from starlette.responses import Response

from roster.errors import (
    RosterError,
    Unauthenticated,
    Unavailable,
    ValidationFailed,
)
from roster.ratelimit import RateLimited
from roster.web.responses import json_response

# Kantata documents no 429 (reference §5): Roster answers in the documented error shape, with
# Retry-After, like any other refusal.
RATE_LIMITED_MESSAGE = "Rate limit exceeded. Please try again in {seconds} seconds."


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
    if isinstance(error, RateLimited):
        message = RATE_LIMITED_MESSAGE.format(seconds=error.retry_after)
        body = {"errors": [{"type": "system", "message": message}]}
        return json_response(body, 429, headers={"Retry-After": str(error.retry_after)})
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Unavailable) else None
    return json_response(
        {"errors": [{"type": "system", "message": error.message}]}, error.status_code, headers
    )

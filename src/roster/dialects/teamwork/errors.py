"""Teamwork's error shape: ``{"errors":[{"id","code","title","detail","meta"}]}`` (reference §3).

``id`` names the occurrence (a fresh random id), ``code`` is a stable machine-readable code,
``title`` a short summary and ``detail`` the specifics; a 400 names its parameter in ``detail``
and in ``meta.parameter``. The 401 repeats the live-captured body's title and detail.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import Response

from roster.errors import (
    BadParameter,
    Forbidden,
    NotFound,
    RosterError,
    Unauthenticated,
    Unavailable,
    ValidationFailed,
)
from roster.ratelimit import RateLimited
from roster.web.responses import json_response

# Clients send the key as the Basic user name or as a Bearer token; both are accepted.
WWW_AUTHENTICATE = 'Basic realm="roster", Bearer realm="roster"'
# Teamwork's own wording for a 429 (the Spaces rate-limiting guide, reference §4).
RATE_LIMITED_DETAIL = "You have exceeded your rate limit. Please try again in a little while."
# Teamwork's documented spelling, then the legacy Projects page's, which some clients read.
RATE_LIMIT_PREFIXES = ("X-Rate-Limit-", "X-RateLimit-")


def _error(
    code: str, title: str, detail: str, meta: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "code": code,
        "title": title,
        "detail": detail,
        "meta": meta or {},
    }


def render_error(error: RosterError) -> Response:
    if isinstance(error, Unauthenticated):
        body = {"errors": [_error("unauthorized", "unexpected error", "401: Not authorized")]}
        return json_response(body, 401, headers={"WWW-Authenticate": WWW_AUTHENTICATE})
    if isinstance(error, BadParameter):
        detail = f"{error.parameter}: {error.problem}"
        meta = {"parameter": error.parameter}
        body = {"errors": [_error("invalid_parameter", "invalid parameter", detail, meta)]}
        return json_response(body, 400)
    if isinstance(error, ValidationFailed):
        errors = [
            _error("validation_failed", "validation failed", f"{name}: {message}", {"field": name})
            for name, message in error.problems
        ]
        return json_response({"errors": errors}, 422)
    if isinstance(error, NotFound):
        return json_response({"errors": [_error("not_found", "not found", error.message)]}, 404)
    if isinstance(error, Forbidden):
        return json_response({"errors": [_error("forbidden", "forbidden", error.message)]}, 403)
    if isinstance(error, RateLimited):
        wait: dict[str, Any] = {"retryAfter": error.retry_after}
        body = {"errors": [_error("rate_limited", "too many requests", RATE_LIMITED_DETAIL, wait)]}
        return json_response(body, 429, headers={"Retry-After": str(error.retry_after)})
    if isinstance(error, Unavailable):
        body = {"errors": [_error("unavailable", "service unavailable", error.message)]}
        return json_response(body, 503, headers={"Retry-After": str(error.retry_after)})
    body = {"errors": [_error("error", "unexpected error", error.message)]}
    return json_response(body, error.status_code)

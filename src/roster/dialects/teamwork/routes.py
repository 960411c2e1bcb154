"""Teamwork routes under /projects/api/v3/; every path also answers with a .json suffix.

A token is accepted as ``Authorization: Bearer <token>`` or as the HTTP Basic user name with any
password (clients send ``x``, ``xxx`` or nothing). Any other path under the prefix is a 404 in
Teamwork's error shape.
"""

from __future__ import annotations

import base64
import binascii

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from roster.dialects.teamwork import people
from roster.dialects.teamwork.errors import RATE_LIMIT_PREFIXES, render_error
from roster.errors import NotFound
from roster.openapi import teamwork as contract
from roster.openapi.spec import Operation, Param, Reply
from roster.web.dialect import Dialect, Handler, bearer_token, endpoint

PREFIX = "/projects/api/v3"
_ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def basic_or_bearer_token(request: Request) -> str | None:
    """The Basic user name when the scheme is Basic, else the Bearer token."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return bearer_token(request)
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, _, _password = decoded.partition(":")
    return user.strip() or None


TEAMWORK = Dialect(
    name="teamwork",
    find_token=basic_or_bearer_token,
    render_error=render_error,
    rate_limit_prefixes=RATE_LIMIT_PREFIXES,
)


def _route(path: str, handler: Handler) -> list[BaseRoute]:
    app = endpoint(TEAMWORK, handler)
    return [
        Route(PREFIX + path + ".json", app, methods=["GET"]),
        Route(PREFIX + path, app, methods=["GET"]),
    ]


async def _unknown(_request: Request) -> Response:
    return render_error(NotFound("no such endpoint"))


def routes() -> list[BaseRoute]:
    return [
        *_route("/me", people.show_me),
        *_route("/people/{personId}", people.show_person),
        *_route("/people", people.list_people),
        *_route("/projects/{projectId}/people/{personId}", people.show_project_person),
        *_route("/projects/{projectId}/people", people.list_project_people),
        Route(PREFIX + "/{path:path}", _unknown, methods=_ANY_METHOD),
    ]


def _op(
    path: str,
    operation_id: str,
    summary: str,
    doc: str,
    parameters: tuple[Param, ...],
    replies: dict[int, Reply],
) -> Operation:
    """The contract of a Teamwork route (roster.openapi), documented with its .json suffix."""
    full = PREFIX + path
    return Operation(
        "GET",
        full + ".json",
        operation_id,
        summary,
        doc,
        replies,
        parameters,
        aliases=(full,),
        security=contract.SECURITY,
    )


# One per route above (the catch-all 404 aside); tests/openapi checks they match one to one.
OPERATIONS: tuple[Operation, ...] = (
    _op(
        "/me",
        "getMe",
        "Returns the logged-in user",
        "The requester, with what me.json adds. Only include and fields[...] apply.",
        contract.me_parameters(),
        contract.replies(contract.ME_REPLY, 400, 401, 404),
    ),
    _op(
        "/people/{personId}",
        "getPerson",
        "Returns a person",
        "One visible person (404 otherwise). Every list parameter is validated; of the filters "
        "only the reach of showDeleted applies.",
        contract.PERSON_PARAMETERS,
        contract.replies(contract.PERSON_REPLY, 400, 401, 403, 404),
    ),
    _op(
        "/people",
        "getPeople",
        "Returns a list of people",
        "The people visible to the requester, narrowed by every filter given, ordered and paged.",
        contract.PEOPLE_PARAMETERS,
        contract.replies(contract.PEOPLE_REPLY, 400, 401, 403),
    ),
    _op(
        "/projects/{projectId}/people/{personId}",
        "getProjectPerson",
        "Returns a person on a project",
        "One participant of a project the requester may see (404 otherwise).",
        contract.PROJECT_PERSON_PARAMETERS,
        contract.replies(contract.PERSON_REPLY, 400, 401, 403, 404),
    ),
    _op(
        "/projects/{projectId}/people",
        "getProjectPeople",
        "Returns a list of people on a project",
        "The visible participants of a project the requester may see (404 otherwise).",
        contract.PROJECT_PEOPLE_PARAMETERS,
        contract.replies(contract.PEOPLE_REPLY, 400, 401, 403, 404),
    ),
)

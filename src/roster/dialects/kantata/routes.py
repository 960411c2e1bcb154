"""Kantata routes under /api/v1/; every path also answers with a .json suffix."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from roster.dialects.kantata import capacity, users, writes
from roster.dialects.kantata.errors import render_error
from roster.web.dialect import Dialect, Handler, bearer_token, endpoint

KANTATA = Dialect(name="kantata", find_token=bearer_token, render_error=render_error)
PREFIX = "/api/v1"


def _route(path: str, handler: Handler, methods: list[str]) -> list[BaseRoute]:
    app = endpoint(KANTATA, handler)
    return [
        Route(PREFIX + path + ".json", app, methods=methods),
        Route(PREFIX + path, app, methods=methods),
    ]


def routes() -> list[BaseRoute]:
    return [
        *_route("/users/me/capacity", capacity.my_capacity, ["GET"]),
        *_route("/users/{user_id}/capacity", capacity.user_capacity, ["GET"]),
        *_route("/users/me", users.show_me, ["GET"]),
        *_route("/users/{user_id}", users.show_user, ["GET"]),
        *_route("/users/{user_id}", writes.update_user, ["PUT", "PATCH"]),
        *_route("/users", users.list_users, ["GET"]),
    ]

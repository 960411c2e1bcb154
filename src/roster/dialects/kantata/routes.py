"""Kantata routes under /api/v1/; every path also answers with a .json suffix."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute, Route

from roster.dialects.kantata import capacity, file_associations, photos, users, writes
from roster.dialects.kantata.errors import render_error
from roster.openapi import kantata as contract
from roster.openapi.spec import Operation
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
        *_route("/users/{user_id}/profile_photo", photos.update_photo, ["POST"]),
        *_route("/users/{user_id}/profile_photo", photos.reset_photo, ["DELETE"]),
        *_route("/user_file_associations", file_associations.list_file_associations, ["GET"]),
        *_route(
            "/attachments/{attachment_id}/download",
            file_associations.download_attachment,
            ["GET"],
        ),
    ]


def _op(
    method: str, path: str, operation_id: str, summary: str, doc: str, **rest: Any
) -> Operation:
    """The contract of a Kantata route (roster.openapi), which also answers with .json."""
    full = PREFIX + path
    return Operation(
        method,
        full,
        operation_id,
        summary,
        doc,
        aliases=(full + ".json",),
        security=contract.SECURITY,
        **rest,
    )


# One per route above, method by method; tests/openapi checks that they match one to one.
OPERATIONS: tuple[Operation, ...] = (
    _op(
        "GET",
        "/users",
        "listUsers",
        "List the users visible to the requester",
        "Users who participate in a project with the requester (an account administrator: in "
        "a project on their account), narrowed by every filter given, ordered and paged.",
        parameters=contract.list_parameters(),
        replies=contract.replies(contract.USERS_REPLY, 400, 401),
    ),
    _op(
        "GET",
        "/users/me",
        "showMe",
        "Fetch the requester",
        "The requester in the users envelope; filters apply as on a show.",
        parameters=contract.show_parameters(),
        replies=contract.replies(contract.USER_REPLY, 400, 401, 404),
    ),
    _op(
        "GET",
        "/users/{user_id}",
        "showUser",
        "Fetch one user",
        "One visible user in the users envelope. Filters and their defaults apply (a disabled "
        "user needs show_disabled=true); a user the requester may not see is a 404.",
        parameters=(contract.USER_ID, *contract.show_parameters()),
        replies=contract.replies(contract.USER_REPLY, 400, 401, 404),
    ),
    *(
        _op(
            method,
            "/users/{user_id}",
            operation_id,
            "Update a user's profile",
            "Changes full_name, headline, email_address and the external reference, and "
            "answers the show envelope of the changed user. PUT and PATCH are the same.",
            parameters=contract.update_parameters(),
            body=contract.UPDATE_BODY,
            replies=contract.replies(contract.USER_REPLY, 400, 401, 403, 404, 422),
        )
        for method, operation_id in (("PUT", "updateUser"), ("PATCH", "patchUser"))
    ),
    _op(
        "GET",
        "/users/{user_id}/capacity",
        "userCapacity",
        "Fetch a user's work capacity",
        "Hours available per day between two dates: the workweek in effect, less holidays and "
        "time off. For the user, their manager and their account's administrators (others who "
        "can see the user get 403). include and optional_fields are accepted and ignored.",
        parameters=(contract.USER_ID, *contract.capacity_parameters()),
        replies=contract.replies(contract.CAPACITY_REPLY, 400, 401, 403, 404),
    ),
    _op(
        "GET",
        "/users/me/capacity",
        "myCapacity",
        "Fetch my work capacity",
        "The requester's hours available per day between two dates.",
        parameters=contract.capacity_parameters(),
        replies=contract.replies(contract.CAPACITY_REPLY, 400, 401, 403, 404),
    ),
    _op(
        "POST",
        "/users/{user_id}/profile_photo",
        "updateProfilePhoto",
        "Update a user's profile photo",
        "Stores a new photo for the user themself or an administrator of their account, and "
        "answers the user envelope, photo_path showing the new photo.",
        parameters=contract.update_parameters(),
        body=contract.PHOTO_BODY,
        replies=contract.replies(contract.USER_REPLY, 400, 401, 403, 404, 413, 422),
    ),
    _op(
        "DELETE",
        "/users/{user_id}/profile_photo",
        "resetProfilePhoto",
        "Reset a user's profile photo",
        "Back to the default image (a no-op when there is no photo); answers the user envelope.",
        parameters=contract.update_parameters(),
        replies=contract.replies(contract.USER_REPLY, 400, 401, 403, 404),
    ),
    _op(
        "GET",
        "/user_file_associations",
        "listUserFileAssociations",
        "List the requester's user file associations",
        "The files (attachments and Google documents) shared with the requester in projects, "
        "newest first by default.",
        parameters=contract.file_association_parameters(),
        replies=contract.replies(contract.FILE_ASSOCIATIONS_REPLY, 400, 401),
    ),
    _op(
        "GET",
        "/attachments/{attachment_id}/download",
        "downloadAttachment",
        "Download an attachment",
        "The attachment's bytes, for a requester who may see it (else 404).",
        parameters=(contract.ATTACHMENT_ID,),
        replies=contract.replies(contract.DOWNLOAD_REPLY, 401, 404),
    ),
)

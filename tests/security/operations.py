"""How to attack each operation the application serves, keyed by its OpenAPI operation id.

The suite is driven from the registry (``roster.openapi.registry.APIS``): every operation must
have a plan here (``test_coverage`` fails otherwise), so a new endpoint is attacked as soon as it
is declared. A plan says how the operation is authenticated and what its path ids name, and how to
build a request the operation would otherwise accept; public operations say why they are public.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from roster.openapi.registry import APIS
from roster.openapi.spec import Operation
from tests.security.probing import KANTATA, TEAMWORK
from tests.security.world import World, photo_upload

Auth = Literal["token", "public", "client"]
Names = Literal["user", "project", "attachment", "media_key"]

CAPACITY_RANGE = {"start_date": "2024-01-01", "end_date": "2024-01-07"}


@dataclass(frozen=True)
class Plan:
    auth: Auth
    path_ids: Mapping[str, Names] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    photo: bool = False  # a multipart profile photo upload
    # Writes and capacity find their user among everyone the requester could reach through any
    # documented widening (roster.people.service): such a user is a 403, not a 404.
    wide_reach: bool = False
    why_public: str = ""


def _token(path_ids: Mapping[str, Names] | None = None, **options: Any) -> Plan:
    return Plan("token", path_ids or {}, **options)


def _public(why: str, path_ids: Mapping[str, Names] | None = None) -> Plan:
    return Plan("public", path_ids or {}, why_public=why)


_USER: Mapping[str, Names] = {"user_id": "user"}
_CHANGE = {"user": {"headline": "changed by an attacker"}}

PLANS: dict[str, Plan] = {
    "listUsers": _token(),
    "showMe": _token(),
    "showUser": _token(_USER),
    "updateUser": _token(_USER, json=_CHANGE, wide_reach=True),
    "patchUser": _token(_USER, json=_CHANGE, wide_reach=True),
    "userCapacity": _token(_USER, query=CAPACITY_RANGE, wide_reach=True),
    "myCapacity": _token(query=CAPACITY_RANGE),
    "updateProfilePhoto": _token(_USER, photo=True, wide_reach=True),
    "resetProfilePhoto": _token(_USER, wide_reach=True),
    "listUserFileAssociations": _token(),
    "downloadAttachment": _token({"attachment_id": "attachment"}),
    "getMe": _token(),
    "getPerson": _token({"personId": "user"}),
    "getPeople": _token(),
    "getProjectPerson": _token({"projectId": "project", "personId": "user"}),
    "getProjectPeople": _token({"projectId": "project"}),
    "oauthAuthorize": _public("The OAuth sign-in page: the user signs in on it with a token."),
    "oauthDecide": _public("The sign-in and consent forms post here, carrying the token."),
    "oauthToken": Plan("client", why_public="Clients authenticate with their own secret."),
    "getHealth": _public("Liveness for load balancers; says nothing about data."),
    "getReadiness": _public("Readiness for load balancers; says nothing about data."),
    "getProfilePhoto": _public(
        "Photos are public by design: <img> tags send no token, as with Kantata. The key is "
        "unguessable and only handed out as the photo_path of a visible user.",
        {"key": "media_key"},
    ),
    "getDefaultProfilePhoto": _public("The same image for everyone without a photo."),
    "getOpenApiDocument": _public("The API description; no data."),
    "getDocsPage": _public("The API description as a page; no data."),
}


def operations() -> list[Operation]:
    return [operation for api in APIS for operation in api.operations]


def operation(operation_id: str) -> Operation:
    return next(op for op in operations() if op.operation_id == operation_id)


def dialect_of(op: Operation) -> str:
    return TEAMWORK if op.path.startswith("/projects/api/v3") else KANTATA


def token_operations() -> list[str]:
    return [op.operation_id for op in operations() if PLANS[op.operation_id].auth == "token"]


def identified_operations() -> list[tuple[str, str]]:
    """(operation id, path parameter) for every id a token operation takes in its path."""
    return [
        (operation_id, name)
        for operation_id in token_operations()
        for name in PLANS[operation_id].path_ids
    ]


def own_value(world: World, who: str, names: Names) -> str:
    """A value of this kind the requester may use: themself, their project, their attachment."""
    if names == "user":
        return str(world.id(who))
    if names == "project":
        for workspace, (_account, seated) in world.workspaces.items():
            if who in seated:
                return str(world.workspace_ids[workspace])
        return str(world.workspace_ids["ws_shared"])
    if names == "attachment":
        return str(world.ids["shared-brief"])
    return world.photo_keys["home_member"]


def hidden_value(world: World, names: Names) -> str:
    """The hidden user's own: themself, the project only they are in, their attachment."""
    return {
        "user": str(world.hidden.id),
        "project": str(world.workspace_ids["ws_secret"]),
        "attachment": str(world.ids["secret-plan"]),
        "media_key": world.photo_keys["hidden"],
    }[names]


def missing_value(world: World, names: Names) -> str:
    return {
        "user": str(world.missing["users"]),
        "project": str(world.missing["workspaces"]),
        "attachment": str(world.missing["attachments"]),
        "media_key": "photos/1/" + "0" * 32 + "/thumbnail.jpg",
    }[names]


def send(
    client: Any,
    operation_id: str,
    path_values: Mapping[str, str],
    headers: Mapping[str, str],
    *,
    alias: bool = False,
    query: Mapping[str, str] | None = None,
) -> httpx.Response:
    """The operation's request, with these path values (anything not given: placeholders) and
    ``query`` added to the plan's own query parameters."""
    op = operation(operation_id)
    plan = PLANS[operation_id]
    params = {**plan.query, **(query or {})}
    path = op.aliases[0] if alias and op.aliases else op.path
    for name in plan.path_ids:
        path = path.replace("{" + name + "}", path_values.get(name, "1"))
    if plan.photo:
        upload: httpx.Response = client.request(
            op.method,
            path,
            params=params,
            headers=headers,
            files={"user[profile_photo_attachment_file]": ("me.jpg", photo_upload(), "image/jpeg")},
        )
        return upload
    response: httpx.Response = client.request(
        op.method, path, params=params, headers=headers, json=plan.json
    )
    return response

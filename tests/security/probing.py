"""How the attacks are sent and judged: credentials, requests, normalised answers, leak checks."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from roster.dialects.kantata.users import USERS
from roster.dialects.teamwork.people import PEOPLE
from roster.dialects.teamwork.sideloads import SIDELOADS
from tests.security.world import World

KANTATA = "kantata"
TEAMWORK = "teamwork"

# Requesters who may not see the hidden user (under the default reach).
ATTACKERS = ("other_member", "other_admin", "home_nonparticipant", "home_colleague", "contact_user")
# The one who can: the positive control that proves a probe really aims at the hidden user.
SEER = "home_admin"

KANTATA_INCLUDES = ",".join(include.name for include in USERS.includes)
KANTATA_OPTIONAL_FIELDS = ",".join(USERS.optional_fields)
TEAMWORK_INCLUDES = ",".join(sideload.name for sideload in SIDELOADS)

# Keys under which a record names a user by id (Kantata spells ids as strings).
USER_REFERENCES = frozenset({"manager_id", "user_id", "subject_id", "setter_id", "creator_id"})

_TEAMWORK_ERROR_ID = re.compile(rb'"id":"[0-9a-f]{32}"')


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def basic(user: str, password: str = "xxx") -> dict[str, str]:
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def as_user(world: World, name: str) -> dict[str, str]:
    return bearer(world.tokens[name])


@dataclass(frozen=True)
class Answer:
    """A response reduced to what a client can observe, minus what differs on every request."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def observed(response: httpx.Response) -> Answer:
    headers = tuple(
        sorted(
            (name.lower(), value)
            for name, value in response.headers.items()
            if name.lower() != "x-request-id"
        )
    )
    # Teamwork names each error occurrence with a fresh random id; its length never varies.
    body = _TEAMWORK_ERROR_ID.sub(b'"id":"-"', response.content)
    return Answer(response.status_code, headers, body)


def walk(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (key, scalar) pair in a JSON document; list items keep their list's key."""
    if isinstance(value, Mapping):
        for inner_key, inner in value.items():
            yield from walk(inner, str(inner_key))
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)
    else:
        yield key, value


def user_ids(dialect: str, body: Mapping[str, Any]) -> list[int]:
    """The primary records of a list or show answer, in order."""
    if dialect == KANTATA:
        return [int(result["id"]) for result in body["results"] if result["key"] == "users"]
    people = body.get("people")
    if people is None:
        people = [body["person"]]
    return [int(person["id"]) for person in people]


def sideloaded_user_ids(dialect: str, body: Mapping[str, Any]) -> set[int]:
    """Every user an answer presents as a record (Kantata's users key holds includes too)."""
    if dialect == KANTATA:
        return {int(key) for key in body.get("users", {})}
    return set(user_ids(dialect, body))


def count_of(dialect: str, body: Mapping[str, Any]) -> int:
    if dialect == KANTATA:
        return int(body["count"])
    return int(body["meta"]["page"]["count"])


def assert_nothing_of_hidden(world: World, response: httpx.Response, context: str) -> None:
    """No trace of the hidden user: not a record, not a reference, not one of their values."""
    text = response.text
    for marker in world.markers:
        assert marker not in text, f"{context}: the answer contains {marker!r}"
    if not response.headers.get("content-type", "").startswith("application/json"):
        return
    hidden = world.hidden.id
    for key, value in walk(response.json()):
        if key in USER_REFERENCES and value is not None:
            assert int(value) != hidden, f"{context}: {key} names the hidden user"


def list_path(dialect: str) -> str:
    return "/api/v1/users" if dialect == KANTATA else "/projects/api/v3/people.json"


def list_params(dialect: str, params: Mapping[str, str]) -> dict[str, str]:
    """A page big enough for the whole world, with every include the endpoint offers."""
    if dialect == KANTATA:
        shaping = {
            "per_page": "200",
            "include": KANTATA_INCLUDES,
            "optional_fields": KANTATA_OPTIONAL_FIELDS,
        }
    else:
        shaping = {"pageSize": "500", "include": TEAMWORK_INCLUDES}
    return {**shaping, **params}


def widening(dialect: str, params: Mapping[str, str]) -> dict[str, bool]:
    """The documented widenings a request asks for, read from the filter declarations."""
    filters = USERS.filters_by_name if dialect == KANTATA else PEOPLE.filters_by_name
    reach = {"account_members": False, "contacts": False, "disabled": False}
    for name, raw in params.items():
        declared = filters.get(name)
        if declared is None or declared.widens is None:
            continue
        value = declared.kind.parse([raw])
        if value not in (None, False, ()):
            reach[declared.widens] = True
    if dialect == KANTATA and params.get("apply_default_filters", "").lower() == "false":
        reach["disabled"] = True  # skipping show_disabled's default stops hiding disabled users
    return reach

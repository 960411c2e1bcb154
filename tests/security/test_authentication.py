"""Every operation that needs a token refuses every credential that is not a live one.

The answer is the dialect's 401, byte for byte the same whatever was presented and whatever the
path names (the hidden user, a missing id): no data, and no hint of what was wrong or of what the
path points at, since authentication comes before anything else.
"""

from __future__ import annotations

from typing import Any

import pytest

from roster.auth.tokens import hash_secret
from tests.security.operations import (
    PLANS,
    dialect_of,
    hidden_value,
    missing_value,
    operation,
    send,
    token_operations,
)
from tests.security.probing import KANTATA, basic, bearer, observed
from tests.security.world import World

KANTATA_401 = {"errors": [{"type": "oauth", "message": "Invalid OAuth 2 Request"}]}
TEAMWORK_401 = {
    "code": "unauthorized",
    "title": "unexpected error",
    "detail": "401: Not authorized",
}


def bad_credentials(world: World, dialect: str) -> dict[str, dict[str, str]]:
    live = world.tokens["other_member"]
    credentials = {
        "no token": {},
        "a garbage token": bearer("garbage-" + "x" * 35),
        "a revoked token": bearer(world.tokens["revoked"]),
        "the token of a disabled member": bearer(world.tokens["home_disabled"]),
        "the token of a user disabled site-wide": bearer(world.tokens["site_disabled"]),
        "an empty bearer": {"Authorization": "Bearer "},
        "a live token under another scheme": {"Authorization": f"Token {live}"},
        "the stored hash of a live token": bearer(hash_secret(live)),
        "the stored prefix of a live token": bearer(live[:8]),
        "a live token with one character more": bearer(live + "A"),
        "Basic with a wrong token": basic("garbage"),
        "Basic with a revoked token": basic(world.tokens["revoked"]),
        "Basic with a disabled member's token": basic(world.tokens["home_disabled"]),
        "Basic that is not base64": {"Authorization": "Basic %%%"},
    }
    if dialect == KANTATA:
        # Kantata takes a Bearer token only; the Basic user name is a Teamwork convention.
        credentials["Basic with a live token"] = basic(live)
    return credentials


@pytest.mark.parametrize("operation_id", token_operations())
def test_every_dead_credential_is_the_same_401(
    world: World, client: Any, operation_id: str
) -> None:
    op = operation(operation_id)
    dialect = dialect_of(op)
    plan = PLANS[operation_id]
    hidden = {name: hidden_value(world, names) for name, names in plan.path_ids.items()}
    missing = {name: missing_value(world, names) for name, names in plan.path_ids.items()}
    attempts = [
        (label, headers, hidden, False)
        for label, headers in bad_credentials(world, dialect).items()
    ]
    # What the path names, and how it is spelled, make no difference either.
    attempts += [("no token", {}, missing, False), ("no token", {}, hidden, True)]
    answers = set()
    for label, headers, values, alias in attempts:
        response = send(client, operation_id, values, headers, alias=alias)
        context = f"{op.method} {op.path} with {label}"
        assert response.status_code == 401, f"{context}: {response.text}"
        assert "www-authenticate" in response.headers, context
        errors = response.json()
        if dialect == KANTATA:
            assert errors == KANTATA_401, context
        else:
            (error,) = errors["errors"]
            assert {key: error[key] for key in TEAMWORK_401} == TEAMWORK_401, context
        answers.add(observed(response))
    assert len(answers) == 1, f"{op.method} {op.path}: the 401s differ: {answers}"


@pytest.mark.parametrize("operation_id", token_operations())
def test_a_live_token_is_let_in(world: World, client: Any, operation_id: str) -> None:
    """The control: the same requests with a live token get past authentication."""
    plan = PLANS[operation_id]
    values = {name: hidden_value(world, names) for name, names in plan.path_ids.items()}
    live = world.tokens["other_member"]
    schemes = [bearer(live)]
    if dialect_of(operation(operation_id)) != KANTATA:
        schemes.append(basic(live))
    for headers in schemes:
        response = send(client, operation_id, values, headers)
        assert response.status_code != 401, response.text

"""OAuth2 and identity: a code is only good for the client it was issued to, an issued token acts
as its user and nobody else, and no token reads anyone's ``me`` but its own.

The flow is driven over https (the token endpoint refuses plain http beyond loopback), posting the
consent form the way a script may: ``decision=allow`` with the user's personal token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from roster.auth.oauth.clients import Registered, register_client
from roster.models import ApiToken
from tests.security.probing import ATTACKERS, as_user, basic, bearer
from tests.security.world import World

CALLBACK = "https://app.example/callback"


@pytest.fixture
def secure(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://roster.test", follow_redirects=False) as client:
        yield client


def _authorize(secure: TestClient, app: Registered, api_token: str) -> Any:
    return secure.post(
        "/oauth/authorize",
        data={
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": CALLBACK,
            "state": "s",
            "decision": "allow",
            "api_token": api_token,
        },
    )


def _code(secure: TestClient, app: Registered, api_token: str) -> str:
    response = _authorize(secure, app, api_token)
    assert response.status_code == 302, response.text
    code: str = parse_qs(urlsplit(response.headers["location"]).query)["code"][0]
    return code


def _exchange(secure: TestClient, code: str, app: Registered, secret: str | None = None) -> Any:
    return secure.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": app.client_id,
            "client_secret": secret if secret is not None else app.client_secret,
        },
    )


def _issued(session: Session) -> int:
    count = session.scalar(
        select(func.count()).select_from(ApiToken).where(ApiToken.oauth_client_id.is_not(None))
    )
    return int(count or 0)


def test_a_code_is_only_good_for_its_own_client(
    world: World, session: Session, secure: TestClient
) -> None:
    mine = register_client(session, name="Mine", redirect_uris=[CALLBACK])
    thief = register_client(session, name="Thief", redirect_uris=[CALLBACK])
    code = _code(secure, mine, world.tokens["home_member"])
    stolen = _exchange(secure, code, thief)
    assert stolen.status_code == 400
    assert stolen.json()["error"] == "invalid_grant"
    wrong_secret = _exchange(secure, code, mine, secret=thief.client_secret)
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["error"] == "invalid_client"
    assert _issued(session) == 0
    granted = _exchange(secure, code, mine)
    assert granted.status_code == 200, granted.text
    assert _issued(session) == 1


def test_an_issued_token_acts_as_its_user_alone(
    world: World, session: Session, secure: TestClient
) -> None:
    app = register_client(session, name="App", redirect_uris=[CALLBACK])
    token = _exchange(secure, _code(secure, app, world.tokens["home_member"]), app).json()
    issued = token["access_token"]
    member = world.id("home_member")
    me = secure.get("/api/v1/users/me.json", headers=bearer(issued)).json()
    assert me["results"] == [{"key": "users", "id": str(member)}]
    assert secure.get("/projects/api/v3/me.json", headers=basic(issued)).json()["person"]["id"] == (
        member
    )
    hidden = secure.get(f"/api/v1/users/{world.hidden.id}", headers=bearer(issued))
    assert hidden.status_code == 404
    # An application's token cannot sign in to obtain more tokens, for itself or another app.
    assert _authorize(secure, app, issued).status_code == 422


@pytest.mark.parametrize("dead", ["revoked", "home_disabled", "site_disabled"])
def test_a_dead_token_cannot_sign_in(
    world: World, session: Session, secure: TestClient, dead: str
) -> None:
    app = register_client(session, name="App", redirect_uris=[CALLBACK])
    refused = _authorize(secure, app, world.tokens[dead])
    assert refused.status_code == 422
    assert "code=" not in refused.headers.get("location", "")


ME_PATHS = ("/api/v1/users/me", "/api/v1/users/me.json", "/projects/api/v3/me.json")
# Parameters that name other users: none of them may turn ``me`` into someone else.
STEERING = ("only", "with_users", "ids", "user_id", "personId", "userId")


@pytest.mark.parametrize("who", ATTACKERS)
def test_me_is_always_the_tokens_own_user(world: World, client: Any, who: str) -> None:
    mine = world.id(who)
    for path in ME_PATHS:
        for steer in (None, *STEERING):
            params = {steer: str(world.hidden.id)} if steer else {}
            response = client.get(path, params=params, headers=as_user(world, who))
            context = f"{path} {params} as {who}"
            if response.status_code == 404:
                # A filter that excludes the requester empties a show; it never swaps the user.
                assert steer in ("with_users",), context
                continue
            assert response.status_code == 200, f"{context}: {response.text}"
            body = response.json()
            if "person" in body:
                assert body["person"]["id"] == mine, context
            else:
                assert set(body["users"]) == {str(mine)}, context

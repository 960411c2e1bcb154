"""Teamwork accepts the token as a Bearer token or as the HTTP Basic user name (any password)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.dialects.teamwork.helpers import V3, basic, bearer
from tests.factories import make_account, make_user, token_for


@pytest.fixture
def ann_token(session: Session) -> tuple[int, str]:
    ann = make_user(session, first_name="Ann", account=make_account(session))
    return ann.id, token_for(session, ann)


def assert_401_in_teamwork_shape(response: Any) -> None:
    assert response.status_code == 401
    (error,) = response.json()["errors"]
    assert error["title"] == "unexpected error"
    assert error["detail"] == "401: Not authorized"
    assert error["code"] == "unauthorized"
    assert error["id"]
    assert "Basic" in response.headers["www-authenticate"]


@pytest.mark.parametrize("path", ["/me.json", "/me", "/people.json", "/people"])
def test_bearer_token_is_accepted(client: Any, ann_token: tuple[int, str], path: str) -> None:
    ann_id, token = ann_token
    response = client.get(V3 + path, headers=bearer(token))
    assert response.status_code == 200, response.text
    body = response.json()
    found = body["person"]["id"] if "person" in body else body["people"][0]["id"]
    assert found == ann_id


@pytest.mark.parametrize("password", ["x", "xxx", "", "anything:with:colons"])
def test_basic_auth_takes_the_token_as_user_name_with_any_password(
    client: Any, ann_token: tuple[int, str], password: str
) -> None:
    ann_id, token = ann_token
    response = client.get(V3 + "/me.json", headers=basic(token, password))
    assert response.status_code == 200, response.text
    assert response.json()["person"]["id"] == ann_id


@pytest.mark.parametrize(
    "headers",
    [
        {},
        bearer("not-a-token"),
        basic("not-a-token"),
        {"Authorization": "Basic !!!not-base64!!!"},
        {"Authorization": "Basic " + "OnBhc3N3b3Jk"},  # ":password", no user name
        {"Authorization": "Token abc"},
    ],
)
def test_missing_or_bad_credentials_are_401_in_teamwork_shape(
    client: Any, ann_token: tuple[int, str], headers: dict[str, str]
) -> None:
    assert_401_in_teamwork_shape(client.get(V3 + "/people.json", headers=headers))


def test_a_disabled_users_token_is_401(session: Session, client: Any) -> None:
    gone = make_user(session, account=make_account(session), disabled=True)
    assert_401_in_teamwork_shape(
        client.get(V3 + "/me.json", headers=bearer(token_for(session, gone)))
    )


def test_the_project_endpoints_need_a_token_too(client: Any) -> None:
    assert_401_in_teamwork_shape(client.get(V3 + "/projects/1/people.json"))
    assert_401_in_teamwork_shape(client.get(V3 + "/projects/1/people/1.json"))
    assert_401_in_teamwork_shape(client.get(V3 + "/people/1.json"))

"""Every input the fuzzer ever broke something with, kept as a regular test.

Each test names what broke and how it was fixed. They run in-process against the ``client``
app; the host is a loopback address where the broken path needed one (Authlib refuses OAuth
over plain http to other hosts before it reaches the code that broke).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from tests.factories import make_account, make_user, token_for

LOOPBACK = "http://127.0.0.1:8000"


@pytest.fixture
def loopback(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url=LOOPBACK) as client:
        yield client


# Authlib put response_type (or redirect_uri) in its error description and raised ValueError
# building the error when the value held characters outside printable ASCII: a 500. Fixed in
# roster.auth.oauth.endpoints: such a request is answered with the invalid_request error page.
@pytest.mark.parametrize(
    "query",
    [
        # As found: GET /oauth/authorize with control and non-ASCII characters everywhere.
        "client_id=%0B%C3%A2%F2%B3%8F%94&response_type=j%C2%9E&scope=%C2%BA"
        "&redirect_uri=%C3%95%F2%89%94%A5%C3%9D%F0%92%A5%94%C2%A4%C2%90%C2%A4",
        "client_id=abc&response_type=c%C3%B6de",
        "client_id=abc&response_type=code%0A",
    ],
)
def test_authorize_with_unquotable_response_type_is_an_error_page(
    loopback: TestClient, query: str
) -> None:
    response = loopback.get(f"/oauth/authorize?{query}", follow_redirects=False)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "invalid_request" in response.text


def test_authorize_form_with_unquotable_values_is_an_error_page(loopback: TestClient) -> None:
    # As found: POST /oauth/authorize, a repeated non-ASCII key and a deny decision.
    body = (
        "%C2%AB%F2%8E%B2%BAZ%C2%B1=6.221897969624805e%2B16&%C2%AB%F2%8E%B2%BAZ%C2%B1=-879"
        "&scope=%C2%A5%5E%C2%9C%F2%AD%94%94L&state=%0F%10%C3%AB&client_id="
        "&redirect_uri=%F2%90%B3%B5-M%C3%93K%7CJ%C2%BC%C3%9C%F1%81%BB%9F&decision=deny"
        "&response_type=%C2%B6%F2%A4%96%9E.%0E%F3%9F%8B%95%3AM"
    )
    response = loopback.post(
        "/oauth/authorize",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "invalid_request" in response.text


@pytest.fixture
def token(session: Session) -> str:
    account = make_account(session)
    return token_for(session, make_user(session, account=account, is_administrator=True))


# A NUL character in a text filter reached PostgreSQL, which cannot hold one in text: a 500 (on
# SQLite, a silent match on a truncated value). Fixed in roster.query.kinds: every declared
# parameter refuses a value with NUL, a 400 naming it, on both databases.
@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        # As found: Kantata's external_reference_service_model, on a show.
        ("/api/v1/users/1", "external_reference_service_model"),
        ("/api/v1/users", "by_full_name"),
        ("/api/v1/users", "with_users"),
        ("/projects/api/v3/people.json", "searchTerm"),
        ("/projects/api/v3/people.json", "include"),
    ],
)
def test_a_nul_character_in_a_parameter_is_a_400_naming_it(
    client: Any, token: str, path: str, parameter: str
) -> None:
    response = client.get(
        path,
        params={parameter: "!\u00c7\x00\x13"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert parameter in response.text
    assert "NUL" in response.text


# A NUL character in client_id reached PostgreSQL through the OAuth client lookup: a 500. Fixed
# in roster.auth.oauth.store.find_client: such a client_id names no client.
@pytest.mark.parametrize(
    ("body", "error"),
    [
        # As found: POST /oauth/authorize with client_id "1\x05\x009B" (and no response_type).
        (
            "%C3%85%C3%86=&api_token=N%C3%80%08&scope=x&response_type=&client_id=1%05%009B"
            "&redirect_uri=%F1%B9%9E%BB&decision=%C3%8C%C2%87&state=g",
            "unsupported_response_type",
        ),
        ("response_type=code&client_id=1%05%009B", "invalid_client"),
    ],
)
def test_authorize_with_a_nul_in_client_id_is_an_error_page(
    loopback: TestClient, body: str, error: str
) -> None:
    response = loopback.post(
        "/oauth/authorize",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert f"<code>{error}</code>" in response.text


def test_token_with_a_nul_in_client_id_is_invalid_client(loopback: TestClient) -> None:
    response = loopback.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": "x", "client_id": "a\x00b"},
    )
    assert response.status_code in {400, 401}
    assert response.json()["error"] == "invalid_client"

"""The OAuth2 authorization-code flow, driven by Authlib's own client over real HTTP.

A uvicorn server on a loopback port serves the test's app (bound to the test's rolled-back
transaction); a plain httpx client plays the user's browser, submitting the HTML forms the way a
browser would.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
import uvicorn
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from roster.auth.oauth import store
from roster.auth.oauth.clients import Registered, register_client
from roster.auth.tokens import hash_secret, issue_token, revoke_token, secrets_match
from roster.cli.oauth import app as cli
from roster.db import make_engine
from roster.db.schema import migrate
from roster.models import ApiToken, OAuthAuthorizationCode, OAuthClient, User
from tests.factories import make_account, make_user, token_for

CALLBACK = "https://timesheets.example/oauth/callback"


# -- a live server and a browser ---------------------------------------------------------------


@pytest.fixture
def live(app: Any) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, lifespan="off", ws="none", http="h11", log_level="warning", access_log=False
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        else:
            pytest.fail("the test server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def browser(live: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live, follow_redirects=False, timeout=10) as client:
        yield client


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    fields: dict[str, str] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    buttons: dict[str, tuple[str, str]] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The one form of a page: its action, hidden values, visible inputs and submit buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            assert self.form is None, "one form per page"
            self.form = Form(action=found["action"], method=found["method"])
        elif tag == "input" and self.form is not None:
            if found.get("type") == "hidden":
                self.form.fields[found["name"]] = found["value"]
            else:
                self.form.inputs.append(found["name"])
        elif tag == "button" and self.form is not None:
            self.form.buttons[found["value"]] = (found["name"], found["value"])


def read_form(html: str) -> Form:
    reader = FormReader()
    reader.feed(html)
    assert reader.form is not None, html
    return reader.form


def submit(
    browser: httpx.Client, page: httpx.Response, button: str, **typed: str
) -> httpx.Response:
    """What a browser sends when the user fills ``typed`` in and presses ``button``."""
    form = read_form(page.text)
    assert form.method == "post"
    assert set(typed) <= set(form.inputs), (typed, form.inputs)
    name, value = form.buttons[button]
    return browser.post(
        urljoin(str(page.url), form.action), data={**form.fields, **typed, name: value}
    )


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


# -- arrangement ----------------------------------------------------------------------------


@dataclass
class World:
    app: Registered
    ann: User
    personal_token: str


@pytest.fixture
def world(session: Session) -> World:
    ann = make_user(session, first_name="Ann", last_name="Lee", account=make_account(session))
    registered = register_client(session, name="Timesheets", redirect_uris=[CALLBACK])
    return World(app=registered, ann=ann, personal_token=token_for(session, ann))


def oauth_client(world: World, live: str, **options: Any) -> OAuth2Client:
    return OAuth2Client(
        client_id=world.app.client_id,
        client_secret=world.app.client_secret,
        redirect_uri=CALLBACK,
        base_url=live,
        **options,
    )


def consent(browser: httpx.Client, world: World, url: str, decision: str = "allow") -> str:
    """Sign in as Ann on the authorization page, decide, and return the redirect's Location."""
    page = browser.get(url)
    assert page.status_code == 200, page.text
    confirm = submit(browser, page, "sign_in", api_token=world.personal_token)
    assert confirm.status_code == 200, confirm.text
    done = submit(browser, confirm, decision)
    assert done.status_code == 302, done.text
    location: str = done.headers["location"]
    return location


def authorize(browser: httpx.Client, world: World, live: str, state: str = "xyz") -> str:
    """A fresh code for Ann, obtained through the forms."""
    with oauth_client(world, live) as oauth:
        url, _ = oauth.create_authorization_url(live + "/oauth/authorize", state=state)
    return query_of(consent(browser, world, url))["code"]


def exchange(browser: httpx.Client, world: World, code: str, **overrides: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": world.app.client_id,
        "client_secret": world.app.client_secret,
        **overrides,
    }
    return browser.post("/oauth/token", data=form)


def me(browser: httpx.Client, token: str) -> httpx.Response:
    return browser.get("/api/v1/users/me.json", headers={"Authorization": f"Bearer {token}"})


# -- the flow -------------------------------------------------------------------------------


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
def test_the_whole_flow_with_authlibs_client(
    session: Session, world: World, live: str, browser: httpx.Client, auth_method: str
) -> None:
    with oauth_client(world, live, token_endpoint_auth_method=auth_method) as oauth:
        url, state = oauth.create_authorization_url(live + "/oauth/authorize")

        page = browser.get(url)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "Timesheets" in page.text
        assert read_form(page.text).inputs == ["api_token"]

        confirm = submit(browser, page, "sign_in", api_token=world.personal_token)
        assert "Allow Timesheets to act as Ann Lee?" in confirm.text
        # Self-contained: nothing to fetch, nothing to run.
        for html in (page.text, confirm.text):
            assert "<script" not in html
            assert "src=" not in html
            assert "href=" not in html

        done = submit(browser, confirm, "allow")
        assert done.status_code == 302
        location = done.headers["location"]
        assert location.startswith(CALLBACK + "?")
        assert query_of(location)["state"] == state

        token = oauth.fetch_token("/oauth/token", authorization_response=location, state=state)
        assert dict(token) == {"access_token": token["access_token"], "token_type": "bearer"}

        response = oauth.get("/api/v1/users/me.json")
        assert response.status_code == 200, response.text
        assert response.json()["results"] == [{"key": "users", "id": str(world.ann.id)}]

    stored = session.execute(
        select(ApiToken.user_id, ApiToken.oauth_client_id, ApiToken.name).where(
            ApiToken.token_hash == hash_secret(token["access_token"])
        )
    ).one()
    assert stored == (world.ann.id, world.app.id, "OAuth: Timesheets")


def test_codes_and_secrets_are_stored_only_as_hashes(
    session: Session, world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    row = session.execute(
        select(OAuthAuthorizationCode).execution_options(populate_existing=True)
    ).scalar_one()
    assert row.code_hash == hash_secret(code)
    assert code not in {row.code_hash, row.redirect_uri, row.scope}
    assert row.redirect_uri == CALLBACK
    assert row.expires_at - row.created_at == dt.timedelta(minutes=10)
    assert row.used_at is None
    client = session.get(OAuthClient, world.app.id)
    assert client is not None
    assert client.client_secret_hash == hash_secret(world.app.client_secret)


def test_the_token_is_an_ordinary_api_token_and_revoking_it_ends_access(
    session: Session, world: World, live: str, browser: httpx.Client
) -> None:
    access = exchange(browser, world, authorize(browser, world, live)).json()["access_token"]
    assert me(browser, access).status_code == 200
    token_id = session.execute(
        select(ApiToken.id).where(ApiToken.token_hash == hash_secret(access))
    ).scalar_one()
    assert revoke_token(session, token_id)
    session.flush()
    refused = me(browser, access)
    assert refused.status_code == 401
    assert refused.json() == {"errors": [{"type": "oauth", "message": "Invalid OAuth 2 Request"}]}
    # Ann's own token is untouched.
    assert me(browser, world.personal_token).status_code == 200


def test_deny_redirects_with_access_denied_and_the_state(
    session: Session, world: World, live: str, browser: httpx.Client
) -> None:
    with oauth_client(world, live) as oauth:
        url, state = oauth.create_authorization_url(live + "/oauth/authorize", state="s t&ä")
    location = consent(browser, world, url, decision="deny")
    assert location.startswith(CALLBACK + "?")
    params = query_of(location)
    assert params["error"] == "access_denied"
    assert params["error_description"]
    assert params["state"] == state
    assert "code" not in params
    assert session.scalar(select(OAuthAuthorizationCode.id)) is None


def test_cancel_on_the_sign_in_page_is_a_denial_too(
    world: World, live: str, browser: httpx.Client
) -> None:
    with oauth_client(world, live) as oauth:
        url, _state = oauth.create_authorization_url(live + "/oauth/authorize")
    cancelled = submit(browser, browser.get(url), "deny")
    assert cancelled.status_code == 302
    assert query_of(cancelled.headers["location"])["error"] == "access_denied"


# -- the token endpoint's errors (RFC 6749 §5.2) -------------------------------------------------


def test_wrong_client_secret_is_invalid_client_and_leaves_the_code_usable(
    world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    posted = exchange(browser, world, code, client_secret="0" * 64)
    assert posted.status_code == 401
    assert posted.json()["error"] == "invalid_client"
    assert posted.headers["cache-control"] == "no-store"

    basic = browser.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK},
        auth=(world.app.client_id, "wrong"),
    )
    assert basic.status_code == 401
    assert basic.json()["error"] == "invalid_client"
    assert basic.headers["www-authenticate"].startswith("Basic ")

    assert exchange(browser, world, code).status_code == 200


def test_authlibs_client_reports_a_wrong_secret(
    world: World, live: str, browser: httpx.Client
) -> None:
    with oauth_client(world, live) as oauth:
        url, state = oauth.create_authorization_url(live + "/oauth/authorize")
    location = consent(browser, world, url)
    with (
        OAuth2Client(world.app.client_id, "wrong", redirect_uri=CALLBACK, base_url=live) as bad,
        pytest.raises(OAuthError) as raised,
    ):
        bad.fetch_token("/oauth/token", authorization_response=location, state=state)
    assert raised.value.error == "invalid_client"


def test_wrong_redirect_uri_at_the_token_endpoint_is_invalid_grant(
    world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    for other in ("https://timesheets.example/other", ""):
        wrong = exchange(browser, world, code, redirect_uri=other)
        assert wrong.status_code == 400
        assert wrong.json() == {
            "error": "invalid_grant",
            "error_description": "Invalid 'redirect_uri' in request.",
        }
    assert exchange(browser, world, code).status_code == 200


def test_a_code_is_single_use_and_a_replay_revokes_what_it_bought(
    world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    first = exchange(browser, world, code)
    assert first.status_code == 200
    access = first.json()["access_token"]
    assert me(browser, access).status_code == 200

    again = exchange(browser, world, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert me(browser, access).status_code == 401, "RFC 6749 §4.1.2: revoke on replay"
    assert me(browser, world.personal_token).status_code == 200


def test_an_expired_code_is_invalid_grant(
    session: Session, world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    session.execute(
        update(OAuthAuthorizationCode)
        .where(OAuthAuthorizationCode.code_hash == hash_secret(code))
        .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    session.flush()
    expired = exchange(browser, world, code)
    assert expired.status_code == 400
    assert expired.json()["error"] == "invalid_grant"
    assert session.scalar(select(ApiToken.id).where(ApiToken.oauth_client_id.is_not(None))) is None


def test_a_code_belongs_to_the_client_it_was_issued_to(
    session: Session, world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    other = register_client(session, name="Other", redirect_uris=[CALLBACK])
    stolen = exchange(
        browser, world, code, client_id=other.client_id, client_secret=other.client_secret
    )
    assert stolen.status_code == 400
    assert stolen.json()["error"] == "invalid_grant"
    assert exchange(browser, world, code).status_code == 200


def test_unknown_client_id_at_the_token_endpoint_is_invalid_client(
    world: World, live: str, browser: httpx.Client
) -> None:
    code = authorize(browser, world, live)
    unknown = exchange(browser, world, code, client_id="f" * 64)
    assert unknown.status_code == 400
    assert unknown.json() == {
        "error": "invalid_client",
        "error_description": "The client does not exist on this server.",
    }


def test_losing_a_race_for_a_code_leaves_no_token(
    session: Session, world: World, live: str, browser: httpx.Client, monkeypatch: Any
) -> None:
    code = authorize(browser, world, live)
    # As if a concurrent exchange of the same code had committed between check and claim.
    monkeypatch.setattr(store, "claim_code", lambda *_args: False)
    lost = exchange(browser, world, code)
    assert lost.status_code == 400
    assert lost.json()["error"] == "invalid_grant"
    assert session.scalar(select(ApiToken.id).where(ApiToken.oauth_client_id.is_not(None))) is None


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "password", "username": "a", "password": "b"}, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({}, "unsupported_grant_type"),
        ({"grant_type": "authorization_code", "redirect_uri": CALLBACK}, "invalid_request"),
        ({"grant_type": "authorization_code", "code": "nope"}, "invalid_grant"),
    ],
)
def test_malformed_token_requests_get_rfc_errors(
    world: World, browser: httpx.Client, form: dict[str, str], error: str
) -> None:
    response = browser.post(
        "/oauth/token",
        data={**form, "client_id": world.app.client_id, "client_secret": world.app.client_secret},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == error


def test_the_token_endpoint_only_answers_post(browser: httpx.Client) -> None:
    assert browser.get("/oauth/token").status_code == 405


# -- the authorization endpoint's errors ----------------------------------------------------------


def test_unknown_client_id_is_an_error_page_never_a_redirect(
    live: str, browser: httpx.Client
) -> None:
    page = browser.get(
        "/oauth/authorize",
        params={"response_type": "code", "client_id": "nobody", "redirect_uri": CALLBACK},
    )
    assert page.status_code == 400
    assert "location" not in page.headers
    assert "invalid_client" in page.text
    assert "The client does not exist on this server." in page.text


def test_unregistered_redirect_uri_is_an_error_page_never_a_redirect(
    world: World, browser: httpx.Client
) -> None:
    evil = "https://evil.example/steal"
    for uri in (evil, CALLBACK + "/", CALLBACK.upper()):
        page = browser.get(
            "/oauth/authorize",
            params={"response_type": "code", "client_id": world.app.client_id, "redirect_uri": uri},
        )
        assert page.status_code == 400
        assert "location" not in page.headers
        assert "invalid_request" in page.text


def test_a_bad_response_type_is_redirected_once_the_client_is_known(
    world: World, browser: httpx.Client
) -> None:
    page = browser.get(
        "/oauth/authorize",
        params={"response_type": "token", "client_id": world.app.client_id, "state": "q"},
    )
    assert page.status_code == 302
    assert query_of(page.headers["location"]) == {
        "error": "unsupported_response_type",
        "error_description": "Only response_type=code is supported.",
        "state": "q",
    }


def test_redirect_uri_may_be_omitted_only_when_one_is_registered(
    session: Session, world: World, browser: httpx.Client
) -> None:
    page = browser.get(
        "/oauth/authorize", params={"response_type": "code", "client_id": world.app.client_id}
    )
    confirm = submit(browser, page, "sign_in", api_token=world.personal_token)
    location = submit(browser, confirm, "allow").headers["location"]
    assert location.startswith(CALLBACK + "?")
    code = query_of(location)["code"]
    # The authorization request named no redirect_uri, so the token request need not either.
    form = {"grant_type": "authorization_code", "code": code}
    issued = browser.post(
        "/oauth/token", data=form, auth=(world.app.client_id, world.app.client_secret)
    )
    assert issued.status_code == 200, issued.text

    two = register_client(session, name="Two", redirect_uris=[CALLBACK, "http://localhost:9/cb"])
    ambiguous = browser.get(
        "/oauth/authorize", params={"response_type": "code", "client_id": two.client_id}
    )
    assert ambiguous.status_code == 400
    assert "Missing &#x27;redirect_uri&#x27; in request." in ambiguous.text


def test_repeated_parameters_are_refused(world: World, browser: httpx.Client) -> None:
    page = browser.get(
        "/oauth/authorize?response_type=code&client_id=" + world.app.client_id + "&state=a&state=b"
    )
    assert page.status_code == 400
    assert "Multiple &#x27;state&#x27; in request." in page.text


def test_sign_in_refuses_anything_but_a_live_personal_token(
    session: Session, world: World, live: str, browser: httpx.Client
) -> None:
    app_token = issue_token(
        session, user_id=world.ann.id, name="OAuth: Timesheets", oauth_client_id=world.app.id
    )
    revoked = issue_token(session, user_id=world.ann.id)
    revoke_token(session, revoked.id)
    session.flush()
    with oauth_client(world, live) as oauth:
        url, _ = oauth.create_authorization_url(live + "/oauth/authorize")
    page = browser.get(url)
    for attempt in ("not-a-token", app_token.secret, revoked.secret):
        refused = submit(browser, page, "sign_in", api_token=attempt)
        assert refused.status_code == 422
        assert "That token was not accepted." in refused.text
        assert attempt not in refused.text
        # Posting Allow directly, skipping the sign-in step, issues nothing either.
        allowed = browser.post(
            "/oauth/authorize",
            data={**read_form(page.text).fields, "api_token": attempt, "decision": "allow"},
        )
        assert allowed.status_code == 422
        assert "location" not in allowed.headers
    assert session.scalar(select(OAuthAuthorizationCode.id)) is None


def test_pages_escape_what_they_show_and_refuse_framing(
    session: Session, browser: httpx.Client
) -> None:
    ann = make_user(
        session, first_name="<b>Ann</b>", last_name="Lee", account=make_account(session)
    )
    hostile = register_client(session, name='<script>alert("x")</script>', redirect_uris=[CALLBACK])
    page = browser.get(
        "/oauth/authorize",
        params={"response_type": "code", "client_id": hostile.client_id, "state": '"><i>'},
    )
    assert "<script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert '"><i>' not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    confirm = submit(browser, page, "sign_in", api_token=token_for(session, ann))
    assert "<b>Ann</b>" not in confirm.text
    assert "&lt;b&gt;Ann&lt;/b&gt; Lee" in confirm.text
    assert read_form(confirm.text).fields["state"] == '"><i>'


def test_plain_http_beyond_loopback_is_refused(world: World, client: Any) -> None:
    # The `client` fixture speaks to http://roster.test: neither https nor loopback.
    page = client.get(
        "/oauth/authorize", params={"response_type": "code", "client_id": world.app.client_id}
    )
    assert page.status_code == 400
    assert "insecure_transport" in page.text
    token = client.post("/oauth/token", data={"grant_type": "authorization_code", "code": "x"})
    assert token.status_code == 400
    assert token.json()["error"] == "insecure_transport"


def test_https_is_accepted_whatever_the_host(world: World, app: Any) -> None:
    from starlette.testclient import TestClient

    with TestClient(app, base_url="https://roster.test") as secure:
        page = secure.get(
            "/oauth/authorize", params={"response_type": "code", "client_id": world.app.client_id}
        )
    assert page.status_code == 200
    assert "Sign in to authorize Timesheets" in page.text


# -- registration ----------------------------------------------------------------------------


runner = CliRunner()


def test_cli_registers_and_lists_applications(engine: Engine, database_url: str) -> None:
    created = runner.invoke(
        cli,
        [
            "create", "--name", "CLI App",
            "--redirect-uri", CALLBACK, "--redirect-uri", "http://localhost:8080/cb",
            "--database", database_url,
        ],
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    lines = dict(line.split(": ", 1) for line in created.stdout.splitlines())
    client_id, secret = lines["client_id"], lines["client_secret"]
    assert len(client_id) == 64
    assert len(secret) == 64
    try:
        listed = runner.invoke(cli, ["list", "--database", database_url])
        assert listed.exit_code == 0, listed.output
        assert client_id in listed.stdout
        assert "CLI App" in listed.stdout
        assert "http://localhost:8080/cb" in listed.stdout
        assert secret not in listed.stdout
        with engine.connect() as conn:
            row = conn.execute(
                select(OAuthClient.client_secret_hash, OAuthClient.redirect_uris).where(
                    OAuthClient.client_id == client_id
                )
            ).one()
        assert secrets_match(secret, row.client_secret_hash)
        assert row.redirect_uris == f"{CALLBACK}\nhttp://localhost:8080/cb"
    finally:
        with engine.begin() as conn:
            conn.execute(delete(OAuthClient).where(OAuthClient.client_id == client_id))


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--name", "X", "--redirect-uri", "/relative"], "is not absolute"),
        (["--name", "X", "--redirect-uri", "https://a.example/cb#frag"], "fragment"),
        (["--name", "X", "--redirect-uri", "https:///nohost"], "has no host"),
        (["--name", " ", "--redirect-uri", CALLBACK], "name must not be empty"),
        (["--name", "X", "--redirect-uri", CALLBACK, "--owner", "nobody@x.test"], "no user"),
    ],
)
def test_cli_refuses_bad_registrations(tmp_path: Path, args: list[str], problem: str) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    migrate(engine)
    result = runner.invoke(cli, ["create", *args, "--database", url])
    assert result.exit_code == 1
    assert problem in result.output
    with engine.connect() as conn:
        assert conn.execute(select(OAuthClient.id)).first() is None
    engine.dispose()


def test_an_unavailable_database_is_503_not_500(
    world: World, browser: httpx.Client, monkeypatch: Any
) -> None:
    def down(*_args: Any) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(store, "find_client", down)
    page = browser.get(
        "/oauth/authorize", params={"response_type": "code", "client_id": world.app.client_id}
    )
    assert page.status_code == 503
    assert page.headers["retry-after"] == "5"
    assert "temporarily_unavailable" in page.text
    token = exchange(browser, world, "any")
    assert token.status_code == 503
    assert token.headers["retry-after"] == "5"
    assert token.json()["error"] == "temporarily_unavailable"

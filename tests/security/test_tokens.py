"""Tokens are compared in constant time with respect to the secret (docs/security.md).

The design: only the SHA-256 of a secret is stored, under a unique index, and a presented secret
is hashed first and looked up by that hash; where Roster compares secrets in Python (OAuth client
secrets) it compares hashes with ``hmac.compare_digest``. The tests check the stored value, that
no statement ever carries a raw secret, and that the comparisons go where the design says.
"""

from __future__ import annotations

import ast
import hmac
import inspect
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, event, select
from sqlalchemy import inspect as inspect_schema
from sqlalchemy.orm import Session

from roster.auth import requester, tokens
from roster.auth.oauth import clients
from roster.auth.tokens import hash_secret, issue_token
from roster.models import ApiToken
from tests.security.probing import bearer
from tests.security.world import World


class Parameters:
    """Every parameter value sent with every statement on the test's connection."""

    def __init__(self) -> None:
        self.values: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, _statement: str, parameters: Any, *_: Any) -> None:
        batches = parameters if isinstance(parameters, list) else [parameters]
        for batch in batches:
            items = batch.values() if isinstance(batch, dict) else batch or ()
            self.values += [str(item) for item in items]


@pytest.fixture
def sent(connection: Connection) -> Iterator[Parameters]:
    recorder = Parameters()
    event.listen(connection, "before_cursor_execute", recorder)
    yield recorder
    event.remove(connection, "before_cursor_execute", recorder)


def test_only_the_hash_is_stored_under_a_unique_index(world: World, session: Session) -> None:
    issued = issue_token(session, user_id=world.id("other_member"), name="probe")
    row = session.get_one(ApiToken, issued.id)
    assert row.token_hash == hash_secret(issued.secret)
    assert len(row.token_hash) == 64
    stored = [value for value in (row.token_hash, row.prefix, row.name) if value]
    assert issued.secret not in stored
    # The listing prefix is a sliver of the secret: 48 of its 256 bits, nothing to brute-force.
    assert row.prefix == issued.secret[:8]
    schema = inspect_schema(session.get_bind())
    unique = [list(c["column_names"]) for c in schema.get_unique_constraints("api_tokens")]
    unique += [
        list(map(str, i["column_names"])) for i in schema.get_indexes("api_tokens") if i["unique"]
    ]
    assert ["token_hash"] in unique


def test_a_request_never_sends_the_raw_secret_to_the_database(
    world: World, client: Any, sent: Parameters
) -> None:
    secret = world.tokens["other_member"]
    for presented in (secret, secret[:-1] + ("A" if secret[-1] != "A" else "B")):
        client.get("/api/v1/users/me", headers=bearer(presented))
        assert hash_secret(presented) in sent.values
        assert not any(presented in value for value in sent.values)


def test_the_auth_path_looks_up_by_hash() -> None:
    """The presented secret reaches nothing but the hash function (and a check it is not empty):
    it is never compared, logged or sent anywhere as it is."""
    assert requester.hash_secret is tokens.hash_secret  # type: ignore[attr-defined]
    source = textwrap.dedent(inspect.getsource(requester.authenticate))
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "secret"]
    hashed = 0
    for use in uses:
        parent = parents[use]
        if isinstance(parent, ast.Call) and getattr(parent.func, "id", "") == "hash_secret":
            hashed += 1
        else:
            segment = ast.get_source_segment(source, parent)
            assert isinstance(parent, ast.UnaryOp), segment
            assert isinstance(parent.op, ast.Not), segment
    assert hashed == 1
    assert '{"token_hash": hash_secret(secret)}' in source
    lookup = str(requester._TOKEN_LOOKUP.whereclause)
    assert lookup == "api_tokens.token_hash = :token_hash"


def test_python_side_comparisons_use_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    compare = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert tokens.secrets_match("s3cret", hash_secret("s3cret"))
    assert not tokens.secrets_match("guess", hash_secret("s3cret"))
    assert calls == [
        (hash_secret("s3cret"), hash_secret("s3cret")),
        (hash_secret("guess"), hash_secret("s3cret")),
    ]
    assert "secrets_match(" in inspect.getsource(clients.RegisteredClient.check_client_secret)


def test_a_code_exchange_sends_no_raw_secret(world: World, session: Session, app: Any) -> None:
    from starlette.testclient import TestClient

    from roster.auth.oauth.clients import register_client

    registered = register_client(session, name="App", redirect_uris=["https://app.example/cb"])
    recorder = Parameters()
    connection = session.connection()
    with TestClient(app, base_url="https://roster.test", follow_redirects=False) as secure:
        answer = secure.post(
            "/oauth/authorize",
            data={
                "response_type": "code",
                "client_id": registered.client_id,
                "decision": "allow",
                "api_token": world.tokens["home_member"],
            },
        )
        code = answer.headers["location"].split("code=")[1].split("&")[0]
        event.listen(connection, "before_cursor_execute", recorder)
        try:
            token = secure.post(
                "/oauth/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": registered.client_id,
                    "client_secret": registered.client_secret,
                },
            )
        finally:
            event.remove(connection, "before_cursor_execute", recorder)
    assert token.status_code == 200, token.text
    issued = token.json()["access_token"]
    for secret in (code, registered.client_secret, issued):
        assert not any(secret in value for value in recorder.values)
    assert hash_secret(code) in recorder.values
    assert session.scalar(
        select(ApiToken.token_hash).where(ApiToken.token_hash == hash_secret(issued))
    )

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from roster.auth.tokens import find_user, hash_secret, issue_token, list_tokens, revoke_token
from roster.models import ApiToken, User
from tests.factories import make_account, make_user


def _me(client: Any, token: str) -> Any:
    return client.get("/api/v1/users/me.json", headers={"Authorization": f"Bearer {token}"})


def test_only_the_hash_of_a_token_is_stored(session: Session) -> None:
    user = make_user(session)
    issued = issue_token(session, user_id=user.id)
    stored = session.execute(text("SELECT * FROM api_tokens")).mappings().all()
    assert len(stored) == 1
    assert issued.secret not in {str(v) for v in stored[0].values()}
    assert stored[0]["token_hash"] == hash_secret(issued.secret)


def test_revoked_token_is_refused(session: Session, client: Any) -> None:
    user = make_user(session, account=make_account(session))
    issued = issue_token(session, user_id=user.id)
    assert _me(client, issued.secret).status_code == 200
    assert revoke_token(session, issued.id)
    session.flush()
    response = _me(client, issued.secret)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"type": "oauth", "message": "Invalid OAuth 2 Request"}]}
    assert not revoke_token(session, issued.id), "revoking twice reports nothing to revoke"


def test_disabled_users_lose_access(session: Session, client: Any) -> None:
    account = make_account(session)
    member = make_user(session, account=account, disabled=True)
    banned = make_user(session, account=account)
    banned.disabled_at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    session.flush()
    for user in (member, banned):
        assert _me(client, issue_token(session, user_id=user.id).secret).status_code == 401


def test_malformed_authorization_headers_are_401(session: Session, client: Any) -> None:
    user = make_user(session, account=make_account(session))
    secret = issue_token(session, user_id=user.id).secret
    for header in (secret, f"Basic {secret}", "Bearer", "Bearer  ", f"Token {secret}"):
        response = client.get("/api/v1/users/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_find_user_by_id_or_email(session: Session) -> None:
    user = make_user(session, email_address="Mixed.Case@Example.test")
    assert find_user(session, str(user.id)) == user
    assert find_user(session, "mixed.case@example.TEST") == user
    assert find_user(session, "nobody@example.test") is None


def test_list_tokens_filters_by_user(session: Session) -> None:
    a, b = make_user(session), make_user(session)
    issue_token(session, user_id=a.id, name="one")
    issue_token(session, user_id=b.id, name="two")
    assert [t.name for t in list_tokens(session, user_id=a.id)] == ["one"]
    assert len(list_tokens(session)) == 2
    assert session.scalars(select(ApiToken.user_id)).all() == [a.id, b.id]
    assert session.get(User, a.id) is not None

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.factories import make_account, make_user, make_workspace, participate, token_for


def test_me_returns_the_envelope_for_the_tokens_user(session: Session, client: Any) -> None:
    account = make_account(session)
    ann = make_user(session, first_name="Ann", last_name="Lee", account=account)
    token = token_for(session, ann)
    for path in ("/api/v1/users/me", "/api/v1/users/me.json"):
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["count"] == 1
        assert body["results"] == [{"key": "users", "id": str(ann.id)}]
        assert body["users"][str(ann.id)]["full_name"] == "Ann Lee"
        assert body["meta"] == {"count": 1, "page_count": 1, "page_number": 1, "page_size": 20}


def test_missing_or_unknown_token_is_401_in_kantata_shape(client: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}):
        response = client.get("/api/v1/users/me.json", headers=headers)
        assert response.status_code == 401
        assert response.json() == {
            "errors": [{"type": "oauth", "message": "Invalid OAuth 2 Request"}]
        }


def test_list_shows_only_users_sharing_a_project(session: Session, client: Any) -> None:
    account = make_account(session)
    me = make_user(session, first_name="Me", account=account)
    peer = make_user(session, first_name="Peer", account=account)
    stranger = make_user(session, first_name="Stranger", account=account)
    workspace = make_workspace(session, account=account)
    participate(session, user=me, workspace=workspace)
    participate(session, user=peer, workspace=workspace)
    token = token_for(session, me)
    body = client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"}).json()
    assert set(body["users"]) == {str(me.id), str(peer.id)}
    hidden = client.get(
        f"/api/v1/users/{stranger.id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert hidden.status_code == 404
    assert hidden.json() == {"errors": [{"type": "system", "message": "Not found"}]}

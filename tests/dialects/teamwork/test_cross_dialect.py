"""One model, two dialects: a change made in the data layer shows in both at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.dialects.teamwork.helpers import bearer, get_json
from tests.factories import make_account, make_user, make_workspace, participate, token_for


def test_a_renamed_user_reads_the_same_through_kantata_and_teamwork(
    session: Session, client: Any
) -> None:
    account = make_account(session)
    me = make_user(session, first_name="Me", account=account)
    ann = make_user(session, first_name="Ann", last_name="Lee", account=account)
    project = make_workspace(session, account=account)
    participate(session, user=me, workspace=project)
    participate(session, user=ann, workspace=project)
    token = token_for(session, me)

    ann.first_name = "Annabel"
    ann.headline = "Lead designer"
    session.flush()

    kantata = client.get(f"/api/v1/users/{ann.id}.json", headers=bearer(token))
    assert kantata.status_code == 200, kantata.text
    user = kantata.json()["users"][str(ann.id)]
    person = get_json(client, f"/people/{ann.id}.json", token)["person"]

    assert user["full_name"] == "Annabel Lee"
    assert (person["firstName"], person["lastName"]) == ("Annabel", "Lee")
    assert user["headline"] == person["title"] == "Lead designer"
    assert user["email_address"] == person["email"]
    assert user["photo_path"] == person["avatarUrl"]
    assert user["id"] == str(person["id"])


def test_a_user_hidden_from_one_dialect_is_hidden_from_the_other(
    session: Session, client: Any
) -> None:
    account = make_account(session)
    me = make_user(session, account=account)
    stranger = make_user(session, account=account)
    token = token_for(session, me)
    kantata = client.get(f"/api/v1/users/{stranger.id}", headers=bearer(token))
    teamwork = client.get(f"/projects/api/v3/people/{stranger.id}", headers=bearer(token))
    assert (kantata.status_code, teamwork.status_code) == (404, 404)

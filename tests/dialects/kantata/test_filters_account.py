"""GET /api/v1/users filters on the account: account_id, on_my_account and friends, roles,
show_disabled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Account, User, Workspace
from tests.dialects.kantata.builders import KantataReader, update_membership
from tests.factories import (
    make_account,
    make_role,
    make_user,
    make_workspace,
    participate,
    token_for,
)


@dataclass
class Org:
    home: Account
    other: Account
    me: User
    peer: User  # home, shares W
    idle: User  # home, in no workspace
    disabled: User  # home, shares W, membership disabled
    guest: User  # other account, shares W
    far: User  # other account, only in X
    x: Workspace
    reader: KantataReader


@pytest.fixture
def org(session: Session, client: Any) -> Org:
    home, other = make_account(session), make_account(session)
    me = make_user(session, first_name="Me", account=home)
    peer = make_user(session, first_name="Peer", account=home)
    idle = make_user(session, first_name="Idle", account=home)
    disabled = make_user(session, first_name="Gone", account=home, disabled=True)
    guest = make_user(session, first_name="Guest", account=other)
    far = make_user(session, first_name="Far", account=other)
    w = make_workspace(session, account=home)
    x = make_workspace(session, account=other)
    for user in (me, peer, disabled, guest):
        participate(session, user=user, workspace=w)
    participate(session, user=far, workspace=x)
    participate(session, user=guest, workspace=x)
    return Org(
        home,
        other,
        me,
        peer,
        idle,
        disabled,
        guest,
        far,
        x,
        KantataReader(client, token_for(session, me)),
    )


def ids(*users: User) -> set[int]:
    return {u.id for u in users}


def test_default_is_shared_projects_without_disabled(org: Org) -> None:
    assert org.reader.ids() == ids(org.me, org.peer, org.guest)


def test_account_id_narrows_within_the_visible_set(org: Org) -> None:
    assert org.reader.ids(account_id=org.other.id) == ids(org.guest)
    assert org.reader.ids(account_id=org.home.id) == ids(org.me, org.peer)
    assert "account_id" in org.reader.error(account_id="abc")


def test_account_id_and_on_my_account_cannot_be_combined(org: Org) -> None:
    message = org.reader.error(account_id=org.home.id, on_my_account="true")
    assert "cannot be combined" in message


def test_on_my_account_widens_to_every_active_member(org: Org) -> None:
    assert org.reader.ids(on_my_account="true") == ids(org.me, org.peer, org.idle)
    assert org.reader.ids(on_my_account="false") == ids(org.me, org.peer, org.guest)
    assert org.reader.ids(on_my_account="true", show_disabled="true") == ids(
        org.me, org.peer, org.idle, org.disabled
    )
    assert "on_my_account" in org.reader.error(on_my_account="maybe")


def test_on_my_account_or_participant_in_workspace(org: Org) -> None:
    # Participants of X are only returned where the requester may see them anyway.
    assert org.reader.ids(on_my_account_or_participant_in_workspace=org.x.id) == ids(
        org.me, org.peer, org.idle, org.guest
    )
    assert "on_my_account_or_participant_in_workspace" in org.reader.error(
        on_my_account_or_participant_in_workspace="x"
    )


def test_account_role_ids(session: Session, org: Org) -> None:
    analyst = make_role(session, account=org.home, name="Analyst")
    update_membership(session, org.peer, default_role_id=analyst.id)
    update_membership(session, org.idle, default_role_id=analyst.id)
    assert org.reader.ids(account_role_ids=str(analyst.id)) == ids(org.peer)
    assert org.reader.ids(account_role_ids=f"{analyst.id}", on_my_account="true") == ids(
        org.peer, org.idle
    )
    assert "account_role_ids" in org.reader.error(account_role_ids="1;2")


def test_show_disabled_and_apply_default_filters(org: Org) -> None:
    assert org.reader.ids(show_disabled="true") == ids(org.me, org.peer, org.guest, org.disabled)
    assert org.reader.ids(apply_default_filters="false") == ids(
        org.me, org.peer, org.guest, org.disabled
    )
    assert "show_disabled" in org.reader.error(show_disabled="sometimes")

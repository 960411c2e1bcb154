"""How one user row becomes a Teamwork person (PRODUCT.md's mapping table)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Account, User
from tests.dialects.teamwork.helpers import (
    assign_workweek,
    get_json,
    make_workweek,
    update_membership,
)
from tests.factories import make_account, make_user, make_workspace, participate, token_for


def _seat(session: Session, account: Account, *users: User) -> None:
    project = make_workspace(session, account=account)
    for user in users:
        participate(session, user=user, workspace=project)


def person(client: Any, token: str, user: User, **params: str) -> dict[str, Any]:
    body: dict[str, Any] = get_json(client, f"/people/{user.id}.json", token, params)
    return body["person"]  # type: ignore[no-any-return]


def test_identity_fields(session: Session, client: Any) -> None:
    account = make_account(session)
    me = make_user(
        session,
        first_name="Mary Ann",
        last_name="Smith",
        email_address="mary@example.test",
        headline="Principal",
        timezone="Europe/Paris",
        photo_key="photos/mary.png",
        account=account,
    )
    me.created_at = dt.datetime(2021, 1, 8, 12, 50, 45, tzinfo=dt.UTC)
    session.flush()
    found = person(client, token_for(session, me), me)
    assert found["firstName"] == "Mary Ann"
    assert found["lastName"] == "Smith"
    assert found["title"] == "Principal"
    assert found["email"] == "mary@example.test"
    assert found["timezone"] == "Europe/Paris"
    assert found["avatarUrl"] == "http://roster.test/media/photos/mary.png"
    assert found["createdAt"] == "2021-01-08T12:50:45Z"
    assert found["updatedAt"].endswith("Z")


def test_types_and_client_users(session: Session, client: Any) -> None:
    mine, other = make_account(session), make_account(session)
    me = make_user(session, account=mine)
    colleague = make_user(session, account=mine)
    collaborator = make_user(session, account=mine)
    client_user = make_user(session, account=other)
    contact = make_user(session)
    update_membership(session, collaborator, collaborator_only_license=True)
    _seat(session, mine, me, colleague, collaborator, client_user, contact)
    token = token_for(session, me)
    facts = {
        u.id: (person(client, token, u)["type"], person(client, token, u)["isClientUser"])
        for u in (colleague, collaborator, client_user, contact)
    }
    assert facts == {
        colleague.id: ("account", False),
        collaborator.id: ("collaborator", False),
        client_user.id: ("account", True),
        contact.id: ("contact", False),
    }
    assert person(client, token, contact)["companyId"] is None
    assert person(client, token, contact)["company"] is None


def test_flags(session: Session, client: Any) -> None:
    account = make_account(session)
    me = make_user(session, account=account)
    admin = make_user(session, account=account, is_administrator=True)
    bot = make_user(session, account=account)
    placeholder = make_user(session, account=account)
    gone = make_user(session, account=account, disabled=True)
    update_membership(session, bot, is_service_account=True)
    update_membership(session, placeholder, is_placeholder=True)
    _seat(session, account, me, admin, bot, placeholder, gone)
    token = token_for(session, me)
    assert person(client, token, admin)["isAdmin"] is True
    assert person(client, token, me)["isAdmin"] is False
    assert person(client, token, bot)["isServiceAccount"] is True
    assert person(client, token, placeholder)["isPlaceholderResource"] is True
    assert person(client, token, gone, showDeleted="true")["deleted"] is True
    assert person(client, token, me)["deleted"] is False


@pytest.mark.parametrize(
    ("permission", "is_administrator", "expected"),
    [
        ("punch_clock", False, False),
        ("collaborator", False, False),
        ("project_creator", False, True),
        ("reports_viewer", False, True),
        ("collaborator", True, True),
    ],
)
def test_can_add_projects_from_project_creator_up(
    session: Session, client: Any, permission: str, is_administrator: bool, expected: bool
) -> None:
    me = make_user(
        session,
        account=make_account(session),
        permission=permission,
        is_administrator=is_administrator,
    )
    assert person(client, token_for(session, me), me)["canAddProjects"] is expected


def test_rates_are_for_the_person_and_owner_company_administrators(
    session: Session, client: Any
) -> None:
    mine, other = make_account(session), make_account(session)
    admin = make_user(session, account=mine, is_administrator=True)
    worker = make_user(session, account=mine)
    peer = make_user(session, account=mine)
    foreign = make_user(session, account=other)
    for user in (worker, peer, foreign):
        update_membership(session, user, bill_rate_in_cents=15000, cost_rate_in_cents=9000)
    _seat(session, mine, admin, worker, peer, foreign)

    def rates(viewer: User, subject: User) -> tuple[Any, Any]:
        found = person(client, token_for(session, viewer), subject)
        return found["userRate"], found["userCost"]

    assert rates(admin, worker) == (15000, 9000)
    assert rates(worker, worker) == (15000, 9000)
    assert rates(peer, worker) == (None, None)
    assert rates(admin, foreign) == (None, None)


def test_working_hours_and_length_of_day(session: Session, client: Any) -> None:
    account = make_account(session)
    me = make_user(session, account=account)
    four_tens = make_user(session, account=account)
    future = make_user(session, account=account)
    contact = make_user(session)
    default = make_workweek(session, account=account, default=True)
    compressed = make_workweek(
        session, account=account, monday_minutes=600, tuesday_minutes=600,
        wednesday_minutes=600, thursday_minutes=600, friday_minutes=0,
    )  # fmt: skip
    later = make_workweek(session, account=account, monday_minutes=300)
    assign_workweek(session, user=four_tens, workweek=compressed)
    assign_workweek(session, user=future, workweek=later, start=dt.date(2999, 1, 1))
    _seat(session, account, me, four_tens, future, contact)
    token = token_for(session, me)
    found = person(client, token, me)
    assert (found["workingHoursId"], found["lengthOfDay"]) == (default.id, 8.0)
    found = person(client, token, four_tens)
    assert (found["workingHoursId"], found["lengthOfDay"]) == (compressed.id, 10.0)
    found = person(client, token, future)
    assert found["workingHoursId"] == default.id  # a workweek that has not started yet
    found = person(client, token, contact)
    assert (found["workingHoursId"], found["workingHour"], found["lengthOfDay"]) == (
        None,
        None,
        8.0,
    )


def test_me_site_owner_and_last_login(session: Session, client: Any) -> None:
    owner = make_user(session, account=make_account(session))
    update_membership(session, owner, is_owner=True)
    owner.last_site_activity = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    session.flush()
    me = get_json(client, "/me.json", token_for(session, owner))["person"]
    assert me["siteOwner"] is True
    assert me["inOwnerCompany"] is True
    assert me["lastLogin"] == "2025-03-04T05:06:07Z"


def test_me_for_a_contact(session: Session, client: Any) -> None:
    contact = make_user(session)
    me = get_json(client, "/me.json", token_for(session, contact))["person"]
    assert (me["type"], me["inOwnerCompany"], me["siteOwner"]) == ("contact", False, False)

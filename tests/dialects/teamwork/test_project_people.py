"""GET projects/{projectId}/people.json and projects/{projectId}/people/{personId}.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import User, Workspace
from tests.dialects.teamwork.helpers import get, get_json, ids_of
from tests.factories import make_account, make_user, make_workspace, participate, token_for


@dataclass
class Site:
    project: Workspace
    elsewhere: Workspace  # a project of the same account that `member` is not on
    member: User  # a participant of `project`
    lead: User
    observer: User  # read-only
    money: User  # financial access
    client: User  # client side, a member of another account
    colleague: User  # shares only `elsewhere` with `member`
    admin: User  # administrator of the project's account, not on it
    outsider: User  # administrator of another account

    def token(self, session: Session, user: User) -> str:
        return token_for(session, user)


@pytest.fixture
def site(session: Session) -> Site:
    home, away = make_account(session), make_account(session)
    member = make_user(session, first_name="Mem", account=home)
    lead = make_user(session, first_name="Lea", account=home)
    observer = make_user(session, first_name="Obi", account=home)
    money = make_user(session, first_name="Moe", account=home)
    client = make_user(session, first_name="Cli", account=away)
    colleague = make_user(session, first_name="Col", account=home)
    admin = make_user(session, first_name="Adm", account=home, is_administrator=True)
    outsider = make_user(session, first_name="Out", account=away, is_administrator=True)
    project = make_workspace(session, account=home)
    participate(session, user=member, workspace=project)
    participate(session, user=lead, workspace=project, is_lead=True)
    participate(session, user=observer, workspace=project, read_only=True)
    participate(session, user=money, workspace=project, financial_access=True)
    participate(session, user=client, workspace=project, role="client")
    elsewhere = make_workspace(session, account=home)
    participate(session, user=member, workspace=elsewhere)
    participate(session, user=colleague, workspace=elsewhere)
    return Site(
        project, elsewhere, member, lead, observer, money, client, colleague, admin, outsider
    )


def test_lists_only_the_projects_people(session: Session, client: Any, site: Site) -> None:
    token = site.token(session, site.member)
    for path in (f"/projects/{site.project.id}/people.json", f"/projects/{site.project.id}/people"):
        body = get_json(client, path, token)
        assert set(ids_of(body)) == {
            u.id for u in (site.member, site.lead, site.observer, site.money, site.client)
        }
        assert body["meta"]["page"]["count"] == 5


def test_an_administrator_of_the_projects_account_sees_it(
    session: Session, client: Any, site: Site
) -> None:
    body = get_json(
        client, f"/projects/{site.project.id}/people.json", site.token(session, site.admin)
    )
    assert len(body["people"]) == 5


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_a_project_the_requester_may_not_see_is_a_404(
    session: Session, client: Any, site: Site, who: str
) -> None:
    token = site.token(session, getattr(site, who))
    for path in (
        f"/projects/{site.project.id}/people.json",
        f"/projects/{site.project.id}/people/{site.member.id}.json",
    ):
        response = get(client, path, token)
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "not_found"


def test_a_missing_project_is_a_404(session: Session, client: Any, site: Site) -> None:
    token = site.token(session, site.member)
    assert get(client, "/projects/987654/people.json", token).status_code == 404
    assert get(client, "/projects/nope/people.json", token).status_code == 404


def test_include_observers_false_drops_read_only_participants(
    session: Session, client: Any, site: Site
) -> None:
    token = site.token(session, site.member)
    path = f"/projects/{site.project.id}/people.json"
    with_observers = ids_of(get_json(client, path, token, {"includeObservers": "true"}))
    without = ids_of(get_json(client, path, token, {"includeObservers": "false"}))
    assert site.observer.id in with_observers
    assert set(with_observers) - set(without) == {site.observer.id}


def test_include_observers_is_only_for_project_lists(
    session: Session, client: Any, site: Site
) -> None:
    # On the global list it is an unknown parameter, so ignored.
    token = site.token(session, site.member)
    body = get_json(client, "/people.json", token, {"includeObservers": "false"})
    assert site.observer.id in ids_of(body)


def test_filters_apply_within_the_project(session: Session, client: Any, site: Site) -> None:
    token = site.token(session, site.member)
    path = f"/projects/{site.project.id}/people.json"
    assert (
        ids_of(get_json(client, path, token, {"includeClients": "false", "searchTerm": "cli"}))
        == []
    )
    assert ids_of(get_json(client, path, token, {"searchTerm": "mo"})) == [site.money.id]


def test_the_project_person(session: Session, client: Any, site: Site) -> None:
    token = site.token(session, site.member)
    path = f"/projects/{site.project.id}/people/{site.lead.id}.json"
    assert get_json(client, path, token)["person"]["id"] == site.lead.id
    # The colleague is visible to member through `elsewhere`, but is not on this project.
    assert get_json(client, f"/people/{site.colleague.id}.json", token)["person"]["id"]
    response = get(client, f"/projects/{site.project.id}/people/{site.colleague.id}.json", token)
    assert response.status_code == 404


def test_permissions_derive_from_the_seat(session: Session, client: Any, site: Site) -> None:
    token = site.token(session, site.member)
    params = {"include": "permissions"}
    body = get_json(client, f"/projects/{site.project.id}/people.json", token, params)
    permissions = body["included"]["ProjectPermissions"]
    assert set(permissions) == {str(i) for i in ids_of(body)}
    member, lead = permissions[str(site.member.id)], permissions[str(site.lead.id)]
    observer, money = permissions[str(site.observer.id)], permissions[str(site.money.id)]
    client_side = permissions[str(site.client.id)]
    assert (member["addTasks"], member["projectAdministrator"], member["canViewRates"]) == (
        True, False, False
    )  # fmt: skip
    assert (lead["projectAdministrator"], lead["canManagePeople"], lead["editAllTasks"]) == (
        True, True, True
    )  # fmt: skip
    assert (observer["isObserving"], observer["addTasks"], observer["viewTime"]) == (
        True, False, True
    )  # fmt: skip
    assert (money["canViewRates"], money["viewInvoices"], money["canManageRates"]) == (
        True, True, False
    )  # fmt: skip
    assert (client_side["inOwnerCompany"], member["inOwnerCompany"]) == (False, True)
    assert member["active"] is True
    assert member["isArchived"] is False


def test_permissions_on_the_project_person_and_trimmed_by_fields(
    session: Session, client: Any, site: Site
) -> None:
    token = site.token(session, site.member)
    params = {"include": "permissions", "fields[projectpermissions]": "isObserving,bogus"}
    path = f"/projects/{site.project.id}/people/{site.observer.id}.json"
    body = get_json(client, path, token, params)
    assert body["included"] == {
        "ProjectPermissions": {str(site.observer.id): {"isObserving": True}}
    }


def test_archived_projects_show_in_permissions(session: Session, client: Any, site: Site) -> None:
    site.project.archived = True
    session.flush()
    token = site.token(session, site.member)
    body = get_json(
        client, f"/projects/{site.project.id}/people.json", token, {"include": "permissions"}
    )
    flags = body["included"]["ProjectPermissions"][str(site.member.id)]
    assert (flags["isArchived"], flags["active"]) == (True, False)


def test_permissions_is_not_offered_on_the_global_person(
    session: Session, client: Any, site: Site
) -> None:
    token = site.token(session, site.member)
    response = get(client, f"/people/{site.lead.id}.json", token, {"include": "permissions"})
    assert response.status_code == 400

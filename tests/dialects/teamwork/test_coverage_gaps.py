"""The sparse fieldsets of the sideloads that the envelope tests do not name: fields[jobRoles],
fields[workingHours] and fields[ProjectPermissions], each on the endpoints that offer them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.dialects.teamwork.helpers import get_json, give_role, make_workweek
from tests.factories import (
    make_account,
    make_role,
    make_user,
    make_workspace,
    participate,
    token_for,
)


@dataclass
class Studio:
    token: str
    me: int  # the project's lead
    ada: int  # an observer of the project
    project: int
    role: int  # both people's job role
    workweek: int  # the company's default workweek


@pytest.fixture
def studio(session: Session) -> Studio:
    account = make_account(session, name="Studio")
    me = make_user(session, first_name="Mo", last_name="Lee", account=account)
    ada = make_user(session, first_name="Ada", last_name="Lee", account=account)
    role = make_role(session, account=account, name="Designer")
    for person in (me, ada):
        give_role(session, user=person, role=role)
    workweek = make_workweek(session, account=account, default=True)
    project = make_workspace(session, account=account)
    participate(session, user=me, workspace=project, is_lead=True)
    participate(session, user=ada, workspace=project, read_only=True)
    return Studio(token_for(session, me), me.id, ada.id, project.id, role.id, workweek.id)


def test_fields_job_roles_trims_the_job_role_sideload(client: Any, studio: Studio) -> None:
    params = {"include": "jobRoles", "fields[jobRoles]": "name", "ids": studio.ada}
    body = get_json(client, "/people.json", studio.token, params)
    assert body["included"] == {"jobRoles": {str(studio.role): {"name": "Designer"}}}
    assert "firstName" in body["people"][0]  # the people themselves are not trimmed


def test_fields_job_roles_on_me(client: Any, studio: Studio) -> None:
    params = {"include": "jobRoles", "fields[jobRoles]": "id,isActive"}
    body = get_json(client, "/me.json", studio.token, params)
    assert body["person"]["id"] == studio.me
    assert body["included"] == {
        "jobRoles": {str(studio.role): {"id": studio.role, "isActive": True}}
    }


def test_fields_working_hours_trims_the_working_hours_sideload(client: Any, studio: Studio) -> None:
    params = {"include": "workingHours", "fields[workingHours]": "name,objectType"}
    body = get_json(client, "/people.json", studio.token, params)
    assert body["included"] == {
        "workingHours": {str(studio.workweek): {"name": "Standard", "objectType": "company"}}
    }


def test_fields_working_hours_on_a_single_person(client: Any, studio: Studio) -> None:
    params = {"include": "workingHours", "fields[workingHours]": "entries"}
    body = get_json(client, f"/people/{studio.ada}.json", studio.token, params)
    (hours,) = body["included"]["workingHours"].values()
    assert list(hours) == ["entries"]
    assert [entry["weekday"] for entry in hours["entries"]][:2] == ["monday", "tuesday"]


def test_fields_project_permissions_trims_the_project_list(client: Any, studio: Studio) -> None:
    params = {
        "include": "permissions",
        "fields[ProjectPermissions]": "isObserving,projectAdministrator",
    }
    body = get_json(client, f"/projects/{studio.project}/people.json", studio.token, params)
    assert body["included"] == {
        "ProjectPermissions": {
            str(studio.me): {"isObserving": False, "projectAdministrator": True},
            str(studio.ada): {"isObserving": True, "projectAdministrator": False},
        }
    }


def test_fields_project_permissions_is_ignored_where_there_are_no_permissions(
    client: Any, studio: Studio
) -> None:
    # The global list offers no permissions sideload: the fieldset trims nothing, and is no 400.
    params = {"include": "companies", "fields[ProjectPermissions]": "isObserving"}
    body = get_json(client, "/people.json", studio.token, params)
    assert sorted(person["id"] for person in body["people"]) == sorted([studio.me, studio.ada])
    assert list(body["included"]) == ["companies"]
    (company,) = body["included"]["companies"].values()
    assert company["name"] == "Studio"

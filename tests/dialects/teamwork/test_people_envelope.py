"""The list and single envelopes, paging and skipCounts, include and fields[...]."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import User
from tests.dialects.teamwork.helpers import (
    V3,
    bearer,
    get,
    get_json,
    give_role,
    ids_of,
    join_team,
    make_team,
    make_workweek,
)
from tests.factories import (
    make_account,
    make_role,
    make_user,
    make_workspace,
    participate,
    token_for,
)


@dataclass
class Office:
    token: str
    me: User
    people: list[User]  # me and four colleagues, in name order
    stranger: User  # on the account, sharing no project
    company: int
    team: int
    role: int
    workweek: int


@pytest.fixture
def office(session: Session) -> Office:
    account = make_account(session, name="Owner Co")
    people = [
        make_user(session, first_name=first, last_name="Lee", account=account)
        for first in ("Ada", "Ben", "Cy", "Di", "Ed")
    ]
    me = people[2]
    stranger = make_user(session, first_name="Stranger", account=account)
    project = make_workspace(session, account=account)
    for person in people:
        participate(session, user=person, workspace=project)
    team = make_team(session, account=account, name="Design", color="#ff0000")
    join_team(session, user=people[0], team=team)
    role = make_role(session, account=account, name="Designer")
    give_role(session, user=people[0], role=role)
    workweek = make_workweek(session, account=account, default=True)
    return Office(
        token=token_for(session, me),
        me=me,
        people=people,
        stranger=stranger,
        company=account.id,
        team=team.id,
        role=role.id,
        workweek=workweek.id,
    )


def test_list_envelope(client: Any, office: Office) -> None:
    body = get_json(client, "/people.json", office.token)
    assert set(body) == {"people", "meta"}
    assert ids_of(body) == [p.id for p in office.people]
    assert body["meta"] == {"page": {"pageOffset": 0, "pageSize": 50, "count": 5, "hasMore": False}}
    ada = body["people"][0]
    assert ada["id"] == office.people[0].id
    assert ada["company"] == {"id": office.company, "type": "companies"}
    assert ada["companyId"] == office.company
    assert ada["teams"] == [{"id": office.team, "type": "teams"}]
    assert ada["jobRoles"] == [{"id": office.role, "type": "jobRoles"}]
    assert ada["workingHour"] == {"id": office.workweek, "type": "workingHours"}
    assert ada["workingHoursId"] == office.workweek


def test_single_envelope_with_and_without_json_suffix(client: Any, office: Office) -> None:
    ada = office.people[0]
    for path in (f"/people/{ada.id}.json", f"/people/{ada.id}"):
        body = get_json(client, path, office.token)
        assert set(body) == {"person"}
        assert body["person"]["id"] == ada.id
        assert body["person"]["firstName"] == "Ada"


@pytest.mark.parametrize("which", ["stranger", "missing", "garbage", "too_long"])
def test_a_person_the_requester_may_not_see_is_a_404_like_a_missing_one(
    client: Any, office: Office, which: str
) -> None:
    person = {
        "stranger": str(office.stranger.id),
        "missing": "999999999999999999",
        "garbage": "abc",
        "too_long": "1" * 19,
    }[which]
    response = get(client, f"/people/{person}.json", office.token)
    assert response.status_code == 404
    (error,) = response.json()["errors"]
    assert error["code"] == "not_found"
    assert error["title"] == "not found"


def test_the_single_get_validates_parameters_but_does_not_narrow(
    client: Any, office: Office
) -> None:
    ada = office.people[0]
    body = get_json(client, f"/people/{ada.id}.json", office.token, {"userType": "contact"})
    assert body["person"]["id"] == ada.id
    response = get(client, f"/people/{ada.id}.json", office.token, {"userType": "robot"})
    assert response.status_code == 400


def test_paging_walks_every_person_once(client: Any, office: Office) -> None:
    seen: list[int] = []
    metas = []
    for page in (1, 2, 3, 4):
        body = get_json(client, "/people.json", office.token, {"page": page, "pageSize": 2})
        seen += ids_of(body)
        metas.append(body["meta"]["page"])
    assert seen == [p.id for p in office.people]
    assert metas == [
        {"pageOffset": 0, "pageSize": 2, "count": 5, "hasMore": True},
        {"pageOffset": 1, "pageSize": 2, "count": 5, "hasMore": True},
        {"pageOffset": 2, "pageSize": 2, "count": 5, "hasMore": False},
        {"pageOffset": 3, "pageSize": 2, "count": 5, "hasMore": False},
    ]


def test_skip_counts_gives_a_lower_bound_until_the_last_page(client: Any, office: Office) -> None:
    def count(page: int) -> int:
        params = {"page": page, "pageSize": 2, "skipCounts": "true"}
        meta = get_json(client, "/people.json", office.token, params)["meta"]["page"]
        return int(meta["count"])

    assert [count(1), count(2), count(3), count(4)] == [3, 5, 5, 5]
    exact = {"page": 1, "pageSize": 2, "skipCounts": "false"}
    assert get_json(client, "/people.json", office.token, exact)["meta"]["page"]["count"] == 5


def test_page_size_bounds(client: Any, office: Office) -> None:
    body = get_json(client, "/people.json", office.token, {"pageSize": 500})
    assert body["meta"]["page"]["pageSize"] == 500
    for bad in ("501", "1000", "0", "-1", "ten"):
        response = get(client, "/people.json", office.token, {"pageSize": bad})
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["meta"] == {"parameter": "pageSize"}
    for bad in ("0", "-2", "first", "999999999999999"):
        response = get(client, "/people.json", office.token, {"page": bad})
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["meta"] == {"parameter": "page"}


def test_include_sideloads_keyed_by_type_then_string_id(client: Any, office: Office) -> None:
    params = {"include": "companies,teams,jobRoles,workingHours", "ids": office.people[0].id}
    included = get_json(client, "/people.json", office.token, params)["included"]
    assert set(included) == {"companies", "teams", "jobRoles", "workingHours"}
    company = included["companies"][str(office.company)]
    assert company["name"] == "Owner Co"
    assert company["isOwner"] is True
    assert company["id"] == office.company
    team = included["teams"][str(office.team)]
    assert team["name"] == "Design"
    assert team["teamLogoColor"] == "#ff0000"
    assert included["jobRoles"][str(office.role)]["name"] == "Designer"
    hours = included["workingHours"][str(office.workweek)]
    assert hours["entries"][0] == {"weekday": "monday", "taskHours": 8.0}
    assert hours["entries"][6] == {"weekday": "sunday", "taskHours": 0.0}


def test_include_names_ignore_case_and_may_repeat(client: Any, office: Office) -> None:
    params = [("include[]", "COMPANIES"), ("include[]", "companies")]
    body = get_json(client, "/people.json", office.token, params)
    assert list(body["included"]) == ["companies"]


def test_an_included_map_is_present_even_when_empty(client: Any, office: Office) -> None:
    params = {"include": "teams", "ids": office.people[1].id}
    assert get_json(client, "/people.json", office.token, params)["included"] == {"teams": {}}


@pytest.mark.parametrize("value", ["projects", "permissions", "companies,bogus"])
def test_unknown_include_values_are_400(client: Any, office: Office, value: str) -> None:
    response = get(client, "/people.json", office.token, {"include": value})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["meta"] == {"parameter": "include"}
    assert "companies, jobRoles, teams, workingHours" in error["detail"]


def test_fields_people_trims_the_list_without_adding_the_id(client: Any, office: Office) -> None:
    body = get_json(client, "/people.json", office.token, {"fields[people]": "firstName,email"})
    assert body["people"][0] == {"firstName": "Ada", "email": office.people[0].email_address}
    body = get_json(client, "/people.json", office.token, {"fields[people]": "id"})
    assert body["people"][0] == {"id": office.people[0].id}


def test_fields_key_and_names_ignore_case_and_unknown_names_are_dropped(
    client: Any, office: Office
) -> None:
    params = {"fields[People]": "FIRSTNAME,nickname", "pageSize": 1}
    assert get_json(client, "/people.json", office.token, params)["people"] == [
        {"firstName": "Ada"}
    ]
    params = {"fields[people]": "nickname", "pageSize": 1}
    assert get_json(client, "/people.json", office.token, params)["people"] == [{}]


def test_fields_person_only_trims_the_single_envelope(client: Any, office: Office) -> None:
    ada = office.people[0]
    listed = get_json(client, "/people.json", office.token, {"fields[person]": "firstName"})
    assert "lastName" in listed["people"][0]
    single = get_json(client, f"/people/{ada.id}.json", office.token, {"fields[people]": "id"})
    assert "lastName" in single["person"]
    single = get_json(client, f"/people/{ada.id}.json", office.token, {"fields[person]": "id"})
    assert single["person"] == {"id": ada.id}


def test_fields_trim_sideloads_too(client: Any, office: Office) -> None:
    params = {
        "include": "companies,teams",
        "fields[companies]": "name",
        "fields[teams]": "id,name",
        "fields[people]": "company",
        "ids": office.people[0].id,
    }
    body = get_json(client, "/people.json", office.token, params)
    assert body["people"] == [{"company": {"id": office.company, "type": "companies"}}]
    assert body["included"]["companies"] == {str(office.company): {"name": "Owner Co"}}
    assert body["included"]["teams"] == {str(office.team): {"id": office.team, "name": "Design"}}


def test_blank_fields_and_unknown_types_are_ignored(client: Any, office: Office) -> None:
    params = {"fields[people]": "", "fields[robots]": "id", "pageSize": 1}
    person = get_json(client, "/people.json", office.token, params)["people"][0]
    assert {"id", "firstName", "lastName", "email"} <= set(person)


def test_me(client: Any, session: Session, office: Office) -> None:
    body = get_json(client, "/me.json", office.token, {"include": "companies"})
    person = body["person"]
    assert person["id"] == office.me.id
    assert person["emailAddress"] == person["email"] == office.me.email_address
    assert person["inOwnerCompany"] is True
    assert person["siteOwner"] is False
    assert person["lastLogin"] is None
    assert set(body["included"]["companies"]) == {str(office.company)}
    trimmed = get_json(client, "/me", office.token, {"fields[person]": "id,lastLogin"})
    assert trimmed == {"person": {"id": office.me.id, "lastLogin": None}}


def test_me_ignores_list_parameters_but_not_a_bad_include(client: Any, office: Office) -> None:
    body = get_json(client, "/me.json", office.token, {"page": "0", "userType": "contact"})
    assert body["person"]["id"] == office.me.id
    assert get(client, "/me.json", office.token, {"include": "projects"}).status_code == 400


def test_unknown_paths_under_the_prefix_are_404_in_teamwork_shape(
    client: Any, office: Office
) -> None:
    response = get(client, "/projects.json", office.token)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_writes_are_not_served(client: Any, office: Office) -> None:
    for method in ("PUT", "DELETE", "POST"):
        response = client.request(method, V3 + "/people.json", headers=bearer(office.token))
        assert response.status_code == 404, method
        assert response.json()["errors"][0]["code"] == "not_found"

"""Every filter of GET /projects/api/v3/people.json on one world whose answers are known.

The requester ("me") is a plain member of the owner company A. Everyone below shares project W1
with me except ``zed`` (a member of A on no shared project) and the people of ``w2``/``w3``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import User, Workspace
from tests.dialects.teamwork.helpers import (
    get,
    get_json,
    give_role,
    ids_of,
    join_team,
    make_team,
    update_membership,
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
class World:
    token: str
    admin_token: str
    me: User
    ann: User  # account user, job role "Designer", team t1, logged in 2025
    bob: User  # collaborator
    cat: User  # client user (member of company B), team t2
    dan: User  # contact
    eve: User  # deleted (disabled membership)
    sam: User  # service account
    pat: User  # placeholder
    own: User  # the site owner
    zed: User  # member of A sharing no project with me
    boss: User  # administrator of A
    w1: Workspace
    w2: Workspace  # ann and me only
    w3: Workspace  # a project of B that me does not see; ann and cat are on it
    company_a: int
    company_b: int
    team1: int
    team2: int

    def name_of(self, user_id: int) -> str:
        for name in ("me", "ann", "bob", "cat", "dan", "eve", "sam", "pat", "own", "zed", "boss"):
            if getattr(self, name).id == user_id:
                return name
        raise AssertionError(f"unknown user {user_id}")


@pytest.fixture
def world(session: Session) -> World:
    a = make_account(session, name="Alpha")
    b = make_account(session, name="Beta")
    me = make_user(session, first_name="Me", last_name="Myself", account=a)
    ann = make_user(
        session, first_name="Ann", last_name="Archer", email_address="ann@alpha.test", account=a
    )
    bob = make_user(session, first_name="Bob", last_name="Baker", account=a)
    cat = make_user(session, first_name="Cat", last_name="Cooper", account=b)
    dan = make_user(session, first_name="Dan", last_name="Dunn")
    eve = make_user(session, first_name="Eve", last_name="Evans", account=a, disabled=True)
    sam = make_user(session, first_name="Sam", last_name="Script", account=a)
    pat = make_user(session, first_name="Pat", last_name="Placeholder", account=a)
    own = make_user(session, first_name="Olive", last_name="Owner", account=a)
    zed = make_user(session, first_name="Zed", last_name="Zimmer", account=a)
    boss = make_user(session, first_name="Boss", last_name="Hogg", account=a, is_administrator=True)
    update_membership(session, bob, collaborator_only_license=True)
    update_membership(session, sam, is_service_account=True)
    update_membership(session, pat, is_placeholder=True)
    update_membership(session, own, is_owner=True, cost_rate_in_cents=9000)
    update_membership(session, ann, cost_rate_in_cents=0)
    update_membership(session, boss, cost_rate_in_cents=12000)
    give_role(session, user=ann, role=make_role(session, account=a, name="Designer"))
    t1, t2 = make_team(session, account=a, name="Design"), make_team(session, account=b, name="Ops")
    join_team(session, user=ann, team=t1)
    join_team(session, user=cat, team=t2)
    ann.last_site_activity = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    bob.last_site_activity = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    ann.updated_at = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    session.flush()
    w1 = make_workspace(session, account=a, title="W1")
    for user in (me, ann, bob, cat, dan, eve, sam, pat, own, boss):
        participate(session, user=user, workspace=w1)
    w2 = make_workspace(session, account=a, title="W2")
    participate(session, user=me, workspace=w2)
    participate(session, user=ann, workspace=w2)
    w3 = make_workspace(session, account=b, title="W3")
    participate(session, user=ann, workspace=w3)
    participate(session, user=cat, workspace=w3)
    return World(
        token=token_for(session, me),
        admin_token=token_for(session, boss),
        me=me, ann=ann, bob=bob, cat=cat, dan=dan, eve=eve, sam=sam, pat=pat, own=own,
        zed=zed, boss=boss, w1=w1, w2=w2, w3=w3,
        company_a=a.id, company_b=b.id, team1=t1.id, team2=t2.id,
    )  # fmt: skip


def names(client: Any, world: World, params: Any = None, token: str | None = None) -> set[str]:
    body = get_json(client, "/people.json", token or world.token, params)
    return {world.name_of(i) for i in ids_of(body)}


DEFAULT = {"me", "ann", "bob", "cat", "dan", "own", "boss"}


def test_by_default_the_shared_project_minus_deleted_service_and_placeholder_people(
    client: Any, world: World
) -> None:
    assert names(client, world) == DEFAULT


@pytest.mark.parametrize(
    ("user_type", "expected"),
    [
        ("account", {"me", "ann", "cat", "own", "boss"}),
        ("collaborator", {"bob"}),
        ("contact", {"dan"}),
        ("Contact", {"dan"}),
    ],
)
def test_user_type(client: Any, world: World, user_type: str, expected: set[str]) -> None:
    assert names(client, world, {"userType": user_type}) == expected


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("ann", {"ann"}),
        ("ANN", {"ann"}),
        ("arch ann", {"ann"}),
        ("ann baker", set()),
        ("alpha.test", {"ann"}),
        (
            "o",
            {"bob", "cat", "own", "boss"},
        ),  # one letter: "Bob", "Cooper", "Olive Owner", "Boss Hogg"
        ("  ", DEFAULT),  # blank: no restriction
        ("designer", set()),
        ('100% "quoted" o\'neil_*', set()),  # LIKE and full-text syntax is taken literally
        ("%", set()),
        ("n_", set()),  # not a wildcard: no name holds "n_"
    ],
)
def test_search_term_every_word_in_first_last_name_or_email(
    client: Any, world: World, term: str, expected: set[str]
) -> None:
    assert names(client, world, {"searchTerm": term}) == expected


def test_search_user_job_role_lets_words_match_the_job_role(client: Any, world: World) -> None:
    assert names(client, world, {"searchTerm": "design", "searchUserJobRole": "true"}) == {"ann"}
    assert names(client, world, {"searchTerm": "design archer", "searchUserJobRole": "1"}) == {
        "ann"
    }
    assert names(client, world, {"searchTerm": "design", "searchUserJobRole": "false"}) == set()


@pytest.mark.parametrize(
    "value", ["2030-01-01T00:00:00Z", "2030-01-01", "2030-06-01T12:00:00+02:00"]
)
def test_updated_after(client: Any, world: World, value: str) -> None:
    assert names(client, world, {"updatedAfter": value}) == {"ann"}


def test_updated_after_counts_a_change_to_the_company_membership(
    session: Session, client: Any, world: World
) -> None:
    update_membership(session, world.bob, updated_at=dt.datetime(2032, 5, 6, tzinfo=dt.UTC))
    assert names(client, world, {"updatedAfter": "2030-01-01"}) == {"ann", "bob"}
    body = get_json(client, "/people.json", world.token, {"ids": world.bob.id})
    assert body["people"][0]["updatedAt"] == "2032-05-06T00:00:00Z"


def test_last_login_after(client: Any, world: World) -> None:
    assert names(client, world, {"lastLoginAfter": "2025-01-01T00:00:00Z"}) == {"ann"}
    assert names(client, world, {"lastLoginAfter": "2023-01-01T00:00:00Z"}) == {"ann", "bob"}


def test_show_deleted_adds_deleted_people(client: Any, world: World) -> None:
    assert names(client, world, {"showDeleted": "true"}) == DEFAULT | {"eve"}
    body = get_json(
        client, "/people.json", world.token, {"showDeleted": "true", "ids": world.eve.id}
    )
    assert body["people"][0]["deleted"] is True


def test_only_site_owner(client: Any, world: World) -> None:
    assert names(client, world, {"onlySiteOwner": "true"}) == {"own"}
    assert names(client, world, {"onlySiteOwner": "false"}) == DEFAULT


def test_only_owner_company_reaches_members_sharing_no_project(client: Any, world: World) -> None:
    assert names(client, world, {"onlyOwnerCompany": "true"}) == {
        "me", "ann", "bob", "own", "zed", "boss"
    }  # fmt: skip


def test_only_owner_company_replaces_company_ids(client: Any, world: World) -> None:
    params = {"onlyOwnerCompany": "true", "companyIds": str(world.company_b)}
    assert names(client, world, params) == {"me", "ann", "bob", "own", "zed", "boss"}


def test_ids_team_ids_company_ids_are_anded_by_default(client: Any, world: World) -> None:
    params = {"ids": f"{world.dan.id},{world.ann.id}", "teamIds": str(world.team1)}
    assert names(client, world, params) == {"ann"}
    params = {"ids": str(world.dan.id), "companyIds": str(world.company_b)}
    assert names(client, world, params) == set()


def test_inclusive_filter_ors_ids_team_ids_and_company_ids(client: Any, world: World) -> None:
    params = {
        "ids": str(world.dan.id),
        "companyIds": str(world.company_b),
        "inclusiveFilter": "true",
    }
    assert names(client, world, params) == {"dan", "cat"}
    params = {"teamIds": str(world.team1), "ids": str(world.bob.id), "inclusiveFilter": "true"}
    assert names(client, world, params) == {"ann", "bob"}
    assert names(client, world, {"inclusiveFilter": "true"}) == DEFAULT


def test_inclusive_filter_with_only_owner_company_ors_the_owner_company(
    client: Any, world: World
) -> None:
    params = {
        "ids": str(world.dan.id),
        "companyIds": str(world.company_b),
        "onlyOwnerCompany": "true",
        "inclusiveFilter": "true",
    }
    assert names(client, world, params) == {"dan", "me", "ann", "bob", "own", "zed", "boss"}


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("includeServiceAccounts", "true", DEFAULT | {"sam"}),
        ("includeServiceAccounts", "false", DEFAULT),
        ("includePlaceholders", "True", DEFAULT | {"pat"}),
        ("includePlaceholders", "False", DEFAULT),
        ("includeCollaborators", "false", DEFAULT - {"bob"}),
        ("includeCollaborators", "true", DEFAULT),
        ("includeClients", "0", DEFAULT - {"cat"}),
        ("includeClients", "1", DEFAULT),
        ("excludeContacts", "true", DEFAULT - {"dan"}),
        ("excludeContacts", "false", DEFAULT),
    ],
)
def test_include_and_exclude_switches(
    client: Any, world: World, parameter: str, value: str, expected: set[str]
) -> None:
    assert names(client, world, {parameter: value}) == expected


def test_filter_by_no_cost_rate_for_owner_company_administrators(client: Any, world: World) -> None:
    # Owner-company members whose cost rate is null or 0 (own and boss have one; cat is client).
    assert names(client, world, {"filterByNoCostRate": "true"}, world.admin_token) == {
        "me", "ann", "bob"
    }  # fmt: skip


def test_filter_by_no_cost_rate_is_403_for_anyone_else(client: Any, world: World) -> None:
    response = get(client, "/people.json", world.token, {"filterByNoCostRate": "true"})
    assert response.status_code == 403
    assert response.json()["errors"][0]["title"] == "forbidden"
    assert names(client, world, {"filterByNoCostRate": "false"}) == DEFAULT


def test_team_ids(client: Any, world: World) -> None:
    assert names(client, world, {"teamIds": str(world.team1)}) == {"ann"}
    assert names(client, world, {"teamIds": f"{world.team1},{world.team2}"}) == {"ann", "cat"}


def test_project_ids_and_exclude_project_ids(client: Any, world: World) -> None:
    assert names(client, world, {"projectIds": str(world.w2.id)}) == {"me", "ann"}
    assert names(client, world, {"excludeProjectIds": str(world.w2.id)}) == DEFAULT - {
        "me", "ann"
    }  # fmt: skip


def test_a_project_the_requester_may_not_see_matches_no_one(client: Any, world: World) -> None:
    # ann and cat are on w3, but w3 is not visible to me: the filter must not reveal that.
    assert names(client, world, {"projectIds": str(world.w3.id)}) == set()
    assert names(client, world, {"excludeProjectIds": str(world.w3.id)}) == DEFAULT


def test_ids_exclude_ids_and_company_ids(client: Any, world: World) -> None:
    assert names(client, world, {"ids": f"{world.ann.id},{world.zed.id}"}) == {"ann"}
    assert names(client, world, {"excludeIds": f"{world.ann.id},{world.bob.id}"}) == DEFAULT - {
        "ann", "bob"
    }  # fmt: skip
    assert names(client, world, {"companyIds": str(world.company_b)}) == {"cat"}


def test_lists_as_repeated_bracket_keys_and_repeated_plain_keys(client: Any, world: World) -> None:
    bracketed = [("ids[]", str(world.ann.id)), ("ids[]", str(world.bob.id))]
    assert names(client, world, bracketed) == {"ann", "bob"}
    repeated = [("excludeIds", str(world.ann.id)), ("excludeIds", str(world.bob.id))]
    assert names(client, world, repeated) == DEFAULT - {"ann", "bob"}
    assert names(client, world, {"ids": ","}) == DEFAULT


def test_empty_values_are_ignored(client: Any, world: World) -> None:
    params = {"searchTerm": "", "companyIds": "", "userType": "", "showDeleted": ""}
    assert names(client, world, params) == DEFAULT


def test_unknown_parameters_are_ignored(client: Any, world: World) -> None:
    params = {"sort": "name", "getCounts": "true", "returnTeams": "true", "fields[bogus]": "x"}
    assert names(client, world, params) == DEFAULT


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("userType", "admin", "one of account, collaborator, contact"),
        ("ids", "1,two", "a positive integer id"),
        ("teamIds", "-3", "a positive integer id"),
        ("showDeleted", "maybe", "a boolean"),
        ("includeClients", "yes please", "a boolean"),
        ("updatedAfter", "last tuesday", "ISO 8601"),
        ("lastLoginAfter", "2024-13-45", "ISO 8601"),
    ],
)
def test_malformed_values_are_400_naming_the_parameter(
    client: Any, world: World, parameter: str, value: str, expected: str
) -> None:
    response = get(client, "/people.json", world.token, {parameter: value})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["code"] == "invalid_parameter"
    assert error["meta"] == {"parameter": parameter}
    assert error["detail"].startswith(f"{parameter}: expected ")
    assert expected in error["detail"]

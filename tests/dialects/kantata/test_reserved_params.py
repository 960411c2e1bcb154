"""Brainstem's reserved parameters and envelope on GET /api/v1/users (reference §3-§4).

Each test arranges a small organisation where the requester ("me", not an administrator) shares
one workspace with a few people, so the visible set is known exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Account, User, Workspace
from tests.dialects.kantata.read_helpers import (
    Api,
    bulk_members,
    disable_site_wide,
    make_account_role,
    set_membership,
)
from tests.factories import make_account, make_user, make_workspace, participate, token_for

USER_FIELDS = {"id", "full_name", "email_address", "headline", "photo_path"}
OPTIONAL = {
    "bio",
    "website",
    "city",
    "state",
    "country",
    "abbreviated_timezone",
    "last_site_activity",
    "classification",
}
ALL_INCLUDES = (
    "account_membership,custom_field_values,external_references,manager,role,"
    "skill_memberships,skills,work_samples"
)
INCLUDE_LINKS = {
    "account_membership_id",
    "custom_field_value_ids",
    "external_reference_ids",
    "manager_id",
    "role_id",
    "skill_membership_ids",
    "skill_ids",
    "work_sample_ids",
}
INCLUDE_KEYS = {
    "account_memberships",
    "custom_field_values",
    "external_references",
    "roles",
    "skill_memberships",
    "skills",
    "work_samples",
}


@dataclass
class Team:
    account: Account
    workspace: Workspace
    me: User
    api: Api

    def join(self, session: Session, first_name: str, last_name: str, **fields: Any) -> User:
        user = make_user(
            session, first_name=first_name, last_name=last_name, account=self.account, **fields
        )
        participate(session, user=user, workspace=self.workspace)
        return user


@pytest.fixture
def team(session: Session, client: Any) -> Team:
    account = make_account(session)
    workspace = make_workspace(session, account=account)
    me = make_user(session, first_name="Mia", last_name="Requester", account=account)
    participate(session, user=me, workspace=workspace)
    return Team(account, workspace, me, Api(client, token_for(session, me)))


def _names(body: dict[str, Any]) -> list[str]:
    return [body["users"][r["id"]]["full_name"] for r in body["results"]]


# --- envelope -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/users", "/api/v1/users.json"])
def test_envelope_is_exactly_brainstems(session: Session, team: Team, path: str) -> None:
    zoe = team.join(session, "Zoe", "Adams", headline="Designer")
    amy = team.join(session, "amy", "Brown")
    body = team.api.ok(path)
    assert set(body) == {"count", "meta", "results", "users"}
    assert body["count"] == 3
    assert body["meta"] == {"count": 3, "page_count": 1, "page_number": 1, "page_size": 20}
    # Alphabetical by full name, letter case ignored.
    assert body["results"] == [
        {"key": "users", "id": str(amy.id)},
        {"key": "users", "id": str(team.me.id)},
        {"key": "users", "id": str(zoe.id)},
    ]
    assert set(body["users"]) == {str(amy.id), str(team.me.id), str(zoe.id)}
    record = body["users"][str(zoe.id)]
    assert set(record) == USER_FIELDS
    assert record == {
        "id": str(zoe.id),
        "full_name": "Zoe Adams",
        "email_address": zoe.email_address,
        "headline": "Designer",
        "photo_path": "http://roster.test/images/default_profile_photo/default.png",
    }


def test_a_user_with_a_photo_has_its_media_url(session: Session, team: Team) -> None:
    pic = team.join(session, "Pic", "Ture", photo_key="ab/cd.png")
    body = team.api.ok(f"/api/v1/users/{pic.id}")
    assert body["users"][str(pic.id)]["photo_path"] == "http://roster.test/media/ab/cd.png"


def test_unknown_parameters_are_ignored(session: Session, team: Team) -> None:
    team.join(session, "Ann", "Lee")
    plain = team.api.ok("/api/v1/users")
    noisy = team.api.ok("/api/v1/users?frobnicate=1&filter[x]=2&sort=-name")
    assert noisy == plain


def test_include_keys_are_present_and_empty_when_nothing_is_found(
    session: Session, team: Team
) -> None:
    body = team.api.ok(f"/api/v1/users?include={ALL_INCLUDES}")
    assert set(body) == {"count", "meta", "results", "users", *INCLUDE_KEYS}
    for key in INCLUDE_KEYS - {"account_memberships"}:
        assert body[key] == {}, key
    me = body["users"][str(team.me.id)]
    assert set(me) == USER_FIELDS | INCLUDE_LINKS
    assert me["role_id"] is None
    assert me["manager_id"] is None
    assert me["skill_ids"] == []
    assert me["skill_membership_ids"] == []
    assert me["work_sample_ids"] == []
    assert me["custom_field_value_ids"] == []
    assert me["external_reference_ids"] == []


def test_association_ids_appear_only_with_their_include(session: Session, team: Team) -> None:
    role = make_account_role(session, account_id=team.account.id, name="Engineer")
    set_membership(session, team.me, default_role_id=role.id)
    plain = team.api.ok("/api/v1/users/me")["users"][str(team.me.id)]
    assert set(plain) == USER_FIELDS
    with_role = team.api.ok("/api/v1/users/me?include=role")
    assert set(with_role["users"][str(team.me.id)]) == USER_FIELDS | {"role_id"}
    assert set(with_role) == {"count", "meta", "results", "users", "roles"}


def test_unknown_and_nested_include_names_are_ignored(session: Session, team: Team) -> None:
    body = team.api.ok("/api/v1/users?include=bogus,manager.role,,roles")
    assert set(body) == {"count", "meta", "results", "users"}
    assert set(body["users"][str(team.me.id)]) == USER_FIELDS


def test_include_names_are_comma_separated_and_deduplicated(session: Session, team: Team) -> None:
    body = team.api.ok("/api/v1/users?include=role,role&include=skills")
    assert set(body) == {"count", "meta", "results", "users", "roles", "skills"}
    assert set(body["users"][str(team.me.id)]) == USER_FIELDS | {"role_id", "skill_ids"}


# --- optional_fields ------------------------------------------------------------------------------


@pytest.fixture
def profiled(session: Session, team: Team) -> User:
    return team.join(
        session,
        "Pat",
        "Profile",
        bio="Writes code",
        website="https://pat.test",
        city="Lisbon",
        state="Lisboa",
        country="Portugal",
        timezone="UTC",
        classification="employee",
        last_site_activity=dt.datetime(2024, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
    )


def test_optional_fields_are_absent_unless_requested(team: Team, profiled: User) -> None:
    record = team.api.ok("/api/v1/users")["users"][str(profiled.id)]
    assert set(record) == USER_FIELDS
    assert not OPTIONAL & set(record)


@pytest.mark.parametrize(
    "query",
    [
        "optional_fields=bio,city",
        "optional_fields=bio&optional_fields=city",
        "optional_fields[]=bio&optional_fields[]=city",
        "optional_fields= bio , city ,nonsense",
    ],
)
def test_optional_fields_as_comma_list_array_or_repeated_keys(
    team: Team, profiled: User, query: str
) -> None:
    record = team.api.ok(f"/api/v1/users?{query}")["users"][str(profiled.id)]
    assert set(record) == USER_FIELDS | {"bio", "city"}
    assert record["bio"] == "Writes code"
    assert record["city"] == "Lisbon"


def test_every_optional_field_has_its_value(team: Team, profiled: User) -> None:
    query = "optional_fields=" + ",".join(sorted(OPTIONAL))
    record = team.api.ok(f"/api/v1/users?{query}")["users"][str(profiled.id)]
    assert {name: record[name] for name in OPTIONAL} == {
        "bio": "Writes code",
        "website": "https://pat.test",
        "city": "Lisbon",
        "state": "Lisboa",
        "country": "Portugal",
        "abbreviated_timezone": "UTC",
        "last_site_activity": "2024-03-04T05:06:07Z",
        "classification": "employee",
    }


def test_optional_fields_of_a_user_without_them_are_null(team: Team) -> None:
    record = team.api.ok("/api/v1/users/me?optional_fields=bio,abbreviated_timezone")["users"][
        str(team.me.id)
    ]
    assert record["bio"] is None
    assert record["abbreviated_timezone"] is None


def test_optional_fields_do_not_reach_included_users(
    session: Session, team: Team, profiled: User
) -> None:
    set_membership(session, team.me, manager_id=profiled.id)
    body = team.api.ok(f"/api/v1/users?only={team.me.id}&include=manager&optional_fields=bio")
    assert "bio" in body["users"][str(team.me.id)]
    assert set(body["users"][str(profiled.id)]) == USER_FIELDS


# --- page / per_page ------------------------------------------------------------------------------


@pytest.fixture
def crowd(session: Session, team: Team) -> list[User]:
    """Me plus 24 peers: 25 visible users, alphabetical order known."""
    peers = [team.join(session, "Peer", f"{n:02d}") for n in range(1, 25)]
    return [team.me, *peers]  # "Mia Requester" sorts before "Peer ..."


def test_default_page_is_the_first_twenty(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users")
    assert body["count"] == 25
    assert body["meta"] == {"count": 25, "page_count": 2, "page_number": 1, "page_size": 20}
    assert [int(r["id"]) for r in body["results"]] == [u.id for u in crowd[:20]]
    assert len(body["users"]) == 20


def test_second_page_holds_the_rest(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users?page=2")
    assert body["meta"] == {"count": 25, "page_count": 2, "page_number": 2, "page_size": 20}
    assert [int(r["id"]) for r in body["results"]] == [u.id for u in crowd[20:]]
    assert set(body["users"]) == {str(u.id) for u in crowd[20:]}


def test_pages_cover_everyone_once(team: Team, crowd: list[User]) -> None:
    seen = [
        user_id
        for page in range(1, 5)
        for user_id in team.api.ids(f"/api/v1/users?per_page=7&page={page}")
    ]
    assert seen == [u.id for u in crowd]


@pytest.mark.parametrize("per_page", ["0", "-1", "-200"])
def test_per_page_below_one_means_the_default(team: Team, crowd: list[User], per_page: str) -> None:
    body = team.api.ok(f"/api/v1/users?per_page={per_page}")
    assert body["meta"]["page_size"] == 20
    assert len(body["results"]) == 20


def test_per_page_is_clamped_to_200(session: Session, team: Team) -> None:
    bulk_members(session, account_id=team.account.id, count=205)
    body = team.api.ok("/api/v1/users?on_my_account=true&per_page=500")
    assert body["count"] == 206
    assert body["meta"] == {"count": 206, "page_count": 2, "page_number": 1, "page_size": 200}
    assert len(body["results"]) == 200
    rest = team.api.ok("/api/v1/users?on_my_account=true&per_page=500&page=2")
    assert len(rest["results"]) == 6


def test_a_page_past_the_end_is_empty_with_the_true_count(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users?page=99&include=role,manager")
    assert body == {
        "count": 25,
        "meta": {"count": 25, "page_count": 2, "page_number": 99, "page_size": 20},
        "results": [],
        "users": {},
        "roles": {},
    }


def test_page_number_is_zero_when_nothing_matches(team: Team) -> None:
    body = team.api.ok("/api/v1/users?by_full_name=nobody-has-this-name&include=skills")
    assert body == {
        "count": 0,
        "meta": {"count": 0, "page_count": 0, "page_number": 0, "page_size": 20},
        "results": [],
        "users": {},
        "skills": {},
    }


def test_page_zero_serves_the_first_page_and_reports_zero(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users?page=0&per_page=5")
    assert body["meta"] == {"count": 25, "page_count": 5, "page_number": 0, "page_size": 5}
    assert [int(r["id"]) for r in body["results"]] == [u.id for u in crowd[:5]]


def test_page_count_rounds_up(team: Team, crowd: list[User]) -> None:
    assert team.api.ok("/api/v1/users?per_page=24")["meta"]["page_count"] == 2
    assert team.api.ok("/api/v1/users?per_page=25")["meta"]["page_count"] == 1
    assert team.api.ok("/api/v1/users?per_page=6")["meta"]["page_count"] == 5


# --- limit / offset -------------------------------------------------------------------------------


def test_limit_and_offset_together_win_over_page(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users?limit=3&offset=4&page=3&per_page=2")
    assert [int(r["id"]) for r in body["results"]] == [u.id for u in crowd[4:7]]
    # meta still reports the page parameters the client gave.
    assert body["meta"] == {"count": 25, "page_count": 13, "page_number": 3, "page_size": 2}


@pytest.mark.parametrize("query", ["limit=3", "offset=4", "limit=3&page=1", "offset=2&per_page=20"])
def test_limit_or_offset_alone_is_ignored(team: Team, crowd: list[User], query: str) -> None:
    assert team.api.ids(f"/api/v1/users?{query}") == [u.id for u in crowd[:20]]


def test_limit_and_offset_are_clamped(team: Team, crowd: list[User]) -> None:
    assert team.api.ids("/api/v1/users?limit=0&offset=-3") == [crowd[0].id]
    assert team.api.ids("/api/v1/users?limit=-5&offset=24") == [crowd[24].id]
    assert team.api.ids("/api/v1/users?limit=1000&offset=0") == [u.id for u in crowd]


def test_limit_is_clamped_to_200(session: Session, team: Team) -> None:
    bulk_members(session, account_id=team.account.id, count=205)
    body = team.api.ok("/api/v1/users?on_my_account=true&limit=500&offset=1")
    assert len(body["results"]) == 200
    assert body["count"] == 206


def test_an_offset_past_the_end_keeps_the_count(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users?limit=5&offset=100")
    assert body["results"] == []
    assert body["count"] == 25


# --- only -----------------------------------------------------------------------------------------


def test_only_fetches_those_ids_in_order_without_pagination(team: Team, crowd: list[User]) -> None:
    wanted = [crowd[9], crowd[2], crowd[20]]
    body = team.api.ok(
        "/api/v1/users?per_page=1&page=1&only=" + ",".join(str(u.id) for u in wanted)
    )
    assert [int(r["id"]) for r in body["results"]] == [crowd[2].id, crowd[9].id, crowd[20].id]
    assert body["count"] == 3
    assert body["meta"]["count"] == 3


def test_only_as_an_array_and_with_duplicates(team: Team, crowd: list[User]) -> None:
    a, b = crowd[3], crowd[4]
    body = team.api.ok(f"/api/v1/users?only[]={a.id}&only[]={b.id}&only[]={a.id}")
    assert [int(r["id"]) for r in body["results"]] == [a.id, b.id]
    assert body["count"] == 2


def test_only_drops_ids_the_requester_cannot_see(session: Session, team: Team) -> None:
    peer = team.join(session, "Peer", "Visible")
    stranger = make_user(session, first_name="Stranger", account=team.account)
    body = team.api.ok(f"/api/v1/users?only={peer.id},{stranger.id},999999")
    assert [int(r["id"]) for r in body["results"]] == [peer.id]
    assert body["count"] == 1


def test_only_still_applies_filters_and_their_defaults(session: Session, team: Team) -> None:
    ann = team.join(session, "Ann", "Filtered")
    bob = team.join(session, "Bob", "Filtered")
    gone = team.join(session, "Gone", "Filtered", disabled=True)
    ids = f"{ann.id},{bob.id},{gone.id}"
    assert team.api.ids(f"/api/v1/users?only={ids}&by_full_name=ann") == [ann.id]
    assert team.api.ids(f"/api/v1/users?only={ids}") == [ann.id, bob.id]
    assert team.api.ids(f"/api/v1/users?only={ids}&apply_default_filters=false") == [
        ann.id,
        bob.id,
        gone.id,
    ]


def test_successive_only_lists_and_shows_answer_their_own_ids(session: Session, team: Team) -> None:
    # One requester's shows and ``only`` lists share one statement, their ids bound on each read
    # (docs/benchmark.md, item 26): no answer may carry another request's ids.
    ann = team.join(session, "Ann", "Shown")
    bob = team.join(session, "Bob", "Shown")
    stranger = make_user(session, first_name="Stranger", account=team.account)
    for _ in range(2):  # the second round reads kept statements
        assert team.api.ids(f"/api/v1/users?only={ann.id}") == [ann.id]
        assert team.api.ids(f"/api/v1/users?only={bob.id},{stranger.id}") == [bob.id]
        assert team.api.ids(f"/api/v1/users?only={stranger.id}") == []
        assert team.api.ok(f"/api/v1/users/{bob.id}")["results"] == [
            {"key": "users", "id": str(bob.id)}
        ]
        assert team.api.get(f"/api/v1/users/{stranger.id}").status_code == 404
        assert team.api.ok(f"/api/v1/users/{ann.id}")["results"] == [
            {"key": "users", "id": str(ann.id)}
        ]
        assert team.api.ids(f"/api/v1/users?only={bob.id},{ann.id}") == [ann.id, bob.id]


def test_only_with_more_than_200_ids_returns_them_all(session: Session, team: Team) -> None:
    ids = bulk_members(session, account_id=team.account.id, count=230)
    body = team.api.ok("/api/v1/users?on_my_account=true&only=" + ",".join(str(i) for i in ids))
    assert body["count"] == 230
    assert [int(r["id"]) for r in body["results"]] == ids
    assert body["meta"] == {"count": 230, "page_count": 12, "page_number": 1, "page_size": 20}


def test_only_in_the_json_body_of_a_get(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users", json={"only": [crowd[1].id, crowd[2].id]})
    assert [int(r["id"]) for r in body["results"]] == [crowd[1].id, crowd[2].id]


# --- order ----------------------------------------------------------------------------------------


@pytest.fixture
def twins(session: Session, team: Team) -> list[User]:
    """Three people with the same name (ids ascending) between an Aaron and a Zed."""
    aaron = team.join(session, "Aaron", "First")
    same = [team.join(session, "Sam", "Same") for _ in range(3)]
    zed = team.join(session, "zed", "last")
    return [aaron, *same, zed]


def test_order_alphabetical_ascending_breaks_ties_by_id(team: Team, twins: list[User]) -> None:
    aaron, s1, s2, s3, zed = twins
    expected = [aaron.id, team.me.id, s1.id, s2.id, s3.id, zed.id]
    assert team.api.ids("/api/v1/users") == expected
    assert team.api.ids("/api/v1/users?order=alphabetical:asc") == expected
    assert team.api.ids("/api/v1/users?order=alphabetical") == expected
    assert team.api.ids("/api/v1/users?order=alphabetical:ASC") == expected


def test_order_alphabetical_descending_keeps_the_id_tie_breaker_ascending(
    team: Team, twins: list[User]
) -> None:
    aaron, s1, s2, s3, zed = twins
    assert team.api.ids("/api/v1/users?order=alphabetical:desc") == [
        zed.id,
        s1.id,
        s2.id,
        s3.id,
        team.me.id,
        aaron.id,
    ]


def test_ties_never_repeat_or_vanish_across_pages(team: Team, twins: list[User]) -> None:
    for order in ("alphabetical:asc", "alphabetical:desc"):
        full = team.api.ids(f"/api/v1/users?order={order}")
        paged = [
            user_id
            for page in (1, 2, 3)
            for user_id in team.api.ids(f"/api/v1/users?order={order}&per_page=2&page={page}")
        ]
        assert paged == full


# --- apply_default_filters and disabled users -----------------------------------------------------


@pytest.fixture
def disabled_pair(session: Session, team: Team) -> tuple[User, User]:
    """One peer with a disabled membership, one disabled site-wide."""
    inactive = team.join(session, "Ina", "Inactive", disabled=True)
    banned = team.join(session, "Ben", "Banned")
    disable_site_wide(session, banned)
    return inactive, banned


def test_disabled_users_are_hidden_by_default(team: Team, disabled_pair: tuple[User, User]) -> None:
    assert team.api.ids("/api/v1/users") == [team.me.id]
    assert team.api.ids("/api/v1/users?show_disabled=false") == [team.me.id]


@pytest.mark.parametrize("query", ["show_disabled=true", "apply_default_filters=false"])
def test_disabled_users_shown_when_asked(
    team: Team, disabled_pair: tuple[User, User], query: str
) -> None:
    inactive, banned = disabled_pair
    assert team.api.ids(f"/api/v1/users?{query}") == [banned.id, inactive.id, team.me.id]


def test_apply_default_filters_true_keeps_the_defaults(
    team: Team, disabled_pair: tuple[User, User]
) -> None:
    assert team.api.ids("/api/v1/users?apply_default_filters=true") == [team.me.id]


def test_apply_default_filters_false_does_not_override_an_explicit_value(
    team: Team, disabled_pair: tuple[User, User]
) -> None:
    assert team.api.ids("/api/v1/users?apply_default_filters=false&show_disabled=false") == [
        team.me.id
    ]


# --- show: /users/{id} and /users/me --------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", ".json"])
def test_show_is_a_one_result_envelope(session: Session, team: Team, suffix: str) -> None:
    peer = team.join(session, "Pia", "Peer", bio="Hello")
    body = team.api.ok(f"/api/v1/users/{peer.id}{suffix}")
    assert body == {
        "count": 1,
        "meta": {"count": 1, "page_count": 1, "page_number": 1, "page_size": 20},
        "results": [{"key": "users", "id": str(peer.id)}],
        "users": {str(peer.id): body["users"][str(peer.id)]},
    }
    assert set(body["users"][str(peer.id)]) == USER_FIELDS


@pytest.mark.parametrize(
    "path", ["/api/v1/users/{id}", "/api/v1/users/me", "/api/v1/users/me.json"]
)
def test_show_and_me_take_include_and_optional_fields(
    session: Session, team: Team, path: str
) -> None:
    role = make_account_role(session, account_id=team.account.id, name="Lead")
    set_membership(session, team.me, default_role_id=role.id)
    team.me.bio = "About me"
    session.flush()
    body = team.api.ok(path.format(id=team.me.id) + "?include=role,skills&optional_fields=bio")
    record = body["users"][str(team.me.id)]
    assert set(record) == USER_FIELDS | {"bio", "role_id", "skill_ids"}
    assert record["bio"] == "About me"
    assert record["role_id"] == str(role.id)
    assert record["skill_ids"] == []
    assert body["roles"] == {
        str(role.id): {
            "id": str(role.id),
            "name": "Lead",
            "created_at": body["roles"][str(role.id)]["created_at"],
            "updated_at": body["roles"][str(role.id)]["updated_at"],
            "deleted_at": None,
        }
    }
    assert body["skills"] == {}


def test_show_ignores_pagination_parameters(session: Session, team: Team) -> None:
    peer = team.join(session, "Pia", "Peer")
    body = team.api.ok(f"/api/v1/users/{peer.id}?page=7&limit=1&offset=5&only=1,2")
    assert [r["id"] for r in body["results"]] == [str(peer.id)]
    assert body["meta"]["page_number"] == 1


def test_show_of_a_disabled_user_is_404_unless_asked_for(
    team: Team, disabled_pair: tuple[User, User]
) -> None:
    for user in disabled_pair:
        hidden = team.api.get(f"/api/v1/users/{user.id}")
        assert hidden.status_code == 404
        assert hidden.json() == {"errors": [{"type": "system", "message": "Not found"}]}
        for query in ("show_disabled=true", "apply_default_filters=false"):
            shown = team.api.ok(f"/api/v1/users/{user.id}?{query}")
            assert shown["results"] == [{"key": "users", "id": str(user.id)}]


def test_show_applies_filters_too(session: Session, team: Team) -> None:
    peer = team.join(session, "Pia", "Peer")
    assert team.api.get(f"/api/v1/users/{peer.id}?by_full_name=zzz").status_code == 404
    assert team.api.ok(f"/api/v1/users/{peer.id}?by_full_name=pia")["count"] == 1


def test_only_with_no_id_at_all_matches_nobody(team: Team, crowd: list[User]) -> None:
    body = team.api.ok("/api/v1/users?only=,")
    assert (body["count"], body["results"]) == (0, [])


@pytest.mark.parametrize(
    "raw_id", ["abc", "12abc", "-1", "1.0", "0x10", "%20", "99999999999999999999", "2147483648"]
)
def test_a_non_numeric_id_is_404(team: Team, raw_id: str) -> None:
    for suffix in ("", ".json"):
        response = team.api.get(f"/api/v1/users/{raw_id}{suffix}")
        assert response.status_code == 404, raw_id
        assert response.json() == {"errors": [{"type": "system", "message": "Not found"}]}


def test_an_unknown_id_is_404(team: Team) -> None:
    response = team.api.get("/api/v1/users/987654321")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"type": "system", "message": "Not found"}]}


# --- malformed reserved parameters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("per_page=ten", "per_page"),
        ("per_page=20abc", "per_page"),
        ("per_page=1_0", "per_page"),
        ("page=99999999999999999999", "page"),
        ("offset=99999999999999999999&limit=5", "offset"),
        ("limit=x&offset=0", "limit"),
        ("limit=5&offset=y", "offset"),
        ("only=1,two,3", "only"),
        ("only=-4", "only"),
        ("order=name:asc", "order"),
        ("order=alphabetical:sideways", "order"),
        ("order=created_at:desc", "order"),
        ("apply_default_filters=maybe", "apply_default_filters"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/users", "/api/v1/users.json", "/api/v1/users/me"])
def test_malformed_reserved_parameters_are_400_naming_them(
    team: Team, query: str, parameter: str, path: str
) -> None:
    response = team.api.get(f"{path}?{query}")
    assert response.status_code == 400, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1
    assert errors[0]["type"] == "system"
    assert errors[0]["message"].startswith(f"{parameter}: expected")


def test_the_largest_page_and_offset_are_empty_pages_not_errors(
    team: Team, crowd: list[User]
) -> None:
    far = team.api.ok("/api/v1/users?page=2147483647&per_page=200")
    assert far["results"] == []
    assert far["meta"] == {
        "count": 25,
        "page_count": 1,
        "page_number": 2147483647,
        "page_size": 200,
    }
    assert team.api.ok("/api/v1/users?limit=5&offset=2147483647")["results"] == []
    low = team.api.ok("/api/v1/users?page=-2147483648&per_page=5")
    assert low["meta"]["page_number"] == -2147483648
    assert [int(r["id"]) for r in low["results"]] == [u.id for u in crowd[:5]]


@pytest.mark.parametrize("query", ["page=", "per_page=%20", "only=", "order=", "include="])
def test_blank_reserved_parameters_mean_absent(team: Team, query: str) -> None:
    assert team.api.ok(f"/api/v1/users?{query}") == team.api.ok("/api/v1/users")

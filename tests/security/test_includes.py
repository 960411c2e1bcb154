"""Sideloads never carry the hidden user, nor another account's private data.

``home_member`` shares a project with every attacker but ``home_nonparticipant`` (who reaches
them only through ``on_my_account``, which reaches the hidden user too); the hidden user manages
them, created their skill membership and set
one of their custom field values. Those references read as null for whoever may not see the
hidden user, and as the hidden user's id for the seer: a reference is never a hint.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.probing import (
    KANTATA_INCLUDES,
    SEER,
    TEAMWORK_INCLUDES,
    as_user,
    assert_nothing_of_hidden,
)
from tests.security.world import World

# The attackers who share a project with home_member, and so see them without any widening.
MEMBERS_PEERS = ("other_member", "other_admin", "home_colleague", "contact_user")


def _show_member(client: Any, world: World, who: str) -> dict[str, Any]:
    response = client.get(
        f"/api/v1/users/{world.id('home_member')}",
        params={"include": KANTATA_INCLUDES},
        headers=as_user(world, who),
    )
    assert response.status_code == 200, f"{who}: {response.text}"
    if who != SEER:
        assert_nothing_of_hidden(world, response, who)
    body: dict[str, Any] = response.json()
    return body


def _membership(world: World, body: dict[str, Any]) -> dict[str, Any]:
    user = body["users"][str(world.id("home_member"))]
    record: dict[str, Any] = body["account_memberships"][user["account_membership_id"]]
    return record


@pytest.mark.parametrize("who", MEMBERS_PEERS)
def test_references_to_the_hidden_user_read_as_null(world: World, client: Any, who: str) -> None:
    body = _show_member(client, world, who)
    user = body["users"][str(world.id("home_member"))]
    assert user["manager_id"] is None
    assert _membership(world, body)["manager_id"] is None
    assert [m["creator_id"] for m in body["skill_memberships"].values()] == [None]
    assert all(v["setter_id"] is None for v in body["custom_field_values"].values())


def test_the_seer_reads_the_same_references(world: World, client: Any) -> None:
    body = _show_member(client, world, SEER)
    hidden = str(world.hidden.id)
    assert body["users"][str(world.id("home_member"))]["manager_id"] == hidden
    assert hidden in body["users"]
    assert _membership(world, body)["manager_id"] == hidden
    assert [m["creator_id"] for m in body["skill_memberships"].values()] == [hidden]
    setters = {v["custom_field_name"]: v["setter_id"] for v in body["custom_field_values"].values()}
    assert setters["Codename"] == hidden


def test_a_colleague_reads_values_but_not_who_set_them(world: World, client: Any) -> None:
    values = _show_member(client, world, "home_colleague")["custom_field_values"]
    assert [(v["custom_field_name"], v["value"], v["setter_id"]) for v in values.values()] == [
        ("Codename", "visible-codename", None)
    ]


@pytest.mark.parametrize("who", ["other_member", "other_admin"])
def test_another_accounts_rates_are_not_shown(world: World, client: Any, who: str) -> None:
    membership = _membership(world, _show_member(client, world, who))
    assert membership["bill_rate_in_cents"] is None
    assert membership["cost_rate_in_cents"] is None
    assert (
        "15000"
        not in client.get(
            f"/projects/api/v3/people/{world.id('home_member')}.json",
            params={"include": TEAMWORK_INCLUDES},
            headers=as_user(world, who),
        ).text
    )


@pytest.mark.parametrize("who", ["home_admin", "home_colleague"])
def test_rates_are_shown_within_their_own_account(world: World, client: Any, who: str) -> None:
    membership = _membership(world, _show_member(client, world, who))
    assert (membership["bill_rate_in_cents"], membership["cost_rate_in_cents"]) == (15000, 9000)


@pytest.mark.parametrize("who", MEMBERS_PEERS)
def test_a_restricted_custom_field_stays_with_administrators(
    world: World, client: Any, who: str
) -> None:
    body = _show_member(client, world, who)
    assert "restricted-cf-secret" not in str(body)
    seer = _show_member(client, world, SEER)
    assert "restricted-cf-secret" in str(seer["custom_field_values"])

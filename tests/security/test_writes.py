"""Writes aimed at someone else change nothing: a user out of reach is a 404 identical to a missing
one, a user in reach whom the attacker may not edit is a 403, and afterwards every row and every
stored file is as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, select

from roster.models import AccountMembership, ExternalReference, User
from tests.security.operations import PLANS, missing_value, send
from tests.security.probing import ATTACKERS, as_user, observed
from tests.security.world import World

WRITES = tuple(
    operation_id
    for operation_id, plan in PLANS.items()
    if plan.wide_reach and operation_id != "userCapacity"
)


def _rows(connection: Connection) -> list[tuple[Any, ...]]:
    """Every column of every row a profile write could touch."""
    rows: list[tuple[Any, ...]] = []
    for table in (User.__table__, AccountMembership.__table__, ExternalReference.__table__):
        stmt = select(*table.c).order_by(table.c.id)
        rows += [(str(table), *row) for row in connection.execute(stmt)]
    return rows


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("operation_id", WRITES)
def test_writes_on_others_are_refused_and_change_nothing(
    world: World, client: Any, connection: Connection, media_root: Path, operation_id: str
) -> None:
    before, files = _rows(connection), _files(media_root)
    missing = {"user_id": missing_value(world, "user")}
    for who in ATTACKERS:
        headers = as_user(world, who)
        nowhere = send(client, operation_id, missing, headers)
        assert nowhere.status_code == 404, nowhere.text
        for target in ("hidden", "home_member", "home_admin", "home_disabled", "other_admin"):
            if target == who:
                continue
            response = send(client, operation_id, {"user_id": str(world.id(target))}, headers)
            reach = world.sees(who, account_members=True, contacts=True)
            context = f"{operation_id} on {target} as {who}"
            if world.id(target) in reach:
                assert response.status_code == 403, f"{context}: {response.text}"
            else:
                assert observed(response) == observed(nowhere), context
    assert _rows(connection) == before
    assert _files(media_root) == files


@pytest.mark.parametrize("operation_id", WRITES)
def test_a_disabled_user_is_out_of_reach_unless_asked_for(
    world: World, client: Any, operation_id: str
) -> None:
    headers = as_user(world, "other_member")
    target = {"user_id": str(world.id("home_disabled"))}
    nowhere = send(client, operation_id, {"user_id": missing_value(world, "user")}, headers)
    assert observed(send(client, operation_id, target, headers)) == observed(nowhere)
    asked = send(client, operation_id, target, headers, query={"show_disabled": "true"})
    assert asked.status_code == 403, asked.text


def test_capacity_of_someone_else_is_forbidden_or_missing(world: World, client: Any) -> None:
    for who in ATTACKERS:
        headers = as_user(world, who)
        nowhere = send(client, "userCapacity", {"user_id": missing_value(world, "user")}, headers)
        for target in ("hidden", "home_member", "other_admin"):
            if target == who:
                continue
            response = send(client, "userCapacity", {"user_id": str(world.id(target))}, headers)
            reach = world.sees(who, account_members=True, contacts=True)
            context = f"capacity of {target} as {who}"
            if world.id(target) in reach:
                assert response.status_code == 403, f"{context}: {response.text}"
                assert "hours" not in response.text, context
            else:
                assert observed(response) == observed(nowhere), context


def test_a_taken_email_is_refused_alike_whoever_holds_it(world: World, client: Any) -> None:
    """Email addresses are unique site-wide, so a change to a taken one must fail; the refusal is
    the same for a hidden holder as for a visible one, and names no one (docs/security.md)."""
    headers = as_user(world, "other_member")
    path = f"/api/v1/users/{world.id('other_member')}"

    def change_to(address: str) -> Any:
        return client.put(path, headers=headers, json={"user": {"email_address": address}})

    hidden_holder = change_to(world.emails["hidden"].upper())
    visible_holder = change_to(
        client.get(f"/api/v1/users/{world.id('home_member')}", headers=headers).json()["users"][
            str(world.id("home_member"))
        ]["email_address"]
    )
    assert hidden_holder.status_code == visible_holder.status_code == 422
    assert observed(hidden_holder) == observed(visible_holder)


@pytest.mark.parametrize("operation_id", WRITES)
def test_the_same_request_works_on_ones_own_profile(
    world: World, client: Any, operation_id: str
) -> None:
    """The control: the refused requests are well-formed, and work where they are allowed."""
    for who in ("other_member", "home_admin"):
        own = send(client, operation_id, {"user_id": str(world.id(who))}, as_user(world, who))
        assert own.status_code == 200, own.text
    administered = send(
        client,
        operation_id,
        {"user_id": str(world.id("home_member"))},
        as_user(world, "home_admin"),
    )
    assert administered.status_code == 200, administered.text

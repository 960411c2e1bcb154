"""GET /api/v1/users filtered by external references, over HTTP on a real database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.dialects.kantata.cf_builders import (
    Organisation,
    bad_request,
    build_organisation,
    make_reference,
    user_ids,
)


@dataclass
class World:
    org: Organisation
    client: Any

    def names(self, **params: Any) -> set[str]:
        """The names of the users the boss gets back for a filtered list."""
        everyone = {"boss": self.org.boss, "ghost": self.org.ghost, **self.org.people}
        by_id = {user.id: name for name, user in everyone.items()}
        return {by_id[i] for i in user_ids(self.client, self.org.token, **params)}


@pytest.fixture
def world(session: Session, client: Any) -> World:
    org = build_organisation(session, ["ann", "bob", "cat", "dan", "eve"])
    ann, bob, cat, dan = org["ann"], org["bob"], org["cat"], org["dan"]
    make_reference(
        session,
        user=ann,
        service_name="salesforce",
        service_model="Contact",
        service_model_ref="101",
        status="fail",
        external_status="active",
        external_message="Synced OK",
    )
    make_reference(
        session,
        user=ann,
        service_name="hubspot",
        service_model="Person",
        service_model_ref="202",
        status="successful",
        external_status="archived",
        external_message="Synced",
    )
    make_reference(
        session,
        user=bob,
        service_name="salesforce",
        service_model="Contact",
        service_model_ref="007",
        status="successful",
        external_status="active",
        external_message="Synced",
    )
    make_reference(
        session,
        user=cat,
        service_name="hubspot",
        service_model="Contact",
        service_model_ref="abc-303",
        status="fail",
        external_status="error",
        external_message="Rate limited",
    )
    # A workspace's reference whose subject id happens to be dan's user id: not dan's.
    make_reference(
        session,
        user=dan,
        subject_type="Workspace",
        service_name="jira",
        service_model="Project",
        service_model_ref="909",
        status="successful",
    )
    make_reference(
        session,
        user=org.ghost,
        service_name="salesforce",
        service_model="Contact",
        service_model_ref="101",
        status="fail",
        external_status="active",
        external_message="Synced OK",
    )
    return World(org, client)


def test_external_message_is_an_exact_match(world: World) -> None:
    assert world.names(external_reference_external_message="Synced") == {"ann", "bob"}
    assert world.names(external_reference_external_message="Synced OK") == {"ann"}
    assert world.names(external_reference_external_message="synced") == set()
    assert world.names(external_reference_external_message="Sync") == set()


def test_external_status(world: World) -> None:
    assert world.names(external_reference_external_status="active") == {"ann", "bob"}
    assert world.names(external_reference_external_status="error") == {"cat"}
    assert world.names(external_reference_external_status="Active") == set()


def test_service_model(world: World) -> None:
    assert world.names(external_reference_service_model="Contact") == {"ann", "bob", "cat"}
    assert world.names(external_reference_service_model="Person") == {"ann"}
    assert world.names(external_reference_service_model="Project") == set()


def test_service_model_ref_compares_strings(world: World) -> None:
    assert world.names(external_reference_service_model_ref="101") == {"ann"}
    assert world.names(external_reference_service_model_ref="007") == {"bob"}
    assert world.names(external_reference_service_model_ref="7") == set()
    assert world.names(external_reference_service_model_ref="abc-303") == {"cat"}
    assert world.names(external_reference_service_model_ref="909") == set()


def test_service_model_refs_matches_any_listed_id(world: World) -> None:
    assert world.names(external_reference_service_model_refs="101,abc-303") == {"ann", "cat"}
    assert world.names(external_reference_service_model_refs=" 7 , 007 ") == {"bob"}
    assert world.names(external_reference_service_model_refs=["202", "007"]) == {"ann", "bob"}
    assert world.names(external_reference_service_model_refs="nothing") == set()


def test_service_name(world: World) -> None:
    assert world.names(external_reference_service_name="salesforce") == {"ann", "bob"}
    assert world.names(external_reference_service_name="hubspot") == {"ann", "cat"}
    assert world.names(external_reference_service_name="jira") == set()


def test_status_is_successful_or_fail(world: World) -> None:
    assert world.names(external_reference_status="fail") == {"ann", "cat"}
    assert world.names(external_reference_status="successful") == {"ann", "bob"}
    assert world.names(external_reference_status="FAIL") == {"ann", "cat"}


def test_has_external_references(world: World) -> None:
    assert world.names(has_external_references="true") == {"ann", "bob", "cat"}
    assert world.names(has_external_references="false") == {"boss", "dan", "eve"}


def test_without_external_reference_service_name(world: World) -> None:
    without_salesforce = world.names(without_external_reference_service_name="salesforce")
    assert without_salesforce == {"boss", "cat", "dan", "eve"}
    without_hubspot = world.names(without_external_reference_service_name="hubspot")
    assert without_hubspot == {"boss", "bob", "dan", "eve"}
    assert world.names(without_external_reference_service_name="jira") == world.names()


def test_reference_filters_together_describe_one_reference(world: World) -> None:
    # ann has a failed salesforce reference and a successful hubspot one: neither is both.
    salesforce_ok = {"external_reference_service_name": "salesforce"}
    assert world.names(**salesforce_ok, external_reference_status="successful") == {"bob"}
    assert world.names(**salesforce_ok, external_reference_status="fail") == {"ann"}
    hubspot = {"external_reference_service_name": "hubspot"}
    assert world.names(**hubspot, external_reference_external_message="Synced OK") == set()
    assert world.names(**hubspot, external_reference_service_model_refs="101,202") == {"ann"}
    assert world.names(**salesforce_ok, external_reference_service_model="Person") == set()


def test_all_seven_reference_filters_at_once(world: World) -> None:
    anns_salesforce = {
        "external_reference_external_message": "Synced OK",
        "external_reference_external_status": "active",
        "external_reference_service_model": "Contact",
        "external_reference_service_model_ref": "101",
        "external_reference_service_model_refs": "101,202",
        "external_reference_service_name": "salesforce",
        "external_reference_status": "fail",
    }
    assert world.names(**anns_salesforce) == {"ann"}
    for name, other in [
        ("external_reference_external_message", "Synced"),
        ("external_reference_external_status", "archived"),
        ("external_reference_service_model", "Person"),
        ("external_reference_service_model_ref", "202"),
        ("external_reference_service_model_refs", "202"),
        ("external_reference_service_name", "hubspot"),
        ("external_reference_status", "successful"),
    ]:
        # Each swapped value belongs to ann's other reference: the row no longer matches.
        assert world.names(**{**anns_salesforce, name: other}) == set(), name


def test_the_standalone_filters_combine_with_the_group(world: World) -> None:
    group = {"external_reference_service_name": "hubspot"}
    assert world.names(**group, has_external_references="false") == set()
    assert world.names(**group, without_external_reference_service_name="salesforce") == {"cat"}


def test_filters_cannot_reveal_invisible_users(world: World) -> None:
    ghost_values = {
        "external_reference_external_message": "Synced OK",
        "external_reference_external_status": "active",
        "external_reference_service_model": "Contact",
        "external_reference_service_model_ref": "101",
        "external_reference_service_model_refs": "101",
        "external_reference_service_name": "salesforce",
        "external_reference_status": "fail",
        "has_external_references": "true",
        "without_external_reference_service_name": "hubspot",
    }
    ghost = world.org.ghost.id
    headers = {"Authorization": f"Bearer {world.org.token}"}
    for name, value in ghost_values.items():
        assert "ghost" not in world.names(**{name: value}), name
        response = world.client.get(f"/api/v1/users/{ghost}", params={name: value}, headers=headers)
        assert response.status_code == 404, name
        # Widening to the account (a documented reach) lets the same filter find the ghost.
        assert "ghost" in world.names(on_my_account="true", **{name: value}), name


def test_reference_filters_add_no_statements(world: World, statements: Any) -> None:
    headers = {"Authorization": f"Bearer {world.org.token}"}
    statements.reset()
    world.client.get("/api/v1/users", headers=headers)
    plain = statements.count
    statements.reset()
    params = {
        "external_reference_service_name": "salesforce",
        "external_reference_status": "fail",
        "external_reference_service_model_refs": "101,202",
        "has_external_references": "true",
        "without_external_reference_service_name": "hubspot",
    }
    response = world.client.get("/api/v1/users", params=params, headers=headers)
    assert response.status_code == 200
    assert statements.count == plain


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("external_reference_status", "failed", "one of successful, fail"),
        ("external_reference_status", "ok", "one of successful, fail"),
        ("has_external_references", "maybe", "a boolean"),
        ("external_reference_service_model_refs", ",".join(["1"] * 201), "at most 200"),
    ],
)
def test_malformed_values_are_a_400_naming_the_parameter(
    world: World, name: str, value: str, hint: str
) -> None:
    message = bad_request(world.client, world.org.token, **{name: value})
    assert message.startswith(f"{name}: expected "), message
    assert hint in message, message


def test_two_hundred_refs_are_accepted(world: World) -> None:
    refs = ",".join(["101", *(str(n) for n in range(1000, 1199))])
    assert world.names(external_reference_service_model_refs=refs) == {"ann"}


def test_a_blank_value_is_ignored_like_an_absent_one(world: World) -> None:
    everyone = world.names()
    assert world.names(external_reference_service_name=" ") == everyone
    assert world.names(external_reference_status="") == everyone

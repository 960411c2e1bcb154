"""GET /api/v1/users filtered by custom field values, over HTTP on a real database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import CustomField, CustomFieldChoice
from tests.dialects.kantata.cf_builders import (
    Organisation,
    bad_request,
    build_organisation,
    make_choices,
    make_custom_field,
    set_value,
    user_ids,
)
from tests.factories import make_account, make_user, make_workspace, participate, token_for


@dataclass
class World:
    org: Organisation
    team: CustomField  # single choice
    team_choices: list[CustomFieldChoice]
    langs: CustomField  # multi choice
    lang_choices: list[CustomFieldChoice]
    rate: CustomField  # currency, USD by default
    start: CustomField  # date
    level: CustomField  # number
    note: CustomField  # string
    bio: CustomField  # text, viewable by administrators only
    client: Any

    def names(self, token: str | None = None, **params: Any) -> set[str]:
        """The names of the users a filtered list returns, as the boss unless told otherwise."""
        everyone = {"boss": self.org.boss, "ghost": self.org.ghost, **self.org.people}
        by_id = {user.id: name for name, user in everyone.items()}
        return {by_id[i] for i in user_ids(self.client, token or self.org.token, **params)}


@pytest.fixture
def world(session: Session, client: Any) -> World:
    org = build_organisation(session, ["ann", "bob", "cat", "dan", "eve"])
    account = org.account
    team = make_custom_field(session, account=account, value_type="single")
    team_choices = make_choices(session, field=team, count=3)
    langs = make_custom_field(session, account=account, value_type="multi")
    lang_choices = make_choices(session, field=langs, count=2)
    rate = make_custom_field(session, account=account, value_type="currency", currency="USD")
    start = make_custom_field(session, account=account, value_type="date")
    level = make_custom_field(session, account=account, value_type="number")
    note = make_custom_field(session, account=account, value_type="string")
    bio = make_custom_field(
        session, account=account, value_type="text", view_permission="administrator"
    )
    c0, c1, c2 = team_choices
    l0, l1 = lang_choices
    ann, bob, cat, dan, eve, ghost = (*org.people.values(), org.ghost)

    set_value(session, field=team, user=ann, choices=[c0])
    set_value(session, field=team, user=bob, choices=[c1])
    set_value(session, field=team, user=cat)  # a value row with no choice selected
    set_value(session, field=team, user=eve, choices=[c2])
    set_value(session, field=team, user=ghost, choices=[c0])
    set_value(session, field=langs, user=ann, choices=[l0, l1])
    set_value(session, field=langs, user=bob, choices=[l0])
    set_value(session, field=langs, user=eve, choices=[l1])

    set_value(session, field=rate, user=ann, number="100")  # in the field's USD
    set_value(session, field=rate, user=bob, number="100.00", currency="EUR")
    set_value(session, field=rate, user=cat, number="200.2", currency="USD")
    set_value(session, field=rate, user=ghost, number="100")

    set_value(session, field=start, user=ann, date=dt.date(2014, 12, 5))
    set_value(session, field=start, user=bob, date=dt.date(2014, 12, 25))
    set_value(session, field=start, user=cat, date=dt.date(2014, 12, 26))
    set_value(session, field=start, user=dan, date=dt.date(2014, 12, 4))
    set_value(session, field=start, user=ghost, date=dt.date(2014, 12, 10))

    set_value(session, field=level, user=ann, number="200")
    set_value(session, field=level, user=bob, number="101")
    set_value(session, field=level, user=cat, number="200.5")
    set_value(session, field=level, user=dan, number="-3")
    set_value(session, field=level, user=ghost, number="200")

    set_value(session, field=note, user=ann, text="Senior: Java; Kotlin")
    set_value(session, field=note, user=bob, text="junior JAVA")
    set_value(session, field=note, user=cat, text="100% remote_ok")
    set_value(session, field=note, user=dan, text="")
    set_value(session, field=note, user=ghost, text="java")
    # A workspace's value whose subject id happens to be eve's user id: not eve's.
    set_value(session, field=note, user=eve, text="java", subject_type="Workspace")
    set_value(session, field=level, user=eve, number="200", subject_type="Workspace")

    set_value(session, field=bio, user=ann, text="secret handshake")
    return World(
        org, team, team_choices, langs, lang_choices, rate, start, level, note, bio, client
    )


# --- by_custom_choice_value -----------------------------------------------------------------------


def test_choice_matches_any_listed_choice(world: World) -> None:
    c0, c1, c2 = (c.id for c in world.team_choices)
    team = world.team.id
    assert world.names(by_custom_choice_value=f"{team}:{c0}") == {"ann"}
    assert world.names(by_custom_choice_value=f"{team}:{c0},{c2}") == {"ann", "eve"}
    assert world.names(by_custom_choice_value=f"{team}: {c1} , {c2} ") == {"bob", "eve"}


def test_choice_on_a_multi_choice_field_matches_users_having_any_of_them(world: World) -> None:
    l0, l1 = (c.id for c in world.lang_choices)
    langs = world.langs.id
    assert world.names(by_custom_choice_value=f"{langs}:{l0}") == {"ann", "bob"}
    assert world.names(by_custom_choice_value=f"{langs}:{l1}") == {"ann", "eve"}
    assert world.names(by_custom_choice_value=f"{langs}:{l0},{l1}") == {"ann", "bob", "eve"}


def test_blank_matches_no_value_and_a_value_without_choice(world: World) -> None:
    team = world.team.id
    # boss and dan have no value on the field; cat has a value row with no choice selected.
    assert world.names(by_custom_choice_value=f"{team}:blank") == {"boss", "cat", "dan"}
    assert world.names(by_custom_choice_value=f"{team}:BLANK") == {"boss", "cat", "dan"}
    c1 = world.team_choices[1].id
    assert world.names(by_custom_choice_value=f"{team}:blank,{c1}") == {
        "boss",
        "cat",
        "dan",
        "bob",
    }


@pytest.mark.parametrize(
    "template",
    [
        "{team}:{c0},{c1};{langs}:{l0}",
        "({team}:{c0},{c1}):({langs}:{l0})",
        "({team}:{c0},{c1});({langs}:{l0})",
        ";{team}:{c0},{c1};;{langs}:{l0};",
    ],
)
def test_several_choice_fields_are_anded_in_every_spelling(world: World, template: str) -> None:
    value = template.format(
        team=world.team.id,
        langs=world.langs.id,
        c0=world.team_choices[0].id,
        c1=world.team_choices[1].id,
        l0=world.lang_choices[0].id,
    )
    assert world.names(by_custom_choice_value=value) == {"ann", "bob"}


def test_choice_of_another_field_or_unknown_field_matches_nobody(world: World) -> None:
    l0 = world.lang_choices[0].id
    assert world.names(by_custom_choice_value=f"{world.team.id}:{l0}") == set()
    assert world.names(by_custom_choice_value=f"999999:{world.team_choices[0].id}") == set()
    # "blank" on a field that does not exist, or is not a choice field, is not "everyone".
    assert world.names(by_custom_choice_value="999999:blank") == set()
    assert world.names(by_custom_choice_value=f"{world.note.id}:blank") == set()


def test_ids_beyond_the_id_columns_match_nobody(world: World) -> None:
    huge = "999999999999999999"
    c0 = world.team_choices[0].id
    assert world.names(by_custom_choice_value=f"{huge}:blank") == set()
    assert world.names(by_custom_choice_value=f"{world.team.id}:{huge}") == set()
    assert world.names(by_custom_choice_value=f"{world.team.id}:{huge},{c0}") == {"ann"}
    assert world.names(by_custom_number_value=f"{huge}:200") == set()
    assert world.names(by_custom_text_value=f"({world.note.id}:java):({huge}:java)") == set()
    # In a plain id list, an id past the column range is malformed, as for every id parameter.
    message = bad_request(
        world.client, world.org.token, has_value_for_custom_field_ids=f"{world.team.id},{huge}"
    )
    assert message.startswith("has_value_for_custom_field_ids: expected a positive integer id")


# --- by_custom_currency_value ---------------------------------------------------------------------


def test_currency_matches_the_amount_as_a_number(world: World) -> None:
    rate = world.rate.id
    assert world.names(by_custom_currency_value=f"{rate}:100") == {"ann", "bob"}
    assert world.names(by_custom_currency_value=f"{rate}:100.0000") == {"ann", "bob"}
    assert world.names(by_custom_currency_value=f"{rate}:200.2") == {"cat"}
    assert world.names(by_custom_currency_value=f"{rate}:200.20") == {"cat"}
    assert world.names(by_custom_currency_value=f"{rate}:200") == set()


def test_currency_code_uses_the_values_currency_else_the_fields(world: World) -> None:
    rate = world.rate.id
    assert world.names(by_custom_currency_value=f"{rate}:100:USD") == {"ann"}
    assert world.names(by_custom_currency_value=f"{rate}:100:eur") == {"bob"}
    assert world.names(by_custom_currency_value=f"{rate}:100:GBP") == set()
    both = f"({rate}:200.2:USD):({world.level.id}:200)"
    assert world.names(by_custom_currency_value=both) == set()  # level is not a currency field
    assert world.names(by_custom_currency_value=f"({rate}:200.2:USD);({rate}:200.2)") == {"cat"}


# --- by_custom_date_value -------------------------------------------------------------------------


def test_date_range_is_inclusive_and_bounds_are_optional(world: World) -> None:
    start = world.start.id
    assert world.names(by_custom_date_value=f"{start}:2014-12-05:2014-12-25") == {"ann", "bob"}
    # One date is the start: on or after it.
    assert world.names(by_custom_date_value=f"{start}:2014-12-25") == {"bob", "cat"}
    assert world.names(by_custom_date_value=f"{start}:2014-12-25:") == {"bob", "cat"}
    assert world.names(by_custom_date_value=f"{start}::2014-12-05") == {"ann", "dan"}
    assert world.names(by_custom_date_value=f"{start}:2014-12-04:2014-12-04") == {"dan"}


def test_the_documented_date_example(world: World) -> None:
    start = world.start.id
    value = f"({start}:2014-12-05:2014-12-25):({start}:2014-12-06)"
    assert world.names(by_custom_date_value=value) == {"bob"}


# --- by_custom_number_value -----------------------------------------------------------------------


def test_number_equals(world: World) -> None:
    level = world.level.id
    assert world.names(by_custom_number_value=f"{level}:200") == {"ann"}
    assert world.names(by_custom_number_value=f"{level}:200.0") == {"ann"}
    assert world.names(by_custom_number_value=f"{level}:200.5") == {"cat"}
    assert world.names(by_custom_number_value=f"{level}:-3") == {"dan"}
    assert world.names(by_custom_number_value=f"({level}:200):({level}:101)") == set()
    assert world.names(by_custom_number_value=f"{world.rate.id}:100") == set()  # a currency


# --- by_custom_text_value -------------------------------------------------------------------------


def test_text_contains_ignoring_letter_case(world: World) -> None:
    note = world.note.id
    assert world.names(by_custom_text_value=f"{note}:java") == {"ann", "bob"}
    assert world.names(by_custom_text_value=f"{note}:JUNIOR") == {"bob"}
    assert world.names(by_custom_text_value=f"({note}:java):({note}:kotlin)") == {"ann"}


def test_text_keeps_colons_and_takes_semicolons_in_parentheses(world: World) -> None:
    note = world.note.id
    assert world.names(by_custom_text_value=f"{note}:Senior: Java") == {"ann"}
    assert world.names(by_custom_text_value=f"({note}:java; kotlin)") == {"ann"}


def test_text_wildcards_are_literal(world: World) -> None:
    note = world.note.id
    assert world.names(by_custom_text_value=f"{note}:0%") == {"cat"}
    assert world.names(by_custom_text_value=f"{note}:%") == {"cat"}
    assert world.names(by_custom_text_value=f"{note}:e_o") == {"cat"}
    assert world.names(by_custom_text_value=f"{note}:r_j") == set()


# --- has_value_for_custom_field_ids ---------------------------------------------------------------


def test_has_value_for_every_listed_field(world: World) -> None:
    assert world.names(has_value_for_custom_field_ids=str(world.team.id)) == {"ann", "bob", "eve"}
    # An empty text is no value.
    assert world.names(has_value_for_custom_field_ids=str(world.note.id)) == {"ann", "bob", "cat"}
    both = f"{world.team.id},{world.rate.id}"
    assert world.names(has_value_for_custom_field_ids=both) == {"ann", "bob"}
    assert world.names(has_value_for_custom_field_ids=[world.team.id, world.start.id]) == {
        "ann",
        "bob",
    }
    assert world.names(has_value_for_custom_field_ids=f"{world.team.id},999999") == set()


def test_has_value_is_the_complement_of_blank_on_a_choice_field(world: World) -> None:
    team = world.team.id
    everyone = world.names()
    has = world.names(has_value_for_custom_field_ids=str(team))
    blank = world.names(by_custom_choice_value=f"{team}:blank")
    assert has | blank == everyone
    assert not has & blank


def test_has_value_with_an_empty_list_does_not_restrict(world: World) -> None:
    assert world.names(has_value_for_custom_field_ids=",") == world.names()


# --- who may view a field -------------------------------------------------------------------------


def test_a_field_the_requester_may_not_view_matches_nobody(session: Session, world: World) -> None:
    viewer = make_user(session, first_name="Viewer", account=world.org.account)
    workspace = make_workspace(session, account=world.org.account)
    participate(session, user=viewer, workspace=workspace)
    participate(session, user=world.org["ann"], workspace=workspace)
    token = token_for(session, viewer)
    bio = world.bio.id
    assert world.names(by_custom_text_value=f"{bio}:secret") == {"ann"}  # the boss may view it
    assert world.names(token, by_custom_text_value=f"{bio}:secret") == set()
    assert world.names(token, has_value_for_custom_field_ids=str(bio)) == set()
    assert world.names(token, by_custom_text_value=f"{bio}:nothing like it") == set()
    # The viewer's other filters still work, so the empty answers above are the policy.
    assert world.names(token, by_custom_text_value=f"{world.note.id}:java") == {"ann"}


def test_blank_on_a_hidden_choice_field_matches_nobody(session: Session, world: World) -> None:
    hidden = make_custom_field(
        session, account=world.org.account, value_type="single", view_permission="project_lead"
    )
    collaborator = make_user(session, first_name="Col", account=world.org.account)
    lead = make_user(
        session, first_name="Lead", account=world.org.account, permission="project_lead"
    )
    workspace = make_workspace(session, account=world.org.account)
    for user in (collaborator, lead, world.org["ann"]):
        participate(session, user=user, workspace=workspace)
    value = f"{hidden.id}:blank"
    client = world.client
    assert user_ids(client, token_for(session, collaborator), by_custom_choice_value=value) == set()
    lead_sees = user_ids(client, token_for(session, lead), by_custom_choice_value=value)
    assert lead_sees == {collaborator.id, lead.id, world.org["ann"].id}


def test_fields_of_another_account_are_not_viewable(session: Session, world: World) -> None:
    other = make_account(session)
    theirs = make_custom_field(session, account=other, value_type="number")
    bee = make_user(session, first_name="Bee", account=other)
    their_admin = make_user(session, first_name="Admin", account=other, is_administrator=True)
    participate(session, user=bee, workspace=make_workspace(session, account=world.org.account))
    set_value(session, field=theirs, user=bee, number="5")
    assert bee.id in user_ids(world.client, world.org.token)  # the boss sees bee ...
    value = f"{theirs.id}:5"
    # ... but not bee's value on a field of bee's account, even as an account administrator.
    assert user_ids(world.client, world.org.token, by_custom_number_value=value) == set()
    has_value = {"has_value_for_custom_field_ids": str(theirs.id)}
    assert user_ids(world.client, world.org.token, **has_value) == set()
    token = token_for(session, their_admin)
    assert user_ids(world.client, token, by_custom_number_value=value) == {bee.id}
    assert user_ids(world.client, token, **has_value) == {bee.id}


def test_a_requester_on_no_account_views_no_field(session: Session, world: World) -> None:
    contact = make_user(session, first_name="Contact")
    workspace = make_workspace(session, account=world.org.account)
    participate(session, user=contact, workspace=workspace)
    participate(session, user=world.org["ann"], workspace=workspace)
    token = token_for(session, contact)
    assert user_ids(world.client, token) == {contact.id, world.org["ann"].id}
    note = world.note.id
    assert user_ids(world.client, token, by_custom_text_value=f"{note}:java") == set()
    assert user_ids(world.client, token, by_custom_choice_value=f"{world.team.id}:blank") == set()


def test_filters_cannot_reveal_invisible_users(world: World) -> None:
    ghost_values = {
        "by_custom_choice_value": f"{world.team.id}:{world.team_choices[0].id}",
        "by_custom_currency_value": f"{world.rate.id}:100:USD",
        "by_custom_date_value": f"{world.start.id}:2014-12-10:2014-12-10",
        "by_custom_number_value": f"{world.level.id}:200",
        "by_custom_text_value": f"{world.note.id}:java",
        "has_value_for_custom_field_ids": f"{world.team.id},{world.level.id}",
    }
    ghost = world.org.ghost.id
    for name, value in ghost_values.items():
        assert "ghost" not in world.names(**{name: value}), name
        response = world.client.get(
            f"/api/v1/users/{ghost}",
            params={name: value},
            headers={"Authorization": f"Bearer {world.org.token}"},
        )
        assert response.status_code == 404, name
        # The same filter does find the ghost once the request legitimately widens to the account.
        assert "ghost" in world.names(on_my_account="true", **{name: value}), name


def test_filters_add_no_statements(world: World, statements: Any) -> None:
    headers = {"Authorization": f"Bearer {world.org.token}"}
    statements.reset()
    world.client.get("/api/v1/users", headers=headers)
    plain = statements.count
    statements.reset()
    params = {
        "by_custom_choice_value": f"{world.team.id}:blank",
        "by_custom_currency_value": f"{world.rate.id}:100",
        "by_custom_date_value": f"{world.start.id}:2014-01-01",
        "by_custom_number_value": f"{world.level.id}:200",
        "by_custom_text_value": f"{world.note.id}:a",
        "has_value_for_custom_field_ids": f"{world.team.id},{world.note.id}",
    }
    response = world.client.get("/api/v1/users", params=params, headers=headers)
    assert response.status_code == 200
    assert statements.count == plain


# --- malformed values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("by_custom_choice_value", "1", "no ':'"),
        ("by_custom_choice_value", "x:2", "'x' is not a field id"),
        ("by_custom_choice_value", "1:two", "neither a choice id nor 'blank'"),
        ("by_custom_choice_value", "1:", "empty choice"),
        ("by_custom_choice_value", "1:2,,3", "empty choice"),
        ("by_custom_choice_value", "(1:2):(3:4", "never closed"),
        ("by_custom_choice_value", "(1:2):()", "empty"),
        ("by_custom_choice_value", "1:2;(3:4)", "not a field id"),
        ("by_custom_choice_value", ";", "no field"),
        ("by_custom_choice_value", "1:" + ",".join(["2"] * 201), "at most 200 choices"),
        ("by_custom_choice_value", ";".join(["1:2"] * 201), "at most 200 fields"),
        ("by_custom_currency_value", "1:abc", "not a number"),
        ("by_custom_currency_value", "1:100:US", "currency code"),
        ("by_custom_currency_value", "1:100:USD:x", "currency code"),
        ("by_custom_currency_value", "1:1.23456", "at most 4 decimals"),
        ("by_custom_date_value", "1:2014-13-01", "YYYY-MM-DD"),
        ("by_custom_date_value", "1:12/05/2014", "YYYY-MM-DD"),
        ("by_custom_date_value", "1::", "neither a start nor an end"),
        ("by_custom_date_value", "1:2014-12-05:2014-12-06:2014-12-07", "more than a start"),
        ("by_custom_date_value", "1:2014-12-25:2014-12-05", "after it ends"),
        ("by_custom_number_value", "1:", "not a number"),
        ("by_custom_number_value", "1:1e5", "not a number"),
        ("by_custom_number_value", "1:123456789012345", "not a number"),
        ("by_custom_text_value", "1:", "has no text"),
        ("by_custom_text_value", "note:java", "not a field id"),
        ("has_value_for_custom_field_ids", "1,x", "positive integer id"),
        ("has_value_for_custom_field_ids", ",".join(["1"] * 201), "at most 200"),
    ],
)
def test_malformed_values_are_a_400_naming_the_parameter(
    world: World, name: str, value: str, hint: str
) -> None:
    message = bad_request(world.client, world.org.token, **{name: value})
    assert message.startswith(f"{name}: expected "), message
    assert hint in message, message


def test_the_400_says_which_format_was_expected(world: World) -> None:
    message = bad_request(world.client, world.org.token, by_custom_choice_value="1:two")
    assert "field_id:choice_id" in message
    assert "(…):(…)" in message
    message = bad_request(world.client, world.org.token, by_custom_date_value="1:x")
    assert "field_id:start:end" in message


def test_a_blank_value_is_ignored_like_an_absent_one(world: World) -> None:
    assert world.names(by_custom_text_value="  ") == world.names()

"""orderBy, orderMode and orderPrioritiseCurrentUser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.dialects.teamwork.helpers import get, get_json, ids_of
from tests.factories import make_account, make_user, make_workspace, participate, token_for


@dataclass
class People:
    token: str
    ids: dict[str, int]

    def names(self, body: dict[str, Any]) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[i] for i in ids_of(body)]


@pytest.fixture
def people(session: Session) -> People:
    zeta = make_account(session, name="Zeta")
    acme = make_account(session, name="acme")
    me = make_user(session, first_name="Mia", last_name="Moss", account=zeta)
    adam = make_user(session, first_name="adam", last_name="Ant", account=zeta)
    bob = make_user(session, first_name="Bob", last_name="Zane", account=acme)
    bob2 = make_user(session, first_name="Bob", last_name="Able", account=zeta)
    carl = make_user(session, first_name="Carl", last_name="Cole")  # a contact: no company
    project = make_workspace(session, account=zeta)
    for user in (me, adam, bob, bob2, carl):
        participate(session, user=user, workspace=project)
    ids = {"me": me.id, "adam": adam.id, "bob": bob.id, "bob2": bob2.id, "carl": carl.id}
    return People(token=token_for(session, me), ids=ids)


def order(client: Any, people: People, **params: str) -> list[str]:
    return people.names(get_json(client, "/people.json", people.token, params))


def test_name_is_the_default_first_then_last_name_letter_case_significant(
    client: Any, people: People
) -> None:
    expected = ["bob2", "bob", "carl", "me", "adam"]
    assert order(client, people) == expected
    assert order(client, people, orderBy="name", orderMode="asc") == expected


def test_name_case_insensitive(client: Any, people: People) -> None:
    assert order(client, people, orderBy="namecaseinsensitive") == [
        "adam", "bob2", "bob", "carl", "me"
    ]  # fmt: skip
    assert order(client, people, orderBy="NameCaseInsensitive", orderMode="DESC") == [
        "me", "carl", "bob", "bob2", "adam"
    ]  # fmt: skip


def test_company_orders_by_company_name_then_name_with_contacts_last(
    client: Any, people: People
) -> None:
    assert order(client, people, orderBy="company") == ["bob", "adam", "bob2", "me", "carl"]
    assert order(client, people, orderBy="company", orderMode="desc") == [
        "carl", "me", "bob2", "adam", "bob"
    ]  # fmt: skip


def test_id(client: Any, people: People) -> None:
    by_id = sorted(people.ids, key=people.ids.__getitem__)
    assert order(client, people, orderBy="id") == by_id
    assert order(client, people, orderBy="id", orderMode="desc") == by_id[::-1]


def test_prioritise_current_user_puts_the_requester_first(client: Any, people: People) -> None:
    assert order(client, people, orderPrioritiseCurrentUser="true") == [
        "me", "bob2", "bob", "carl", "adam"
    ]  # fmt: skip
    assert order(client, people, orderPrioritiseCurrentUser="true", orderMode="desc") == [
        "me", "adam", "carl", "bob", "bob2"
    ]  # fmt: skip


def test_prioritise_current_user_keeps_the_requester_whatever_the_filters(
    client: Any, people: People
) -> None:
    params = {"orderPrioritiseCurrentUser": "true", "searchTerm": "bob"}
    assert order(client, people, **params) == ["me", "bob2", "bob"]
    body = get_json(client, "/people.json", people.token, {**params, "pageSize": "1"})
    assert body["meta"]["page"]["count"] == 3
    assert order(client, people, searchTerm="bob") == ["bob2", "bob"]


@pytest.mark.parametrize(
    ("parameter", "value"), [("orderBy", "surname"), ("orderMode", "sideways")]
)
def test_unknown_order_values_are_400(
    client: Any, people: People, parameter: str, value: str
) -> None:
    response = get(client, "/people.json", people.token, {parameter: value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["meta"] == {"parameter": parameter}

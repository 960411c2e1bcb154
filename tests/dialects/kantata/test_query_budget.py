"""A page of users costs a fixed number of SQL statements, whatever its size and includes.

Statements per request: 1 to authenticate the token (it reads the data version too), 1 for the
page, 1 for the count unless it was already counted at that version (none when the first page
already holds every match, or for show and ``only``), and per include one
statement for the page (two for ``manager``: memberships then the visible managers; two for
``custom_field_values``: values then their selected choices). None of these grows with the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from roster.dialects.kantata.includes import USER_INCLUDES
from roster.models import (
    AccountMembership,
    CustomFieldValue,
    CustomFieldValueChoice,
    ExternalReference,
    SkillMembership,
    WorkSample,
)
from tests.conftest import EntityLoads
from tests.dialects.kantata.read_helpers import (
    Api,
    bulk_members,
    make_account_role,
    make_choice,
    make_custom_field,
    make_skill,
)
from tests.factories import make_account, make_user, token_for

ALL_INCLUDES = (
    "account_membership,custom_field_values,external_references,manager,role,"
    "skill_memberships,skills,work_samples"
)
AUTH, PAGE, COUNT = 1, 1, 1
INCLUDE_COST = {
    "account_membership": 1,
    "custom_field_values": 2,
    "external_references": 1,
    "manager": 2,
    "role": 1,
    "skill_memberships": 1,
    "skills": 1,
    "work_samples": 1,
}
PEOPLE = 60


@dataclass
class Furnished:
    api: Api
    ids: list[int]


@pytest.fixture
def furnished(session: Session, client: Any) -> Furnished:
    """An administrator on an account of 60 members, every member with something to include."""
    account = make_account(session)
    admin = make_user(session, first_name="Ada", account=account, is_administrator=True)
    ids = bulk_members(session, account_id=account.id, count=PEOPLE - 1)
    everyone = [admin.id, *ids]
    role = make_account_role(session, account_id=account.id, name="Consultant")
    skill = make_skill(session, account_id=account.id)
    field = make_custom_field(session, account_id=account.id, value_type="multi")
    choice = make_choice(session, field=field, label="Yes")
    # Everyone is managed by the previous member, the first by the last.
    for user_id, manager_id in zip(everyone, [everyone[-1], *everyone[:-1]], strict=True):
        session.execute(
            update(AccountMembership)
            .where(AccountMembership.user_id == user_id)
            .values(default_role_id=role.id, manager_id=manager_id)
        )
    session.execute(
        insert(SkillMembership),
        [{"user_id": u, "skill_id": skill.id, "level": 2} for u in everyone],
    )
    session.execute(insert(WorkSample), [{"user_id": u, "title": "Work"} for u in everyone])
    session.execute(
        insert(ExternalReference),
        [
            {
                "subject_type": "User",
                "subject_id": u,
                "service_name": "crm",
                "service_model": "Person",
                "service_model_ref": str(u),
            }
            for u in everyone
        ],
    )
    value_ids = session.scalars(
        insert(CustomFieldValue).returning(CustomFieldValue.id),
        [{"custom_field_id": field.id, "subject_type": "User", "subject_id": u} for u in everyone],
    ).all()
    session.execute(
        insert(CustomFieldValueChoice),
        [{"custom_field_value_id": v, "choice_id": choice.id} for v in value_ids],
    )
    session.flush()
    return Furnished(Api(client, token_for(session, admin)), everyone)


def _cost(api: Api, statements: Any, path: str) -> int:
    statements.reset()
    body = api.ok(path)
    assert body["results"], path
    return int(statements.count)


def _listing(statements: Any) -> str:
    return "\n".join(s.split(" FROM ")[0][:80] for s in statements.statements)


@pytest.mark.parametrize("per_page", [1, 50])
def test_a_page_costs_three_statements_whatever_its_size(
    furnished: Furnished, statements: Any, per_page: int
) -> None:
    query = f"/api/v1/users?on_my_account=true&per_page={per_page}"
    assert _cost(furnished.api, statements, query) == AUTH + PAGE + COUNT, _listing(statements)


def test_a_count_is_reused_until_the_data_changes(
    furnished: Furnished, session: Session, statements: Any
) -> None:
    query = "/api/v1/users?on_my_account=true&per_page=1"
    first = furnished.api.ok(query)
    assert first["count"] == PEOPLE
    # Another page of the same list: the same count, already known at this data version.
    assert _cost(furnished.api, statements, query + "&page=2") == AUTH + PAGE, _listing(statements)
    # A write anywhere renumbers the version: the next count is counted again, and is right.
    session.execute(
        update(AccountMembership)
        .where(AccountMembership.user_id == furnished.ids[-1])
        .values(disabled_at=AccountMembership.created_at)
    )
    session.flush()
    statements.reset()
    again = furnished.api.ok(query)
    assert statements.count == AUTH + PAGE + COUNT, _listing(statements)
    assert again["count"] == PEOPLE - 1


@pytest.mark.parametrize("per_page", [1, 50])
def test_all_eight_includes_cost_the_same_on_a_page_of_one_or_fifty(
    furnished: Furnished, statements: Any, per_page: int
) -> None:
    query = f"/api/v1/users?on_my_account=true&per_page={per_page}&include={ALL_INCLUDES}"
    expected = AUTH + PAGE + COUNT + sum(INCLUDE_COST.values())
    assert _cost(furnished.api, statements, query) == expected, _listing(statements)


@pytest.mark.parametrize("include", sorted(INCLUDE_COST))
def test_each_include_has_a_fixed_cost(furnished: Furnished, statements: Any, include: str) -> None:
    small = _cost(
        furnished.api, statements, f"/api/v1/users?on_my_account=true&per_page=1&include={include}"
    )
    large = _cost(
        furnished.api, statements, f"/api/v1/users?on_my_account=true&per_page=50&include={include}"
    )
    assert small == AUTH + PAGE + COUNT + INCLUDE_COST[include], _listing(statements)
    # The second page size asks for the same count, which is already known.
    assert large == AUTH + PAGE + INCLUDE_COST[include], _listing(statements)


def test_a_page_holding_every_match_needs_no_count(furnished: Furnished, statements: Any) -> None:
    query = f"/api/v1/users?on_my_account=true&per_page=200&include={ALL_INCLUDES}"
    expected = AUTH + PAGE + sum(INCLUDE_COST.values())
    assert _cost(furnished.api, statements, query) == expected, _listing(statements)


def test_only_with_every_id_costs_no_more_than_one(furnished: Furnished, statements: Any) -> None:
    every = ",".join(str(i) for i in furnished.ids)
    one = _cost(
        furnished.api,
        statements,
        f"/api/v1/users?on_my_account=true&only={furnished.ids[3]}&include={ALL_INCLUDES}",
    )
    many = _cost(
        furnished.api,
        statements,
        f"/api/v1/users?on_my_account=true&only={every}&include={ALL_INCLUDES}",
    )
    assert one == many == AUTH + PAGE + sum(INCLUDE_COST.values()), _listing(statements)


@pytest.mark.parametrize("path", ["/api/v1/users/{id}", "/api/v1/users/me"])
def test_show_costs_a_fixed_number_of_statements(
    furnished: Furnished, statements: Any, path: str
) -> None:
    url = path.format(id=furnished.ids[0]) + f"?include={ALL_INCLUDES}"
    assert _cost(furnished.api, statements, url) == AUTH + PAGE + sum(INCLUDE_COST.values())


def test_filters_add_no_statements(furnished: Furnished, statements: Any) -> None:
    query = (
        "/api/v1/users?on_my_account=true&per_page=5&search=bulk&by_full_name=bulk"
        "&created_after=2000-01-01&without_users=1,2&show_disabled=true"
    )
    assert _cost(furnished.api, statements, query) == AUTH + PAGE + COUNT, _listing(statements)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/users?on_my_account=true&per_page=50&include={ALL_INCLUDES}",
        f"/api/v1/users/me?include={ALL_INCLUDES}",
    ],
    ids=["list", "me"],
)
def test_includes_are_read_as_columns_not_orm_objects(
    furnished: Furnished, entity_loads: EntityLoads, path: str
) -> None:
    # Building, identity-mapping and tracking an object per included record cost more than
    # the include's statement (docs/benchmark.md, item 31).
    entity_loads.reset()  # what the fixtures loaded
    body = furnished.api.ok(path)
    # Every include found something, so every loader ran on rows.
    assert all(body[include.key] for include in USER_INCLUDES)
    assert entity_loads.classes == []

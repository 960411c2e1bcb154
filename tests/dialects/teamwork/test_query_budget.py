"""A page costs a fixed number of SQL statements, whatever its size and sideloads."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Workspace
from tests.conftest import EntityLoads, StatementCounter
from tests.dialects.teamwork.helpers import (
    assign_workweek,
    get_json,
    give_role,
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

ALL = "companies,teams,jobRoles,workingHours"


@pytest.fixture
def crowd(session: Session) -> tuple[str, Workspace]:
    """Twelve people with teams, roles and workweeks of their own, on one project."""
    account = make_account(session)
    project = make_workspace(session, account=account)
    make_workweek(session, account=account, default=True)
    people = [make_user(session, account=account) for _ in range(12)]
    for n, person in enumerate(people):
        participate(session, user=person, workspace=project, is_lead=n % 3 == 0)
        team = make_team(session, account=account, name=f"Team {n}")
        join_team(session, user=person, team=team)
        give_role(session, user=person, role=make_role(session, account=account, name=f"R{n}"))
        if n % 2:
            assign_workweek(session, user=person, workweek=make_workweek(session, account=account))
    return token_for(session, people[0]), project


def _cost(client: Any, statements: StatementCounter, path: str, token: str, params: Any) -> int:
    statements.reset()
    get_json(client, path, token, params)
    return statements.count


def test_the_people_list_costs_the_same_whatever_the_page_size(
    client: Any, statements: StatementCounter, crowd: tuple[str, Workspace]
) -> None:
    token, _ = crowd
    # A full first page: authenticate (reading the data version too), page, count, teams,
    # workweeks, companies, job roles. The second page size asks for a count already known at
    # this version.
    small = _cost(client, statements, "/people.json", token, {"pageSize": 1, "include": ALL})
    large = _cost(client, statements, "/people.json", token, {"pageSize": 11, "include": ALL})
    assert (small, large) == (7, 6)
    # Everything on one page: the count is read off the page.
    whole = _cost(client, statements, "/people.json", token, {"pageSize": 500, "include": ALL})
    assert whole == 6
    bare = _cost(client, statements, "/people.json", token, {"pageSize": 500})
    assert bare == 4


def test_the_project_list_with_permissions(
    client: Any, statements: StatementCounter, crowd: tuple[str, Workspace]
) -> None:
    token, project = crowd
    path = f"/projects/{project.id}/people.json"
    params = {"include": ALL + ",permissions"}
    small = _cost(client, statements, path, token, {**params, "pageSize": 2})
    large = _cost(client, statements, path, token, {**params, "pageSize": 10})
    # Authenticate (and the data version), project check, page, count, teams, workweeks,
    # companies, roles, permissions; the second asks for a count already known at this version.
    assert (small, large) == (9, 8)


def test_the_single_person_and_me(
    client: Any, statements: StatementCounter, crowd: tuple[str, Workspace]
) -> None:
    token, _ = crowd
    me = get_json(client, "/me.json", token)["person"]["id"]
    assert _cost(client, statements, f"/people/{me}.json", token, {"include": ALL}) == 6
    assert _cost(client, statements, "/me.json", token, {"include": ALL}) == 6


def test_sideloads_are_read_as_columns_not_orm_objects(
    client: Any, entity_loads: EntityLoads, crowd: tuple[str, Workspace]
) -> None:
    token, project = crowd
    path = f"/projects/{project.id}/people.json"
    entity_loads.reset()  # what the fixtures loaded
    body = get_json(client, path, token, {"include": ALL + ",permissions"})
    assert set(body["included"]) == {
        "companies",
        "teams",
        "jobRoles",
        "workingHours",
        "ProjectPermissions",
    }
    assert all(body["included"].values())
    assert entity_loads.classes == []

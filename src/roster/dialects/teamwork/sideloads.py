"""What ``include`` can add to the ``included`` map, declared with their loaders.

Each loader costs at most one statement for the whole page. Teams and the workweek in effect are
loaded for every page anyway (a person always links to them), so their sideloads cost nothing
more. ``permissions`` exists only on the project endpoints: a person's ProjectPermissions derive
from their seat in that project and are keyed by the person's id.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from roster.auth.requester import Requester
from roster.dialects.teamwork.presenter import (
    Linked,
    Seat,
    length_of_day,
    present_company,
    present_job_role,
    present_permissions,
    present_team,
    present_working_hours,
)
from roster.people import related

Records = dict[str, dict[str, Any]]


def load_linked(session: Session, user_ids: Sequence[int]) -> Linked:
    """Teams and the workweek in effect today (UTC) for a page of people: two statements."""
    if not user_ids:
        return Linked(teams={}, workweeks={}, day_lengths={})
    teams: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in related.organizations_of(session, user_ids):
        teams[row.user_id].append(row)
    workweeks: dict[int, Row[Any]] = {}
    today = dt.datetime.now(dt.UTC).date()
    for row in related.workweeks_in_effect(session, user_ids, today):
        # Rows come in order of precedence: the first one per person is in effect.
        workweeks.setdefault(row.user_id, row)
    distinct = {workweek.id: workweek for workweek in workweeks.values()}
    lengths = {key: length_of_day(workweek) for key, workweek in distinct.items()}
    return Linked(teams=teams, workweeks=workweeks, day_lengths=lengths)


@dataclass(frozen=True)
class Page:
    """One page of people, as the sideload loaders see it."""

    session: Session
    requester: Requester
    user_ids: Sequence[int]
    linked: Linked
    project_id: int | None


@dataclass(frozen=True)
class Sideload:
    name: str  # the include value
    key: str  # the included map its records land in
    load: Callable[[Page], Records]
    doc: str


def load_companies(page: Page) -> Records:
    rows = related.accounts_of(page.session, page.user_ids)
    return {str(row.id): present_company(row, page.requester) for row in rows}


def load_job_roles(page: Page) -> Records:
    rows = related.roles_of(page.session, page.user_ids)
    return {str(row.id): present_job_role(row) for row in rows}


def load_teams(page: Page) -> Records:
    return {
        str(team.id): present_team(team) for teams in page.linked.teams.values() for team in teams
    }


def load_working_hours(page: Page) -> Records:
    return {str(w.id): present_working_hours(w) for w in page.linked.workweeks.values()}


def load_permissions(page: Page) -> Records:
    if page.project_id is None:
        return {}
    rows = related.participations_in(page.session, page.project_id, page.user_ids)
    return {str(row.user_id): present_permissions(Seat.of(row)) for row in rows}


SIDELOADS: tuple[Sideload, ...] = (
    Sideload("companies", "companies", load_companies, "The people's companies (accounts)."),
    Sideload("jobRoles", "jobRoles", load_job_roles, "The people's job roles (account roles)."),
    Sideload("teams", "teams", load_teams, "The people's teams (organizations)."),
    Sideload(
        "workingHours",
        "workingHours",
        load_working_hours,
        "The workweeks in effect today: the person's own, else their company's default.",
    ),
)

PROJECT_SIDELOADS: tuple[Sideload, ...] = (
    *SIDELOADS,
    Sideload(
        "permissions",
        "ProjectPermissions",
        load_permissions,
        "Each person's permissions on the project, keyed by person id, derived from their seat.",
    ),
)

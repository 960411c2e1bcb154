"""Arranging Teamwork-flavoured data (teams, workweeks, roles) and calling the v3 API."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from roster.models import (
    Account,
    AccountMembership,
    Organization,
    OrganizationMembership,
    Role,
    User,
    Workweek,
    WorkweekMembership,
)
from tests.factories import save

V3 = "/projects/api/v3"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def basic(user: str, password: str = "xxx") -> dict[str, str]:
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def get(client: Any, path: str, token: str, params: Any = None) -> Any:
    """GET a v3 path; returns the response (callers check the status)."""
    return client.get(V3 + path, headers=bearer(token), params=params)


def get_json(client: Any, path: str, token: str, params: Any = None) -> Any:
    response = get(client, path, token, params)
    assert response.status_code == 200, response.text
    return response.json()


def ids_of(body: dict[str, Any]) -> list[int]:
    return [person["id"] for person in body["people"]]


def membership(session: Session, user: User) -> AccountMembership:
    found = session.query(AccountMembership).filter_by(user_id=user.id).one()
    return found


def update_membership(session: Session, user: User, **fields: Any) -> None:
    found = membership(session, user)
    for name, value in fields.items():
        setattr(found, name, value)
    session.flush()


def make_team(
    session: Session, *, account: Account, name: str = "Team", **fields: Any
) -> Organization:
    return save(
        session, Organization(account_id=account.id, name=name, kind="department", **fields)
    )


def join_team(session: Session, *, user: User, team: Organization) -> None:
    save(session, OrganizationMembership(user_id=user.id, organization_id=team.id))


def give_role(session: Session, *, user: User, role: Role) -> None:
    update_membership(session, user, default_role_id=role.id)


def make_workweek(
    session: Session,
    *,
    account: Account,
    start: dt.date = dt.date(2020, 1, 1),
    default: bool = False,
    **minutes: int,
) -> Workweek:
    return save(
        session,
        Workweek(account_id=account.id, start_date=start, default=default, **minutes),
    )


def assign_workweek(
    session: Session, *, user: User, workweek: Workweek, start: dt.date = dt.date(2020, 1, 1)
) -> None:
    save(session, WorkweekMembership(user_id=user.id, workweek_id=workweek.id, start_date=start))

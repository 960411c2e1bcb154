"""Arranging factories for the Kantata filter tests, richer than ``tests/factories.py``.

Each builder inserts rows through the ORM and flushes, so the app under test sees them at once.
Other test modules may import these; add to this module, don't change what is here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from roster.models import (
    Account,
    AccountMembership,
    Contact,
    Estimate,
    HolidayCalendar,
    HolidayCalendarMembership,
    Organization,
    OrganizationMembership,
    Role,
    Skill,
    SkillMembership,
    Story,
    StoryAssignment,
    StoryFollower,
    TimesheetSubmission,
    User,
    Workspace,
    WorkspaceResource,
)
from tests.factories import save


def update_membership(session: Session, user: User, **fields: Any) -> None:
    """Set columns of the user's account membership (manager_id, insights_access, ...)."""
    session.execute(
        update(AccountMembership).where(AccountMembership.user_id == user.id).values(**fields)
    )
    session.flush()


def make_contact(session: Session, *, owner: User, contact: User) -> Contact:
    return save(session, Contact(user_id=owner.id, contact_id=contact.id))


def make_organization(
    session: Session,
    *,
    account: Account,
    kind: str,
    name: str | None = None,
    parent: Organization | None = None,
) -> Organization:
    return save(
        session,
        Organization(
            account_id=account.id,
            kind=kind,
            name=name or f"{kind.title()} {account.id}",
            parent_id=parent.id if parent is not None else None,
        ),
    )


def join_organization(
    session: Session, *, user: User, organization: Organization
) -> OrganizationMembership:
    return save(session, OrganizationMembership(user_id=user.id, organization_id=organization.id))


def make_skill(session: Session, *, account: Account, name: str = "Python") -> Skill:
    return save(session, Skill(account_id=account.id, name=name))


def give_skill(
    session: Session, *, user: User, skill: Skill, level: int | None = None
) -> SkillMembership:
    return save(session, SkillMembership(user_id=user.id, skill_id=skill.id, level=level))


def make_story(
    session: Session, *, workspace: Workspace, title: str = "A task", private: bool = False
) -> Story:
    return save(session, Story(workspace_id=workspace.id, title=title, private=private))


def assign_story(session: Session, *, user: User, story: Story) -> StoryAssignment:
    return save(session, StoryAssignment(user_id=user.id, story_id=story.id))


def follow_story(session: Session, *, user: User, story: Story) -> StoryFollower:
    return save(session, StoryFollower(user_id=user.id, story_id=story.id))


def make_estimate(
    session: Session, *, creator: User, workspace: Workspace | None = None, title: str = "Estimate"
) -> Estimate:
    return save(
        session,
        Estimate(
            creator_id=creator.id,
            workspace_id=workspace.id if workspace is not None else None,
            title=title,
        ),
    )


def submit_timesheet(
    session: Session,
    *,
    user: User,
    workspace: Workspace,
    start: dt.date,
    end: dt.date,
    status: str = "submitted",
) -> TimesheetSubmission:
    return save(
        session,
        TimesheetSubmission(
            user_id=user.id,
            workspace_id=workspace.id,
            start_date=start,
            end_date=end,
            status=status,
        ),
    )


def make_holiday_calendar(
    session: Session, *, account: Account, name: str = "Holidays"
) -> HolidayCalendar:
    return save(session, HolidayCalendar(account_id=account.id, name=name))


def join_calendar(
    session: Session, *, user: User, calendar: HolidayCalendar
) -> HolidayCalendarMembership:
    return save(
        session, HolidayCalendarMembership(user_id=user.id, holiday_calendar_id=calendar.id)
    )


def make_resource(
    session: Session, *, workspace: Workspace, role: Role | None = None, name: str = "Slot"
) -> WorkspaceResource:
    return save(
        session,
        WorkspaceResource(
            workspace_id=workspace.id, role_id=role.id if role is not None else None, name=name
        ),
    )


class KantataReader:
    """GET /api/v1/users as one requester, answering with what the tests compare."""

    def __init__(self, client: Any, token: str) -> None:
        self.client = client
        self.token = token

    def get(self, **params: Any) -> Any:
        return self.client.get(
            "/api/v1/users.json",
            params=params,
            headers={"Authorization": f"Bearer {self.token}"},
        )

    def ids(self, **params: Any) -> set[int]:
        """The ids of every user the request returns (one page of up to 200 is plenty here)."""
        response = self.get(per_page=200, **params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["count"] == len(body["results"])
        return {int(result["id"]) for result in body["results"]}

    def error(self, **params: Any) -> str:
        """The message of the 400 the request must answer, in Kantata's error shape."""
        response = self.get(**params)
        assert response.status_code == 400, response.text
        errors = response.json()["errors"]
        assert len(errors) == 1
        assert errors[0]["type"] == "system"
        message: str = errors[0]["message"]
        return message

"""Filters on workspaces, tasks, resources, estimates, timesheets and calendars.

Each filter that names another object (a workspace, task, resource or calendar) only narrows the
requester's visible set: naming a workspace the requester is not in never reveals its other
participants, and an id that does not exist simply matches nobody.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, not_, or_

from roster.models import (
    AccountMembership,
    Estimate,
    HolidayCalendarMembership,
    Participation,
    Story,
    StoryAssignment,
    StoryFollower,
    TimesheetSubmission,
    User,
    WorkspaceResource,
)
from roster.query import kinds
from roster.query.declarations import Filter, FilterContext
from roster.query.kinds import InvalidValue
from roster.query.operators import among_related, related, when_true, with_value


def _participant_in(workspace_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    return among_related(Participation, Participation.workspace_id == workspace_id)


def _not_participant_in(workspace_id: int, ctx: FilterContext) -> ColumnElement[bool]:
    return not_(_participant_in(workspace_id, ctx))


def _write_access_in(workspace_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    return among_related(
        Participation,
        Participation.workspace_id == workspace_id,
        Participation.read_only.is_(False),
    )


def _approver_in(workspace_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    return among_related(
        Participation,
        Participation.workspace_id == workspace_id,
        Participation.role == "provider",
        Participation.financial_access.is_(True),
    )


def _in_some_workspace_as(role: str) -> ColumnElement[bool]:
    return related(Participation, Participation.role == role)


def _client_somewhere(_ctx: FilterContext) -> ColumnElement[bool]:
    return _in_some_workspace_as("client")


def _provider_somewhere(_ctx: FilterContext) -> ColumnElement[bool]:
    return _in_some_workspace_as("provider")


def _assignable_to(resource_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    """Providers of the resource's workspace; when the resource asks for a role, only users whose
    account role (their membership's default role) is that role."""
    return related(
        Participation,
        WorkspaceResource.id == resource_id,
        Participation.workspace_id == WorkspaceResource.workspace_id,
        Participation.role == "provider",
        or_(
            WorkspaceResource.role_id.is_(None),
            WorkspaceResource.role_id == AccountMembership.default_role_id,
        ),
    )


def _not_assigned_to(story_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    return not_(related(StoryAssignment, StoryAssignment.story_id == story_id))


def _not_following(story_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    return not_(related(StoryFollower, StoryFollower.story_id == story_id))


def _may_follow(story_id: int, _ctx: FilterContext) -> ColumnElement[bool]:
    """Participants of the task's workspace; a private task is hidden from the client side."""
    return related(
        Participation,
        Story.id == story_id,
        Participation.workspace_id == Story.workspace_id,
        or_(Story.private.is_(False), Participation.role == "provider"),
    )


def _created_an_estimate(_ctx: FilterContext) -> ColumnElement[bool]:
    # Estimates point at their creator, not at a user_id, so ``related`` does not fit.
    return exists().where(Estimate.creator_id == User.id)


def _not_on_calendars(calendar_ids: tuple[int, ...], _ctx: FilterContext) -> ColumnElement[bool]:
    return not_(
        related(
            HolidayCalendarMembership,
            HolidayCalendarMembership.holiday_calendar_id.in_(calendar_ids),
        )
    )


# --- without_timesheet_submission -----------------------------------------------------------------

TIMESHEET_FORMAT = "'workspace_id:YYYY-MM-DD:YYYY-MM-DD' (a workspace id, then start and end dates)"
_TIMESHEET_PATTERN = re.compile(r"(\d{1,18}):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})")

# A rejected timesheet has to be submitted again, so it does not count as submitted.
NOT_SUBMITTED_STATUSES = ("rejected",)


@dataclass(frozen=True)
class TimesheetWindow:
    workspace_id: int
    start: dt.date
    end: dt.date


def parse_timesheet_window(raw: str) -> TimesheetWindow:
    match = _TIMESHEET_PATTERN.fullmatch(raw.strip())
    if match is None:
        raise InvalidValue(f"{TIMESHEET_FORMAT}, got {raw!r}")
    try:
        start, end = dt.date.fromisoformat(match[2]), dt.date.fromisoformat(match[3])
    except ValueError:
        raise InvalidValue(f"{TIMESHEET_FORMAT} with real dates, got {raw!r}") from None
    if start > end:
        raise InvalidValue(
            f"{TIMESHEET_FORMAT} with the start date not after the end date, got {raw!r}"
        )
    return TimesheetWindow(int(match[1]), start, end)


def _without_submission(window: TimesheetWindow, ctx: FilterContext) -> ColumnElement[bool]:
    """Participants of the workspace with no submission for it whose period overlaps the window."""
    submitted = related(
        TimesheetSubmission,
        TimesheetSubmission.workspace_id == window.workspace_id,
        TimesheetSubmission.start_date <= window.end,
        TimesheetSubmission.end_date >= window.start,
        TimesheetSubmission.status.not_in(NOT_SUBMITTED_STATUSES),
    )
    return _participant_in(window.workspace_id, ctx) & not_(submitted)


TIMESHEET_WINDOW = kinds.grammar(
    parse_timesheet_window,
    pattern="workspace_id:YYYY-MM-DD:YYYY-MM-DD",
    example="7:2024-01-01:2024-01-31",
)


FILTERS: tuple[Filter, ...] = (
    Filter(
        "participant_in",
        kinds.ID,
        with_value(_participant_in),
        "Only users participating in this workspace (either side).",
        "7",
    ),
    Filter(
        "not_participant_in",
        kinds.ID,
        with_value(_not_participant_in),
        "Only users not participating in this workspace.",
        "7",
    ),
    Filter(
        "write_access_in",
        kinds.ID,
        with_value(_write_access_in),
        "Only users participating in this workspace who are not read-only there.",
        "7",
    ),
    Filter(
        "can_be_approver_in_workspace",
        kinds.ID,
        with_value(_approver_in),
        "Only users on the provider side of this workspace with financial access there.",
        "7",
    ),
    Filter(
        "clients_only",
        kinds.BOOLEAN,
        when_true(_client_somewhere),
        "Only users in at least one workspace on the client side. false: no restriction.",
        "true",
    ),
    Filter(
        "consultants_only",
        kinds.BOOLEAN,
        when_true(_provider_somewhere),
        "Only users in at least one workspace on the provider side. false: no restriction.",
        "true",
    ),
    Filter(
        "assignable_to_resource",
        kinds.ID,
        with_value(_assignable_to),
        "Only users who can be assigned to this workspace resource: providers of its "
        "workspace and, when the resource asks for a role, only those whose account role "
        "is that role.",
        "12",
    ),
    Filter(
        "not_assigned_to",
        kinds.ID,
        with_value(_not_assigned_to),
        "Only users not assigned to this task.",
        "31",
    ),
    Filter(
        "not_following",
        kinds.ID,
        with_value(_not_following),
        "Only users not following this task.",
        "31",
    ),
    Filter(
        "potential_followers_for_story",
        kinds.ID,
        with_value(_may_follow),
        "Only users able to follow this task: the participants of its workspace, and for "
        "a private task only those on the provider side.",
        "31",
    ),
    Filter(
        "with_created_estimates",
        kinds.BOOLEAN,
        when_true(_created_an_estimate),
        "Only users who created at least one estimate. false (the default): no restriction.",
        "true",
        default="false",
    ),
    Filter(
        "without_timesheet_submission",
        TIMESHEET_WINDOW,
        with_value(_without_submission),
        "As 'workspace_id:start_date:end_date' (dates YYYY-MM-DD): participants of that "
        "workspace who have no timesheet submission for it whose period overlaps the dates "
        "(both inclusive). A rejected submission does not count as submitted.",
        "7:2024-01-01:2024-01-31",
    ),
    Filter(
        "not_on_calendars",
        kinds.id_list(),
        with_value(_not_on_calendars),
        "Only users who are on none of these holiday calendars.",
        "2,5",
    ),
)

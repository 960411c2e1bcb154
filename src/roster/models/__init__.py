"""Every ORM model, importable from one place (Alembic and the repositories use this)."""

from roster.db.base import Base
from roster.models.accounts import PERMISSION_RANK, PERMISSIONS, Account, AccountMembership, Role
from roster.models.auth import ApiToken, OAuthAuthorizationCode, OAuthClient
from roster.models.capacity import (
    WEEKDAY_COLUMNS,
    Holiday,
    HolidayCalendar,
    HolidayCalendarMembership,
    TimeOffEntry,
    Workweek,
    WorkweekMembership,
)
from roster.models.changes import DataChange
from roster.models.custom_fields import (
    CustomField,
    CustomFieldChoice,
    CustomFieldValue,
    CustomFieldValueChoice,
)
from roster.models.external_references import ExternalReference
from roster.models.files import Attachment, GoogleDocument, Post, UserFileAssociation, WorkSample
from roster.models.organizations import Organization, OrganizationMembership
from roster.models.rate_limits import RateLimitCounter
from roster.models.skills import Skill, SkillCategory, SkillMembership
from roster.models.users import Contact, User
from roster.models.workspaces import (
    Estimate,
    Participation,
    Story,
    StoryAssignment,
    StoryFollower,
    TimesheetSubmission,
    Workspace,
    WorkspaceResource,
)

__all__ = [
    "PERMISSIONS",
    "PERMISSION_RANK",
    "WEEKDAY_COLUMNS",
    "Account",
    "AccountMembership",
    "ApiToken",
    "Attachment",
    "Base",
    "Contact",
    "CustomField",
    "CustomFieldChoice",
    "CustomFieldValue",
    "CustomFieldValueChoice",
    "DataChange",
    "Estimate",
    "ExternalReference",
    "GoogleDocument",
    "Holiday",
    "HolidayCalendar",
    "HolidayCalendarMembership",
    "OAuthAuthorizationCode",
    "OAuthClient",
    "Organization",
    "OrganizationMembership",
    "Participation",
    "Post",
    "RateLimitCounter",
    "Role",
    "Skill",
    "SkillCategory",
    "SkillMembership",
    "Story",
    "StoryAssignment",
    "StoryFollower",
    "TimeOffEntry",
    "TimesheetSubmission",
    "User",
    "UserFileAssociation",
    "WorkSample",
    "Workspace",
    "WorkspaceResource",
    "Workweek",
    "WorkweekMembership",
]

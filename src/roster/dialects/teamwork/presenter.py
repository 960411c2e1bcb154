"""Teamwork's wire shapes: the person with its Relationship links, the sideloaded records, the
list and single envelopes, and sparse fieldsets.

Ids are JSON integers; ``included`` maps are keyed by the id as a string. A link is a
Relationship ``{"id", "type"}`` naming the ``included`` map its record lands in, present whether
or not that sideload was asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, RowMapping

from roster.auth.requester import Requester
from roster.dialects.formats import timestamp
from roster.dialects.kantata.presenter import photo_url
from roster.models import (
    PERMISSION_RANK,
    WEEKDAY_COLUMNS,
)
from roster.people.repository import MEMBERSHIP_PREFIX, Projection

# Teamwork's default working day, for people with no workweek in effect (contacts).
DEFAULT_LENGTH_OF_DAY = 8.0


def relationship(kind: str, record_id: int | None) -> dict[str, Any] | None:
    return None if record_id is None else {"id": record_id, "type": kind}


# What ``present_person`` and ``present_me`` read of a user and their membership: a page reads
# nothing else.
PERSON_COLUMNS = Projection(
    "teamwork person",
    user=(
        "id",
        "first_name",
        "last_name",
        "headline",
        "email_address",
        "photo_key",
        "disabled_at",
        "timezone",
        "created_at",
        "updated_at",
        "last_site_activity",
    ),
    membership=(
        "id",
        "account_id",
        "default_role_id",
        "is_administrator",
        "permission",
        "collaborator_only_license",
        "is_service_account",
        "is_placeholder",
        "disabled_at",
        "bill_rate_in_cents",
        "cost_rate_in_cents",
        "updated_at",
        "is_owner",
    ),
)

# The membership columns a person reads, spelled once rather than joined on every row.
_M_ID = MEMBERSHIP_PREFIX + "id"
_M_ACCOUNT = MEMBERSHIP_PREFIX + "account_id"
_M_ROLE = MEMBERSHIP_PREFIX + "default_role_id"
_M_ADMIN = MEMBERSHIP_PREFIX + "is_administrator"
_M_PERMISSION = MEMBERSHIP_PREFIX + "permission"
_M_COLLABORATOR = MEMBERSHIP_PREFIX + "collaborator_only_license"
_M_SERVICE = MEMBERSHIP_PREFIX + "is_service_account"
_M_PLACEHOLDER = MEMBERSHIP_PREFIX + "is_placeholder"
_M_DISABLED = MEMBERSHIP_PREFIX + "disabled_at"
_M_BILL = MEMBERSHIP_PREFIX + "bill_rate_in_cents"
_M_COST = MEMBERSHIP_PREFIX + "cost_rate_in_cents"
_M_UPDATED = MEMBERSHIP_PREFIX + "updated_at"
_M_OWNER = MEMBERSHIP_PREFIX + "is_owner"
_PROJECT_CREATOR = PERMISSION_RANK["project_creator"]


@dataclass(frozen=True)
class Linked:
    """What a page's people link to beyond their own row: teams and the workweek in effect."""

    # Rows of the organizations and workweeks tables (with the person's ``user_id``).
    teams: Mapping[int, Sequence[Row[Any]]]
    workweeks: Mapping[int, Row[Any]]
    # Hours of a working day per workweek id: most of a page shares one or two workweeks.
    day_lengths: Mapping[int, float]


def person_type(row: RowMapping) -> str:
    """contact without an account membership, collaborator with a collaborator-only licence."""
    if row[_M_ID] is None:
        return "contact"
    return "collaborator" if row[_M_COLLABORATOR] else "account"


def length_of_day(workweek: Row[Any]) -> float:
    """Hours of an average working day (a day with any minutes) of a workweek."""
    working = [m for m in (getattr(workweek, c) for c in WEEKDAY_COLUMNS) if m > 0]
    return round(sum(working) / len(working) / 60, 2) if working else 0.0


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    """The latest of some timestamps (one engine hands back all naive or all aware values)."""
    return max((m for m in moments if m is not None), default=None)


def _can_add_projects(row: RowMapping) -> bool:
    if row[_M_ID] is None:
        return False
    rank = PERMISSION_RANK.get(row[_M_PERMISSION] or "", -1)
    return bool(row[_M_ADMIN]) or rank >= _PROJECT_CREATOR


def _sees_rates(row: RowMapping, viewer: Requester) -> bool:
    """Rates are for the person themself and the administrators of their (owner) company."""
    if row["id"] == viewer.user_id:
        return True
    return viewer.is_account_admin and row[_M_ACCOUNT] == viewer.account_id


def present_person(
    row: RowMapping, linked: Linked, viewer: Requester, base_url: str
) -> dict[str, Any]:
    user_id: int = row["id"]
    account_id: int | None = row[_M_ACCOUNT]
    role_id: int | None = row[_M_ROLE]
    workweek = linked.workweeks.get(user_id)
    workweek_id: int | None = None
    day = DEFAULT_LENGTH_OF_DAY
    if workweek is not None:
        workweek_id = workweek.id
        day = linked.day_lengths[workweek_id]
    rates = _sees_rates(row, viewer)
    return {
        "id": user_id,
        "firstName": row["first_name"],
        "lastName": row["last_name"],
        "title": row["headline"],
        "email": row["email_address"],
        "avatarUrl": photo_url(base_url, row["photo_key"]),
        "type": person_type(row),
        "isAdmin": bool(row[_M_ADMIN]),
        "isClientUser": account_id is not None and account_id != viewer.account_id,
        "isServiceAccount": bool(row[_M_SERVICE]),
        "isPlaceholderResource": bool(row[_M_PLACEHOLDER]),
        "deleted": row["disabled_at"] is not None or row[_M_DISABLED] is not None,
        "canAddProjects": _can_add_projects(row),
        "companyId": account_id,
        "company": relationship("companies", account_id),
        "jobRoles": [relationship("jobRoles", role_id)] if role_id is not None else [],
        "teams": [relationship("teams", team.id) for team in linked.teams.get(user_id, ())],
        "workingHoursId": workweek_id,
        "workingHour": relationship("workingHours", workweek_id),
        "lengthOfDay": day,
        "userRate": row[_M_BILL] if rates else None,
        "userCost": row[_M_COST] if rates else None,
        "timezone": row["timezone"],
        "createdAt": timestamp(row["created_at"]),
        # A change to the person's place in their company is a change to the person.
        "updatedAt": timestamp(_latest(row["updated_at"], row[_M_UPDATED])),
    }


def present_me(row: RowMapping, linked: Linked, viewer: Requester, base_url: str) -> dict[str, Any]:
    """The person plus what me.json adds about the requester themself."""
    person = present_person(row, linked, viewer, base_url)
    in_owner_company = row[_M_ID] is not None
    return {
        **person,
        "emailAddress": person["email"],
        "administrator": person["isAdmin"],
        "lastLogin": timestamp(row["last_site_activity"]),
        "inOwnerCompany": in_owner_company,
        "siteOwner": in_owner_company and bool(row[_M_OWNER]),
    }


# --- sideloaded records -----------------------------------------------------------------------


def present_company(account: Row[Any], viewer: Requester) -> dict[str, Any]:
    return {
        "id": account.id,
        "name": account.name,
        "isOwner": account.id == viewer.account_id,
        "status": "active",
        "website": account.website,
        "emailOne": account.email,
        "phone": account.phone,
        "addressOne": account.address,
        "city": account.city,
        "state": account.state,
        "countryCode": account.country_code,
        "zip": account.zip,
        "logoUrl": account.logo_url,
        "logoImage": account.logo_url,
        "logoUploadedToServer": account.logo_url is not None,
        "createdAt": timestamp(account.created_at),
        "updatedAt": timestamp(account.updated_at),
    }


def present_team(team: Row[Any]) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "teamLogo": None,
        "teamLogoIcon": None,
        "teamLogoColor": team.color,
        "company": relationship("companies", team.account_id),
        "createdAt": timestamp(team.created_at),
        "updatedAt": timestamp(team.updated_at),
    }


def present_job_role(role: Row[Any]) -> dict[str, Any]:
    return {
        "id": role.id,
        "name": role.name,
        "isActive": role.deleted_at is None,
        "createdAt": timestamp(role.created_at),
        "updatedAt": timestamp(role.updated_at),
        "deletedAt": timestamp(role.deleted_at),
    }


def present_working_hours(workweek: Row[Any]) -> dict[str, Any]:
    return {
        "id": workweek.id,
        "name": workweek.title,
        "description": None,
        "objectType": "company",
        "objectId": workweek.account_id,
        "object": relationship("companies", workweek.account_id),
        "entries": [
            {
                "weekday": column.removesuffix("_minutes"),
                "taskHours": getattr(workweek, column) / 60,
            }
            for column in WEEKDAY_COLUMNS
        ],
        "createdAt": timestamp(workweek.created_at),
        "updatedAt": timestamp(workweek.updated_at),
    }


@dataclass(frozen=True)
class Seat:
    """The facts of one participation that project permissions derive from."""

    provider: bool  # the consultancy's side (Kantata "provider"), not the client's
    observer: bool  # read-only
    lead: bool  # a lead who is not read-only
    financial: bool
    archived: bool

    @classmethod
    def of(cls, seat: Row[Any]) -> Seat:
        """From a row of ``related.participations_in``."""
        return cls(
            provider=seat.role == "provider",
            observer=seat.read_only,
            lead=seat.is_lead and not seat.read_only,
            financial=seat.financial_access,
            archived=seat.archived,
        )


def _anyone(_seat: Seat) -> bool:
    return True


def _contributor(seat: Seat) -> bool:
    return not seat.observer


def _lead(seat: Seat) -> bool:
    return seat.lead


def _financial(seat: Seat) -> bool:
    return seat.financial


def _financial_lead(seat: Seat) -> bool:
    return seat.financial and seat.lead


PERMISSION_FLAGS: dict[str, Callable[[Seat], bool]] = {
    "viewMessagesAndFiles": _anyone,
    "viewTasksAndMilestones": _anyone,
    "viewTime": _anyone,
    "viewNotebooks": _anyone,
    "viewRiskRegister": _anyone,
    "viewEstimatedTime": lambda seat: seat.provider,
    "viewInvoices": _financial,
    "addTasks": _contributor,
    "addRisks": _contributor,
    "manageCustomFields": _lead,
    "addExpenses": _contributor,
    "editAllTasks": _lead,
    "addMilestones": _contributor,
    "addTaskLists": _contributor,
    "addMessages": _contributor,
    "addFiles": _contributor,
    "addTime": _contributor,
    "addNotebooks": _contributor,
    "viewLinks": _anyone,
    "addLinks": _contributor,
    "canViewForms": _anyone,
    "addForms": _contributor,
    "viewAllTimeLogs": lambda seat: seat.lead or seat.financial,
    "setPrivacy": _lead,
    "projectAdministrator": _lead,
    "viewProjectUpdate": _anyone,
    "addProjectUpdate": _lead,
    "canViewProjectMembers": _anyone,
    "canViewProjectBudget": _financial,
    "canManageProjectBudget": _financial_lead,
    "canViewRates": _financial,
    "canManageRates": _financial_lead,
    "canViewSchedule": _anyone,
    "canManageSchedule": _lead,
    "receiveEmailNotifications": _anyone,
    "isObserving": lambda seat: seat.observer,
    "isArchived": lambda seat: seat.archived,
    "active": lambda seat: not seat.archived,
    "canAccess": _anyone,
    "inOwnerCompany": lambda seat: seat.provider,
    "canManagePeople": _lead,
    "canViewProjectTemplates": _anyone,
    "canManageProjectTemplates": _lead,
    "canEditWorkflows": _lead,
    "canViewWorkflows": _anyone,
    "canManageProjectMembership": _lead,
}


def present_permissions(seat: Seat) -> dict[str, bool]:
    return {name: flag(seat) for name, flag in PERMISSION_FLAGS.items()}


# --- envelopes and sparse fieldsets -----------------------------------------------------------


def trim(record: dict[str, Any], wanted: frozenset[str] | None) -> dict[str, Any]:
    """Keep only the wanted attributes (lower-cased names); None keeps everything."""
    if wanted is None:
        return record
    return {name: value for name, value in record.items() if name.lower() in wanted}


def trim_included(
    included: Mapping[str, Mapping[str, dict[str, Any]]], fieldsets: Mapping[str, frozenset[str]]
) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        kind: {key: trim(record, fieldsets.get(kind.lower())) for key, record in records.items()}
        for kind, records in included.items()
    }


def page_meta(page: int, page_size: int, count: int, has_more: bool) -> dict[str, Any]:
    return {
        "page": {"pageOffset": page - 1, "pageSize": page_size, "count": count, "hasMore": has_more}
    }


def envelope(
    key: str, payload: Any, included: dict[str, Any], requested: Sequence[str]
) -> dict[str, Any]:
    """``{key: payload}``, with ``included`` when a sideload was asked for (even if empty)."""
    body: dict[str, Any] = {key: payload}
    if requested:
        body["included"] = included
    return body

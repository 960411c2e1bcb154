"""Every filter of Teamwork's people endpoints (seed 004), declared as data.

Semantics follow the reference's §5 (real client behaviour) where the doc strings are wrong:
``searchTerm`` searches names and email, not "comment content"; ``includeCollaborators``
defaults to true and only false drops collaborators.

Who is what, as the presenter shows it:
- type: ``contact`` without an account membership, ``collaborator`` with a collaborator-only
  licence, ``account`` otherwise;
- a client user is a member of an account other than the requester's (the owner company);
- deleted people are disabled ones (site-wide or on their membership); an observer is a
  read-only participant of the project.

``ids``, ``teamIds`` and ``companyIds`` form a group: ANDed like every filter, or ORed with
each other under ``inclusiveFilter=true``. ``onlyOwnerCompany`` replaces ``companyIds`` by the
owner company, inside that group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import ColumnElement, exists, false, not_, or_

from roster.errors import Forbidden
from roster.models import AccountMembership, OrganizationMembership, Participation, Role, User
from roster.people.visibility import visible_workspace_ids
from roster.query import kinds
from roster.query.declarations import Clause, Filter, FilterContext
from roster.query.operators import (
    after,
    among_related,
    contains_substring,
    contains_text,
    every_word,
    related,
    when_false,
    when_true,
    with_value,
)

PROJECT = "projectId"  # the path parameter of the project endpoints

Ids = tuple[int, ...]


# --- who is what ----------------------------------------------------------------------------------


def is_contact() -> ColumnElement[bool]:
    return AccountMembership.id.is_(None)


def is_collaborator() -> ColumnElement[bool]:
    return AccountMembership.collaborator_only_license.is_(True)


def is_account_user() -> ColumnElement[bool]:
    member = AccountMembership.id.is_not(None)
    return member & AccountMembership.collaborator_only_license.is_not(True)


USER_TYPES: dict[str, Callable[[], ColumnElement[bool]]] = {
    "account": is_account_user,
    "collaborator": is_collaborator,
    "contact": is_contact,
}


def in_owner_company(ctx: FilterContext) -> ColumnElement[bool]:
    owner = ctx.requester.account_id
    return false() if owner is None else AccountMembership.account_id == owner


def is_client(ctx: FilterContext) -> ColumnElement[bool]:
    return AccountMembership.id.is_not(None) & not_(in_owner_company(ctx))


def on_project(project_id: int) -> ColumnElement[bool]:
    """Seated in this project (the project endpoints' scope)."""
    return among_related(Participation, Participation.workspace_id == project_id)


def _on_visible_projects(ids: Ids, ctx: FilterContext) -> ColumnElement[bool]:
    # Projects the requester may not see match no one, so a filter never hints at them.
    return related(
        Participation,
        Participation.workspace_id.in_(ids),
        Participation.workspace_id.in_(visible_workspace_ids(ctx.requester)),
    )


# --- the inclusive group: ids, teamIds, companyIds ------------------------------------------------


def _with_ids(ids: Ids) -> ColumnElement[bool]:
    return User.id.in_(ids)


def _in_teams(ids: Ids) -> ColumnElement[bool]:
    return related(OrganizationMembership, OrganizationMembership.organization_id.in_(ids))


def _in_companies(ids: Ids) -> ColumnElement[bool]:
    return AccountMembership.account_id.in_(ids)


def _company_ids(ctx: FilterContext) -> Ids | None:
    """``companyIds``, or the owner company alone when ``onlyOwnerCompany`` replaces it."""
    if ctx.values.get("onlyOwnerCompany"):
        owner = ctx.requester.account_id
        return () if owner is None else (owner,)
    companies: Ids | None = ctx.values.get("companyIds")
    return companies


Pick = Callable[[FilterContext], Ids | None]
Match = Callable[[Ids], ColumnElement[bool]]

GROUP: tuple[tuple[Pick, Match], ...] = (
    (lambda ctx: ctx.values.get("ids") or None, _with_ids),
    (lambda ctx: ctx.values.get("teamIds") or None, _in_teams),
    (_company_ids, _in_companies),
)


def _inclusive(ctx: FilterContext) -> bool:
    return bool(ctx.values.get("inclusiveFilter"))


def _grouped(match: Match) -> Clause:
    """A group member on its own: ANDed, unless inclusiveFilter ORs the group instead."""

    def clause(ids: Ids, ctx: FilterContext) -> ColumnElement[bool] | None:
        return None if _inclusive(ctx) or not ids else match(ids)

    return clause


def _company_clause(ids: Ids, ctx: FilterContext) -> ColumnElement[bool] | None:
    return None if ctx.values.get("onlyOwnerCompany") else _grouped(_in_companies)(ids, ctx)


def _owner_company_clause(only: bool, ctx: FilterContext) -> ColumnElement[bool] | None:
    if not only or _inclusive(ctx):
        return None
    return _in_companies(_company_ids(ctx) or ())


def _group_clause(inclusive: bool, ctx: FilterContext) -> ColumnElement[bool] | None:
    if not inclusive:
        return None
    members = [match(ids) for pick, match in GROUP if (ids := pick(ctx)) is not None]
    return or_(*members) if members else None


# --- the rest -------------------------------------------------------------------------------------


def _listed(build: Callable[[Ids, FilterContext], ColumnElement[bool]]) -> Clause:
    """A list filter; an empty list (``ids=,``) restricts nothing, as a blank one."""

    def clause(ids: Ids, ctx: FilterContext) -> ColumnElement[bool] | None:
        return build(ids, ctx) if ids else None

    return clause


def _user_type(value: str, _ctx: FilterContext) -> ColumnElement[bool]:
    return USER_TYPES[value]()


def _job_role_named(word: str) -> ColumnElement[bool]:
    # Correlated to the page query's membership row: the person's job role is its default role.
    return exists().where(
        Role.id == AccountMembership.default_role_id, contains_substring(Role.name, word)
    )


def _search(term: str, ctx: FilterContext) -> ColumnElement[bool]:
    """Every word matches the first name, last name or email (a word has no white space, so a
    match inside the full name is a match inside one of the two parts); with
    ``searchUserJobRole=true`` a job-role name counts too."""
    with_roles = bool(ctx.values.get("searchUserJobRole"))

    def word_matches(word: str) -> ColumnElement[bool]:
        found = contains_text(word, ["full_name", "email_address"], ctx.dialect)
        return or_(found, _job_role_named(word)) if with_roles else found

    return every_word(term.split(), word_matches)


def _updated_after(moment: dt.datetime, _ctx: FilterContext) -> ColumnElement[bool]:
    # A person's updatedAt is the later of their user row and their membership (see presenter).
    return or_(User.updated_at > moment, AccountMembership.updated_at > moment)


def _site_owner(ctx: FilterContext) -> ColumnElement[bool]:
    return AccountMembership.is_owner.is_(True) & in_owner_company(ctx)


def _no_cost_rate(ctx: FilterContext) -> ColumnElement[bool]:
    """Owner-company members without a cost rate; rates are for owner-company administrators."""
    if not ctx.requester.is_account_admin:
        raise Forbidden("filterByNoCostRate is for administrators of the owner company")
    rate = AccountMembership.cost_rate_in_cents
    return in_owner_company(ctx) & (rate.is_(None) | (rate == 0))


def _not_observer(ctx: FilterContext) -> ColumnElement[bool]:
    observing = related(
        Participation,
        Participation.workspace_id == ctx.path[PROJECT],
        Participation.read_only.is_(True),
    )
    return not_(observing)


FILTERS: tuple[Filter, ...] = (
    Filter(
        "userType",
        kinds.enum("account", "collaborator", "contact"),
        with_value(_user_type),
        "People of this type: account, collaborator or contact (client users are account people).",
        "account",
    ),
    Filter(
        "searchTerm",
        kinds.TEXT,
        with_value(_search),
        "Every word of the term appears (letter case ignored) in the first name, last name or "
        "email; different words may match different fields.",
        "ann lee",
    ),
    Filter(
        "searchUserJobRole",
        kinds.BOOLEAN,
        None,
        "With searchTerm: a word may also match the person's job-role name.",
        "true",
    ),
    Filter(
        "updatedAfter",
        kinds.DATETIME,
        with_value(_updated_after),
        "The person or their company membership was updated after this ISO 8601 date-time "
        "(a date alone means its midnight UTC).",
        "2024-01-01T00:00:00Z",
    ),
    Filter(
        "lastLoginAfter",
        kinds.DATETIME,
        after(User.last_site_activity),
        "Last logged in after this ISO 8601 date-time.",
        "2024-01-01T00:00:00Z",
    ),
    Filter(
        "showDeleted",
        kinds.BOOLEAN,
        None,
        "Also show deleted (disabled) people.",
        "true",
        default="false",
        widens="disabled",
    ),
    Filter(
        "onlySiteOwner",
        kinds.BOOLEAN,
        when_true(_site_owner),
        "Only the site owner (the owner company's owner).",
        "true",
    ),
    Filter(
        "onlyOwnerCompany",
        kinds.BOOLEAN,
        _owner_company_clause,
        "Only people of the owner company (the requester's account), whether or not they "
        "share a project with the requester; replaces companyIds.",
        "true",
        widens="account_members",
    ),
    Filter(
        "inclusiveFilter",
        kinds.BOOLEAN,
        _group_clause,
        "true ORs ids, teamIds and companyIds instead of ANDing them.",
        "true",
    ),
    Filter(
        "includeServiceAccounts",
        kinds.BOOLEAN,
        when_false(lambda _ctx: AccountMembership.is_service_account.is_not(True)),
        "Also show service accounts.",
        "true",
        default="false",
    ),
    Filter(
        "includePlaceholders",
        kinds.BOOLEAN,
        when_false(lambda _ctx: AccountMembership.is_placeholder.is_not(True)),
        "Also show resource-planning placeholders.",
        "true",
        default="false",
    ),
    Filter(
        "includeCollaborators",
        kinds.BOOLEAN,
        when_false(lambda _ctx: not_(is_collaborator())),
        "false leaves out collaborators.",
        "false",
        default="true",
    ),
    Filter(
        "includeClients",
        kinds.BOOLEAN,
        when_false(lambda ctx: not_(is_client(ctx))),
        "false leaves out client users (members of other companies).",
        "false",
        default="true",
    ),
    Filter(
        "excludeContacts",
        kinds.BOOLEAN,
        when_true(lambda _ctx: not_(is_contact())),
        "true leaves out contacts.",
        "true",
    ),
    Filter(
        "filterByNoCostRate",
        kinds.BOOLEAN,
        when_true(_no_cost_rate),
        "Only owner-company people without a cost rate (null or 0). Owner-company "
        "administrators only: anyone else gets a 403.",
        "true",
    ),
    Filter("teamIds", kinds.id_list(), _grouped(_in_teams), "People in any of these teams.", "3,4"),
    Filter(
        "projectIds",
        kinds.id_list(),
        _listed(_on_visible_projects),
        "People on any of these projects (projects the requester may see).",
        "7,8",
    ),
    Filter(
        "excludeProjectIds",
        kinds.id_list(),
        _listed(lambda ids, ctx: not_(_on_visible_projects(ids, ctx))),
        "Leave out people on any of these projects (projects the requester may see).",
        "9",
    ),
    Filter("ids", kinds.id_list(), _grouped(_with_ids), "People with these ids.", "1,2,3"),
    Filter(
        "excludeIds",
        kinds.id_list(),
        _listed(lambda ids, _ctx: User.id.not_in(ids)),
        "Leave out people with these ids.",
        "4,5",
    ),
    Filter(
        "companyIds", kinds.id_list(), _company_clause, "People of any of these companies.", "1,2"
    ),
)

INCLUDE_OBSERVERS = Filter(
    "includeObservers",
    kinds.BOOLEAN,
    when_false(_not_observer),
    "false leaves out the project's observers (its read-only participants).",
    "false",
    default="true",
)

PROJECT_FILTERS: tuple[Filter, ...] = (*FILTERS, INCLUDE_OBSERVERS)

__all__ = [
    "FILTERS",
    "PROJECT",
    "PROJECT_FILTERS",
    "USER_TYPES",
    "in_owner_company",
    "is_client",
    "on_project",
]

"""Filters on account permissions, management, contacts and organizations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select
from sqlalchemy.orm import aliased

from roster.models import (
    PERMISSION_RANK,
    PERMISSIONS,
    AccountMembership,
    Contact,
    Organization,
    OrganizationMembership,
    Participation,
    User,
    Workspace,
)
from roster.query import kinds
from roster.query.declarations import Filter, FilterContext
from roster.query.kinds import InvalidValue
from roster.query.operators import either, related, when_true, with_value


def _permission_at_least(lowest: str) -> ColumnElement[bool]:
    """Account permission ``lowest`` or above; administrators qualify whatever their level."""
    ranked = [p for p in PERMISSIONS if PERMISSION_RANK[p] >= PERMISSION_RANK[lowest]]
    return or_(
        AccountMembership.permission.in_(ranked), AccountMembership.is_administrator.is_(True)
    )


def _can_view_reports(_ctx: FilterContext) -> ColumnElement[bool]:
    return _permission_at_least("reports_viewer")


def _is_project_lead(_ctx: FilterContext) -> ColumnElement[bool]:
    return _permission_at_least("project_lead")


def _has_insights_access(_ctx: FilterContext) -> ColumnElement[bool]:
    return AccountMembership.insights_access.is_(True)


def _in_an_organization(_ctx: FilterContext) -> ColumnElement[bool]:
    return related(OrganizationMembership)


def _on_requesters_account(ctx: FilterContext) -> ColumnElement[bool]:
    # Comparing with None would render IS NULL and match every user without an account.
    if ctx.requester.account_id is None:
        return false()
    return AccountMembership.account_id == ctx.requester.account_id


def _active() -> ColumnElement[bool]:
    return AccountMembership.disabled_at.is_(None) & User.disabled_at.is_(None)


def _in_contact_list(ctx: FilterContext) -> ColumnElement[bool]:
    return exists().where(Contact.user_id == ctx.requester.user_id, Contact.contact_id == User.id)


def _contact_on_other_account(ctx: FilterContext) -> ColumnElement[bool]:
    if ctx.requester.account_id is None:
        return _in_contact_list(ctx)
    return _in_contact_list(ctx) & or_(
        AccountMembership.account_id.is_(None),
        AccountMembership.account_id != ctx.requester.account_id,
    )


def _manages_someone(_ctx: FilterContext) -> ColumnElement[bool]:
    # An alias: the outer query already has account_memberships (the user's own membership).
    managee = aliased(AccountMembership)
    return exists().where(managee.manager_id == User.id)


def _possible_managee(ctx: FilterContext) -> ColumnElement[bool]:
    return _on_requesters_account(ctx) & _active() & (User.id != ctx.requester.user_id)


def _possible_manager(ctx: FilterContext) -> ColumnElement[bool]:
    return _on_requesters_account(ctx) & _active() & _permission_at_least("project_lead")


def _provider_lead_on_account(ctx: FilterContext) -> ColumnElement[bool]:
    if ctx.requester.account_id is None:
        return false()
    return related(
        Participation,
        Participation.role == "provider",
        Participation.is_lead.is_(True),
        Participation.workspace_id.in_(
            select(Workspace.id).where(Workspace.account_id == ctx.requester.account_id)
        ),
    )


# --- belonging_to_orgs ----------------------------------------------------------------------------

ORGS_FORMAT = "geography ids;department ids, as 'geo_id,geo_id;dept_id,dept_id'"


@dataclass(frozen=True)
class OrganizationSelection:
    geographies: tuple[int, ...]
    departments: tuple[int, ...]


def _id_tokens(part: str, raw: str) -> tuple[int, ...]:
    tokens = [token.strip() for token in part.split(",") if token.strip()]
    if not all(re.fullmatch(r"\d{1,18}", token) for token in tokens):
        raise InvalidValue(f"{ORGS_FORMAT}, got {raw!r}")
    return tuple(int(token) for token in tokens)


def parse_organization_selection(raw: str) -> OrganizationSelection:
    """'1,2;3' -> geographies (1, 2), departments (3,). Either side may be empty, not both."""
    parts = raw.split(";")
    if len(parts) > 2:
        raise InvalidValue(f"{ORGS_FORMAT} (one semicolon at most), got {raw!r}")
    geographies = _id_tokens(parts[0], raw)
    departments = _id_tokens(parts[1], raw) if len(parts) == 2 else ()
    if not geographies and not departments:
        raise InvalidValue(f"{ORGS_FORMAT} with at least one id, got {raw!r}")
    return OrganizationSelection(geographies, departments)


def _organization_tree(ids: tuple[int, ...], kind: str) -> Select[tuple[int]]:
    """The listed organizations of ``kind`` and everything below them in the hierarchy.

    UNION (not UNION ALL) so that a cycle in parent_id cannot make the recursion endless.
    """
    roots = (
        select(Organization.id)
        .where(Organization.id.in_(ids), Organization.kind == kind)
        .cte(f"{kind}_tree", recursive=True)
    )
    child = aliased(Organization)
    tree = roots.union(select(child.id).where(child.parent_id == roots.c.id))
    return select(tree.c.id)


def _belonging_to(selection: OrganizationSelection, _ctx: FilterContext) -> ColumnElement[bool]:
    sides = [
        related(
            OrganizationMembership,
            OrganizationMembership.organization_id.in_(_organization_tree(ids, kind)),
        )
        for ids, kind in (
            (selection.geographies, "geography"),
            (selection.departments, "department"),
        )
        if ids
    ]
    return and_(*sides)


ORGANIZATION_SELECTION = kinds.grammar(
    parse_organization_selection, pattern="geo_id,geo_id;dept_id,dept_id", example="3,4;7"
)


FILTERS: tuple[Filter, ...] = (
    Filter(
        "all_contacts",
        kinds.BOOLEAN,
        when_true(_in_contact_list),
        "All users in the requester's contact list, whether or not they share a project "
        "with the requester.",
        "true",
        widens="contacts",
    ),
    Filter(
        "contacts_on_different_account",
        kinds.BOOLEAN,
        when_true(_contact_on_other_account),
        "Users in the requester's contact list who are on another account than the "
        "requester's, or on no account at all.",
        "true",
        widens="contacts",
    ),
    Filter(
        "can_view_reports",
        kinds.BOOLEAN,
        when_true(_can_view_reports),
        "Users whose account permission is reports_viewer or above (reports_viewer, "
        "reports_viewer_with_cost, account_admin, administrator), and account "
        "administrators. false: no restriction.",
        "true",
    ),
    Filter(
        "is_project_lead",
        kinds.BOOLEAN,
        when_true(_is_project_lead),
        "Users whose account permission is project_lead or above, and account "
        "administrators. false: no restriction.",
        "true",
    ),
    Filter(
        "managers",
        kinds.BOOLEAN,
        when_true(_manages_someone),
        "Only users who manage someone: some account membership names them as its manager "
        "(whether or not that membership is active). false (the default): no restriction.",
        "true",
        default="false",
    ),
    Filter(
        "only_possible_managees",
        kinds.BOOLEAN,
        when_true(_possible_managee),
        "Active members of the requester's account other than the requester: the users the "
        "requester could be set to manage. Narrows only; add on_my_account=true to reach "
        "members who share no project with the requester.",
        "true",
    ),
    Filter(
        "only_possible_managers",
        kinds.BOOLEAN,
        when_true(_possible_manager),
        "Active members of the requester's account who may manage others: permission "
        "project_lead or above, or account administrators (the requester included). "
        "Narrows only; add on_my_account=true to reach members who share no project with "
        "the requester.",
        "true",
    ),
    Filter(
        "show_users_in_insights_groups",
        kinds.BOOLEAN,
        when_true(_has_insights_access),
        "Only users whose account membership has access to Kantata Insights.",
        "true",
    ),
    Filter(
        "provider_leads_on_account_projects",
        kinds.BOOLEAN,
        when_true(_provider_lead_on_account),
        "Only users who are on the provider side and a lead in at least one workspace of "
        "the requester's account.",
        "true",
    ),
    Filter(
        "belonging_to_orgs",
        ORGANIZATION_SELECTION,
        with_value(_belonging_to),
        "Users in organizations, as 'geo_id,geo_id;dept_id,dept_id': geography ids before "
        "the semicolon, department ids after it; either side may be empty ('3,4' or ';7'). "
        "A user matches a side when they belong to one of its organizations or to one "
        "below it in the hierarchy; an id of the other kind matches nobody. With both "
        "sides given, a user must match both (any listed geography AND any listed "
        "department).",
        "3,4;7",
    ),
    Filter(
        "with_organizations",
        kinds.BOOLEAN,
        either(_in_an_organization),
        "true: only users who belong to at least one organization (department or "
        "geography); false: only users who belong to none.",
        "true",
    ),
)

"""Filters on a user's place in an account: membership, permission, role, management."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select

from roster.models import AccountMembership, Participation, User
from roster.query import kinds
from roster.query.declarations import Filter, FilterContext
from roster.query.operators import equals, one_of, when_true, with_value


def _on_my_account(ctx: FilterContext) -> ColumnElement[bool]:
    return AccountMembership.account_id == (ctx.requester.account_id or -1)


def _account_or_participants(workspace_id: int, ctx: FilterContext) -> ColumnElement[bool]:
    return or_(
        _on_my_account(ctx),
        User.id.in_(
            select(Participation.user_id).where(Participation.workspace_id == workspace_id)
        ),
    )


FILTERS: tuple[Filter, ...] = (
    Filter(
        "account_id",
        kinds.ID,
        equals(AccountMembership.account_id),
        "Only users on this account. Not available together with on_my_account.",
        "1",
        conflicts=("on_my_account",),
    ),
    Filter(
        "on_my_account",
        kinds.BOOLEAN,
        when_true(_on_my_account),
        "All users on the requester's account, whether or not they share a project.",
        "true",
        widens="account_members",
        conflicts=("account_id",),
    ),
    Filter(
        "on_my_account_or_participant_in_workspace",
        kinds.ID,
        with_value(_account_or_participants),
        "Users on the requester's account, plus the participants of this workspace.",
        "7",
        widens="account_members",
    ),
    Filter(
        "account_role_ids",
        kinds.id_list(),
        one_of(AccountMembership.default_role_id),
        "Users whose account role is one of these ids.",
        "3,4",
    ),
    Filter(
        "show_disabled",
        kinds.BOOLEAN,
        None,
        "Also show users whose account membership is disabled or who are disabled site-wide.",
        "true",
        default="false",
        widens="disabled",
    ),
)

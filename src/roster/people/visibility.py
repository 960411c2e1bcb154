"""Who sees whom: the one visibility policy, as a SQL predicate on ``users.id``.

The predicate is written against the people repository's FROM clause, ``users LEFT OUTER JOIN
account_memberships`` (at most one membership per user), so membership columns are used directly.

Every query for people, in every dialect, includes, show pages and filters alike, is restricted by
``visible_user_ids``. Rows are never filtered in Python afterwards.

The policy (PRODUCT.md, "Who sees whom"):
- a requester always sees themself;
- anyone sees the users who participate in a workspace they participate in;
- an account administrator also sees everyone participating in a workspace of their account, and
  everyone participating in any workspace in which a member of their account participates;
- widenings asked for explicitly: all members of the requester's account (Kantata
  ``on_my_account``, Teamwork ``onlyOwnerCompany``) and the requester's contact list;
- disabled users (a disabled account membership, or disabled site-wide) are hidden unless the
  request asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, union
from sqlalchemy.orm import aliased

from roster.auth.requester import Requester
from roster.models import AccountMembership, Contact, Participation, User, Workspace


@dataclass(frozen=True, slots=True)
class Visibility:
    """How far a request's view reaches beyond the default."""

    account_members: bool = False
    contacts: bool = False
    disabled: bool = False


def _shared_workspace_ids(requester: Requester) -> Select[int]:
    return select(Participation.workspace_id).where(Participation.user_id == requester.user_id)


def _admin_workspace_ids(account_id: int) -> Select[int]:
    member = aliased(AccountMembership)
    seat = aliased(Participation)
    on_account = select(Workspace.id).where(Workspace.account_id == account_id)
    with_a_member = (
        select(seat.workspace_id)
        .join(member, member.user_id == seat.user_id)
        .where(member.account_id == account_id)
    )
    return select(union(on_account, with_a_member).subquery().c[0])


def visible_user_ids(requester: Requester, visibility: Visibility) -> ColumnElement[bool]:
    """A predicate true for exactly the users this requester may see under ``visibility``."""
    workspaces = (
        _admin_workspace_ids(requester.account_id)
        if requester.account_id is not None and requester.is_administrator
        else _shared_workspace_ids(requester)
    )
    reach: list[ColumnElement[bool]] = [
        User.id == requester.user_id,
        User.id.in_(
            select(Participation.user_id).where(Participation.workspace_id.in_(workspaces))
        ),
    ]
    if visibility.account_members and requester.account_id is not None:
        reach.append(AccountMembership.account_id == requester.account_id)
    if visibility.contacts:
        reach.append(
            User.id.in_(select(Contact.contact_id).where(Contact.user_id == requester.user_id))
        )
    predicate = or_(*reach)
    if not visibility.disabled:
        predicate = predicate & enabled_user()
    return predicate


def visible_workspace_ids(requester: Requester) -> Select[Any]:
    """The workspaces (Teamwork projects) a requester may see: those they participate in, and,
    for an account administrator, every workspace of their account.

    Built on aliases and never correlated, so it can sit inside an EXISTS over participations.
    """
    seat = aliased(Participation)
    mine = select(seat.workspace_id).where(seat.user_id == requester.user_id)
    if not requester.is_account_admin:
        return mine.correlate(None)
    space = aliased(Workspace)
    on_account = select(space.id).where(space.account_id == requester.account_id)
    return union(mine, on_account).subquery().select().correlate(None)


def enabled_user() -> ColumnElement[bool]:
    """Not disabled site-wide, and no disabled account membership."""
    return User.disabled_at.is_(None) & AccountMembership.disabled_at.is_(None)


__all__ = ["Visibility", "enabled_user", "visible_user_ids", "visible_workspace_ids"]

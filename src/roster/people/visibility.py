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
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, or_, select, union

from roster.auth.requester import Requester
from roster.db.planning import probe_equal
from roster.models import AccountMembership, Contact, Participation, User, Workspace


@dataclass(frozen=True, slots=True)
class Visibility:
    """How far a request's view reaches beyond the default."""

    account_members: bool = False
    contacts: bool = False
    disabled: bool = False


# Table columns, not ORM attributes: a predicate built of ORM attributes is annotated by
# SQLAlchemy when a statement holding it is first compiled, so the same predicate, kept and reused
# (below), would give a later statement a different cache key than the first one had
# (roster.db.counts keys counts by it).
_USERS = User.__table__.c
_MEMBERSHIPS = AccountMembership.__table__.c
_SEATS = Participation.__table__.c
_CONTACTS = Contact.__table__.c


def _shared_workspace_ids(requester: Requester) -> Select[int]:
    return select(_SEATS.workspace_id).where(_SEATS.user_id == requester.user_id)


# Made once: an ORM ``aliased()`` per request cost more than the rest of a show (its columns are
# adapted anew each time). They are used only by ``_admin_reach``, whose EXISTS tests never nest
# in one another, so one alias name never meets itself in a statement.
_SEAT = Participation.__table__.alias("seat")
_NEIGHBOUR = Participation.__table__.alias("neighbour")
_SPACE = Workspace.__table__.alias("space")
_MEMBER = AccountMembership.__table__.alias("member")


def _admin_reach(account_id: int) -> list[ColumnElement[bool]]:
    """An account administrator's reach, tested row by row: each user's own seats are looked up
    through ``ix_participations_user_workspace`` and stop at the first that qualifies.

    The set form (``users.id IN (participants of the account's workspaces)``) must build the set
    whole before a single row can pass: hundreds of thousands of ids at a million users, and on
    PostgreSQL a set too large to hash under an OR is re-scanned for every user (a plan that did
    not finish in 14 minutes, docs/benchmark.md). Row by row, a page, a show or a filtered list
    costs the rows it looks at; ``probe_equal`` keeps PostgreSQL from hashing the tests where
    their sets would fit in memory.
    """
    seat, neighbour, space, member = _SEAT.c, _NEIGHBOUR.c, _SPACE.c, _MEMBER.c
    on_the_account = _MEMBERSHIPS.account_id == account_id
    # A member of the account who works on any project shares it with a member: themself. The
    # outer membership row says who is a member (at most one per user), so the costlier tests
    # below run only for everyone else.
    seated_member = on_the_account & exists().where(probe_equal(seat.user_id, _MEMBERSHIPS.user_id))
    on_an_account_workspace = exists().where(
        probe_equal(seat.user_id, _USERS.id),
        space.id == seat.workspace_id,
        space.account_id == account_id,
    )
    # Nested, so that where the database hashes it, it hashes the few workspaces that have a
    # member rather than every (seat, neighbour) pair.
    has_a_member = exists().where(
        neighbour.workspace_id == seat.workspace_id,
        member.user_id == neighbour.user_id,
        member.account_id == account_id,
    )
    beside_a_member = exists().where(probe_equal(seat.user_id, _USERS.id), has_a_member)
    outsider = _MEMBERSHIPS.account_id.is_distinct_from(account_id)
    return [seated_member, outsider & or_(on_an_account_workspace, beside_a_member)]


# Statements are immutable, so one requester's predicate serves all their requests: building it
# (and SQLAlchemy's cache key for it) was about a sixth of a list page's time. Requester and
# Visibility are frozen values that hold everything the predicate depends on.
PREDICATES_KEPT = 1024


@lru_cache(maxsize=PREDICATES_KEPT)
def visible_user_ids(requester: Requester, visibility: Visibility) -> ColumnElement[bool]:
    """A predicate true for exactly the users this requester may see under ``visibility``."""
    reach: list[ColumnElement[bool]] = [_USERS.id == requester.user_id]
    if requester.account_id is not None and requester.is_administrator:
        reach.extend(_admin_reach(requester.account_id))
    else:
        shared = _shared_workspace_ids(requester)
        reach.append(_USERS.id.in_(select(_SEATS.user_id).where(_SEATS.workspace_id.in_(shared))))
    if visibility.account_members and requester.account_id is not None:
        reach.append(_MEMBERSHIPS.account_id == requester.account_id)
    if visibility.contacts:
        reach.append(
            _USERS.id.in_(
                select(_CONTACTS.contact_id).where(_CONTACTS.user_id == requester.user_id)
            )
        )
    predicate = or_(*reach)
    if not visibility.disabled:
        predicate = predicate & enabled_user()
    return predicate


@lru_cache(maxsize=PREDICATES_KEPT)
def visible_workspace_ids(requester: Requester) -> Select[Any]:
    """The workspaces (Teamwork projects) a requester may see: those they participate in, and,
    for an account administrator, every workspace of their account.

    Built on aliases and never correlated, so it can sit inside an EXISTS over participations.
    """
    seat = Participation.__table__.alias().c
    mine = select(seat.workspace_id).where(seat.user_id == requester.user_id)
    if not requester.is_account_admin:
        return mine.correlate(None)
    space = Workspace.__table__.alias().c
    on_account = select(space.id).where(space.account_id == requester.account_id)
    return union(mine, on_account).subquery().select().correlate(None)


def enabled_user() -> ColumnElement[bool]:
    """Not disabled site-wide, and no disabled account membership."""
    return _USERS.disabled_at.is_(None) & _MEMBERSHIPS.disabled_at.is_(None)


__all__ = ["Visibility", "enabled_user", "visible_user_ids", "visible_workspace_ids"]

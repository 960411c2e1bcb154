"""All SQL that reads people: counting and paging users under a visibility predicate.

Every statement here takes the visibility predicate from ``roster.people.visibility`` among its
conditions; callers never build their own people queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.orm import Session

from roster.auth.requester import Requester
from roster.db.counts import ExactCount
from roster.models import AccountMembership, User, Workspace
from roster.people.visibility import visible_workspace_ids

MEMBERSHIP_PREFIX = "membership_"

_USER_COLUMNS = list(User.__table__.c)
_MEMBERSHIP_COLUMNS = [c.label(MEMBERSHIP_PREFIX + c.name) for c in AccountMembership.__table__.c]
_FROM = User.__table__.outerjoin(AccountMembership.__table__, AccountMembership.user_id == User.id)


def count_people(session: Session, conditions: Sequence[ColumnElement[bool]]) -> ExactCount:
    """The number of users meeting ``conditions``; set it up before the page is read."""
    return ExactCount(session, select(func.count()).select_from(_FROM).where(and_(*conditions)))


def page_people(
    session: Session,
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[ColumnElement[Any]],
    *,
    limit: int | None,
    offset: int,
) -> list[Row[Any]]:
    """One page of users (with their membership columns), in ``order``."""
    stmt = (
        select(*_USER_COLUMNS, *_MEMBERSHIP_COLUMNS)
        .select_from(_FROM)
        .where(and_(*conditions))
        .order_by(*order)
        .offset(offset or None)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt))


def people_by_ids(
    session: Session, ids: Sequence[int], conditions: Sequence[ColumnElement[bool]]
) -> list[Row[Any]]:
    """The users among ``ids`` that also meet ``conditions`` (visibility included), by id."""
    if not ids:
        return []
    stmt = (
        select(*_USER_COLUMNS, *_MEMBERSHIP_COLUMNS)
        .select_from(_FROM)
        .where(User.id.in_(sorted(set(ids))), and_(*conditions))
        .order_by(User.id)
    )
    return list(session.execute(stmt))


def visible_workspace(session: Session, requester: Requester, workspace_id: int) -> bool:
    """Whether the workspace exists and the requester may see it (see ``visible_workspace_ids``)."""
    stmt = select(Workspace.id).where(
        Workspace.id == workspace_id, Workspace.id.in_(visible_workspace_ids(requester))
    )
    return session.execute(stmt).first() is not None

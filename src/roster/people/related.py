"""SQL for what hangs off a page of users: each function is one statement keyed by user ids.

Includes call these, so a page costs the same number of statements whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Row,
    Select,
    SQLColumnExpression,
    bindparam,
    case,
    exists,
    false,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from roster.auth.requester import Requester
from roster.db.id_lists import among, padded
from roster.db.planning import for_planner, probe_equal, written_if
from roster.db.reading import read
from roster.models import (
    PERMISSION_RANK,
    Account,
    AccountMembership,
    CustomField,
    CustomFieldValue,
    CustomFieldValueChoice,
    ExternalReference,
    Organization,
    OrganizationMembership,
    Participation,
    Role,
    Skill,
    SkillMembership,
    User,
    WorkSample,
    Workspace,
    Workweek,
    WorkweekMembership,
)
from roster.people.visibility import Visibility, visible_user_ids

# Statements that depend only on the page's ids are built once, with the ids as a parameter:
# building a statement (a union and its subquery's columns above all) cost more than running it
# (docs/benchmark.md, item 10). Those that depend on the requester are kept per (requester,
# visibility) where a page runs them on every request, and built per request elsewhere. The ids
# are one parameter whatever their number (``roster.db.id_lists``).


def _ids(user_ids: Sequence[int]) -> dict[str, list[int]]:
    return {"user_ids": padded(user_ids)}


_PEOPLE = User.__table__.outerjoin(
    AccountMembership.__table__, AccountMembership.user_id == User.id
)


def seen_user_id(
    user_id: SQLColumnExpression[int | None],
    requester: Requester,
    visibility: Visibility,
    *,
    written: bool,
) -> ColumnElement[int | None]:
    """``user_id`` when it names a user the requester may see under ``visibility``, else NULL.

    A record may name a user (a manager, a creator, a setter) whom the requester may not see; that
    user does not exist for them, so the reference reads as null rather than give away an id.
    One correlated subquery with its own ``users LEFT JOIN account_memberships``, so it costs no
    statement of its own: the statement it sits in must read those tables (and any the policy
    reads) only through aliases, or the subquery would correlate to them.

    ``written`` (``for_planner`` of the session the statement runs in): the policy's whole numbers
    written in. With the requester's account a parameter, PostgreSQL planned the statement again
    on every run, judging a plan for any account dearer than one for this account
    (docs/benchmark.md, item 22). Required, so that no statement holding the policy forgets it.
    """
    visible = written_if(visible_user_ids(requester, visibility), written)
    seen = select(User.id).select_from(_PEOPLE).where(probe_equal(User.id, user_id), visible)
    return case((exists(seen), user_id), else_=null())


def columns_as_seen(
    table: FromClause,
    user_column: str,
    requester: Requester,
    visibility: Visibility,
    *,
    written: bool,
) -> list[ColumnElement[Any]]:
    """Every column of ``table``, with ``user_column`` replaced under its own name by
    ``seen_user_id`` of it: a row reads like the record as this requester may see it, and the
    stored id cannot be read by mistake."""
    seen = seen_user_id(table.c[user_column], requester, visibility, written=written)
    return [seen.label(user_column) if column.key == user_column else column for column in table.c]


# The visibility subquery inside ``seen_user_id`` reads account_memberships itself, so the
# outer one must be an alias.
_MEMBERSHIP = AccountMembership.__table__.alias("membership")


def memberships_as_seen(
    session: Session, user_ids: Sequence[int], requester: Requester, visibility: Visibility
) -> list[Row[Any]]:
    """Each user's membership, as columns: ``manager_id`` only when the requester may see the
    manager, else NULL."""
    statement = _memberships_as_seen(requester, visibility, for_planner(session))
    return read(session, statement, _ids(user_ids))


# Statements that depend on the requester are kept per (requester, visibility), as the predicate
# they hold is (``roster.people.visibility``): both are frozen values. ``written``: see
# ``seen_user_id``.
@lru_cache(maxsize=1024)
def _memberships_as_seen(
    requester: Requester, visibility: Visibility, written: bool
) -> Select[Any]:
    columns = columns_as_seen(_MEMBERSHIP, "manager_id", requester, visibility, written=written)
    return select(*columns).where(among(_MEMBERSHIP.c.user_id, "user_ids"))


_AM = AccountMembership.__table__.c
_MANAGERS_OF = select(_AM.user_id, _AM.manager_id).where(
    among(_AM.user_id, "user_ids"), _AM.manager_id.is_not(None)
)


def managers_of(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """(user_id, manager_id) for each of the users who has a manager, seen or not."""
    return read(session, _MANAGERS_OF, _ids(user_ids))


_ROLES = Role.__table__.c
_ROLES_OF = (
    select(
        AccountMembership.__table__.c.user_id,
        _ROLES.id,
        _ROLES.name,
        _ROLES.created_at,
        _ROLES.updated_at,
        _ROLES.deleted_at,
    )
    .join_from(
        AccountMembership.__table__,
        Role.__table__,
        _ROLES.id == AccountMembership.__table__.c.default_role_id,
    )
    .where(among(AccountMembership.__table__.c.user_id, "user_ids"))
)


def roles_of(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """(user_id, id, name, created_at, updated_at, deleted_at) of each user's default role."""
    return read(session, _ROLES_OF, _ids(user_ids))


def skill_memberships(
    session: Session, user_ids: Sequence[int], requester: Requester, visibility: Visibility
) -> list[Row[Any]]:
    """Each skill membership of the users with its skill's columns (``skill_name``...), ordered
    for stable id lists; ``creator_id`` only when the requester may see the creator
    (``seen_user_id``)."""
    statement = _skill_memberships(requester, visibility, for_planner(session))
    return read(session, statement, _ids(user_ids))


_SKILL_SEATS = SkillMembership.__table__
_SKILLS = Skill.__table__.c


@lru_cache(maxsize=1024)
def _skill_memberships(requester: Requester, visibility: Visibility, written: bool) -> Select[Any]:
    return (
        select(
            *columns_as_seen(_SKILL_SEATS, "creator_id", requester, visibility, written=written),
            _SKILLS.name.label("skill_name"),
            _SKILLS.description.label("skill_description"),
            _SKILLS.max_level.label("skill_max_level"),
            _SKILLS.skill_category_id.label("skill_category_id"),
            _SKILLS.created_at.label("skill_created_at"),
            _SKILLS.updated_at.label("skill_updated_at"),
        )
        .join_from(_SKILL_SEATS, Skill.__table__, _SKILLS.id == _SKILL_SEATS.c.skill_id)
        .where(among(_SKILL_SEATS.c.user_id, "user_ids"))
        .order_by(_SKILL_SEATS.c.id)
    )


_SAMPLES = WorkSample.__table__
_WORK_SAMPLES = (
    select(*_SAMPLES.c).where(among(_SAMPLES.c.user_id, "user_ids")).order_by(_SAMPLES.c.id)
)


def work_samples(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """The users' work samples, as columns."""
    return read(session, _WORK_SAMPLES, _ids(user_ids))


_REFERENCES = ExternalReference.__table__.c
_EXTERNAL_REFERENCES = (
    select(*ExternalReference.__table__.c)
    .where(
        _REFERENCES.subject_type == bindparam("subject_type"),
        among(_REFERENCES.subject_id, "user_ids"),
    )
    .order_by(_REFERENCES.id)
)


def external_references(
    session: Session, subject_type: str, subject_ids: Sequence[int]
) -> list[Row[Any]]:
    """The references of these subjects of one type, as columns."""
    return read(session, _EXTERNAL_REFERENCES, {**_ids(subject_ids), "subject_type": subject_type})


_VALUE_ROWS = CustomFieldValue.__table__
_VALUES = _VALUE_ROWS.c
_FIELDS = CustomField.__table__.c


def viewable_fields(requester: Requester) -> list[ColumnElement[bool]]:
    """Conditions on ``custom_fields``: the fields this requester may view, for the
    ``custom_field_values`` include and the custom-field filters alike.

    A field's view permission is a rank on its own account, so it says nothing about members (or
    administrators) of another account: fields of the requester's account, all of them for its
    administrators, otherwise those whose ``view_permission`` ranks at or below the requester's
    permission. A requester on no account views none.
    """
    if requester.account_id is None:
        return [false()]
    on_account = _FIELDS.account_id == requester.account_id
    if requester.is_account_admin:
        return [on_account]
    rank = PERMISSION_RANK.get(requester.permission or "", -1)
    levels = [name for name, level in PERMISSION_RANK.items() if level <= rank]
    return [on_account, _FIELDS.view_permission.in_(levels)]


def viewable_custom_field_values(
    session: Session, user_ids: Sequence[int], requester: Requester, visibility: Visibility
) -> list[Row[Any]]:
    """Values on the users in fields the requester may view (``viewable_fields``), as columns,
    each with its field's (``field_name``, ``field_value_type``, ``field_currency``,
    ``field_account_id``); ``setter_id`` only when the requester may see the setter
    (``seen_user_id``)."""
    statement = _custom_field_values(requester, visibility, for_planner(session))
    return read(session, statement, _ids(user_ids))


@lru_cache(maxsize=1024)
def _custom_field_values(
    requester: Requester, visibility: Visibility, written: bool
) -> Select[Any]:
    return (
        select(
            *columns_as_seen(_VALUE_ROWS, "setter_id", requester, visibility, written=written),
            _FIELDS.name.label("field_name"),
            _FIELDS.value_type.label("field_value_type"),
            _FIELDS.currency.label("field_currency"),
            _FIELDS.account_id.label("field_account_id"),
        )
        .join_from(_VALUE_ROWS, CustomField.__table__, _FIELDS.id == _VALUES.custom_field_id)
        .where(
            _VALUES.subject_type == "User",
            among(_VALUES.subject_id, "user_ids"),
            *viewable_fields(requester),
        )
        .order_by(_VALUES.id)
    )


_CHOSEN = CustomFieldValueChoice.__table__.c
_SELECTED_CHOICES = (
    select(_CHOSEN.custom_field_value_id, _CHOSEN.choice_id)
    .where(among(_CHOSEN.custom_field_value_id, "value_ids"))
    .order_by(_CHOSEN.choice_id)
)


def selected_choices(session: Session, value_ids: Sequence[int]) -> list[Row[Any]]:
    """(custom_field_value_id, choice_id) of each choice selected in these values."""
    if not value_ids:
        return []
    return read(session, _SELECTED_CHOICES, {"value_ids": padded(value_ids)})


_ACCOUNTS = Account.__table__.c
# Each account once: a page's people mostly share one or two.
_ACCOUNTS_OF = (
    select(*_ACCOUNTS)
    .where(_ACCOUNTS.id.in_(select(_AM.account_id).where(among(_AM.user_id, "user_ids"))))
    .order_by(_ACCOUNTS.id)
)


def accounts_of(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """The accounts the users are members of, each once, as columns."""
    return read(session, _ACCOUNTS_OF, _ids(user_ids))


_ORGANIZATIONS = Organization.__table__
_ORGANIZATION_SEATS = OrganizationMembership.__table__
_ORGANIZATIONS_OF = (
    select(_ORGANIZATION_SEATS.c.user_id, *_ORGANIZATIONS.c)
    .join_from(
        _ORGANIZATION_SEATS,
        _ORGANIZATIONS,
        _ORGANIZATIONS.c.id == _ORGANIZATION_SEATS.c.organization_id,
    )
    .where(among(_ORGANIZATION_SEATS.c.user_id, "user_ids"))
    .order_by(_ORGANIZATIONS.c.id)
)


def organizations_of(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """A row per (user, organization): ``user_id`` and the organization's columns, ordered for
    stable id lists."""
    return read(session, _ORGANIZATIONS_OF, _ids(user_ids))


def _workweeks_in_effect() -> Select[Any]:
    on = bindparam("on", type_=Date())
    own = select(
        WorkweekMembership.user_id.label("user_id"),
        literal(0).label("fallback"),
        WorkweekMembership.start_date.label("since"),
        WorkweekMembership.workweek_id.label("workweek_id"),
    ).where(among(WorkweekMembership.user_id, "user_ids"), WorkweekMembership.start_date <= on)
    account_default = (
        select(
            AccountMembership.user_id,
            literal(1),
            Workweek.start_date,
            Workweek.id,
        )
        .join(Workweek, Workweek.account_id == AccountMembership.account_id)
        .where(
            among(AccountMembership.user_id, "user_ids"),
            Workweek.default.is_(True),
            Workweek.start_date <= on,
        )
    )
    candidates = union_all(own, account_default).subquery()
    workweeks = Workweek.__table__
    return (
        select(candidates.c.user_id, *workweeks.c)
        .join_from(candidates, workweeks, workweeks.c.id == candidates.c.workweek_id)
        .order_by(
            candidates.c.user_id,
            candidates.c.fallback,
            candidates.c.since.desc(),
            workweeks.c.id.desc(),
        )
    )


_WORKWEEKS_IN_EFFECT = _workweeks_in_effect()


def workweeks_in_effect(session: Session, user_ids: Sequence[int], on: dt.date) -> list[Row[Any]]:
    """Candidate workweeks on ``on`` (``user_id`` and the workweek's columns), the one in effect
    first for each user.

    A user's own workweek memberships that have started win, latest first; after them comes
    their account's default workweek (latest started first).
    """
    return read(session, _WORKWEEKS_IN_EFFECT, {**_ids(user_ids), "on": on})


_SEATS = Participation.__table__.c
_SPACES = Workspace.__table__.c
_PARTICIPATIONS_IN = (
    select(
        _SEATS.user_id,
        _SEATS.role,
        _SEATS.read_only,
        _SEATS.is_lead,
        _SEATS.financial_access,
        _SPACES.archived,
    )
    .join_from(Participation.__table__, Workspace.__table__, _SPACES.id == _SEATS.workspace_id)
    .where(_SEATS.workspace_id == bindparam("workspace_id"), among(_SEATS.user_id, "user_ids"))
)


def participations_in(
    session: Session, workspace_id: int, user_ids: Sequence[int]
) -> list[Row[Any]]:
    """The seat of each of the users seated in this workspace (``user_id``, ``role``,
    ``read_only``, ``is_lead``, ``financial_access``) with the workspace's ``archived``."""
    return read(session, _PARTICIPATIONS_IN, {**_ids(user_ids), "workspace_id": workspace_id})

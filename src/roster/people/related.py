"""SQL for what hangs off a page of users: each function is one statement keyed by user ids.

Includes call these, so a page costs the same number of statements whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from roster.models import (
    PERMISSION_RANK,
    AccountMembership,
    CustomField,
    CustomFieldValue,
    CustomFieldValueChoice,
    ExternalReference,
    Role,
    Skill,
    SkillMembership,
    WorkSample,
)


def memberships(session: Session, user_ids: Sequence[int]) -> list[AccountMembership]:
    return list(
        session.scalars(select(AccountMembership).where(AccountMembership.user_id.in_(user_ids)))
    )


def roles_of(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """(user_id, role) for each user whose membership has a default role."""
    return list(
        session.execute(
            select(AccountMembership.user_id, Role)
            .join(Role, Role.id == AccountMembership.default_role_id)
            .where(AccountMembership.user_id.in_(user_ids))
        )
    )


def skill_memberships(session: Session, user_ids: Sequence[int]) -> list[Row[Any]]:
    """(skill_membership, skill) pairs, ordered for stable id lists."""
    return list(
        session.execute(
            select(SkillMembership, Skill)
            .join(Skill, Skill.id == SkillMembership.skill_id)
            .where(SkillMembership.user_id.in_(user_ids))
            .order_by(SkillMembership.id)
        )
    )


def work_samples(session: Session, user_ids: Sequence[int]) -> list[WorkSample]:
    return list(
        session.scalars(
            select(WorkSample).where(WorkSample.user_id.in_(user_ids)).order_by(WorkSample.id)
        )
    )


def external_references(
    session: Session, subject_type: str, subject_ids: Sequence[int]
) -> list[ExternalReference]:
    return list(
        session.scalars(
            select(ExternalReference)
            .where(
                ExternalReference.subject_type == subject_type,
                ExternalReference.subject_id.in_(subject_ids),
            )
            .order_by(ExternalReference.id)
        )
    )


def viewable_custom_field_values(
    session: Session, user_ids: Sequence[int], viewer_permission: str | None, viewer_is_admin: bool
) -> list[Row[Any]]:
    """(value, field) pairs on users that a viewer of this permission may see."""
    stmt = (
        select(CustomFieldValue, CustomField)
        .join(CustomField, CustomField.id == CustomFieldValue.custom_field_id)
        .where(CustomFieldValue.subject_type == "User", CustomFieldValue.subject_id.in_(user_ids))
        .order_by(CustomFieldValue.id)
    )
    if not viewer_is_admin:
        rank = PERMISSION_RANK.get(viewer_permission or "", -1)
        visible = [p for p, r in PERMISSION_RANK.items() if r <= rank]
        stmt = stmt.where(CustomField.view_permission.in_(visible))
    return list(session.execute(stmt))


def selected_choices(session: Session, value_ids: Sequence[int]) -> list[Row[Any]]:
    if not value_ids:
        return []
    return list(
        session.execute(
            select(CustomFieldValueChoice.custom_field_value_id, CustomFieldValueChoice.choice_id)
            .where(CustomFieldValueChoice.custom_field_value_id.in_(value_ids))
            .order_by(CustomFieldValueChoice.choice_id)
        )
    )

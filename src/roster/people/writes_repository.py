"""All SQL that changes people: profile columns and the external references hanging off a user.

Reads that decide who may be changed go through ``roster.people.repository`` and the visibility
policy; the statements here only run once that decision is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from roster.models import ExternalReference, User

USER_SUBJECT = "User"


def email_in_use(session: Session, email_address: str, *, except_user_id: int) -> bool:
    """Whether another user has this address, letter case ignored (the unique index's rule)."""
    found = session.execute(
        select(User.id)
        .where(func.lower(User.email_address) == email_address.lower(), User.id != except_user_id)
        .limit(1)
    ).first()
    return found is not None


def update_user(session: Session, user_id: int, values: Mapping[str, Any]) -> None:
    session.execute(update(User).where(User.id == user_id).values(**values))


def user_external_reference(
    session: Session, user_id: int, service_name: str, service_model: str
) -> ExternalReference | None:
    """The user's reference for this service and model; the oldest if data holds several."""
    return session.scalars(
        select(ExternalReference)
        .where(
            ExternalReference.subject_type == USER_SUBJECT,
            ExternalReference.subject_id == user_id,
            ExternalReference.service_name == service_name,
            ExternalReference.service_model == service_model,
        )
        .order_by(ExternalReference.id)
        .limit(1)
    ).first()


def insert_external_reference(session: Session, user_id: int, values: Mapping[str, Any]) -> None:
    session.execute(
        insert(ExternalReference).values(subject_type=USER_SUBJECT, subject_id=user_id, **values)
    )


def update_external_reference(
    session: Session, reference_id: int, values: Mapping[str, Any]
) -> None:
    session.execute(
        update(ExternalReference).where(ExternalReference.id == reference_id).values(**values)
    )

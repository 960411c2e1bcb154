"""Helpers for the Kantata read-API tests: extra factories and a small HTTP client wrapper.

Kept apart from ``tests/factories.py`` (shared) so these tests can grow their own arrangements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from roster.models import (
    AccountMembership,
    Contact,
    CustomField,
    CustomFieldChoice,
    CustomFieldValue,
    CustomFieldValueChoice,
    ExternalReference,
    Role,
    Skill,
    SkillCategory,
    SkillMembership,
    User,
    WorkSample,
)
from tests.factories import save


@dataclass
class Api:
    """A requester's view of the Kantata API: GET with their bearer token."""

    client: Any
    token: str

    def get(self, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.client.request("GET", path, headers=headers, **kwargs)

    def ok(self, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.get(path, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def ids(self, path: str, **kwargs: Any) -> list[int]:
        return [int(r["id"]) for r in self.ok(path, **kwargs)["results"]]


def membership_of(session: Session, user: User) -> AccountMembership:
    return session.scalars(
        select(AccountMembership).where(AccountMembership.user_id == user.id)
    ).one()


def set_membership(session: Session, user: User, **fields: Any) -> None:
    session.execute(
        update(AccountMembership).where(AccountMembership.user_id == user.id).values(**fields)
    )
    session.flush()


def disable_site_wide(session: Session, user: User) -> None:
    user.disabled_at = dt.datetime(2024, 2, 1, tzinfo=dt.UTC)
    session.flush()


def make_contact(session: Session, *, owner: User, contact: User) -> Contact:
    return save(session, Contact(user_id=owner.id, contact_id=contact.id))


def make_skill(
    session: Session,
    *,
    account_id: int,
    name: str = "Python",
    category: SkillCategory | None = None,
    description: str | None = None,
    max_level: int = 5,
) -> Skill:
    return save(
        session,
        Skill(
            account_id=account_id,
            name=name,
            skill_category_id=category.id if category else None,
            description=description,
            max_level=max_level,
        ),
    )


def make_skill_category(session: Session, *, account_id: int, name: str = "Tech") -> SkillCategory:
    return save(session, SkillCategory(account_id=account_id, name=name))


def give_skill(
    session: Session, *, user: User, skill: Skill, level: int | None = 3
) -> SkillMembership:
    return save(session, SkillMembership(user_id=user.id, skill_id=skill.id, level=level))


def make_work_sample(session: Session, *, user: User, title: str = "Portfolio") -> WorkSample:
    return save(
        session,
        WorkSample(
            user_id=user.id, title=title, description="What I did", website_url="https://x.test"
        ),
    )


def make_external_reference(
    session: Session, *, user: User, service_name: str = "salesforce", **fields: Any
) -> ExternalReference:
    values: dict[str, Any] = {
        "service_model": "Contact",
        "service_model_ref": "SF-1",
        "status": "successful",
        **fields,
    }
    return save(
        session,
        ExternalReference(
            subject_type="User", subject_id=user.id, service_name=service_name, **values
        ),
    )


def make_custom_field(
    session: Session,
    *,
    account_id: int,
    name: str = "Badge",
    value_type: str = "string",
    view_permission: str = "punch_clock",
    currency: str | None = None,
) -> CustomField:
    return save(
        session,
        CustomField(
            account_id=account_id,
            name=name,
            subject_type="User",
            value_type=value_type,
            view_permission=view_permission,
            currency=currency,
        ),
    )


def make_choice(session: Session, *, field: CustomField, label: str) -> CustomFieldChoice:
    return save(session, CustomFieldChoice(custom_field_id=field.id, label=label))


def set_custom_value(
    session: Session,
    *,
    field: CustomField,
    user: User,
    text: str | None = None,
    number: Decimal | None = None,
    date: dt.date | None = None,
    currency: str | None = None,
    choices: tuple[CustomFieldChoice, ...] = (),
) -> CustomFieldValue:
    value = save(
        session,
        CustomFieldValue(
            custom_field_id=field.id,
            subject_type="User",
            subject_id=user.id,
            value_text=text,
            value_number=number,
            value_date=date,
            currency=currency,
        ),
    )
    for choice in choices:
        save(session, CustomFieldValueChoice(custom_field_value_id=value.id, choice_id=choice.id))
    return value


def make_account_role(session: Session, *, account_id: int, name: str) -> Role:
    return save(session, Role(account_id=account_id, name=name))


def bulk_members(
    session: Session, *, account_id: int, count: int, prefix: str = "Bulk"
) -> list[int]:
    """``count`` enabled members of the account (no workspace), in one statement each table.

    Names sort in id order: ``Bulk 0001``, ``Bulk 0002``...
    """
    ids = list(
        session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [
                {
                    "first_name": prefix,
                    "last_name": f"{n:04d}",
                    "email_address": f"{prefix.lower()}{n:04d}@bulk.test",
                }
                for n in range(1, count + 1)
            ],
        )
    )
    session.execute(
        insert(AccountMembership),
        [
            {"account_id": account_id, "user_id": user_id, "permission": "collaborator"}
            for user_id in ids
        ],
    )
    return ids

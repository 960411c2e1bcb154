"""Arranging helpers for the custom-field and external-reference filter tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from roster.models import (
    Account,
    CustomField,
    CustomFieldChoice,
    CustomFieldValue,
    CustomFieldValueChoice,
    ExternalReference,
    User,
)
from tests.factories import make_account, make_user, make_workspace, participate, save, token_for


@dataclass
class Organisation:
    """An account whose administrator (``boss``) shares one workspace with ``people``.

    ``ghost`` is on the same account but in no workspace: invisible to the boss unless the
    request widens to the account (on_my_account=true).
    """

    account: Account
    boss: User
    token: str
    people: dict[str, User]
    ghost: User

    def __getitem__(self, name: str) -> User:
        return self.people[name]


def build_organisation(session: Session, names: Sequence[str]) -> Organisation:
    account = make_account(session)
    boss = make_user(session, first_name="Boss", account=account, is_administrator=True)
    workspace = make_workspace(session, account=account)
    participate(session, user=boss, workspace=workspace)
    people = {}
    for name in names:
        person = make_user(session, first_name=name.title(), account=account)
        participate(session, user=person, workspace=workspace)
        people[name] = person
    ghost = make_user(session, first_name="Ghost", account=account)
    return Organisation(account, boss, token_for(session, boss), people, ghost)


def make_custom_field(
    session: Session,
    *,
    account: Account,
    value_type: str,
    view_permission: str = "punch_clock",
    currency: str | None = None,
    subject_type: str = "User",
) -> CustomField:
    return save(
        session,
        CustomField(
            account_id=account.id,
            name=f"{value_type} field",
            subject_type=subject_type,
            value_type=value_type,
            view_permission=view_permission,
            currency=currency,
        ),
    )


def make_choices(session: Session, *, field: CustomField, count: int) -> list[CustomFieldChoice]:
    return [
        save(session, CustomFieldChoice(custom_field_id=field.id, label=f"Choice {n}"))
        for n in range(count)
    ]


def set_value(
    session: Session,
    *,
    field: CustomField,
    user: User,
    text: str | None = None,
    number: Decimal | str | None = None,
    date: dt.date | None = None,
    currency: str | None = None,
    choices: Iterable[CustomFieldChoice] = (),
    subject_type: str = "User",
) -> CustomFieldValue:
    value = save(
        session,
        CustomFieldValue(
            custom_field_id=field.id,
            subject_type=subject_type,
            subject_id=user.id,
            value_text=text,
            value_number=None if number is None else Decimal(number),
            value_date=date,
            currency=currency,
        ),
    )
    for choice in choices:
        save(session, CustomFieldValueChoice(custom_field_value_id=value.id, choice_id=choice.id))
    return value


def make_reference(
    session: Session,
    *,
    user: User,
    service_name: str = "salesforce",
    service_model: str = "Contact",
    service_model_ref: str = "1",
    subject_type: str = "User",
    **fields: Any,
) -> ExternalReference:
    return save(
        session,
        ExternalReference(
            subject_type=subject_type,
            subject_id=user.id,
            service_name=service_name,
            service_model=service_model,
            service_model_ref=service_model_ref,
            **fields,
        ),
    )


def user_ids(client: Any, token: str, path: str = "/api/v1/users", **params: Any) -> set[int]:
    """The ids a filtered list returns (all on one page), checking count agrees with them."""
    response = client.get(
        path, params={"per_page": 200, **params}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    ids = {int(result["id"]) for result in body["results"]}
    assert body["count"] == len(ids)
    return ids


def bad_request(client: Any, token: str, **params: Any) -> str:
    """The message of a 400 in Kantata's shape; fails if the response is anything else."""
    response = client.get(
        "/api/v1/users", params=params, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1
    assert errors[0]["type"] == "system"
    assert set(errors[0]) == {"type", "message"}
    message: str = errors[0]["message"]
    return message

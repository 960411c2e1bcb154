"""Plain keyword-only factories: each inserts one row through the ORM and flushes it."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from roster.auth.tokens import issue_token
from roster.models import (
    Account,
    AccountMembership,
    Participation,
    Role,
    User,
    Workspace,
)

T = TypeVar("T")
_sequence = itertools.count(1)


def save(session: Session, obj: T) -> T:
    session.add(obj)
    session.flush()
    return obj


def make_account(session: Session, *, name: str | None = None, **fields: Any) -> Account:
    return save(session, Account(name=name or f"Account {next(_sequence)}", **fields))


def make_user(
    session: Session,
    *,
    first_name: str = "Test",
    last_name: str | None = None,
    email_address: str | None = None,
    account: Account | None = None,
    is_administrator: bool = False,
    permission: str | None = None,
    disabled: bool = False,
    **fields: Any,
) -> User:
    n = next(_sequence)
    user = save(
        session,
        User(
            first_name=first_name,
            last_name=last_name if last_name is not None else f"User{n}",
            email_address=email_address or f"user{n}@example.test",
            **fields,
        ),
    )
    if account is not None:
        save(
            session,
            AccountMembership(
                account_id=account.id,
                user_id=user.id,
                is_administrator=is_administrator,
                permission=permission or ("administrator" if is_administrator else "collaborator"),
                disabled_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) if disabled else None,
            ),
        )
    return user


def make_role(session: Session, *, account: Account, name: str = "Consultant") -> Role:
    return save(session, Role(account_id=account.id, name=name))


def make_workspace(
    session: Session, *, account: Account, title: str | None = None, **fields: Any
) -> Workspace:
    return save(
        session,
        Workspace(account_id=account.id, title=title or f"Project {next(_sequence)}", **fields),
    )


def participate(
    session: Session,
    *,
    user: User,
    workspace: Workspace,
    role: str = "provider",
    **fields: Any,
) -> Participation:
    return save(
        session, Participation(user_id=user.id, workspace_id=workspace.id, role=role, **fields)
    )


def token_for(session: Session, user: User) -> str:
    return issue_token(session, user_id=user.id, name="test").secret

"""Arrangements for the user-update and capacity tests: a requester's client, capacity rows, and
a cast of users whose relations to a target cover the permission matrix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from roster.models import (
    AccountMembership,
    ExternalReference,
    Holiday,
    HolidayCalendar,
    HolidayCalendarMembership,
    TimeOffEntry,
    User,
    Workweek,
    WorkweekMembership,
)
from tests.factories import (
    make_account,
    make_user,
    make_workspace,
    participate,
    save,
    token_for,
)


@dataclass
class As:
    """Requests made with one user's bearer token."""

    client: Any
    token: str

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self.client.put(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.client.patch(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)


def acting_as(session: Session, client: Any, user: User) -> As:
    return As(client, token_for(session, user))


def stored_user(session: Session, user_id: int) -> User:
    """The user as the database holds it now (after the app's own transaction)."""
    session.expire_all()
    return session.execute(select(User).where(User.id == user_id)).scalar_one()


def user_references(session: Session, user_id: int) -> list[ExternalReference]:
    session.expire_all()
    return list(
        session.scalars(
            select(ExternalReference)
            .where(
                ExternalReference.subject_type == "User", ExternalReference.subject_id == user_id
            )
            .order_by(ExternalReference.id)
        )
    )


def account_id_of(session: Session, user: User) -> int:
    return session.execute(
        select(AccountMembership.account_id).where(AccountMembership.user_id == user.id)
    ).scalar_one()


def set_manager(session: Session, user: User, manager: User) -> None:
    session.execute(
        update(AccountMembership)
        .where(AccountMembership.user_id == user.id)
        .values(manager_id=manager.id)
    )
    session.flush()


def make_workweek(
    session: Session,
    *,
    account_id: int,
    start_date: dt.date,
    default: bool = False,
    weekdays: int = 480,
    weekend: int = 0,
    **minutes: int,
) -> Workweek:
    """A workweek of ``weekdays`` minutes Monday to Friday, ``weekend`` on Saturday and Sunday;
    ``monday_minutes=...`` and the like override single days."""
    columns = {
        f"{day}_minutes": weekdays
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    }
    columns.update(saturday_minutes=weekend, sunday_minutes=weekend)
    columns.update(minutes)
    return save(
        session,
        Workweek(account_id=account_id, start_date=start_date, default=default, **columns),
    )


def follow_workweek(
    session: Session, *, user: User, workweek: Workweek, start_date: dt.date
) -> WorkweekMembership:
    return save(
        session,
        WorkweekMembership(user_id=user.id, workweek_id=workweek.id, start_date=start_date),
    )


def make_calendar(session: Session, *, account_id: int, name: str = "Holidays") -> HolidayCalendar:
    return save(session, HolidayCalendar(account_id=account_id, name=name))


def add_holiday(
    session: Session, *, calendar: HolidayCalendar, start_date: dt.date, end_date: dt.date
) -> Holiday:
    return save(
        session,
        Holiday(
            holiday_calendar_id=calendar.id,
            name="Holiday",
            start_date=start_date,
            end_date=end_date,
        ),
    )


def join_calendar(
    session: Session, *, user: User, calendar: HolidayCalendar
) -> HolidayCalendarMembership:
    return save(
        session, HolidayCalendarMembership(user_id=user.id, holiday_calendar_id=calendar.id)
    )


def take_time_off(session: Session, *, user: User, day: dt.date, hours: str) -> TimeOffEntry:
    return save(session, TimeOffEntry(user_id=user.id, requested_date=day, hours=Decimal(hours)))


@dataclass
class Cast:
    """A target user and everyone whose relation to them a permission rule distinguishes.

    - ``target``: a member of ``account`` sharing ``project`` with ``peer`` and ``outsider``;
    - ``admin``: an administrator of ``account`` who is in no project at all;
    - ``manager``: the target's manager, in no project;
    - ``peer``: a non-administrator of the same account, sharing the project;
    - ``colleague``: a non-administrator of the same account in no project;
    - ``outsider``: an administrator of another account who shares the project;
    - ``stranger``: an administrator of a third account sharing nothing (cannot see the target).
    """

    target: User
    admin: User
    manager: User
    peer: User
    colleague: User
    outsider: User
    stranger: User
    account_id: int


def make_cast(session: Session) -> Cast:
    account = make_account(session)
    other = make_account(session)
    target = make_user(session, first_name="Tara", last_name="Target", account=account)
    admin = make_user(session, first_name="Ada", account=account, is_administrator=True)
    manager = make_user(session, first_name="Max", account=account)
    peer = make_user(session, first_name="Pat", account=account)
    colleague = make_user(session, first_name="Cole", account=account)
    outsider = make_user(session, first_name="Otto", account=other, is_administrator=True)
    stranger = make_user(
        session, first_name="Stan", account=make_account(session), is_administrator=True
    )
    project = make_workspace(session, account=account)
    for user in (target, peer, outsider):
        participate(session, user=user, workspace=project)
    set_manager(session, target, manager)
    return Cast(target, admin, manager, peer, colleague, outsider, stranger, account.id)

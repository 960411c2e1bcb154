"""What a user can work: workweeks, holiday calendars, holidays and time off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base, Timestamped

WEEKDAY_COLUMNS = (
    "monday_minutes",
    "tuesday_minutes",
    "wednesday_minutes",
    "thursday_minutes",
    "friday_minutes",
    "saturday_minutes",
    "sunday_minutes",
)  # in date.weekday() order


class Workweek(Timestamped, Base):
    __tablename__ = "workweeks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="Standard", server_default="Standard")
    start_date: Mapped[dt.date] = mapped_column(Date)
    default: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    sunday_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    monday_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    tuesday_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    wednesday_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    thursday_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    friday_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    saturday_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WorkweekMembership(Timestamped, Base):
    __tablename__ = "workweek_memberships"
    __table_args__ = (Index("ix_workweek_memberships_user_start", "user_id", "start_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    workweek_id: Mapped[int] = mapped_column(
        ForeignKey("workweeks.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[dt.date] = mapped_column(Date)


class HolidayCalendar(Timestamped, Base):
    __tablename__ = "holiday_calendars"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class Holiday(Timestamped, Base):
    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    holiday_calendar_id: Mapped[int] = mapped_column(
        ForeignKey("holiday_calendars.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    paid: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))


class HolidayCalendarMembership(Timestamped, Base):
    __tablename__ = "holiday_calendar_memberships"
    __table_args__ = (
        Index("ix_holiday_calendar_memberships_calendar_user", "holiday_calendar_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    holiday_calendar_id: Mapped[int] = mapped_column(
        ForeignKey("holiday_calendars.id", ondelete="CASCADE")
    )


class TimeOffEntry(Timestamped, Base):
    __tablename__ = "time_off_entries"
    __table_args__ = (Index("ix_time_off_entries_user_date", "user_id", "requested_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    requested_date: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    submission_date: Mapped[dt.date | None] = mapped_column(Date)

"""Custom fields of every Kantata type, their choices, and the values set on subjects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base, Timestamped

VALUE_TYPES = ("string", "text", "number", "currency", "date", "single", "multi")
SUBJECT_TYPES = ("User", "Workspace", "Story")


class CustomField(Timestamped, Base):
    __tablename__ = "custom_fields"
    __table_args__ = (
        CheckConstraint(
            "value_type IN ('string','text','number','currency','date','single','multi')",
            name="value_type",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    subject_type: Mapped[str] = mapped_column(String(20), default="User", server_default="User")
    value_type: Mapped[str] = mapped_column(String(20))
    # Lowest account permission that may see / edit values (see accounts.PERMISSIONS).
    view_permission: Mapped[str] = mapped_column(
        String(40), default="punch_clock", server_default="punch_clock"
    )
    edit_permission: Mapped[str] = mapped_column(
        String(40), default="administrator", server_default="administrator"
    )
    currency: Mapped[str | None] = mapped_column(String(3))


class CustomFieldChoice(Timestamped, Base):
    __tablename__ = "custom_field_choices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    custom_field_id: Mapped[int] = mapped_column(
        ForeignKey("custom_fields.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))


class CustomFieldValue(Timestamped, Base):
    """One value of one field on one subject. Exactly one value_* column is used per type."""

    __tablename__ = "custom_field_values"
    __table_args__ = (
        UniqueConstraint("custom_field_id", "subject_type", "subject_id"),
        Index("ix_custom_field_values_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    custom_field_id: Mapped[int] = mapped_column(ForeignKey("custom_fields.id", ondelete="CASCADE"))
    subject_type: Mapped[str] = mapped_column(String(20), default="User", server_default="User")
    subject_id: Mapped[int] = mapped_column(Integer)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    value_date: Mapped[dt.date | None] = mapped_column(Date)
    currency: Mapped[str | None] = mapped_column(String(3))
    setter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CustomFieldValueChoice(Base):
    """A choice selected by a single- or multi-choice value."""

    __tablename__ = "custom_field_value_choices"
    __table_args__ = (
        Index("ix_custom_field_value_choices_choice", "choice_id", "custom_field_value_id"),
    )

    custom_field_value_id: Mapped[int] = mapped_column(
        ForeignKey("custom_field_values.id", ondelete="CASCADE"), primary_key=True
    )
    choice_id: Mapped[int] = mapped_column(
        ForeignKey("custom_field_choices.id", ondelete="CASCADE"), primary_key=True
    )

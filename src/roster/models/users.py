"""Users (Teamwork: people) and the per-user contact list."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base, Timestamped

# full_name is derived from the two stored parts, by the database, identically on both engines.
FULL_NAME_SQL = "trim(first_name || ' ' || last_name)"


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_email_lower", text("lower(email_address)"), unique=True),
        Index("ix_users_full_name_lower", text("lower(full_name)")),
        Index("ix_users_updated_at", "updated_at"),
        Index("ix_users_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    last_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    full_name: Mapped[str] = mapped_column(String(201), Computed(FULL_NAME_SQL, persisted=True))
    email_address: Mapped[str] = mapped_column(String(320))
    headline: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # Key of the stored profile photo; None means the default image.
    photo_key: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(500))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name
    classification: Mapped[str | None] = mapped_column(String(100))
    last_site_activity: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Disabled site-wide ("disabled by the Kantata team"), independent of any account membership.
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Contact(Timestamped, Base):
    """An entry of a user's contact list (Kantata ``all_contacts``)."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("user_id", "contact_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

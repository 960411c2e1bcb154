"""Accounts (Teamwork: companies), their memberships and account roles (Teamwork: job roles)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base, Timestamped

# Kantata's account permission levels, lowest first; "X or above" filters compare ranks.
PERMISSIONS: tuple[str, ...] = (
    "punch_clock",
    "collaborator",
    "project_creator",
    "project_lead",
    "reports_viewer",
    "reports_viewer_with_cost",
    "account_admin",
    "administrator",
)
PERMISSION_RANK: dict[str, int] = {name: rank for rank, name in enumerate(PERMISSIONS)}


class Account(Timestamped, Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    country_code: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(20))
    logo_url: Mapped[str | None] = mapped_column(String(500))


class Role(Timestamped, Base):
    """An account role: Kantata ``roles``, Teamwork ``jobRoles``."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AccountMembership(Timestamped, Base):
    """A user's place on an account. A user has at most one; a user with none is a contact."""

    __tablename__ = "account_memberships"
    __table_args__ = (
        CheckConstraint(
            "permission IN (" + ",".join(f"'{p}'" for p in PERMISSIONS) + ")",
            name="permission",
        ),
        Index("ix_account_memberships_account_user", "account_id", "user_id"),
        Index("ix_account_memberships_manager_id", "manager_id"),
        Index("ix_account_memberships_default_role_id", "default_role_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    permission: Mapped[str] = mapped_column(String(40), default="collaborator")
    is_administrator: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    collaborator_only_license: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    default_role_id: Mapped[int | None] = mapped_column(ForeignKey("roles.id", ondelete="SET NULL"))
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    bill_rate_in_cents: Mapped[int | None] = mapped_column(Integer)
    cost_rate_in_cents: Mapped[int | None] = mapped_column(Integer)
    billability_target: Mapped[int | None] = mapped_column(Integer)
    # Access to Kantata Insights (show_users_in_insights_groups).
    insights_access: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # Teamwork facets of a seat: a service account (an API bot) or a planning placeholder.
    is_service_account: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    is_placeholder: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )

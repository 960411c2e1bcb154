"""Workspaces (projects) and everything a user does inside one: participation, resources,
tasks with assignees and followers, estimates and timesheet submissions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
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

PARTICIPATION_ROLES = ("provider", "client")


class Workspace(Timestamped, Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)


class Participation(Timestamped, Base):
    """A user's seat in a workspace: provider (consultant) or client side."""

    __tablename__ = "participations"
    __table_args__ = (
        CheckConstraint("role IN ('provider','client')", name="role"),
        UniqueConstraint("workspace_id", "user_id"),
        # Visibility walks user -> workspaces -> users; both directions need a covering index.
        Index("ix_participations_user_workspace", "user_id", "workspace_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10), default="provider")
    read_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # Financial access: may see and approve money in this workspace.
    financial_access: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )


class WorkspaceResource(Timestamped, Base):
    """A staffing slot in a workspace (a role to fill, optionally filled by a user)."""

    __tablename__ = "workspace_resources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[int | None] = mapped_column(ForeignKey("roles.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Story(Timestamped, Base):
    """A task (Kantata calls tasks stories)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(
        String(20), default="not started", server_default="not started"
    )
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class StoryAssignment(Timestamped, Base):
    __tablename__ = "story_assignments"
    __table_args__ = (UniqueConstraint("story_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class StoryFollower(Timestamped, Base):
    __tablename__ = "story_followers"
    __table_args__ = (UniqueConstraint("story_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class Estimate(Timestamped, Base):
    __tablename__ = "estimates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE")
    )
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(255))


class TimesheetSubmission(Timestamped, Base):
    __tablename__ = "timesheet_submissions"
    __table_args__ = (
        Index("ix_timesheet_submissions_workspace_user", "workspace_id", "user_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="submitted", server_default="submitted")

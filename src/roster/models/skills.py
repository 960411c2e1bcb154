"""Skills, their categories, and users' skill memberships with proficiency levels."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base, Timestamped


class SkillCategory(Timestamped, Base):
    __tablename__ = "skill_categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class Skill(Timestamped, Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    skill_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill_categories.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    max_level: Mapped[int] = mapped_column(Integer, default=5, server_default="5")


class SkillMembership(Timestamped, Base):
    __tablename__ = "skill_memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "skill_id"),
        Index("ix_skill_memberships_skill_level", "skill_id", "level", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    level: Mapped[int | None] = mapped_column(Integer)

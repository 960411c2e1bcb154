"""External references: links from a Roster object to its twin in another system."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base, Timestamped


class ExternalReference(Timestamped, Base):
    __tablename__ = "external_references"
    __table_args__ = (
        Index("ix_external_references_subject", "subject_type", "subject_id"),
        Index("ix_external_references_service", "service_name", "subject_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20), default="User", server_default="User")
    subject_id: Mapped[int] = mapped_column(Integer)
    service_name: Mapped[str] = mapped_column(String(100))
    service_model: Mapped[str] = mapped_column(String(100))
    service_model_ref: Mapped[str] = mapped_column(String(200))
    status: Mapped[str | None] = mapped_column(String(20))
    external_status: Mapped[str | None] = mapped_column(String(100))
    external_message: Mapped[str | None] = mapped_column(Text)
    external_link: Mapped[str | None] = mapped_column(String(500))
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    last_synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

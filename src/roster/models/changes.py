"""The data version: one row whose number changes with every write to the directory's data.

Triggers on every watched table (migration 0004, ``roster.db.changes``) give it a fresh number
whenever a statement writes to one of them, in the writer's own transaction, so a reader that sees
a number also sees the data as of that number. Numbers never repeat, rolled-back writes included:
PostgreSQL draws them from a sequence, SQLite from ``random()``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base


class DataChange(Base):
    __tablename__ = "data_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)

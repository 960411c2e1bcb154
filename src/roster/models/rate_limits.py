"""Per-token request counters for the database rate-limit backend (docs/configuration.md).

One row per counted key holds the current fixed window only: the upsert that counts a request
also starts a new window when the old one has passed, so the table never grows beyond one row per
token. The window start is whole epoch seconds, which both engines compare the same way.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from roster.db.base import Base


class RateLimitCounter(Base):
    __tablename__ = "rate_limit_counters"

    # No foreign key to api_tokens: counting happens on its own connection, outside the request's
    # transaction, and must not wait on (or be rolled back with) anything the request does.
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger)
    hits: Mapped[int] = mapped_column(Integer)

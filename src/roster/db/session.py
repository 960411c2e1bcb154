"""The Database handle: one engine, request-scoped sessions, and the transaction rule.

Services never commit. ``Database.transaction()`` is the only place a unit of work is committed
(or rolled back on error), so a request either lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from roster.db.engine import make_engine


class Database:
    def __init__(self, engine: Engine, *, bind: Connection | None = None) -> None:
        self.engine = engine
        # Tests bind every session to one outer transaction that they roll back afterwards.
        self._bind: Engine | Connection = bind if bind is not None else engine
        self._sessions = sessionmaker(
            bind=self._bind,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self._sessions() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()

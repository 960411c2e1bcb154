"""The Database handle: one engine, request-scoped sessions, and the transaction rule.

Services never commit. ``Database.transaction()`` is the only place a unit of work is committed
(or rolled back on error), so a request either lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from roster.db.engine import make_engine, reader_for
from roster.db.kept_readers import KeptReaders


class Database:
    def __init__(
        self, engine: Engine, *, bind: Connection | None = None, reader: Engine | None = None
    ) -> None:
        self.engine = engine
        # Tests bind every session to one outer transaction that they roll back afterwards.
        self._bind: Engine | Connection = bind if bind is not None else engine
        self._sessions = sessionmaker(
            bind=self._bind,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )
        # Read requests' engine (``reader_for``); without one they read on the main engine.
        self.reader = reader
        # Read requests keep their sessions and connections between requests (KeptReaders),
        # except in tests bound to one outer connection and on an in-memory SQLite database,
        # which read in a transaction like a write.
        self._kept = (
            KeptReaders.on(reader if reader is not None else engine, self._sessions)
            if bind is None
            else None
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @classmethod
    def serving(cls, url: str, *, statement_timeout: int = 0) -> Database:
        """The Database a server worker uses: on PostgreSQL, with a reader for read requests."""
        return cls(
            make_engine(url, statement_timeout=statement_timeout),
            reader=reader_for(url, statement_timeout=statement_timeout),
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def reading(self) -> AbstractContextManager[Session]:
        """A session for a request that only reads: on the reader when there is one (each
        statement then commits on its own, and the server refuses writes), else in a
        transaction; kept with its connection for the next read where it can be."""
        if self._kept is not None:
            return self._kept.session()
        return self.transaction()

    def ping(self) -> None:
        with self._sessions() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        if self._kept is not None:
            self._kept.release()
        self.engine.dispose()
        if self.reader is not None:
            self.reader.dispose()

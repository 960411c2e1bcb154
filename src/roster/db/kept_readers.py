"""Read requests' sessions, kept between requests together with their connections.

Opening a session and its connection for each request, then committing and closing both, cost
about 450,000 instructions on SQLite (the Session and its transaction, the Connection, the
pool's checkout and check-in and their events): a quarter of what a whole show cost
(docs/benchmark.md, item 24). A read needs none of it anew. Here a session stays bound to one
connection; a request begins a transaction on that connection (on SQLite the ``BEGIN`` of
``roster.db.engine``; on PostgreSQL's reader, which commits each statement, a marker), the
session joins it, and at the end the session is closed (its identity map and ``info`` emptied)
and the transaction ended. Nothing but the connection outlives the request.

Taken last in, first out, so the few a worker's threads use stay warm. A connection that
SQLAlchemy invalidated (the database restarted, or dropped it) is never kept; and since the pool
then retires every connection older than that moment, the kept ones are handed back to it too,
so the request answered again (``roster.web.dialect``) starts on a fresh connection. One older
than the pool's recycle age goes back to the pool as well.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool


@dataclass(slots=True)
class _Kept:
    connection: Connection
    session: Session
    opened: float


class KeptReaders:
    """Sessions for read requests on ``engine``, each bound to a connection kept between
    requests; at most as many kept as the pool's size."""

    def __init__(self, engine: Engine, pool: QueuePool, sessions: sessionmaker[Session]) -> None:
        self._engine = engine
        self._sessions = sessions
        self._keep = pool.size()
        recycle = pool._recycle
        self._recycle = recycle if recycle >= 0 else None
        # deque's append and pop are atomic: threads share it without a lock.
        self._free: deque[_Kept] = deque()

    @classmethod
    def on(cls, engine: Engine, sessions: sessionmaker[Session]) -> KeptReaders | None:
        """Kept readers for ``engine``, or None where its pool is not one of several connections
        (an in-memory SQLite database's one connection is shared by every session)."""
        pool = engine.pool
        return cls(engine, pool, sessions) if isinstance(pool, QueuePool) else None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction of its own, committed if the block ends normally."""
        try:
            kept = self._free.pop()
        except IndexError:
            kept = self._open()
        connection = kept.connection
        try:
            transaction = connection.begin()
        except BaseException:
            self._retire(kept)
            raise
        succeeded = False
        try:
            yield kept.session
            succeeded = True
        finally:
            try:
                kept.session.close()
                kept.session.info.clear()
                if transaction.is_active:
                    if succeeded:
                        transaction.commit()
                    else:
                        transaction.rollback()
            except BaseException:
                self._retire(kept)
                if succeeded:
                    raise
            else:
                self._give_back(kept)

    def _open(self) -> _Kept:
        connection = self._engine.connect()
        session = self._sessions(bind=connection, join_transaction_mode="rollback_only")
        return _Kept(connection, session, time.monotonic())

    def _give_back(self, kept: _Kept) -> None:
        connection = kept.connection
        if connection.invalidated or connection.closed:
            self._retire(kept)
            self.release()
            return
        too_old = self._recycle is not None and time.monotonic() - kept.opened > self._recycle
        if too_old or len(self._free) >= self._keep:
            self._retire(kept)
            return
        self._free.append(kept)

    @staticmethod
    def _retire(kept: _Kept) -> None:
        kept.session.close()
        # Back to the pool, which discards an invalidated connection and reconnects later.
        kept.connection.close()

    def release(self) -> None:
        """Hand every kept connection back to the pool (after a lost connection, or to stop)."""
        while True:
            try:
                kept = self._free.pop()
            except IndexError:
                return
            self._retire(kept)

"""Reading the data version (``roster.models.changes``) and checking what its triggers watch."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, select, text
from sqlalchemy.orm import ORMExecuteState, Session

from roster.db.reading import read
from roster.models import DataChange

# Tables whose writes never change what a people query answers: credentials, OAuth grants and
# rate-limit counters (written on every counted request), and the version row itself.
EXEMPT = frozenset(
    {
        "api_tokens",
        "oauth_clients",
        "oauth_authorization_codes",
        "rate_limit_counters",
        "data_changes",
    }
)

_VERSION = select(DataChange.version).where(DataChange.id == 1)

# For a statement every request sends anyway (the token lookup): the version rides along, and
# the request spends no statement of its own on it.
DATA_VERSION_COLUMN = _VERSION.scalar_subquery().label("data_version")

_KNOWN = "roster.data_version"


def data_version(session: Session) -> int:
    """The current data version, as this transaction sees it.

    Read once per transaction and reused (a deep page and its count both ask) until the session
    writes or its transaction ends, when it is read again.
    """
    known: int | None = session.info.get(_KNOWN)
    if known is None:
        known = session.info[_KNOWN] = int(read(session, _VERSION)[0][0])
    return known


def remember_data_version(session: Session, version: int) -> None:
    """Keep the version another statement of this transaction read (``DATA_VERSION_COLUMN``)."""
    session.info[_KNOWN] = int(version)


def _forget(session: Session) -> None:
    session.info.pop(_KNOWN, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        _forget(state.session)


@event.listens_for(Session, "after_flush")
def _forget_after_flush(session: Session, _context: Any) -> None:
    _forget(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_transaction(session: Session, _transaction: Any) -> None:
    _forget(session)


def watched_tables(connection: Connection) -> set[str]:
    """The tables that carry a data-change trigger in this database."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'note_data_change'"
            )
        )
        return {str(name) for (name,) in rows}
    rows = connection.execute(
        text(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'note_data_change_%' GROUP BY tbl_name HAVING count(*) = 3"
        )
    )
    return {str(name) for (name,) in rows}

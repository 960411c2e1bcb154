"""Reading the data version (``roster.models.changes``) and checking what its triggers watch."""

from __future__ import annotations

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

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


def data_version(session: Session) -> int:
    """The current data version, as this transaction sees it."""
    return int(session.execute(_VERSION).scalar_one())


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

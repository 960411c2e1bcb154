"""Suspend the users search index during a bulk load, then rebuild it in one pass.

On SQLite the ``users_search`` FTS5 table is kept in step by three triggers (migration 0002).
Firing them row by row during a bulk load costs more than rebuilding the index once at the end,
so a bulk loader drops them and restores them afterwards. The triggers are recreated from the
SQL SQLite recorded when the migration created them (``sqlite_master.sql``), so the restored
triggers are exactly the migration's, with no second copy of that SQL to drift.

Everything happens on the caller's connection inside the caller's transaction: if the load fails
the transaction is rolled back and the original triggers come back with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

SEARCH_TABLE = "users_search"
_TRIGGER_PREFIX = f"{SEARCH_TABLE}_"


def _search_triggers(connection: Connection) -> list[tuple[str, str]]:
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'trigger' AND tbl_name = 'users' AND name LIKE ? ORDER BY name",
        (_TRIGGER_PREFIX + "%",),
    ).all()
    return [(str(name), str(sql)) for name, sql in rows]


def rebuild_search_index(connection: Connection) -> None:
    """Re-derive the whole FTS index from ``users`` (a no-op on PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")


@contextmanager
def search_index_suspended(connection: Connection) -> Iterator[None]:
    """Within the block, inserts into ``users`` skip the search index; it is rebuilt on exit.

    Must run inside a transaction, so that a failure inside the block leaves the triggers intact.
    PostgreSQL's trigram indexes need no such help and are left alone.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    if not connection.in_transaction():
        raise RuntimeError("search_index_suspended needs a transaction to restore from")
    triggers = _search_triggers(connection)
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
    if triggers:
        rebuild_search_index(connection)

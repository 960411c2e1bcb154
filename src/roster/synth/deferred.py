"""On PostgreSQL, check foreign keys and build secondary indexes once, after a bulk load.

Row-by-row foreign-key triggers and incremental index updates (GIN trigram indexes especially)
cost several times more than the COPY itself. Inside the load's transaction the foreign keys and
the indexes that back no constraint are dropped, and afterwards recreated from the definitions
PostgreSQL reports for them (``pg_get_constraintdef``, ``pg_get_indexdef``): same names, same
definitions, so the schema after the load is exactly the schema before it. Re-adding a foreign key
validates every row in one join and recreating a unique index re-checks uniqueness, so a load that
broke a rule still fails, and the transaction takes everything back with it.

Primary keys and unique constraints stay in place throughout. The tables are locked exclusively
until the transaction ends, which suits loading into an empty database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c
WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
ORDER BY 1, 2
"""
_INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = current_schema()::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY 1
"""


@contextmanager
def checks_deferred_to_end(connection: Connection) -> Iterator[None]:
    """Within the block, foreign keys and non-constraint indexes are gone (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        yield
        return
    if not connection.in_transaction():
        raise RuntimeError("checks_deferred_to_end needs a transaction to restore from")
    # Index builds sort in memory up to this much; the setting ends with the transaction.
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    foreign_keys = connection.exec_driver_sql(_FOREIGN_KEYS).all()
    indexes = connection.exec_driver_sql(_INDEXES).all()
    for table, name, _definition in foreign_keys:
        connection.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for index, _definition in indexes:
        connection.exec_driver_sql(f"DROP INDEX {index}")
    yield
    for _index, definition in indexes:
        connection.exec_driver_sql(definition)
    for table, name, definition in foreign_keys:
        connection.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

"""Keep PostgreSQL id sequences ahead of rows inserted with explicit ids (seed, fixtures)."""

from __future__ import annotations

from sqlalchemy import Connection, text

from roster.models import Base


def reset_sequences(connection: Connection) -> None:
    """After bulk inserts with explicit ids, point each serial sequence past the largest id."""
    if connection.dialect.name != "postgresql":
        return  # SQLite's INTEGER PRIMARY KEY picks max(id)+1 by itself.
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )

"""Bulk writes of generated chunks: COPY on PostgreSQL, batched executemany on SQLite.

Rows carry explicit ids and are written in foreign-key order (``metadata.sorted_tables``), never
through ORM objects. Every row of one table has the same keys, which both paths rely on: the
first row names the columns.

On SQLite, SQLAlchemy's per-row parameter handling costs more than SQLite's own insert work, so
rows go to ``exec_driver_sql`` as tuples, converted with SQLAlchemy's own bind processors for the
table's column types. The one exception is DateTime, whose processor is replaced by an equivalent
that is twice as fast (tests/synth/test_writer.py holds the two to the same output).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, DateTime, Engine, Table, insert

from roster.models import Base
from roster.synth.rows import Chunk, Row

_BATCH_ROWS = 10_000
Converter = Callable[[Any], Any]


def sqlite_datetime(value: dt.datetime) -> str:
    """SQLAlchemy's SQLite DATETIME storage format, 'YYYY-MM-DD HH:MM:SS.ffffff' (no zone)."""
    return value.isoformat(" ", "microseconds")[:26]


class BulkWriter:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.counts: Counter[str] = Counter()
        self._copy = connection.dialect.name == "postgresql"

    def write(self, chunk: Chunk) -> None:
        for table in Base.metadata.sorted_tables:
            rows = chunk.rows.get(table.name)
            if rows:
                if self._copy:
                    self._copy_rows(table, rows)
                else:
                    self._insert_rows(table, rows)
                self.counts[table.name] += len(rows)

    def _converters(self, table: Table, columns: list[str]) -> list[tuple[int, Converter]]:
        dialect = self.connection.dialect
        converters: list[tuple[int, Converter]] = []
        for index, name in enumerate(columns):
            column_type = table.c[name].type
            if isinstance(column_type, DateTime):
                converters.append((index, sqlite_datetime))
            elif not isinstance(column_type, Boolean):  # the driver binds bools as 0 and 1
                processor = column_type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    converters.append((index, processor))
        return converters

    def _insert_rows(self, table: Table, rows: Sequence[Row]) -> None:
        columns = list(rows[0])
        values = itemgetter(*columns)
        converters = self._converters(table, columns)
        sql = str(insert(table).compile(dialect=self.connection.dialect, column_keys=columns))
        # Timestamps are shared: created_at is often updated_at, and one person's skills or
        # teams carry one stamp. Remembering the last conversion skips most of the repeats.
        previous: Any = None
        previous_convert: Converter | None = None
        previous_text: Any = None
        for start in range(0, len(rows), _BATCH_ROWS):
            batch: list[tuple[Any, ...]] = []
            for row in rows[start : start + _BATCH_ROWS]:
                converted = list(values(row))
                for index, convert in converters:
                    value = converted[index]
                    if value is None:
                        continue
                    if value is not previous or convert is not previous_convert:
                        previous, previous_convert = value, convert
                        previous_text = convert(value)
                    converted[index] = previous_text
                batch.append(tuple(converted))
            self.connection.exec_driver_sql(sql, batch)

    def _copy_rows(self, table: Table, rows: Sequence[Row]) -> None:
        columns = list(rows[0])
        values = itemgetter(*columns)
        names = ", ".join(f'"{column}"' for column in columns)
        # The driver connection is the one SQLAlchemy's transaction runs on, so the COPY is part
        # of the caller's transaction like every other statement.
        driver: Any = self.connection.connection.driver_connection
        with (
            driver.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(values(row))


def analyze(engine: Engine) -> None:
    """Refresh planner statistics after a bulk load, so the first queries get good plans."""
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")

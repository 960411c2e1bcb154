"""Reads of columns sent straight to the driver, for the statements every request repeats.

SQLAlchemy builds and compiles each statement; what this module skips is its execution path
around a statement already compiled (execution options, the execution context, events, result
set-up): about half of a cheap read's time in the worker (docs/benchmark.md, item 16).

A statement object runs through SQLAlchemy the first two times; at the second, its compiled
form, its result's metadata and the parameters SQLAlchemy extracted are kept for it (a statement
built for one request, seen once, is never kept), and later runs only
bind values, execute on the session's driver connection and make SQLAlchemy ``Row`` objects. The
SQL, the bind and result processing, the rows and the errors (wrapped, with disconnects
invalidating the connection) are SQLAlchemy's own. While anything listens for a connection's
statements (``before_cursor_execute`` and the like: the benchmark's capture, the statement
budgets in tests) or the engine echoes, every read goes through SQLAlchemy, so that it is seen.

Writes never come here: they go through the session, whose events keep the data version honest
(``roster.db.changes``).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Executable, Row
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from roster.db.planning import PLAN_EACH_TIME
from roster.db.recent import Recent, RecentFor

# Statements are built once and kept (per requester and visibility at most), so a few thousand
# shapes hold every statement a busy worker repeats.
SHAPES_KEPT = 4096
# Statements seen once, remembered so that a second sight is known; one built for a single
# request passes through here without displacing a kept shape.
SIGHTINGS_KEPT = 1024


@dataclass(frozen=True, slots=True)
class _Shape:
    """What one statement object needs to run again without SQLAlchemy's execution path."""

    compiled: SQLCompiler
    extracted: Sequence[Any] | None
    expands: bool
    metadata: Any
    processors: tuple[Any, ...] | None
    key_to_index: dict[Any, int]
    unprepared: bool


# Per (statement, dialect): a statement compiles differently for each database.
_SHAPES: RecentFor[_Shape] = RecentFor(SHAPES_KEPT)
# Statements seen once, by the ids of the statement and dialect, each held by a weak reference:
# most are built for one request (a deep page's seek), and holding them kept a thousand
# statement trees alive in the oldest generation, whose full collections then took 25-111 ms
# of the request they fell in (docs/benchmark.md, item 25).
_SIGHTINGS: Recent[tuple[int, int], weakref.ref[Executable]] = Recent(SIGHTINGS_KEPT)


def read(
    session: Session, stmt: Executable, params: Mapping[str, Any] | None = None
) -> list[Row[Any]]:
    """Every row of a statement that selects columns (no ORM entities), in this transaction."""
    connection = session.connection()
    if _observed(connection):
        return list(connection.execute(stmt, params).all())
    key = (stmt, connection.dialect)
    shape = _SHAPES.get(key)
    if shape is not None:
        return _run(connection, shape, params)
    result = connection.execute(stmt, params)
    rows = list(result.all())
    if _seen_before(stmt, connection.dialect):
        learned = _learn(stmt, result)
        if learned is not None:
            _SHAPES.put(key, learned)
    return rows


def _seen_before(stmt: Executable, dialect: Any) -> bool:
    """Whether ``stmt`` was read on ``dialect`` before; remembers this sighting if not."""
    key = (id(stmt), id(dialect))
    seen = _SIGHTINGS.get(key)
    if seen is not None and seen() is stmt:
        return True
    _SIGHTINGS.put(key, weakref.ref(stmt))
    return False


def _observed(connection: Connection) -> bool:
    dispatch = connection.dispatch
    return bool(
        connection._echo
        or dispatch.before_execute
        or dispatch.after_execute
        or dispatch.before_cursor_execute
        or dispatch.after_cursor_execute
    )


def _learn(stmt: Executable, result: CursorResult[Any]) -> _Shape | None:
    context = result.context
    compiled = context.compiled
    if not isinstance(compiled, SQLCompiler) or not result.returns_rows:
        return None
    if compiled.schema_translate_map or (compiled.positional and compiled.positiontup is None):
        return None
    metadata = result._metadata
    effective = metadata._effective_processors
    processors = tuple(effective) if effective and any(p is not None for p in effective) else None
    return _Shape(
        compiled=compiled,
        extracted=context.extracted_parameters,
        expands=bool(compiled.literal_execute_params or compiled.post_compile_params),
        metadata=metadata,
        processors=processors,
        key_to_index=metadata._key_to_index,
        unprepared=bool(stmt.get_execution_options().get(PLAN_EACH_TIME)),
    )


def _run(connection: Connection, shape: _Shape, params: Mapping[str, Any] | None) -> list[Row[Any]]:
    compiled = shape.compiled
    values = compiled.construct_params(
        params, extracted_parameters=shape.extracted, escape_names=False
    )
    sql = compiled.string
    converters: Mapping[str, Any] = compiled._bind_processors
    order: Sequence[str] | None = compiled.positiontup
    if shape.expands:
        expanded = compiled._process_parameters_for_postcompile(values)
        sql = expanded.statement
        order = expanded.positiontup
        if expanded.processors:
            converters = {**converters, **expanded.processors}
    parameters: Any
    if compiled.positional:
        assert order is not None
        parameters = [
            converters[name](values[name]) if name in converters else values[name] for name in order
        ]
    else:
        escaped = compiled.escaped_bind_names
        parameters = {
            escaped.get(name, name): (converters[name](value) if name in converters else value)
            for name, value in values.items()
        }
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        if shape.unprepared:
            cursor.execute(sql, parameters, prepare=False)
        else:
            cursor.execute(sql, parameters)
        fetched = cursor.fetchall()
    except connection.dialect.loaded_dbapi.Error as error:
        # SQLAlchemy's own handling: the error wrapped as its DBAPIError, a lost connection
        # invalidated, exactly as if the statement had gone through Connection.execute.
        connection._handle_dbapi_exception(error, sql, parameters, cursor, None)
        raise
    finally:
        cursor.close()
    metadata, processors, key_to_index = shape.metadata, shape.processors, shape.key_to_index
    return [Row(metadata, processors, key_to_index, row) for row in fetched]

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
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

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
    row_type: type[Row[Any]]


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
        row_type=_row_type(_named_columns(metadata._key_to_index)),
    )


def _named_columns(key_to_index: Mapping[Any, int | None]) -> tuple[tuple[str, int], ...]:
    """The columns a row can be asked for by attribute: string keys naming one column each
    that are not one of ``Row``'s own attributes (``count``, ``index``, ``_mapping``...)."""
    return tuple(
        (key, index)
        for key, index in key_to_index.items()
        if isinstance(key, str)
        and key.isidentifier()
        and index is not None
        and not hasattr(Row, key)
    )


@lru_cache(maxsize=SHAPES_KEPT)
def _row_type(columns: tuple[tuple[str, int], ...]) -> type[Row[Any]]:
    """A ``Row`` whose columns are properties, for rows read by attribute (``row.user_id``).

    On ``Row`` itself every such read first looks the name up as an attribute, fails, builds an
    AttributeError and only then finds the column: about 0.6 us, and a Teamwork page read its
    rows' columns by name some 700 times (an eighth of its instructions; docs/benchmark.md, item
    28). A property is found by the first look-up (0.14 us). Python's own ``__getattribute__``
    finds it; ``Row``'s (compiled) one is reached through a slower call. Anything that is not a
    column's property still falls through to ``Row``'s ``__getattr__`` and reads as it did.
    """
    attributes: dict[str, Any] = {name: property(itemgetter(index)) for name, index in columns}
    attributes["__slots__"] = ()
    attributes["__getattribute__"] = object.__getattribute__
    return cast(type[Row[Any]], type("ReadRow", (Row,), attributes))


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
    row_type = shape.row_type
    return [row_type(metadata, processors, key_to_index, row) for row in fetched]

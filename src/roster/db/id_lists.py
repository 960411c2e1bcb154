"""A list of ids as one parameter: ``among(column, "name")`` holds where the column is one of them.

SQLAlchemy's expanding ``IN`` writes one placeholder per id when the statement runs, so each
length of list is a statement of its own, and every read of a kept statement paid SQLAlchemy's
post-compile step to write them (docs/benchmark.md, item 23).

- On SQLite the list is one JSON value, read by ``json_each`` (``column IN (SELECT value FROM
  json_each(?))``, which probes the column's index once per id): one statement whatever the
  length, and no post-compile step.
- On PostgreSQL it stays SQLAlchemy's ``IN``, one parameter per id, and ``padded`` lists make a
  few lengths of one: pages of 41 and of 47 people are both a statement of 50, prepared and
  planned once. As one array (``= ANY($1)``) PostgreSQL cannot tell how many ids a generic plan
  will meet, judged a custom plan cheaper, and planned every run again: a show's statement took
  0.93 ms where its generic plan takes 0.21.

An empty list matches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import BigInteger, Boolean, ColumnElement, String, TypeDecorator, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.sql.visitors import InternalTraversal


class IdList(TypeDecorator[Sequence[int]]):
    """A sequence of ids sent as one JSON text (SQLite; PostgreSQL binds each id apart)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Sequence[int] | None, dialect: Dialect) -> str:
        if value is None:
            raise TypeError("an id list is a sequence of ids, not None")
        return orjson.dumps(list(value)).decode()


class Among(ColumnElement[bool]):
    """``column`` is one of the ids bound to ``ids`` (an ``IdList`` parameter)."""

    __visit_name__ = "roster_among"
    inherit_cache = True
    type = Boolean()
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("ids", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[int], ids: ColumnElement[Sequence[int]]) -> None:
        self.column = column
        self.ids = ids

    def self_group(self, against: OperatorType | None = None) -> Among:
        # Already a comparison: without this, a database with no boolean type (SQLite) is sent
        # ``(... IN ...) = 1``, which no index serves.
        return self


# Lists of up to this many ids (a show, a short ``ids`` list) are sent as they are.
_EXACT = 5


def padded(ids: Sequence[int]) -> list[int]:
    """``ids``, the last repeated up to a round length: ``IN`` reads each once all the same, and
    PostgreSQL sees a few lengths of list, so a few statements instead of one per length.

    Up to five ids (a show, a short ``ids`` list) stay as they are; longer lists are rounded up to
    a multiple of ten, and past a hundred to a multiple of fifty. The default pages (20 and 50
    people) are round already and send no extra id: rounding to a power of two made a page of 20
    a list of 32, and its role include 8-10% slower in-process at pg-10k (docs/benchmark.md,
    item 23).
    """
    values = list(ids)
    if len(values) > _EXACT:
        step = 10 if len(values) <= 100 else 50
        values.extend(values[-1:] * (-len(values) % step))
    return values


def among(column: Any, name: str) -> Among:
    """``column`` among the ids passed as parameter ``name`` (a list of ints)."""
    return Among(column, bindparam(name, type_=IdList()))


@compiles(Among)
def _json_each(element: Among, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    ids = compiler.process(element.ids, **kw)
    return f"{column} IN (SELECT value FROM json_each({ids}))"


@compiles(Among, "postgresql")
def _expanded(element: Among, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLAlchemy's IN list (see the module's note). Each id a BIGINT whatever the column's width:
    # a guessed id past 32 bits then matches nothing instead of failing its cast.
    ids = bindparam(element.ids.key, expanding=True, type_=BigInteger())
    # Parenthesised: SQLAlchemy writes an empty list as ``IN (NULL) AND (1 != 1)``, which a NOT
    # in front would otherwise split.
    return f"({compiler.process(element.column.in_(ids), **kw)})"

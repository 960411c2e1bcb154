"""Seeking past a known row instead of skipping rows.

Both APIs page by number, which SQL answers with OFFSET: the database produces and tests every
row before the page, so page 250 costs 250 first pages (docs/benchmark.md, item 11). When the
sort-key values of the row just before the wanted position are known, the page can start right
after that row instead: in a total order (every order here ends with the user id), the rows that
follow a row are exactly those whose keys compare greater in the order's directions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, UnaryExpression, and_, literal, or_, tuple_
from sqlalchemy.sql import operators


@dataclass(frozen=True)
class SortKey:
    expression: ColumnElement[Any]
    descending: bool


def sort_keys(order: Sequence[ColumnElement[Any]]) -> list[SortKey]:
    """The expressions and directions of an ORDER BY list (``x``, ``x.asc()`` or ``x.desc()``)."""
    keys = []
    for item in order:
        if isinstance(item, UnaryExpression) and item.modifier in (
            operators.asc_op,
            operators.desc_op,
        ):
            keys.append(SortKey(item.element, item.modifier is operators.desc_op))
        else:
            keys.append(SortKey(item, False))
    return keys


def following(
    keys: Sequence[SortKey], values: Sequence[Any], *, as_row: bool = False
) -> ColumnElement[bool]:
    """Rows after the row whose sort-key values are ``values`` (values, or parameters bound to
    them when the statement runs), in the order ``keys`` describe.

    For keys k1..kn: k1 beyond v1, or k1 = v1 and (k2 beyond v2, or k2 = v2 and ...). The
    leading key is repeated as a plain bound (k1 >= v1, or <= when descending) so that an index
    on it can start at the row instead of at the beginning. Values must not be NULL: NULL
    compares as unknown, so callers seek only on orders whose keys are never NULL.

    With ``as_row`` (PostgreSQL), keys that all run one way are compared as one row instead,
    ``(k1, ..., kn) > (v1, ..., vn)``: PostgreSQL then starts an index on those keys right after
    the row. From the leading key's bound it started at the first row sharing that key: at a
    million users a deep Teamwork page read and dropped 1,442 people named "Abigail" before its
    first row (docs/benchmark.md, item 32). SQLite does not start an expression index (Kantata's
    ``lower(full_name)``) at a row value, so it is given the expanded form.
    """
    if len(keys) != len(values) or not keys:
        raise ValueError("one value per sort key")
    bounds = [
        v if isinstance(v, ColumnElement) else literal(v, type_=k.expression.type)
        for k, v in zip(keys, values, strict=True)
    ]
    first, start = keys[0], bounds[0]
    if as_row and len({key.descending for key in keys}) == 1:
        row = tuple_(*(key.expression for key in keys))
        return row < tuple_(*bounds) if first.descending else row > tuple_(*bounds)
    reach = first.expression <= start if first.descending else first.expression >= start
    # Built from the last key outwards: the innermost test is the tie-breaker's.
    last, *outer = reversed(list(zip(keys, bounds, strict=True)))
    condition = _beyond(*last)
    for key, bound in outer:
        condition = or_(_beyond(key, bound), and_(key.expression == bound, condition))
    return and_(reach, condition)


def _beyond(key: SortKey, bound: ColumnElement[Any]) -> ColumnElement[bool]:
    return key.expression < bound if key.descending else key.expression > bound

"""Immutable, hashable twins of values, for the keys of what a worker keeps: counts under their
statement's parameter values (``db.counts``), a list's statements under its request
(``query.memo``)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

# Types whose values are immutable and hashable as they are. Each frozen value carries its type,
# so that ``1``, ``1.0`` and ``True`` (equal, with one hash) stay apart.
_PLAIN = (str, bytes, int, float, bool, Decimal, date, datetime, time, timedelta, UUID, Enum)


class Unfreezable(Exception):
    """A value with no immutable twin: whatever it would key is not kept."""


def frozen(value: Any) -> Hashable:
    """``value``'s twin, containers followed all the way down; raises ``Unfreezable``."""
    if value is None or isinstance(value, _PLAIN):
        return (type(value), value)
    if isinstance(value, list | tuple):
        return (tuple, tuple(frozen(item) for item in value))
    if isinstance(value, set | frozenset):
        return (frozenset, frozenset(frozen(item) for item in value))
    if isinstance(value, dict):
        return (dict, tuple(sorted((str(k), frozen(v)) for k, v in value.items())))
    params = getattr(value, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise Unfreezable(type(value).__name__)
    try:  # a frozen dataclass (a requester, a visibility), if its fields are hashable too
        hash(value)
    except TypeError:
        raise Unfreezable(type(value).__name__) from None
    return (type(value), value)

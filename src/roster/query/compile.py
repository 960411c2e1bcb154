"""The one engine: read a request's declared filters, parse them, and build SQL predicates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement

from roster.auth.requester import Requester
from roster.errors import BadParameter
from roster.people.visibility import Visibility
from roster.query.declarations import Filter, FilterContext
from roster.query.kinds import InvalidValue
from roster.query.params import RawParams


@dataclass
class CompiledFilters:
    conditions: list[ColumnElement[bool]] = field(default_factory=list)
    visibility: Visibility = field(default_factory=Visibility)
    values: dict[str, Any] = field(default_factory=dict)


def parse_filters(
    filters: Sequence[Filter], raw: RawParams, *, apply_defaults: bool = True
) -> dict[str, Any]:
    """Parse each declared filter present in ``raw`` (or defaulted); others are ignored."""
    values: dict[str, Any] = {}
    # A request names a few of a resource's sixty-odd filters; the rest are skipped unlooked-up.
    named = raw.names()
    for f in filters:
        given = raw.get(f.name) if f.name in named else None
        if given is None:
            if f.default is None or not apply_defaults:
                continue
            given = [f.default]
        try:
            values[f.name] = f.kind.parse(given)
        except InvalidValue as exc:
            raise BadParameter(f.name, f"expected {exc}") from None
    for f in filters:
        if f.conflicts and f.name in values and raw.get(f.name) is not None:
            for other in f.conflicts:
                if raw.get(other) is not None:
                    raise BadParameter(f.name, f"cannot be combined with {other}")
    return values


def compile_filters(
    filters: Sequence[Filter],
    values: dict[str, Any],
    requester: Requester,
    dialect: str,
    *,
    apply_defaults: bool = True,
    path: Mapping[str, Any] | None = None,
) -> CompiledFilters:
    """Turn parsed values into SQL conditions (ANDed) and the visibility they ask for.

    With ``apply_defaults`` false (Brainstem's ``apply_default_filters=false``), a widening that
    only a default withheld (``show_disabled`` defaults to false) is granted: skipping the default
    filter must show what that default filter hid.
    """
    context = FilterContext(requester=requester, dialect=dialect, values=values, path=path or {})
    compiled = CompiledFilters(values=values)
    widen: dict[str, bool] = {}
    for f in filters:
        if f.name not in values:
            if not apply_defaults and f.widens is not None and _default_withholds(f):
                widen[f.widens] = True
            continue
        value = values[f.name]
        if f.widens is not None and _truthy(value):
            widen[f.widens] = True
        if f.clause is not None:
            condition = f.clause(value, context)
            if condition is not None:
                compiled.conditions.append(condition)
    compiled.visibility = Visibility(**widen)
    return compiled


def _default_withholds(f: Filter) -> bool:
    return f.default is not None and not _truthy(f.kind.parse([f.default]))


def _truthy(value: Any) -> bool:
    return value is not None and value is not False and value != ()

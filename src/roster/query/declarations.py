"""The declaration types a resource is made of: filters, sorts, includes and fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from roster.auth.requester import Requester
from roster.people.visibility import Visibility
from roster.query.kinds import Kind

Widening = Literal["account_members", "contacts", "disabled"]


@dataclass(frozen=True)
class FilterContext:
    """What a filter clause may consult besides its own value."""

    requester: Requester
    dialect: str  # "sqlite" or "postgresql"
    values: Mapping[str, Any]  # every parsed parameter of the request
    # The request's path parameters (a Teamwork project id): a filter may narrow relative to them.
    path: Mapping[str, Any] = field(default_factory=dict)


Clause = Callable[[Any, FilterContext], "ColumnElement[bool] | None"]


@dataclass(frozen=True)
class Filter:
    """One query parameter that narrows (or, with ``widens``, reaches past) the visible set.

    ``clause`` turns the parsed value into a SQL predicate on users (None: no restriction).
    ``default`` is the raw value used when the parameter is absent or blank.
    ``widens`` names a visibility widening granted while the parsed value is truthy.
    ``conflicts`` lists parameters that may not be combined with this one.
    """

    name: str
    kind: Kind[Any]
    clause: Clause | None
    doc: str
    example: str | None = None
    default: str | None = None
    widens: Widening | None = None
    conflicts: tuple[str, ...] = ()

    @property
    def example_value(self) -> str:
        return self.example if self.example is not None else self.kind.example


@dataclass(frozen=True)
class Sort:
    name: str
    build: Callable[[bool], Sequence[ColumnElement[Any]]]  # argument: descending
    doc: str
    # Every key is NOT NULL, so later pages may seek past a kept row (``roster.query.keyset``).
    seekable: bool = False
    # Both directions, built once: building ``lower(full_name)`` and its ordering anew cost
    # about a twentieth of a list request.
    _orders: tuple[tuple[ColumnElement[Any], ...], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_orders", (tuple(self.build(False)), tuple(self.build(True))))

    def columns(self, descending: bool) -> tuple[ColumnElement[Any], ...]:
        """The ORDER BY keys, in the given direction."""
        return self._orders[descending]


@dataclass(frozen=True)
class IncludeResult:
    """What an include contributes: a link value per primary id, and records for a top-level key."""

    key: str
    links: dict[int, Any]
    records: dict[str, dict[str, Any]]

    def parts(self) -> tuple[IncludeResult, ...]:
        """The results that become top-level keys (a polymorphic include has one per kind)."""
        return (self,)


Loader = Callable[[Session, "IncludeContext", Sequence[int]], IncludeResult]


@dataclass(frozen=True)
class IncludeContext:
    requester: Requester
    base_url: str
    values: Mapping[str, Any]
    # The request's own reach: an included person is one the same request could have listed.
    visibility: Visibility = field(default_factory=Visibility)


@dataclass(frozen=True)
class Include:
    name: str
    key: str  # the top-level key its records land in
    link: str  # the field added to each primary record
    load: Loader
    doc: str
    # A polymorphic include creates top-level keys only for the kinds it found, none when empty.
    polymorphic: bool = False


@dataclass(frozen=True)
class Resource:
    """Everything a dialect declares for one collection."""

    name: str
    key: str
    filters: tuple[Filter, ...]
    sorts: tuple[Sort, ...]
    default_sort: str
    includes: tuple[Include, ...] = ()
    optional_fields: tuple[str, ...] = ()
    # The direction when the request names none (user file associations: created_at:desc).
    default_descending: bool = False
    filters_by_name: dict[str, Filter] = field(init=False, repr=False)
    sorts_by_name: dict[str, Sort] = field(init=False, repr=False)
    includes_by_name: dict[str, Include] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters_by_name", _unique(self.filters, "filter"))
        object.__setattr__(self, "sorts_by_name", _unique(self.sorts, "sort"))
        object.__setattr__(self, "includes_by_name", _unique(self.includes, "include"))
        if self.default_sort not in self.sorts_by_name:
            raise ValueError(f"{self.name}: default sort {self.default_sort!r} is not declared")
        for f in self.filters:
            for other in f.conflicts:
                if other not in self.filters_by_name:
                    raise ValueError(f"{self.name}.{f.name}: conflicts with undeclared {other!r}")
            if f.default is not None:
                f.kind.parse([f.default])  # a default that does not parse fails at import


def _unique(items: Sequence[Any], what: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for item in items:
        if item.name in seen:
            raise ValueError(f"duplicate {what} declaration {item.name!r}")
        seen[item.name] = item
    return seen

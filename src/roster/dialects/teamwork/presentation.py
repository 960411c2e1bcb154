"""The parameters that shape a Teamwork response rather than narrow it: paging, ordering,
``include`` and ``fields[...]`` — each declared once and parsed into one ``Presentation``.

Roster's choices where Teamwork's documentation is silent (see docs/teamwork.md):
- ``page`` counts from 1; ``pageSize`` defaults to 50 and must be 1..500. Anything else, including
  mbenh's ``pageSize=1000``, is a 400 naming the parameter (Teamwork's MCP says so for > 500;
  clamping would silently end a tap's paging loop after the first page).
- ``orderBy`` and ``orderMode`` values and ``include`` names match in any letter case; an unknown
  one is a 400 listing what the endpoint accepts.
- ``fields[<type>]`` keys match their type in any letter case; attribute names too. Names that
  are not attributes of the type are dropped; ``id`` is never added on the client's behalf.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from roster.errors import BadParameter
from roster.query import kinds
from roster.query.kinds import InvalidValue, Kind
from roster.query.params import RawParams

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE = 10**9
ORDER_BY = ("name", "namecaseinsensitive", "company", "id")
_FIELDS_KEY = re.compile(r"fields\[([A-Za-z]+)\]")
# The types a ``fields[<type>]`` key can trim: the two person envelopes and every sideload.
FIELDSET_TYPES = (
    "people",
    "person",
    "companies",
    "teams",
    "jobRoles",
    "workingHours",
    "ProjectPermissions",
)
_FIELDSET_KEYS = frozenset(kind.lower() for kind in FIELDSET_TYPES)


def _page_number(value: int) -> str | None:
    # The bound keeps (page - 1) * pageSize a 64-bit offset on both engines.
    if 1 <= value <= MAX_PAGE:
        return None
    return f"expected an integer between 1 and {MAX_PAGE}, got {value}"


def _page_size(value: int) -> str | None:
    if 1 <= value <= MAX_PAGE_SIZE:
        return None
    return f"expected an integer between 1 and {MAX_PAGE_SIZE}, got {value}"


def _accepted(_value: Any) -> str | None:
    return None


@dataclass(frozen=True)
class Setting:
    """One shaping parameter: its kind, the raw default, and a range check beyond the kind."""

    name: str
    kind: Kind[Any]
    default: str
    doc: str
    check: Callable[[Any], str | None] = _accepted

    def read(self, params: RawParams) -> Any:
        try:
            value = self.kind.parse(params.get(self.name) or [self.default])
        except InvalidValue as exc:
            raise BadParameter(self.name, f"expected {exc}") from None
        problem = self.check(value)
        if problem is not None:
            raise BadParameter(self.name, problem)
        return value


PAGE = Setting("page", kinds.INTEGER, "1", "Page number, 1..10^9.", _page_number)
PAGE_SIZE = Setting(
    "pageSize", kinds.INTEGER, str(DEFAULT_PAGE_SIZE), "People per page, 1..500.", _page_size
)
SKIP_COUNTS = Setting(
    "skipCounts",
    kinds.BOOLEAN,
    "false",
    "true skips the exact total: meta.page.count is then (page*pageSize)+1 while hasMore is "
    "true, and the true total on the last page.",
)
ORDER_BY_SETTING = Setting(
    "orderBy",
    kinds.enum(*ORDER_BY),
    "name",
    "name (first then last name, letter case significant), namecaseinsensitive, company "
    "(company name, people without one last, then name) or id; the id breaks ties.",
)
ORDER_MODE = Setting("orderMode", kinds.enum("asc", "desc"), "asc", "asc or desc.")
PRIORITISE = Setting(
    "orderPrioritiseCurrentUser",
    kinds.BOOLEAN,
    "false",
    "true puts the requester first and keeps them in the result whatever the other filters "
    "say (among the people the endpoint covers).",
)
INCLUDE = Setting(
    "include",
    kinds.text_list(example="companies,workingHours"),
    "",
    "Comma list of sideloads for the included map; an unknown name is a 400.",
)
SETTINGS: tuple[Setting, ...] = (
    PAGE,
    PAGE_SIZE,
    SKIP_COUNTS,
    ORDER_BY_SETTING,
    ORDER_MODE,
    PRIORITISE,
    INCLUDE,
)


@dataclass(frozen=True)
class Presentation:
    page: int
    page_size: int
    skip_counts: bool
    order_by: str
    descending: bool
    prioritise_requester: bool
    includes: tuple[str, ...]  # canonical sideload names, in request order
    fieldsets: Mapping[str, frozenset[str]]  # lower-cased type -> lower-cased attribute names

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def parse_includes(params: RawParams, offered: Sequence[str]) -> tuple[str, ...]:
    """The requested sideload names, canonical and de-duplicated; unknown names are a 400."""
    canonical = {name.lower(): name for name in offered}
    chosen: dict[str, None] = {}
    for raw in INCLUDE.read(params):
        name = canonical.get(raw.lower())
        if name is None:
            raise BadParameter(
                "include", f"expected a comma list of {', '.join(offered)}; got {raw!r}"
            )
        chosen[name] = None
    return tuple(chosen)


def parse_fieldsets(params: RawParams) -> dict[str, frozenset[str]]:
    """``fields[<type>]=a,b`` for every known type named, keyed and valued in lower case."""
    fieldsets: dict[str, frozenset[str]] = {}
    for key in params.names():
        match = _FIELDS_KEY.fullmatch(key)
        values = params.get(key)
        kind = match.group(1).lower() if match else ""
        if kind not in _FIELDSET_KEYS or values is None:
            continue
        names = {part.strip().lower() for value in values for part in value.split(",")}
        names.discard("")
        fieldsets[kind] = fieldsets.get(kind, frozenset()) | frozenset(names)
    return fieldsets


def parse_presentation(params: RawParams, offered_includes: Sequence[str]) -> Presentation:
    return Presentation(
        page=PAGE.read(params),
        page_size=PAGE_SIZE.read(params),
        skip_counts=SKIP_COUNTS.read(params),
        order_by=ORDER_BY_SETTING.read(params),
        descending=ORDER_MODE.read(params) == "desc",
        prioritise_requester=PRIORITISE.read(params),
        includes=parse_includes(params, offered_includes),
        fieldsets=parse_fieldsets(params),
    )

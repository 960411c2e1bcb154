"""Brainstem's reserved parameters: include, optional_fields, only, order, page, per_page,
limit, offset, apply_default_filters — parsed into one ``Presentation`` request.

Brainstem's rules (reference §4.3-4.4): per_page defaults to 20 and is clamped to 1..200 (a value
below 1 means the default); limit and offset apply only together, limit clamped to 1..200 and
offset to >= 0, and they win over page/per_page; ``only`` lists ids and disables pagination; the
order is ``name:direction`` with the id always appended as a tie-breaker. Roster's one deviation:
a value that is not a number (``per_page=abc``), an ``only`` token that is not an id, or an
unknown sort is a 400 naming the parameter, where Brainstem silently fell back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.errors import BadParameter
from roster.query.declarations import Resource
from roster.query.kinds import INTEGER, InvalidValue, id_list, parse_boolean_word
from roster.query.params import RawParams

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class ReservedParam:
    name: str
    schema: dict[str, object]
    example: str
    doc: str
    default: str | None = None


RESERVED_PARAMS: tuple[ReservedParam, ...] = (
    ReservedParam(
        "include",
        {"type": "string"},
        "role,skills",
        "Comma list of associations to sideload (one level, no nesting); unknown names are "
        "ignored. Each requested association adds its *_id/*_ids link to every record and its "
        "top-level key, empty ({}) when nothing is found.",
    ),
    ReservedParam(
        "optional_fields",
        {"type": "array", "items": {"type": "string"}},
        "bio,city",
        "Optional fields to add, as a comma list, an optional_fields[] array or repeated keys; "
        "unknown names are ignored. Without it the optional fields are absent.",
    ),
    ReservedParam(
        "only",
        {"type": "string"},
        "5,6,7",
        "Comma list of ids to fetch directly (any number of them): no pagination, filters, "
        "their defaults and the order still apply; count is the number of ids found.",
    ),
    ReservedParam(
        "order",
        {"type": "string"},
        "alphabetical:asc",
        "Sort as name:direction (alphabetical:asc or alphabetical:desc); the id, ascending, is "
        "always the tie-breaker.",
        default="alphabetical:asc",
    ),
    ReservedParam(
        "page",
        {"type": "integer"},
        "2",
        "Page number, from 1; reported back as meta.page_number (0 when nothing matches). A "
        "page past the end is empty and keeps the true count.",
        default="1",
    ),
    ReservedParam(
        "per_page",
        {"type": "integer"},
        "50",
        "Page size: at most 200 (larger is clamped to 200); below 1 means the default.",
        default="20",
    ),
    ReservedParam(
        "limit",
        {"type": "integer"},
        "50",
        "Only together with offset: at most this many records (clamped to 1..200); the pair "
        "wins over page/per_page.",
    ),
    ReservedParam(
        "offset",
        {"type": "integer"},
        "100",
        "Only together with limit: records to skip (negative means 0).",
    ),
    ReservedParam(
        "apply_default_filters",
        {"type": "boolean"},
        "false",
        "false skips every filter default, so show_disabled=false no longer hides disabled users.",
        default="true",
    ),
)


@dataclass(frozen=True)
class Presentation:
    includes: tuple[str, ...]
    optional_fields: frozenset[str]
    only: tuple[int, ...] | None
    sort: str
    descending: bool
    page: int  # as the client gave it, reported back in meta.page_number
    per_page: int
    limit: int | None
    offset: int
    apply_default_filters: bool


def _integer(params: RawParams, name: str) -> int | None:
    values = params.get(name)
    if values is None:
        return None
    try:
        # Bounded like every integer parameter, so page * per_page always fits an SQL OFFSET.
        value: int = INTEGER.parse(values)
    except InvalidValue as exc:
        raise BadParameter(name, f"expected {exc}") from None
    return value


def _names(params: RawParams, name: str) -> list[str]:
    values = params.get(name) or []
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_presentation(params: RawParams, resource: Resource) -> Presentation:
    includes = tuple(
        dict.fromkeys(n for n in _names(params, "include") if n in resource.includes_by_name)
    )
    optional = frozenset(
        n for n in _names(params, "optional_fields") if n in resource.optional_fields
    )

    only: tuple[int, ...] | None = None
    if params.get("only") is not None:
        try:
            only = tuple(dict.fromkeys(id_list().parse(params.get("only") or [])))
        except InvalidValue as exc:
            raise BadParameter("only", f"expected comma-separated ids, {exc}") from None

    sort, descending = resource.default_sort, resource.default_descending
    order = params.get("order")
    if order is not None:
        name, _, direction = order[-1].strip().partition(":")
        if name not in resource.sorts_by_name:
            valid = ", ".join(f"{s}:asc, {s}:desc" for s in resource.sorts_by_name)
            raise BadParameter("order", f"expected one of {valid}; got {order[-1]!r}")
        if direction.lower() not in {"", "asc", "desc"}:
            raise BadParameter("order", f"expected the direction asc or desc, got {direction!r}")
        sort, descending = name, direction.lower() == "desc"

    requested_page = _integer(params, "page")
    page = requested_page if requested_page is not None else 1
    per_page = _integer(params, "per_page")
    per_page = DEFAULT_PER_PAGE if per_page is None or per_page < 1 else min(per_page, MAX_PER_PAGE)
    limit, offset = _integer(params, "limit"), _integer(params, "offset")
    if limit is not None and offset is not None:
        limit, offset = max(1, min(limit, MAX_PER_PAGE)), max(0, offset)
    else:
        limit, offset = per_page, per_page * (max(page, 1) - 1)

    apply_defaults = True
    raw_defaults = params.get("apply_default_filters")
    if raw_defaults is not None:
        try:
            apply_defaults = parse_boolean_word(raw_defaults[-1])
        except InvalidValue as exc:
            raise BadParameter("apply_default_filters", f"expected {exc}") from None

    return Presentation(
        includes=includes,
        optional_fields=optional,
        only=only,
        sort=sort,
        descending=descending,
        page=page,
        per_page=per_page,
        limit=None if only is not None else limit,
        offset=0 if only is not None else offset,
        apply_default_filters=apply_defaults,
    )


def fits_on_one_page(presentation: Presentation, rows_on_page: int) -> bool:
    """The whole result is on this page, so its length is the count: no count statement."""
    return presentation.only is not None or (
        presentation.offset == 0 and rows_on_page < (presentation.limit or 0)
    )

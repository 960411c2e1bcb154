"""Teamwork's people endpoints: their resource declarations and the list, person and me handlers.

A list is the visible people (the one visibility policy, widened by the filters that say so),
narrowed by every declared filter, ordered, and paged. A singular GET finds one person the
requester may see: it validates the whole parameter set, and of the filters only the reach of
``showDeleted`` applies (the list-only filters narrow lists, not a lookup by id). The project
endpoints first check that the requester may see the project (404 otherwise), then cover only its
participants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, RowMapping
from starlette.responses import Response

from roster.auth.requester import Requester
from roster.db.counts import ExactCount
from roster.db.per_engine import PerEngine
from roster.db.planning import for_planner
from roster.db.recent import Recent
from roster.dialects.teamwork.filters import FILTERS, PROJECT, PROJECT_FILTERS, on_project
from roster.dialects.teamwork.ordering import SORTS, arrange
from roster.dialects.teamwork.presentation import (
    Presentation,
    parse_fieldsets,
    parse_includes,
    parse_presentation,
)
from roster.dialects.teamwork.presenter import (
    PERSON_COLUMNS,
    Linked,
    envelope,
    page_meta,
    present_me,
    present_person,
    trim,
    trim_included,
)
from roster.dialects.teamwork.sideloads import (
    PROJECT_SIDELOADS,
    SIDELOADS,
    Page,
    Sideload,
    load_linked,
)
from roster.errors import NotFound
from roster.people.repository import (
    PeopleQuery,
    count_people,
    page_people,
    people_by_ids,
    visible_workspace,
)
from roster.people.visibility import Visibility, visible_user_ids
from roster.query.compile import CompiledFilters, compile_filters, parse_filters
from roster.query.declarations import Resource
from roster.query.kinds import MAX_ID
from roster.query.memo import kept_lists, request_key
from roster.web.dialect import Call
from roster.web.responses import json_response

PEOPLE = Resource(name="people", key="people", filters=FILTERS, sorts=SORTS, default_sort="name")
PROJECT_PEOPLE = Resource(
    name="project people", key="people", filters=PROJECT_FILTERS, sorts=SORTS, default_sort="name"
)

Presenter = Callable[[RowMapping, Linked, Requester, str], dict[str, Any]]
_PATH_ID = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class Scope:
    """What one endpoint covers: its declarations and, on a project endpoint, the project."""

    resource: Resource
    sideloads: tuple[Sideload, ...]
    project_id: int | None = None
    within: tuple[ColumnElement[bool], ...] = ()  # conditions every person must meet

    @property
    def include_names(self) -> list[str]:
        return [sideload.name for sideload in self.sideloads]

    def conditions(self, requester: Requester, visibility: Visibility) -> list[ColumnElement[bool]]:
        return [visible_user_ids(requester, visibility), *self.within]


EVERYONE = Scope(PEOPLE, SIDELOADS)


def _path_id(call: Call, name: str) -> int:
    """A path id; anything that cannot be a stored id names nothing, so it is a 404."""
    raw = str(call.path[name])
    if not _PATH_ID.fullmatch(raw) or int(raw) > MAX_ID:
        raise NotFound(f"no {name} {raw!r}")
    return int(raw)


def _project_scope(call: Call) -> Scope:
    project_id = _path_id(call, PROJECT)
    if not visible_workspace(call.session, call.requester, project_id):
        raise NotFound("project not found")
    return Scope(PROJECT_PEOPLE, PROJECT_SIDELOADS, project_id, (on_project(project_id),))


def _compile(call: Call, scope: Scope, values: dict[str, Any]) -> CompiledFilters:
    path = {PROJECT: scope.project_id} if scope.project_id is not None else {}
    return compile_filters(scope.resource.filters, values, call.requester, call.dialect, path=path)


# A list's statements, kept for the same request's next page (``roster.query.memo``).
_LISTINGS: PerEngine[Recent[Hashable, PeopleQuery]] = kept_lists()


def _listing(call: Call, scope: Scope, shown: Presentation, values: dict[str, Any]) -> PeopleQuery:
    compiled = _compile(call, scope, values)
    filters, order = arrange(
        scope.resource.sorts_by_name[shown.order_by],
        shown.descending,
        shown.prioritise_requester,
        compiled.conditions,
        call.requester,
    )
    conditions = [*scope.conditions(call.requester, compiled.visibility), *filters]
    return PeopleQuery(
        conditions, order, values_in_sql=for_planner(call.session), projection=PERSON_COLUMNS
    )


def _count(
    total: ExactCount,
    shown: Presentation,
    on_page: int,
    has_more: bool,
) -> int:
    """meta.page.count: exact, except under skipCounts while more pages follow (reference §2.2).

    When the page itself shows where the result ends, the count costs no statement.
    """
    if has_more and shown.skip_counts:
        return shown.page * shown.page_size + 1
    if not has_more and (on_page or shown.offset == 0):
        return shown.offset + on_page
    return total.value()


def _present(
    call: Call,
    scope: Scope,
    rows: Sequence[Row[Any]],
    includes: Sequence[str],
    fieldsets: Mapping[str, frozenset[str]],
    present: Presenter,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The people of a page and the ``included`` map: a fixed number of statements."""
    ids = [row.id for row in rows]
    linked = load_linked(call.session, ids)
    base_url = call.base_url
    people = [present(row._mapping, linked, call.requester, base_url) for row in rows]
    page = Page(call.session, call.requester, ids, linked, scope.project_id)
    chosen = [s for s in scope.sideloads if s.name in includes]
    included = {s.key: s.load(page) if ids else {} for s in chosen}
    return people, trim_included(included, fieldsets)


def _list(call: Call, scope: Scope) -> Response:
    shown = parse_presentation(call.params, scope.include_names)
    values = parse_filters(scope.resource.filters, call.params)
    key = request_key(
        scope.resource.name,
        scope.project_id,
        call.requester,
        values,
        shown.order_by,
        shown.descending,
        shown.prioritise_requester,
    )
    query = _LISTINGS.of(call.session).get_or_build(
        key, lambda: _listing(call, scope, shown, values)
    )
    sort = scope.resource.sorts_by_name[shown.order_by]
    size = shown.page_size
    total = count_people(call.session, query)
    # One row past the page says whether another page follows, without counting.
    rows = page_people(
        call.session,
        query,
        limit=size + 1,
        offset=shown.offset,
        seekable=sort.seekable,
    )
    has_more = len(rows) > size
    rows = rows[:size]
    count = _count(total, shown, len(rows), has_more)
    people, included = _present(call, scope, rows, shown.includes, shown.fieldsets, present_person)
    wanted = shown.fieldsets.get("people")
    body = envelope("people", [trim(p, wanted) for p in people], included, shown.includes)
    body["meta"] = page_meta(shown.page, size, count, has_more)
    return json_response(body)


def _show(call: Call, scope: Scope, person_id: int) -> Response:
    shown = parse_presentation(call.params, scope.include_names)
    compiled = _compile(call, scope, parse_filters(scope.resource.filters, call.params))
    conditions = scope.conditions(call.requester, compiled.visibility)
    rows = people_by_ids(call.session, [person_id], conditions, PERSON_COLUMNS)
    if not rows:
        raise NotFound("person not found")
    people, included = _present(call, scope, rows, shown.includes, shown.fieldsets, present_person)
    person = trim(people[0], shown.fieldsets.get("person"))
    return json_response(envelope("person", person, included, shown.includes))


def list_people(call: Call) -> Response:
    """GET /projects/api/v3/people.json: the people visible to the requester."""
    return _list(call, EVERYONE)


def show_person(call: Call) -> Response:
    """GET /projects/api/v3/people/{personId}.json: one visible person, or 404."""
    return _show(call, EVERYONE, _path_id(call, "personId"))


def list_project_people(call: Call) -> Response:
    """GET /projects/api/v3/projects/{projectId}/people.json: the project's visible people."""
    return _list(call, _project_scope(call))


def show_project_person(call: Call) -> Response:
    """GET /projects/api/v3/projects/{projectId}/people/{personId}.json."""
    scope = _project_scope(call)
    return _show(call, scope, _path_id(call, "personId"))


def show_me(call: Call) -> Response:
    """GET /projects/api/v3/me.json: the requester, with me.json's extra fields.

    Only ``include`` and ``fields[person]`` apply; me.json takes none of the list parameters.
    """
    includes = parse_includes(call.params, EVERYONE.include_names)
    fieldsets = parse_fieldsets(call.params)
    me = call.requester
    visible = [visible_user_ids(me, Visibility())]
    rows = people_by_ids(call.session, [me.user_id], visible, PERSON_COLUMNS)
    if not rows:
        raise NotFound("person not found")
    people, included = _present(call, EVERYONE, rows, includes, fieldsets, present_me)
    person = trim(people[0], fieldsets.get("person"))
    return json_response(envelope("person", person, included, includes))

"""Kantata's users collection: its resource declaration and the list, show and me handlers."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func
from starlette.responses import Response

from roster.db.id_lists import among, padded
from roster.db.per_engine import PerEngine
from roster.db.planning import for_planner
from roster.db.recent import Recent
from roster.dialects.kantata.filters import (
    account,
    custom_fields,
    external_references,
    identity,
    membership,
    skills,
    work,
)
from roster.dialects.kantata.includes import USER_INCLUDES
from roster.dialects.kantata.presenter import (
    OPTIONAL_FIELDS,
    attach_includes,
    columns_for,
    envelope,
    present_user,
)
from roster.dialects.kantata.reserved import Presentation, fits_on_one_page, parse_presentation
from roster.errors import NotFound
from roster.models import User
from roster.people.repository import PeopleQuery, Projection, count_people, page_people
from roster.people.visibility import Visibility, visible_user_ids
from roster.query.compile import compile_filters, parse_filters
from roster.query.declarations import IncludeContext, Resource, Sort
from roster.query.memo import kept_lists, request_key
from roster.web.dialect import Call
from roster.web.responses import json_response


def _alphabetical(descending: bool) -> list[ColumnElement[Any]]:
    # Brainstem always appends ``id ASC`` as the tie-breaker, whatever the direction (PR #82).
    name = func.lower(User.full_name)
    return [name.desc() if descending else name.asc(), User.id.asc()]


USERS = Resource(
    name="users",
    key="users",
    filters=(
        *identity.FILTERS,
        *account.FILTERS,
        *membership.FILTERS,
        *work.FILTERS,
        *skills.FILTERS,
        *custom_fields.FILTERS,
        *external_references.FILTERS,
    ),
    sorts=(
        Sort("alphabetical", _alphabetical, "By full name, letter case ignored.", seekable=True),
    ),
    default_sort="alphabetical",
    includes=USER_INCLUDES,
    optional_fields=tuple(OPTIONAL_FIELDS),
)


@dataclass(frozen=True)
class _Listing:
    """What a users request builds from its filters and order: kept for the same request's
    next page (``roster.query.memo``)."""

    query: PeopleQuery
    visibility: Visibility


_LISTINGS: PerEngine[Recent[Hashable, _Listing]] = kept_lists()
# The parameter an ``only`` list (and so a show) binds its ids to.
_ONLY_IDS = "only_ids"


def _listing(
    call: Call,
    presentation: Presentation,
    values: dict[str, Any],
    reach: Visibility | None,
    projection: Projection,
) -> _Listing:
    compiled = compile_filters(
        USERS.filters,
        values,
        call.requester,
        call.dialect,
        apply_defaults=presentation.apply_default_filters,
    )
    # A write answers with the user it reached, which may lie beyond a plain show's view.
    visibility = compiled.visibility if reach is None else reach
    conditions = [visible_user_ids(call.requester, visibility), *compiled.conditions]
    if presentation.only is not None:
        # The ids are bound when the page is read, so every show of a requester is one listing
        # and one statement (docs/benchmark.md, item 26).
        conditions.append(among(User.id, _ONLY_IDS))
    order = USERS.sorts_by_name[presentation.sort].columns(presentation.descending)
    query = PeopleQuery(
        conditions,
        order,
        values_in_sql=for_planner(call.session),
        projection=projection,
    )
    return _Listing(query, visibility)


def _respond(
    call: Call,
    presentation: Presentation,
    reach: Visibility | None = None,
) -> dict[str, Any]:
    values = parse_filters(
        USERS.filters, call.params, apply_defaults=presentation.apply_default_filters
    )
    projection = columns_for(presentation.optional_fields)
    key = request_key(
        USERS.name,
        call.requester,
        reach,
        values,
        presentation.apply_default_filters,
        presentation.only is not None,
        presentation.sort,
        presentation.descending,
        projection.name,
    )
    listing = _LISTINGS.of(call.session).get_or_build(
        key, lambda: _listing(call, presentation, values, reach, projection)
    )
    visibility = listing.visibility
    sort = USERS.sorts_by_name[presentation.sort]
    # ``only`` lists every row the answer can hold, so the page is the count.
    total = count_people(call.session, listing.query) if presentation.only is None else None
    rows = page_people(
        call.session,
        listing.query,
        limit=presentation.limit,
        offset=presentation.offset,
        seekable=sort.seekable,
        bound={} if presentation.only is None else {_ONLY_IDS: padded(presentation.only)},
    )
    if total is None or fits_on_one_page(presentation, len(rows)):
        count = len(rows)
    else:
        count = total.value()
    base_url = call.base_url
    records = [present_user(row._mapping, base_url, presentation.optional_fields) for row in rows]
    ids = [row.id for row in rows]
    context = IncludeContext(
        requester=call.requester,
        base_url=base_url,
        values=values,
        visibility=visibility,
    )
    results = attach_includes(call.session, USERS, presentation.includes, context, records, ids)
    return envelope(
        key=USERS.key,
        records=records,
        count=count,
        page_number=presentation.page,
        page_size=presentation.per_page,
        includes=results,
    )


def list_users(call: Call) -> Response:
    """GET /api/v1/users: the users visible to the requester."""
    return json_response(_respond(call, parse_presentation(call.params, USERS)))


def show_user(call: Call) -> Response:
    """GET /api/v1/users/{id}: one visible user, or 404."""
    return _show(call, call.path_id("user_id"))


def show_me(call: Call) -> Response:
    """GET /api/v1/users/me: the requester."""
    return _show(call, call.requester.user_id)


def show_one(call: Call, user_id: int, *, reach: Visibility | None = None) -> Response:
    """The show envelope of one user, or 404; ``reach`` replaces the visibility the request's
    filters ask for (writes find their user more widely, see ``roster.people.service``)."""
    return _show(call, user_id, reach)


def _show(call: Call, user_id: int, reach: Visibility | None = None) -> Response:
    presentation = parse_presentation(call.params, USERS)
    presentation = Presentation(
        includes=presentation.includes,
        optional_fields=presentation.optional_fields,
        only=(user_id,),
        sort=presentation.sort,
        descending=False,
        page=1,
        per_page=presentation.per_page,
        limit=None,
        offset=0,
        apply_default_filters=presentation.apply_default_filters,
    )
    body = _respond(call, presentation, reach)
    if not body["count"]:
        raise NotFound()
    return json_response(body)

"""GET /api/v1/users/{id}/capacity and /users/me/capacity: "Fetch My Work Capacity" (§1.5).

The answer is a plain object, not the Brainstem envelope:
``{"start_date": "2024-01-01", "end_date": "2024-01-07", "hours": {"2024-01-01": 8.0, ...}}``,
one entry per day of the range in date order, each the hours available that day (the rule is in
``roster.people.capacity``).

Choices where Kantata's documentation is silent:
- ``hours`` keys are the ISO dates of the range, values floats;
- both dates are required; a missing or malformed one, an end before the start, or a range of
  more than ``MAX_DAYS`` days is a 400 naming the parameter (``include`` and
  ``optional_fields``, copied into the docs from the users page, are accepted and ignored);
- who may read: the user themself, their manager and the administrators of their account
  (others who can see the user get 403; those who cannot, 404). ``show_disabled=true`` reaches
  a disabled member, as on a show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.responses import Response

from roster.dialects.formats import date
from roster.dialects.kantata.writes import wants_disabled
from roster.errors import BadParameter
from roster.people import service
from roster.people.capacity import daily_hours, load_capacity_inputs
from roster.query import kinds
from roster.query.compile import parse_filters
from roster.query.declarations import Filter
from roster.web.dialect import Call
from roster.web.responses import json_response

MAX_DAYS = 366  # a leap year, start and end included

# Declared as clause-less filters so the one engine parses them and names them in its errors.
PARAMETERS: tuple[Filter, ...] = (
    Filter(
        "start_date",
        kinds.DATE,
        None,
        "Required. The first day of the range, YYYY-MM-DD.",
        "2024-01-01",
    ),
    Filter(
        "end_date",
        kinds.DATE,
        None,
        f"Required. The last day of the range, YYYY-MM-DD: not before start_date, and at "
        f"most {MAX_DAYS} days in all.",
        "2024-01-31",
    ),
)


def checked_range(values: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """The requested range, or a 400 naming the first parameter at fault."""
    for parameter in PARAMETERS:
        if parameter.name not in values:
            raise BadParameter(parameter.name, "is required, as a date YYYY-MM-DD")
    start, end = values["start_date"], values["end_date"]
    if end < start:
        raise BadParameter("end_date", f"must not be before start_date ({date(start)})")
    if (end - start).days + 1 > MAX_DAYS:
        raise BadParameter("end_date", f"the range may span at most {MAX_DAYS} days")
    return start, end


def user_capacity(call: Call) -> Response:
    """GET /api/v1/users/{id}/capacity."""
    return _capacity(call, call.path_id("user_id"))


def my_capacity(call: Call) -> Response:
    """GET /api/v1/users/me/capacity."""
    return _capacity(call, call.requester.user_id)


def _capacity(call: Call, user_id: int) -> Response:
    person = service.find_person(
        call.session, call.requester, user_id, disabled=wants_disabled(call.params)
    )
    service.require(
        service.may_read_capacity(call.requester, person),
        "You do not have permission to view this user's capacity",
    )
    start, end = checked_range(parse_filters(PARAMETERS, call.params))
    inputs = load_capacity_inputs(
        call.session, user_id=person.id, account_id=person.account_id, start=start, end=end
    )
    hours = daily_hours(start, end, inputs)
    return json_response(
        {
            "start_date": date(start),
            "end_date": date(end),
            "hours": {day.isoformat(): value for day, value in hours.items()},
        }
    )

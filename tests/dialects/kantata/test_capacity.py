"""GET /api/v1/users/{id}/capacity and /users/me/capacity over HTTP: the body, the rule's edge
cases against real rows, parameter errors, who may read, and a fixed statement count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import User
from tests.dialects.kantata.write_helpers import (
    account_id_of,
    acting_as,
    add_holiday,
    follow_workweek,
    join_calendar,
    make_calendar,
    make_cast,
    make_workweek,
    take_time_off,
)
from tests.factories import make_account, make_user

MONDAY = dt.date(2024, 1, 1)
WEEK = "start_date=2024-01-01&end_date=2024-01-07"


def _day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def _hours(body: dict[str, Any]) -> list[float]:
    return list(body["hours"].values())


@pytest.fixture
def ann(session: Session) -> User:
    account = make_account(session)
    user = make_user(session, first_name="Ann", account=account)
    make_workweek(session, account_id=account.id, start_date=dt.date(2023, 1, 1), default=True)
    return user


def _capacity(session: Session, client: Any, user: User, query: str = WEEK) -> dict[str, Any]:
    response = acting_as(session, client, user).get(f"/api/v1/users/{user.id}/capacity?{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_standard_week_is_eight_hours_on_weekdays_and_none_at_the_weekend(
    session: Session, client: Any, ann: User
) -> None:
    body = _capacity(session, client, ann)
    assert body == {
        "start_date": "2024-01-01",
        "end_date": "2024-01-07",
        "hours": {
            "2024-01-01": 8.0,
            "2024-01-02": 8.0,
            "2024-01-03": 8.0,
            "2024-01-04": 8.0,
            "2024-01-05": 8.0,
            "2024-01-06": 0.0,
            "2024-01-07": 0.0,
        },
    }


@pytest.mark.parametrize("path", ["/api/v1/users/me/capacity", "/api/v1/users/me/capacity.json"])
def test_my_capacity(session: Session, client: Any, ann: User, path: str) -> None:
    response = acting_as(session, client, ann).get(
        f"{path}?start_date=2024-01-05&end_date=2024-01-06"
    )
    assert response.status_code == 200, response.text
    assert response.json()["hours"] == {"2024-01-05": 8.0, "2024-01-06": 0.0}


def test_the_json_suffix_works_for_another_user(session: Session, client: Any) -> None:
    cast = make_cast(session)
    make_workweek(session, account_id=cast.account_id, start_date=MONDAY, default=True)
    response = acting_as(session, client, cast.admin).get(
        f"/api/v1/users/{cast.target.id}/capacity.json?start_date=2024-01-01&end_date=2024-01-01"
    )
    assert response.status_code == 200, response.text
    assert response.json()["hours"] == {"2024-01-01": 8.0}


def test_an_own_workweek_takes_over_from_its_start_date(
    session: Session, client: Any, ann: User
) -> None:
    account_id = account_id_of(session, ann)
    part_time = make_workweek(session, account_id=account_id, start_date=MONDAY, weekdays=240)
    follow_workweek(session, user=ann, workweek=part_time, start_date=_day(2))
    # A later account default does not displace the user's own workweek.
    make_workweek(session, account_id=account_id, start_date=_day(4), default=True, weekdays=60)
    assert _hours(_capacity(session, client, ann)) == [8.0, 8.0, 4.0, 4.0, 4.0, 0.0, 0.0]


def test_a_new_default_workweek_takes_over_mid_range(session: Session, client: Any) -> None:
    account = make_account(session)
    bob = make_user(session, first_name="Bob", account=account)
    make_workweek(session, account_id=account.id, start_date=dt.date(2023, 6, 1), default=True)
    make_workweek(session, account_id=account.id, start_date=_day(3), default=True, weekdays=360)
    # Not a default: never applies to someone who does not follow it.
    make_workweek(session, account_id=account.id, start_date=_day(1), weekdays=60)
    assert _hours(_capacity(session, client, bob)) == [8.0, 8.0, 8.0, 6.0, 6.0, 0.0, 0.0]


def test_a_weekend_workweek_counts_its_own_days(session: Session, client: Any) -> None:
    account = make_account(session)
    weekender = make_user(session, first_name="Wes", account=account)
    make_workweek(
        session, account_id=account.id, start_date=MONDAY, default=True, weekdays=0, weekend=450
    )
    assert _hours(_capacity(session, client, weekender)) == [0, 0, 0, 0, 0, 7.5, 7.5]


def test_no_workweek_at_all_means_no_hours(session: Session, client: Any) -> None:
    loner = make_user(session, first_name="Lone", account=make_account(session))
    assert _hours(_capacity(session, client, loner)) == [0.0] * 7


def test_holidays_of_the_users_calendars_span_their_days(
    session: Session, client: Any, ann: User
) -> None:
    account_id = make_account(session).id
    mine = make_calendar(session, account_id=account_id, name="Mine")
    join_calendar(session, user=ann, calendar=mine)
    add_holiday(session, calendar=mine, start_date=dt.date(2023, 12, 29), end_date=MONDAY)
    add_holiday(session, calendar=mine, start_date=_day(2), end_date=_day(3))
    theirs = make_calendar(session, account_id=account_id, name="Theirs")
    add_holiday(session, calendar=theirs, start_date=_day(4), end_date=_day(4))
    assert _hours(_capacity(session, client, ann)) == [0.0, 8.0, 0.0, 0.0, 8.0, 0.0, 0.0]


def test_time_off_is_taken_off_and_never_goes_below_zero(
    session: Session, client: Any, ann: User
) -> None:
    take_time_off(session, user=ann, day=_day(0), hours="3.5")
    take_time_off(session, user=ann, day=_day(1), hours="0.25")
    take_time_off(session, user=ann, day=_day(2), hours="2")
    take_time_off(session, user=ann, day=_day(2), hours="7")
    take_time_off(session, user=ann, day=_day(5), hours="4")
    assert _hours(_capacity(session, client, ann)) == [4.5, 7.75, 0.0, 8.0, 8.0, 0.0, 0.0]


def test_a_holiday_wins_over_time_off(session: Session, client: Any, ann: User) -> None:
    calendar = make_calendar(session, account_id=make_account(session).id)
    join_calendar(session, user=ann, calendar=calendar)
    add_holiday(session, calendar=calendar, start_date=_day(0), end_date=_day(0))
    take_time_off(session, user=ann, day=_day(0), hours="4")
    assert _hours(_capacity(session, client, ann, "start_date=2024-01-01&end_date=2024-01-01")) == [
        0.0
    ]


def test_a_full_leap_year_is_allowed(session: Session, client: Any, ann: User) -> None:
    body = _capacity(session, client, ann, "start_date=2024-01-01&end_date=2024-12-31")
    assert len(body["hours"]) == 366
    assert body["hours"]["2024-02-29"] == 8.0


@pytest.mark.parametrize(
    ("query", "parameter", "problem"),
    [
        ("end_date=2024-01-07", "start_date", "is required"),
        ("start_date=2024-01-01", "end_date", "is required"),
        ("start_date=&end_date=2024-01-07", "start_date", "is required"),
        ("", "start_date", "is required"),
        ("start_date=2024-1-1&end_date=2024-01-07", "start_date", "expected a date as YYYY-MM-DD"),
        ("start_date=2024-01-01&end_date=2024-02-30", "end_date", "expected a date as YYYY-MM-DD"),
        ("start_date=tomorrow&end_date=2024-01-07", "start_date", "expected a date as YYYY-MM-DD"),
        ("start_date=2024-01-07&end_date=2024-01-01", "end_date", "must not be before start_date"),
        ("start_date=2024-01-01&end_date=2025-01-01", "end_date", "the range may span at most 366"),
    ],
)
def test_bad_ranges_are_400_naming_the_parameter(
    session: Session, client: Any, ann: User, query: str, parameter: str, problem: str
) -> None:
    response = acting_as(session, client, ann).get(f"/api/v1/users/{ann.id}/capacity?{query}")
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["type"] == "system"
    assert error["message"].startswith(f"{parameter}: {problem}")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("target", 200),
        ("manager", 200),
        ("admin", 200),
        ("peer", 403),
        ("colleague", 403),
        ("outsider", 403),
        ("stranger", 404),
    ],
)
def test_who_may_read_capacity(session: Session, client: Any, who: str, status: int) -> None:
    cast = make_cast(session)
    make_workweek(session, account_id=cast.account_id, start_date=MONDAY, default=True)
    response = acting_as(session, client, getattr(cast, who)).get(
        f"/api/v1/users/{cast.target.id}/capacity?{WEEK}"
    )
    assert response.status_code == status, response.text
    if status == 200:
        assert _hours(response.json())[:2] == [8.0, 8.0]
    elif status == 403:
        assert response.json() == {
            "errors": [
                {
                    "type": "system",
                    "message": "You do not have permission to view this user's capacity",
                }
            ]
        }
    else:
        assert response.json() == {"errors": [{"type": "system", "message": "Not found"}]}


def test_an_invisible_user_is_404_before_the_dates_are_checked(
    session: Session, client: Any
) -> None:
    cast = make_cast(session)
    response = acting_as(session, client, cast.stranger).get(
        f"/api/v1/users/{cast.target.id}/capacity?start_date=bad"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("user_id", ["abc", "999999999"])
def test_unknown_ids_are_404(session: Session, client: Any, ann: User, user_id: str) -> None:
    response = acting_as(session, client, ann).get(f"/api/v1/users/{user_id}/capacity?{WEEK}")
    assert response.status_code == 404


def test_the_statement_count_does_not_grow_with_the_range(
    session: Session, client: Any, ann: User, statements: Any
) -> None:
    calendar = make_calendar(session, account_id=make_account(session).id)
    join_calendar(session, user=ann, calendar=calendar)
    for month in range(1, 13):
        add_holiday(
            session,
            calendar=calendar,
            start_date=dt.date(2024, month, 3),
            end_date=dt.date(2024, month, 4),
        )
        take_time_off(session, user=ann, day=dt.date(2024, month, 10), hours="1")
    me = acting_as(session, client, ann)
    statements.reset()
    me.get(f"/api/v1/users/{ann.id}/capacity?start_date=2024-01-01&end_date=2024-01-01")
    one_day = statements.count
    statements.reset()
    me.get(f"/api/v1/users/{ann.id}/capacity?start_date=2024-01-01&end_date=2024-12-31")
    assert statements.count == one_day
    # token, find the user, own workweeks, default workweeks, holidays, time off
    assert one_day == 6, statements.statements

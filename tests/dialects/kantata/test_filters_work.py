"""GET /api/v1/users filters on workspaces, tasks, resources, estimates, timesheets, calendars.

The requester ("me", a collaborator on account A) is in workspaces W1 and W2, so everyone in
them is visible. W3 is a workspace of the same account the requester is not in: naming it must
never bring frank (only in W3) into view, while bob (in W1 and W3) stays visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import HolidayCalendar, Role, Story, User, Workspace, WorkspaceResource
from tests.dialects.kantata.builders import (
    KantataReader,
    assign_story,
    follow_story,
    join_calendar,
    make_estimate,
    make_holiday_calendar,
    make_resource,
    make_story,
    submit_timesheet,
    update_membership,
)
from tests.factories import (
    make_account,
    make_role,
    make_user,
    make_workspace,
    participate,
    token_for,
)

JANUARY = "2024-01-01:2024-01-31"


def jan(day: int) -> dt.date:
    return dt.date(2024, 1, day)


def feb(day: int) -> dt.date:
    return dt.date(2024, 2, day)


@dataclass
class Org:
    me: User  # provider in W1 and W2
    alice: User  # provider in W1 with financial access, account role "analyst"
    bob: User  # read-only provider in W1; provider with financial access in W3
    carol: User  # client in W1 with financial access
    dave: User  # provider in W1, account role "designer"
    erin: User  # client in W2
    frank: User  # provider in W3 only: never visible to me
    w1: Workspace
    w2: Workspace
    w3: Workspace
    analyst: Role
    story: Story  # public task in W1
    private_story: Story  # private task in W1
    hidden_story: Story  # task in W3
    any_role_slot: WorkspaceResource  # in W1, no role asked
    analyst_slot: WorkspaceResource  # in W1, asks for an analyst
    hidden_slot: WorkspaceResource  # in W3, no role asked
    holidays: HolidayCalendar
    bank_holidays: HolidayCalendar
    token: str

    def ids(self, *users: User) -> set[int]:
        return {user.id for user in users}

    @property
    def visible(self) -> set[int]:
        return self.ids(self.me, self.alice, self.bob, self.carol, self.dave, self.erin)


@pytest.fixture
def org(session: Session) -> Org:
    a = make_account(session, name="A")
    me, alice, bob, carol, dave, erin, frank = (
        make_user(session, first_name=name, account=a)
        for name in ("Me", "Alice", "Bob", "Carol", "Dave", "Erin", "Frank")
    )
    analyst, designer = (
        make_role(session, account=a, name="Analyst"),
        make_role(session, account=a, name="Designer"),
    )
    update_membership(session, alice, default_role_id=analyst.id)
    update_membership(session, dave, default_role_id=designer.id)

    w1, w2, w3 = (make_workspace(session, account=a, title=t) for t in ("W1", "W2", "W3"))
    participate(session, user=me, workspace=w1)
    participate(session, user=alice, workspace=w1, financial_access=True)
    participate(session, user=bob, workspace=w1, read_only=True)
    participate(session, user=carol, workspace=w1, role="client", financial_access=True)
    participate(session, user=dave, workspace=w1)
    participate(session, user=me, workspace=w2)
    participate(session, user=erin, workspace=w2, role="client")
    participate(session, user=bob, workspace=w3, financial_access=True)
    participate(session, user=frank, workspace=w3, financial_access=True)
    update_membership(session, frank, default_role_id=analyst.id)

    story = make_story(session, workspace=w1)
    private_story = make_story(session, workspace=w1, private=True)
    hidden_story = make_story(session, workspace=w3)
    assign_story(session, user=alice, story=story)
    assign_story(session, user=frank, story=story)
    follow_story(session, user=bob, story=story)
    follow_story(session, user=carol, story=story)
    follow_story(session, user=frank, story=story)

    holidays = make_holiday_calendar(session, account=a, name="Holidays")
    bank_holidays = make_holiday_calendar(session, account=a, name="Bank holidays")
    for user in (alice, bob, frank):
        join_calendar(session, user=user, calendar=holidays)
    join_calendar(session, user=carol, calendar=bank_holidays)

    return Org(
        me=me,
        alice=alice,
        bob=bob,
        carol=carol,
        dave=dave,
        erin=erin,
        frank=frank,
        w1=w1,
        w2=w2,
        w3=w3,
        analyst=analyst,
        story=story,
        private_story=private_story,
        hidden_story=hidden_story,
        any_role_slot=make_resource(session, workspace=w1),
        analyst_slot=make_resource(session, workspace=w1, role=analyst),
        hidden_slot=make_resource(session, workspace=w3),
        holidays=holidays,
        bank_holidays=bank_holidays,
        token=token_for(session, me),
    )


@pytest.fixture
def api(client: Any, org: Org) -> KantataReader:
    return KantataReader(client, org.token)


def test_the_organisation_as_built(api: KantataReader, org: Org) -> None:
    assert api.ids() == org.visible


# --- workspaces -----------------------------------------------------------------------------------


def test_participant_in(api: KantataReader, org: Org) -> None:
    assert api.ids(participant_in=org.w1.id) == org.ids(
        org.me, org.alice, org.bob, org.carol, org.dave
    )
    assert api.ids(participant_in=org.w2.id) == org.ids(org.me, org.erin)
    assert api.ids(participant_in=987654) == set()


def test_participant_in_a_workspace_i_am_not_in_shows_only_users_i_see(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(participant_in=org.w3.id) == org.ids(org.bob)


def test_not_participant_in(api: KantataReader, org: Org) -> None:
    assert api.ids(not_participant_in=org.w1.id) == org.ids(org.erin)
    assert api.ids(not_participant_in=org.w3.id) == org.visible - org.ids(org.bob)
    assert api.ids(not_participant_in=987654) == org.visible


def test_write_access_in(api: KantataReader, org: Org) -> None:
    assert api.ids(write_access_in=org.w1.id) == org.ids(org.me, org.alice, org.carol, org.dave)
    assert api.ids(write_access_in=org.w3.id) == org.ids(org.bob)


def test_can_be_approver_in_workspace(api: KantataReader, org: Org) -> None:
    # carol has financial access but is a client.
    assert api.ids(can_be_approver_in_workspace=org.w1.id) == org.ids(org.alice)
    assert api.ids(can_be_approver_in_workspace=org.w3.id) == org.ids(org.bob)


@pytest.mark.parametrize(
    "name",
    [
        "participant_in",
        "not_participant_in",
        "write_access_in",
        "can_be_approver_in_workspace",
        "assignable_to_resource",
        "not_assigned_to",
        "not_following",
        "potential_followers_for_story",
    ],
)
@pytest.mark.parametrize("value", ["abc", "-3", "1.5", "1,2"])
def test_id_filters_reject_what_is_not_an_id(api: KantataReader, name: str, value: str) -> None:
    message = api.error(**{name: value})
    assert message.startswith(f"{name}:")
    assert "positive integer id" in message


def test_clients_only_and_consultants_only(api: KantataReader, org: Org) -> None:
    assert api.ids(clients_only="true") == org.ids(org.carol, org.erin)
    assert api.ids(consultants_only="true") == org.ids(org.me, org.alice, org.bob, org.dave)
    assert api.ids(clients_only="true", consultants_only="true") == set()
    assert api.ids(clients_only="false", consultants_only="false") == org.visible


def test_clients_only_and_consultants_only_reject_a_non_boolean(api: KantataReader) -> None:
    assert "clients_only" in api.error(clients_only="clients")
    assert "consultants_only" in api.error(consultants_only="2")


# --- resources ------------------------------------------------------------------------------------


def test_assignable_to_a_resource_without_a_role_is_its_workspaces_providers(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(assignable_to_resource=org.any_role_slot.id) == org.ids(
        org.me, org.alice, org.bob, org.dave
    )


def test_assignable_to_a_resource_with_a_role_needs_that_account_role(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(assignable_to_resource=org.analyst_slot.id) == org.ids(org.alice)


def test_assignable_to_a_resource_elsewhere_shows_only_users_i_see(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(assignable_to_resource=org.hidden_slot.id) == org.ids(org.bob)
    assert api.ids(assignable_to_resource=987654) == set()


# --- tasks ----------------------------------------------------------------------------------------


def test_not_assigned_to(api: KantataReader, org: Org) -> None:
    assert api.ids(not_assigned_to=org.story.id) == org.visible - org.ids(org.alice)
    assert api.ids(not_assigned_to=org.private_story.id) == org.visible


def test_not_following(api: KantataReader, org: Org) -> None:
    assert api.ids(not_following=org.story.id) == org.visible - org.ids(org.bob, org.carol)
    assert api.ids(not_following=987654) == org.visible


def test_potential_followers_of_a_task_are_its_workspaces_participants(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(potential_followers_for_story=org.story.id) == org.ids(
        org.me, org.alice, org.bob, org.carol, org.dave
    )


def test_potential_followers_of_a_private_task_are_its_providers(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(potential_followers_for_story=org.private_story.id) == org.ids(
        org.me, org.alice, org.bob, org.dave
    )


def test_potential_followers_of_a_task_elsewhere_shows_only_users_i_see(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(potential_followers_for_story=org.hidden_story.id) == org.ids(org.bob)
    assert api.ids(potential_followers_for_story=987654) == set()


# --- estimates ------------------------------------------------------------------------------------


def test_with_created_estimates(session: Session, api: KantataReader, org: Org) -> None:
    make_estimate(session, creator=org.dave, workspace=org.w1)
    make_estimate(session, creator=org.dave)
    make_estimate(session, creator=org.frank, workspace=org.w3)
    assert api.ids(with_created_estimates="true") == org.ids(org.dave)


def test_with_created_estimates_defaults_to_no_restriction(
    session: Session, api: KantataReader, org: Org
) -> None:
    make_estimate(session, creator=org.dave)
    assert api.ids() == org.visible
    assert api.ids(with_created_estimates="false") == org.visible
    assert "with_created_estimates" in api.error(with_created_estimates="some")


# --- timesheets -----------------------------------------------------------------------------------


def test_without_timesheet_submission(session: Session, api: KantataReader, org: Org) -> None:
    # alice: inside the window. bob: overlaps its first day. carol: after it. dave: rejected.
    # me: submitted for another workspace. erin: not in W1 at all.
    submit_timesheet(session, user=org.alice, workspace=org.w1, start=jan(8), end=jan(14))
    submit_timesheet(
        session,
        user=org.bob,
        workspace=org.w1,
        start=dt.date(2023, 12, 25),
        end=jan(1),
        status="approved",
    )
    submit_timesheet(session, user=org.carol, workspace=org.w1, start=feb(1), end=feb(7))
    submit_timesheet(
        session, user=org.dave, workspace=org.w1, start=jan(15), end=jan(21), status="rejected"
    )
    submit_timesheet(session, user=org.me, workspace=org.w2, start=jan(8), end=jan(14))
    assert api.ids(without_timesheet_submission=f"{org.w1.id}:{JANUARY}") == org.ids(
        org.me, org.carol, org.dave
    )
    assert api.ids(without_timesheet_submission=f"{org.w1.id}:2024-01-31:2024-01-31") == org.ids(
        org.me, org.alice, org.bob, org.carol, org.dave
    )
    assert api.ids(without_timesheet_submission=f"{org.w2.id}:{JANUARY}") == org.ids(org.erin)


def test_without_timesheet_submission_elsewhere_shows_only_users_i_see(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(without_timesheet_submission=f"{org.w3.id}:{JANUARY}") == org.ids(org.bob)


@pytest.mark.parametrize(
    "value",
    [
        "7",
        "7:2024-01-01",
        "x:2024-01-01:2024-01-31",
        "7:2024/01/01:2024/01/31",
        "7:2024-02-30:2024-03-01",
        "7:2024-02-01:2024-01-01",
        "7:2024-01-01:2024-01-31:2",
    ],
)
def test_without_timesheet_submission_rejects_a_malformed_value(
    api: KantataReader, value: str
) -> None:
    message = api.error(without_timesheet_submission=value)
    assert message.startswith("without_timesheet_submission:")
    assert "workspace_id:YYYY-MM-DD:YYYY-MM-DD" in message


# --- calendars ------------------------------------------------------------------------------------


def test_not_on_calendars(api: KantataReader, org: Org) -> None:
    assert api.ids(not_on_calendars=f"{org.holidays.id}") == org.ids(
        org.me, org.carol, org.dave, org.erin
    )
    assert api.ids(not_on_calendars=f"{org.holidays.id},{org.bank_holidays.id}") == org.ids(
        org.me, org.dave, org.erin
    )
    assert api.ids(not_on_calendars=987654) == org.visible


def test_not_on_calendars_accepts_the_array_spelling(
    client: Any, api: KantataReader, org: Org
) -> None:
    response = client.get(
        f"/api/v1/users?not_on_calendars[]={org.holidays.id}"
        f"&not_on_calendars[]={org.bank_holidays.id}",
        headers={"Authorization": f"Bearer {org.token}"},
    )
    assert response.status_code == 200, response.text
    assert {int(r["id"]) for r in response.json()["results"]} == org.ids(org.me, org.dave, org.erin)


def test_not_on_calendars_rejects_what_is_not_an_id_list(api: KantataReader) -> None:
    message = api.error(not_on_calendars="1,two")
    assert message.startswith("not_on_calendars:")
    assert "positive integer id" in message


# --- together -------------------------------------------------------------------------------------


def test_work_filters_combine_and_count_across_pages(
    session: Session, api: KantataReader, org: Org
) -> None:
    make_estimate(session, creator=org.dave)
    make_estimate(session, creator=org.alice)
    params = {
        "participant_in": org.w1.id,
        "write_access_in": org.w1.id,
        "consultants_only": "true",
        "potential_followers_for_story": org.private_story.id,
        "not_following": org.story.id,
        "with_created_estimates": "true",
        "without_timesheet_submission": f"{org.w1.id}:{JANUARY}",
    }
    assert api.ids(**params) == org.ids(org.alice, org.dave)
    response = api.get(per_page=1, **params)
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 2


def test_work_filters_add_no_statement(statements: Any, api: KantataReader, org: Org) -> None:
    statements.reset()
    api.get(per_page=1)
    baseline = statements.count
    statements.reset()
    response = api.get(
        per_page=1,
        participant_in=org.w1.id,
        not_on_calendars=f"{org.bank_holidays.id}",
        assignable_to_resource=org.any_role_slot.id,
        not_assigned_to=org.story.id,
        without_timesheet_submission=f"{org.w1.id}:{JANUARY}",
    )
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 3
    assert statements.count == baseline

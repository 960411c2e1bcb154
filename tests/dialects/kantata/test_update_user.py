"""PUT /api/v1/users/{id}: writable fields, JSON and Rails form bodies, validation, permissions,
atomicity, and the change being visible at once through the read path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from roster.models import AccountMembership, User
from tests.dialects.kantata.write_helpers import (
    acting_as,
    make_cast,
    stored_user,
    user_references,
)
from tests.factories import make_account, make_user

SYSTEM_403 = {
    "errors": [{"type": "system", "message": "You do not have permission to edit this user"}]
}
NOT_FOUND = {"errors": [{"type": "system", "message": "Not found"}]}


def _errors(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.text
    entries = response.json()["errors"]
    assert all(entry["type"] == "validation" for entry in entries)
    return sorted((entry["field"], entry["message"]) for entry in entries)


@pytest.fixture
def ann(session: Session) -> User:
    return make_user(
        session,
        first_name="Ann",
        last_name="Lee",
        email_address="ann@example.test",
        account=make_account(session),
    )


# --- happy paths ---------------------------------------------------------------------------------


def test_json_body_changes_name_headline_and_email(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    response = me.put(
        f"/api/v1/users/{ann.id}",
        json={
            "user": {
                "full_name": "  Ann   Marie  Smith ",
                "headline": "Principal",
                "email_address": " Ann.Smith@Example.test ",
            }
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [{"key": "users", "id": str(ann.id)}]
    assert body["users"][str(ann.id)] == {
        "id": str(ann.id),
        "full_name": "Ann Marie Smith",
        "email_address": "Ann.Smith@Example.test",
        "headline": "Principal",
        "photo_path": "http://roster.test/images/default_profile_photo/default.png",
    }
    stored = stored_user(session, ann.id)
    assert (stored.first_name, stored.last_name) == ("Ann", "Marie Smith")


def test_the_change_is_visible_at_once_through_show(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    me.put(f"/api/v1/users/{ann.id}.json", json={"user": {"full_name": "Ann Changed"}})
    shown = me.get(f"/api/v1/users/{ann.id}").json()
    assert shown["users"][str(ann.id)]["full_name"] == "Ann Changed"
    listed = me.get("/api/v1/users/me.json").json()
    assert listed["users"][str(ann.id)]["full_name"] == "Ann Changed"


def test_rails_form_body_with_nested_external_reference(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    response = me.put(
        f"/api/v1/users/{ann.id}.json?include=external_references",
        content=(
            "user[full_name]=Ann+Form&user[headline]=From+a+form"
            "&user[external_reference][service_name]=salesforce"
            "&user[external_reference][service_model]=Contact"
            "&user[external_reference][service_model_ref]=003AB"
            "&user[external_reference][status]=successful"
            "&user[external_reference][locked]=true"
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    user = body["users"][str(ann.id)]
    assert (user["full_name"], user["headline"]) == ("Ann Form", "From a form")
    [reference_id] = user["external_reference_ids"]
    reference = body["external_references"][reference_id]
    assert reference["service_name"] == "salesforce"
    assert reference["service_model"] == "Contact"
    assert reference["service_model_ref"] == "003AB"
    assert reference["status"] == "successful"
    assert reference["locked"] is True


def test_patch_is_accepted_like_put(session: Session, client: Any, ann: User) -> None:
    response = acting_as(session, client, ann).patch(
        f"/api/v1/users/{ann.id}", json={"user": {"headline": "Patched"}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["users"][str(ann.id)]["headline"] == "Patched"


def test_response_honours_include_and_optional_fields(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    response = me.put(
        f"/api/v1/users/{ann.id}?include=account_membership&optional_fields=bio,city",
        json={"user": {"headline": "With extras"}},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    user = body["users"][str(ann.id)]
    assert user["bio"] is None
    assert user["city"] is None
    assert user["account_membership_id"] in body["account_memberships"]


def test_include_may_travel_in_the_json_body(session: Session, client: Any, ann: User) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}",
        json={"user": {"headline": "x"}, "include": "account_membership"},
    )
    assert response.status_code == 200, response.text
    assert "account_memberships" in response.json()


def test_headline_null_clears_it(session: Session, client: Any, ann: User) -> None:
    me = acting_as(session, client, ann)
    me.put(f"/api/v1/users/{ann.id}", json={"user": {"headline": "Something"}})
    response = me.put(f"/api/v1/users/{ann.id}", json={"user": {"headline": None}})
    assert response.status_code == 200, response.text
    assert response.json()["users"][str(ann.id)]["headline"] == ""


def test_own_address_in_another_letter_case_is_not_a_duplicate(
    session: Session, client: Any, ann: User
) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}", json={"user": {"email_address": "ANN@example.test"}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["users"][str(ann.id)]["email_address"] == "ANN@example.test"


# --- external references -------------------------------------------------------------------------


def test_external_reference_is_created_then_updated_on_service_name_and_model(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    path = f"/api/v1/users/{ann.id}?include=external_references"
    reference = {"service_name": "jira", "service_model": "User", "service_model_ref": 1234}
    created = me.put(path, json={"user": {"external_reference": reference}})
    assert created.status_code == 200, created.text
    [first_id] = created.json()["users"][str(ann.id)]["external_reference_ids"]
    assert created.json()["external_references"][first_id]["service_model_ref"] == "1234"

    updated = me.put(
        path,
        json={
            "user": {
                "external_reference": {
                    "service_name": "jira",
                    "service_model": "User",
                    "status": "fail",
                    "external_message": "Rate limited",
                    "external_link": "https://jira.example/u/1234",
                    "external_status": "active",
                }
            }
        },
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["users"][str(ann.id)]["external_reference_ids"] == [first_id]
    record = updated.json()["external_references"][first_id]
    assert record["status"] == "fail"
    assert record["external_message"] == "Rate limited"
    assert record["external_link"] == "https://jira.example/u/1234"
    assert record["external_status"] == "active"
    assert record["service_model_ref"] == "1234"

    another = me.put(
        path,
        json={
            "user": {
                "external_reference": {
                    "service_name": "jira",
                    "service_model": "Account",
                    "service_model_ref": "A-1",
                }
            }
        },
    )
    assert len(another.json()["users"][str(ann.id)]["external_reference_ids"]) == 2
    stored = user_references(session, ann.id)
    assert [(r.service_model, r.service_model_ref) for r in stored] == [
        ("User", "1234"),
        ("Account", "A-1"),
    ]
    assert all(r.last_synced_at is not None for r in stored)


def test_creating_a_reference_needs_its_external_id(
    session: Session, client: Any, ann: User
) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}",
        json={"user": {"external_reference": {"service_name": "jira", "service_model": "User"}}},
    )
    assert _errors(response) == [("external_reference.service_model_ref", "is required")]
    assert user_references(session, ann.id) == []


def test_reference_problems_are_named_by_their_path(
    session: Session, client: Any, ann: User
) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}",
        json={
            "user": {
                "external_reference": {
                    "service_name": "",
                    "service_model": ["x"],
                    "locked": "perhaps",
                    "subject_id": 5,
                    "colour": "red",
                }
            }
        },
    )
    assert _errors(response) == [
        ("external_reference.colour", "is not a writable attribute"),
        ("external_reference.locked", "must be true or false"),
        ("external_reference.service_model", "must be a string"),
        ("external_reference.service_name", "can't be blank"),
        ("external_reference.subject_id", "is not a writable attribute"),
    ]


def test_external_reference_must_be_an_object(session: Session, client: Any, ann: User) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}", json={"user": {"external_reference": "jira"}}
    )
    assert _errors(response) == [("external_reference", "must be an object")]


def test_reference_values_over_their_column_length_are_refused(
    session: Session, client: Any, ann: User
) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}",
        json={
            "user": {
                "external_reference": {
                    "service_name": "s" * 101,
                    "service_model": "User",
                    "service_model_ref": "1",
                    "status": "x" * 21,
                }
            }
        },
    )
    assert _errors(response) == [
        ("external_reference.service_name", "is too long (maximum is 100 characters)"),
        ("external_reference.status", "is too long (maximum is 20 characters)"),
    ]


# --- refusals ------------------------------------------------------------------------------------


def test_unknown_and_read_only_keys_are_refused_one_entry_each(
    session: Session, client: Any, ann: User
) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}",
        json={"user": {"bio": "Hello", "manager_id": "3", "favourite_colour": "blue"}},
    )
    assert _errors(response) == [
        ("bio", "is read-only"),
        ("favourite_colour", "is not a writable attribute"),
        ("manager_id", "is read-only"),
    ]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"email_address": "not-an-email"}, [("email_address", "is invalid")]),
        ({"email_address": "a b@example.test"}, [("email_address", "is invalid")]),
        ({"email_address": "  "}, [("email_address", "can't be blank")]),
        ({"email_address": None}, [("email_address", "can't be blank")]),
        (
            {"email_address": "a@" + "d" * 320 + ".test"},
            [("email_address", "is too long (maximum is 320 characters)")],
        ),
        ({"full_name": "   "}, [("full_name", "can't be blank")]),
        ({"full_name": None}, [("full_name", "can't be blank")]),
        (
            {"full_name": "Ann " + "x" * 101},
            [
                (
                    "full_name",
                    "is too long (at most 100 characters for the first word and 100 for the rest)",
                )
            ],
        ),
        ({"headline": "h" * 256}, [("headline", "is too long (maximum is 255 characters)")]),
        ({"full_name": 42}, [("full_name", "must be a string")]),
        ({"headline": {"a": 1}}, [("headline", "must be a string")]),
    ],
)
def test_invalid_values_are_422_naming_the_field(
    session: Session,
    client: Any,
    ann: User,
    user: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    response = acting_as(session, client, ann).put(f"/api/v1/users/{ann.id}", json={"user": user})
    assert _errors(response) == expected


def test_an_address_taken_by_another_user_in_any_case_is_refused(
    session: Session, client: Any, ann: User
) -> None:
    make_user(session, email_address="Taken@Example.test")
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}", json={"user": {"email_address": "taken@EXAMPLE.test"}}
    )
    assert _errors(response) == [("email_address", "has already been taken")]


@pytest.mark.parametrize(
    "body",
    [{}, {"full_name": "No root"}, {"user": "Ann"}, {"user": None}, {"user": ["a"]}],
)
def test_a_missing_or_malformed_user_root_is_400(
    session: Session, client: Any, ann: User, body: dict[str, Any]
) -> None:
    response = acting_as(session, client, ann).put(f"/api/v1/users/{ann.id}", json=body)
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["type"] == "system"
    assert error["message"].startswith("user: expected the changes as")


def test_an_empty_body_is_400_naming_user(session: Session, client: Any, ann: User) -> None:
    response = acting_as(session, client, ann).put(f"/api/v1/users/{ann.id}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("user:")


def test_a_form_giving_one_name_two_shapes_is_400(session: Session, client: Any, ann: User) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}",
        content="user=Ann&user[full_name]=Ann",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("user: expected an object")


def test_a_request_with_one_bad_field_changes_nothing(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    response = me.put(
        f"/api/v1/users/{ann.id}",
        json={
            "user": {
                "full_name": "Should Not Land",
                "headline": "Nor this",
                "external_reference": {
                    "service_name": "jira",
                    "service_model": "User",
                    "service_model_ref": "9",
                },
                "email_address": "broken",
            }
        },
    )
    assert _errors(response) == [("email_address", "is invalid")]
    shown = me.get(f"/api/v1/users/{ann.id}?include=external_references").json()
    assert shown["users"][str(ann.id)]["full_name"] == "Ann Lee"
    assert shown["users"][str(ann.id)]["headline"] == ""
    assert shown["users"][str(ann.id)]["external_reference_ids"] == []
    assert user_references(session, ann.id) == []


# --- who may edit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("target", 200),
        ("admin", 200),
        ("manager", 403),
        ("peer", 403),
        ("colleague", 403),
        ("outsider", 403),
        ("stranger", 404),
    ],
)
def test_who_may_edit(session: Session, client: Any, who: str, status: int) -> None:
    cast = make_cast(session)
    response = acting_as(session, client, getattr(cast, who)).put(
        f"/api/v1/users/{cast.target.id}", json={"user": {"headline": f"Edited by {who}"}}
    )
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json() == SYSTEM_403
    if status == 404:
        assert response.json() == NOT_FOUND
    expected = f"Edited by {who}" if status == 200 else ""
    assert stored_user(session, cast.target.id).headline == expected


def test_an_invisible_user_is_404_even_with_a_bad_body(session: Session, client: Any) -> None:
    cast = make_cast(session)
    response = acting_as(session, client, cast.stranger).put(
        f"/api/v1/users/{cast.target.id}", json={"user": {"bio": "x"}}
    )
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("user_id", ["abc", "999999999"])
def test_unknown_ids_are_404(session: Session, client: Any, ann: User, user_id: str) -> None:
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{user_id}", json={"user": {"headline": "x"}}
    )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_disabled_member_is_reached_only_with_show_disabled(
    session: Session, client: Any
) -> None:
    cast = make_cast(session)
    session.execute(
        update(AccountMembership)
        .where(AccountMembership.user_id == cast.colleague.id)
        .values(disabled_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    )
    session.flush()
    admin = acting_as(session, client, cast.admin)
    body = {"user": {"headline": "Fixed"}}
    hidden = admin.put(f"/api/v1/users/{cast.colleague.id}", json=body)
    assert hidden.status_code == 404
    reached = admin.put(f"/api/v1/users/{cast.colleague.id}?show_disabled=true", json=body)
    assert reached.status_code == 200, reached.text
    assert reached.json()["users"][str(cast.colleague.id)]["headline"] == "Fixed"


def test_an_admin_edit_records_who_and_when(session: Session, client: Any) -> None:
    cast = make_cast(session)
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    session.execute(update(User).where(User.id == cast.target.id).values(updated_at=long_ago))
    session.flush()
    response = acting_as(session, client, cast.admin).put(
        f"/api/v1/users/{cast.target.id}", json={"user": {"full_name": "Tara Renamed"}}
    )
    assert response.status_code == 200, response.text
    stored = stored_user(session, cast.target.id)
    assert stored.updated_by_id == cast.admin.id
    assert stored.updated_at.replace(tzinfo=dt.UTC) > long_ago.replace(tzinfo=dt.UTC)


def test_a_change_to_nothing_leaves_the_timestamps(
    session: Session, client: Any, ann: User
) -> None:
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    session.execute(update(User).where(User.id == ann.id).values(updated_at=long_ago))
    session.flush()
    response = acting_as(session, client, ann).put(
        f"/api/v1/users/{ann.id}", json={"user": {"full_name": "Ann Lee", "headline": ""}}
    )
    assert response.status_code == 200, response.text
    stored = stored_user(session, ann.id)
    assert stored.updated_at.replace(tzinfo=dt.UTC) == long_ago
    assert stored.updated_by_id is None


def test_a_full_update_runs_a_fixed_statement_budget(
    session: Session, client: Any, ann: User, statements: Any
) -> None:
    me = acting_as(session, client, ann)
    reference = {"service_name": "jira", "service_model": "User", "service_model_ref": "1"}
    statements.reset()
    response = me.put(
        f"/api/v1/users/{ann.id}",
        json={
            "user": {
                "full_name": "Ann Budget",
                "headline": "Counted",
                "email_address": "ann.budget@example.test",
                "external_reference": reference,
            }
        },
    )
    assert response.status_code == 200, response.text
    # token, find the user, email check, reference lookup, reference insert, user update, show
    assert statements.count == 7, statements.statements


def test_the_change_is_visible_at_once_through_teamwork(
    session: Session, client: Any, ann: User
) -> None:
    me = acting_as(session, client, ann)
    response = me.put(
        f"/api/v1/users/{ann.id}",
        json={"user": {"full_name": "Ann Marie Cross", "email_address": "cross@example.test"}},
    )
    assert response.status_code == 200, response.text
    person = me.get(f"/projects/api/v3/people/{ann.id}.json")
    assert person.status_code == 200, person.text
    shown = person.json()["person"]
    assert (shown["firstName"], shown["lastName"]) == ("Ann", "Marie Cross")
    assert shown["email"] == "cross@example.test"

"""The eight includes of GET /api/v1/users: the link on each user, and the sideloaded records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Account, AccountMembership, User, Workspace
from tests.dialects.kantata.read_helpers import (
    Api,
    disable_site_wide,
    give_skill,
    make_account_role,
    make_choice,
    make_custom_field,
    make_external_reference,
    make_skill,
    make_skill_category,
    make_work_sample,
    membership_of,
    set_custom_value,
    set_membership,
)
from tests.dialects.wire_helpers import written
from tests.factories import (
    make_account,
    make_user,
    make_workspace,
    participate,
    save,
    token_for,
)


@dataclass
class Office:
    account: Account
    workspace: Workspace
    me: User  # a collaborator
    boss: User  # an administrator of the same account
    me_api: Api
    boss_api: Api

    def join(self, session: Session, first_name: str, **fields: Any) -> User:
        user = make_user(session, first_name=first_name, account=self.account, **fields)
        participate(session, user=user, workspace=self.workspace)
        return user


@pytest.fixture
def office(session: Session, client: Any) -> Office:
    account = make_account(session)
    workspace = make_workspace(session, account=account)
    me = make_user(session, first_name="Mia", last_name="Member", account=account)
    boss = make_user(
        session, first_name="Bo", last_name="Boss", account=account, is_administrator=True
    )
    for user in (me, boss):
        participate(session, user=user, workspace=workspace)
    return Office(
        account,
        workspace,
        me,
        boss,
        Api(client, token_for(session, me)),
        Api(client, token_for(session, boss)),
    )


# --- account_membership ---------------------------------------------------------------------------


def test_account_membership(session: Session, office: Office) -> None:
    role = make_account_role(session, account_id=office.account.id, name="Analyst")
    peer = office.join(session, "Pam", permission="reports_viewer")
    set_membership(
        session,
        peer,
        default_role_id=role.id,
        manager_id=office.boss.id,
        bill_rate_in_cents=15000,
        cost_rate_in_cents=9000,
        billability_target=80,
        collaborator_only_license=True,
    )
    membership = membership_of(session, peer)
    session.refresh(membership)
    body = office.me_api.ok(f"/api/v1/users/{peer.id}?include=account_membership")
    assert body["users"][str(peer.id)]["account_membership_id"] == str(membership.id)
    assert body["account_memberships"] == {
        str(membership.id): {
            "id": str(membership.id),
            "account_id": str(office.account.id),
            "user_id": str(peer.id),
            "default_role_id": str(role.id),
            "manager_id": str(office.boss.id),
            "permission": "reports_viewer",
            "is_administrator": False,
            "is_owner": False,
            "is_project_lead": True,
            "can_view_reports": True,
            "collaborator_only_license": True,
            "bill_rate_in_cents": 15000,
            "cost_rate_in_cents": 9000,
            "billability_target": 80,
            "disabled_at": None,
            "created_at": written(membership.created_at),
            "updated_at": written(membership.updated_at),
        }
    }


@pytest.mark.parametrize(
    ("permission", "project_lead", "reports"),
    [
        ("punch_clock", False, False),
        ("collaborator", False, False),
        ("project_creator", False, False),
        ("project_lead", True, False),
        ("reports_viewer", True, True),
        ("administrator", True, True),
    ],
)
def test_account_membership_permission_flags(
    session: Session, office: Office, permission: str, project_lead: bool, reports: bool
) -> None:
    peer = office.join(session, "Pip", permission=permission)
    body = office.me_api.ok(f"/api/v1/users/{peer.id}?include=account_membership")
    (record,) = body["account_memberships"].values()
    assert (record["is_project_lead"], record["can_view_reports"]) == (project_lead, reports)
    # The flags agree with the filters of the same names.
    for name, flag in (("is_project_lead", project_lead), ("can_view_reports", reports)):
        found = office.me_api.ids(f"/api/v1/users?{name}=true&only={peer.id}")
        assert found == ([peer.id] if flag else [])


def test_an_administrator_is_a_project_lead_and_a_reports_viewer(
    session: Session, office: Office
) -> None:
    body = office.me_api.ok(f"/api/v1/users/{office.boss.id}?include=account_membership")
    (record,) = body["account_memberships"].values()
    assert record["is_administrator"] is True
    assert (record["is_project_lead"], record["can_view_reports"]) == (True, True)
    set_membership(session, office.boss, permission="collaborator")
    body = office.me_api.ok(f"/api/v1/users/{office.boss.id}?include=account_membership")
    (record,) = body["account_memberships"].values()
    assert (record["is_project_lead"], record["can_view_reports"]) == (True, True)


def test_a_contact_has_no_account_membership(session: Session, office: Office) -> None:
    outsider = make_user(session, first_name="Olga")  # on no account: a contact
    participate(session, user=outsider, workspace=office.workspace)
    body = office.me_api.ok(f"/api/v1/users/{outsider.id}?include=account_membership")
    assert body["users"][str(outsider.id)]["account_membership_id"] is None
    assert body["account_memberships"] == {}


# --- role -----------------------------------------------------------------------------------------


def test_role(session: Session, office: Office) -> None:
    role = make_account_role(session, account_id=office.account.id, name="Designer")
    a = office.join(session, "Ada")
    b = office.join(session, "Ben")
    for user in (a, b):
        set_membership(session, user, default_role_id=role.id)
    body = office.me_api.ok(f"/api/v1/users?only={a.id},{b.id},{office.me.id}&include=role")
    assert body["users"][str(a.id)]["role_id"] == str(role.id)
    assert body["users"][str(b.id)]["role_id"] == str(role.id)
    assert body["users"][str(office.me.id)]["role_id"] is None
    assert body["roles"] == {
        str(role.id): {
            "id": str(role.id),
            "name": "Designer",
            "created_at": written(role.created_at),
            "updated_at": written(role.updated_at),
            "deleted_at": None,
        }
    }


# --- skills and skill_memberships -----------------------------------------------------------------


@pytest.fixture
def skilled(session: Session, office: Office) -> dict[str, Any]:
    category = make_skill_category(session, account_id=office.account.id, name="Engineering")
    python = make_skill(
        session,
        account_id=office.account.id,
        name="Python",
        category=category,
        description="The language",
        max_level=5,
    )
    sql = make_skill(session, account_id=office.account.id, name="SQL", max_level=3)
    ada = office.join(session, "Ada")
    ben = office.join(session, "Ben")
    return {
        "category": category,
        "python": python,
        "sql": sql,
        "ada": ada,
        "ben": ben,
        "ada_python": give_skill(session, user=ada, skill=python, level=4),
        "ada_sql": give_skill(session, user=ada, skill=sql, level=None),
        "ben_python": give_skill(session, user=ben, skill=python, level=2),
    }


def test_skills(office: Office, skilled: dict[str, Any]) -> None:
    ada, ben, python, sql = skilled["ada"], skilled["ben"], skilled["python"], skilled["sql"]
    body = office.me_api.ok(f"/api/v1/users?only={ada.id},{ben.id},{office.me.id}&include=skills")
    assert body["users"][str(ada.id)]["skill_ids"] == [str(python.id), str(sql.id)]
    assert body["users"][str(ben.id)]["skill_ids"] == [str(python.id)]
    assert body["users"][str(office.me.id)]["skill_ids"] == []
    assert body["skills"] == {
        str(python.id): {
            "id": str(python.id),
            "name": "Python",
            "description": "The language",
            "max_level": 5,
            "skill_category_id": str(skilled["category"].id),
            "created_at": written(python.created_at),
            "updated_at": written(python.updated_at),
        },
        str(sql.id): {
            "id": str(sql.id),
            "name": "SQL",
            "description": None,
            "max_level": 3,
            "skill_category_id": None,
            "created_at": written(sql.created_at),
            "updated_at": written(sql.updated_at),
        },
    }


def test_skill_memberships(office: Office, skilled: dict[str, Any]) -> None:
    ada, ben = skilled["ada"], skilled["ben"]
    ada_python, ada_sql, ben_python = (
        skilled["ada_python"],
        skilled["ada_sql"],
        skilled["ben_python"],
    )
    body = office.me_api.ok(f"/api/v1/users?only={ada.id},{ben.id}&include=skill_memberships")
    assert body["users"][str(ada.id)]["skill_membership_ids"] == [
        str(ada_python.id),
        str(ada_sql.id),
    ]
    assert body["users"][str(ben.id)]["skill_membership_ids"] == [str(ben_python.id)]
    assert set(body["skill_memberships"]) == {
        str(ada_python.id),
        str(ada_sql.id),
        str(ben_python.id),
    }
    assert body["skill_memberships"][str(ada_python.id)] == {
        "id": str(ada_python.id),
        "user_id": str(ada.id),
        "skill_id": str(skilled["python"].id),
        "creator_id": None,
        "level": 4,
        "max_level": 5,
        "cached_skill_name": "Python",
        "created_at": written(ada_python.created_at),
        "updated_at": written(ada_python.updated_at),
    }
    assert body["skill_memberships"][str(ada_sql.id)]["level"] is None
    assert body["skill_memberships"][str(ada_sql.id)]["cached_skill_name"] == "SQL"


# --- work_samples ---------------------------------------------------------------------------------


def test_work_samples(session: Session, office: Office) -> None:
    ada = office.join(session, "Ada")
    first = make_work_sample(session, user=ada, title="Bridge")
    second = make_work_sample(session, user=ada, title="Tower")
    body = office.me_api.ok(f"/api/v1/users/{ada.id}?include=work_samples")
    assert body["users"][str(ada.id)]["work_sample_ids"] == [str(first.id), str(second.id)]
    assert body["work_samples"][str(first.id)] == {
        "id": str(first.id),
        "title": "Bridge",
        "description": "What I did",
        "website_url": "https://x.test",
        "attachment_id": None,
        "created_at": written(first.created_at),
        "updated_at": written(first.updated_at),
    }
    assert body["work_samples"][str(second.id)]["title"] == "Tower"


# --- external_references --------------------------------------------------------------------------


def test_external_references(session: Session, office: Office) -> None:
    ada = office.join(session, "Ada")
    synced = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    ref = make_external_reference(
        session,
        user=ada,
        service_name="hubspot",
        service_model="Contact",
        service_model_ref="HS-9",
        status="fail",
        external_status="archived",
        external_message="gone",
        external_link="https://hubspot.test/9",
        locked=True,
        last_synced_at=synced,
    )
    other = make_external_reference(session, user=office.me)
    body = office.me_api.ok(f"/api/v1/users/{ada.id}?include=external_references")
    assert body["users"][str(ada.id)]["external_reference_ids"] == [str(ref.id)]
    assert body["external_references"] == {
        str(ref.id): {
            "id": str(ref.id),
            "subject_type": "User",
            "subject_id": ada.id,
            "subject_ref": {"key": "users", "id": str(ada.id)},
            "service_name": "hubspot",
            "service_model": "Contact",
            "service_model_ref": "HS-9",
            "status": "fail",
            "external_status": "archived",
            "external_message": "gone",
            "external_link": "https://hubspot.test/9",
            "locked": True,
            "last_synced_at": "2024-05-06T07:08:09Z",
            "created_at": written(ref.created_at),
            "updated_at": written(ref.updated_at),
        }
    }
    assert str(other.id) not in body["external_references"]


# --- manager --------------------------------------------------------------------------------------


def test_manager_lands_in_the_users_key(session: Session, office: Office) -> None:
    manager = office.join(session, "Max", last_name="Manager")
    ada = office.join(session, "Ada")
    set_membership(session, ada, manager_id=manager.id)
    body = office.me_api.ok(f"/api/v1/users?only={ada.id}&include=manager")
    assert body["results"] == [{"key": "users", "id": str(ada.id)}]
    assert body["count"] == 1
    assert body["users"][str(ada.id)]["manager_id"] == str(manager.id)
    assert body["users"][str(manager.id)] == {
        "id": str(manager.id),
        "full_name": "Max Manager",
        "email_address": manager.email_address,
        "headline": "",
        "photo_path": "http://roster.test/images/default_profile_photo/default.png",
    }
    assert set(body) == {"count", "meta", "results", "users"}


def test_a_manager_who_is_also_a_result_is_presented_as_the_result(
    session: Session, office: Office
) -> None:
    manager = office.join(session, "Max", bio="Boss bio")
    ada = office.join(session, "Ada")
    set_membership(session, ada, manager_id=manager.id)
    body = office.me_api.ok(
        f"/api/v1/users?only={ada.id},{manager.id}&include=manager&optional_fields=bio"
    )
    assert body["users"][str(manager.id)]["bio"] == "Boss bio"
    assert body["users"][str(manager.id)]["manager_id"] is None
    assert [r["id"] for r in body["results"]] == [str(ada.id), str(manager.id)]


def test_an_invisible_manager_is_neither_sideloaded_nor_named(
    session: Session, office: Office
) -> None:
    stranger = make_user(session, first_name="Stan", account=office.account)  # in no workspace
    ada = office.join(session, "Ada")
    set_membership(session, ada, manager_id=stranger.id)
    body = office.me_api.ok(f"/api/v1/users/{ada.id}?include=manager")
    assert body["users"][str(ada.id)]["manager_id"] is None
    assert set(body["users"]) == {str(ada.id)}
    # The account administrator sees only participants too, so the same holds for them...
    boss_view = office.boss_api.ok(f"/api/v1/users/{ada.id}?include=manager")
    assert boss_view["users"][str(ada.id)]["manager_id"] is None
    # ...until the request itself reaches all account members.
    widened = office.me_api.ok(f"/api/v1/users/{ada.id}?include=manager&on_my_account=true")
    assert widened["users"][str(ada.id)]["manager_id"] == str(stranger.id)
    assert set(widened["users"]) == {str(ada.id), str(stranger.id)}


def test_a_disabled_manager_is_sideloaded_only_when_disabled_users_are_asked_for(
    session: Session, office: Office
) -> None:
    manager = office.join(session, "Max")
    disable_site_wide(session, manager)
    ada = office.join(session, "Ada")
    set_membership(session, ada, manager_id=manager.id)
    hidden = office.me_api.ok(f"/api/v1/users/{ada.id}?include=manager")
    assert hidden["users"][str(ada.id)]["manager_id"] is None
    shown = office.me_api.ok(f"/api/v1/users/{ada.id}?include=manager&show_disabled=true")
    assert shown["users"][str(ada.id)]["manager_id"] == str(manager.id)


def test_a_manager_is_not_subject_to_the_requests_filters(session: Session, office: Office) -> None:
    manager = office.join(session, "Max")
    ada = office.join(session, "Ada")
    set_membership(session, ada, manager_id=manager.id)
    body = office.me_api.ok("/api/v1/users?by_full_name=ada&include=manager")
    assert [r["id"] for r in body["results"]] == [str(ada.id)]
    assert str(manager.id) in body["users"]


# --- custom_field_values --------------------------------------------------------------------------


@pytest.fixture
def custom(session: Session, office: Office) -> dict[str, Any]:
    """Custom fields of each type on one user, plus fields the member may not view."""
    account_id = office.account.id
    ada = office.join(session, "Ada")
    fields = {
        "text": make_custom_field(session, account_id=account_id, name="Nickname"),
        "number": make_custom_field(
            session, account_id=account_id, name="Shoe", value_type="number"
        ),
        "money": make_custom_field(
            session, account_id=account_id, name="Bonus", value_type="currency", currency="EUR"
        ),
        "date": make_custom_field(session, account_id=account_id, name="Start", value_type="date"),
        "multi": make_custom_field(
            session, account_id=account_id, name="Langs", value_type="multi"
        ),
        "secret": make_custom_field(
            session, account_id=account_id, name="Salary band", view_permission="administrator"
        ),
        "leads": make_custom_field(
            session, account_id=account_id, name="Lead notes", view_permission="project_lead"
        ),
    }
    other_account = make_account(session)
    fields["foreign"] = make_custom_field(session, account_id=other_account.id, name="Theirs")
    en = make_choice(session, field=fields["multi"], label="English")
    pt = make_choice(session, field=fields["multi"], label="Portuguese")
    values = {
        "text": set_custom_value(session, field=fields["text"], user=ada, text="Ace"),
        "number": set_custom_value(
            session, field=fields["number"], user=ada, number=Decimal("42.5")
        ),
        "money": set_custom_value(
            session, field=fields["money"], user=ada, number=Decimal("1234.5")
        ),
        "date": set_custom_value(session, field=fields["date"], user=ada, date=dt.date(2023, 9, 1)),
        "multi": set_custom_value(session, field=fields["multi"], user=ada, choices=(pt, en)),
        "secret": set_custom_value(session, field=fields["secret"], user=ada, text="B3"),
        "leads": set_custom_value(session, field=fields["leads"], user=ada, text="promising"),
        "foreign": set_custom_value(session, field=fields["foreign"], user=ada, text="x"),
    }
    return {"ada": ada, "fields": fields, "values": values, "choices": (en, pt)}


def test_custom_field_values_only_those_the_member_may_view(
    office: Office, custom: dict[str, Any]
) -> None:
    ada, values = custom["ada"], custom["values"]
    body = office.me_api.ok(f"/api/v1/users/{ada.id}?include=custom_field_values")
    viewable = ["text", "number", "money", "date", "multi"]
    assert body["users"][str(ada.id)]["custom_field_value_ids"] == [
        str(values[name].id) for name in viewable
    ]
    assert set(body["custom_field_values"]) == {str(values[name].id) for name in viewable}


def test_custom_field_values_an_administrator_sees_every_field_of_their_account(
    office: Office, custom: dict[str, Any]
) -> None:
    ada, values = custom["ada"], custom["values"]
    body = office.boss_api.ok(f"/api/v1/users/{ada.id}?include=custom_field_values")
    names = ["text", "number", "money", "date", "multi", "secret", "leads"]
    assert body["users"][str(ada.id)]["custom_field_value_ids"] == [
        str(values[name].id) for name in names
    ]


def test_custom_field_values_follow_the_permission_rank(
    session: Session, client: Any, office: Office, custom: dict[str, Any]
) -> None:
    lead = office.join(session, "Lee", permission="project_lead")
    api = Api(client, token_for(session, lead))
    ids = api.ok(f"/api/v1/users/{custom['ada'].id}?include=custom_field_values")["users"][
        str(custom["ada"].id)
    ]["custom_field_value_ids"]
    assert str(custom["values"]["leads"].id) in ids
    assert str(custom["values"]["secret"].id) not in ids


def test_custom_field_values_of_another_accounts_fields_stay_hidden(
    session: Session, client: Any, office: Office, custom: dict[str, Any]
) -> None:
    # An administrator of the account that owns "foreign" sees that value on Ada, and none of
    # the values of Ada's own account's fields, whatever their view permission.
    foreign_account_id = custom["fields"]["foreign"].account_id
    outsider = make_user(session, first_name="Otto")
    save(
        session,
        AccountMembership(
            account_id=foreign_account_id,
            user_id=outsider.id,
            is_administrator=True,
            permission="administrator",
        ),
    )
    participate(session, user=outsider, workspace=office.workspace)
    api = Api(client, token_for(session, outsider))
    body = api.ok(f"/api/v1/users/{custom['ada'].id}?include=custom_field_values")
    foreign = str(custom["values"]["foreign"].id)
    assert body["users"][str(custom["ada"].id)]["custom_field_value_ids"] == [foreign]
    assert set(body["custom_field_values"]) == {foreign}


def test_custom_field_value_shapes(office: Office, custom: dict[str, Any]) -> None:
    ada, fields, values = custom["ada"], custom["fields"], custom["values"]
    en, pt = custom["choices"]
    body = office.me_api.ok(f"/api/v1/users/{ada.id}?include=custom_field_values")
    records = body["custom_field_values"]

    def expected(name: str, **wire: Any) -> dict[str, Any]:
        value, field = values[name], fields[name]
        return {
            "id": str(value.id),
            "custom_field_id": str(field.id),
            "custom_field_name": field.name,
            "type": field.value_type,
            "subject_type": "User",
            "subject_id": ada.id,
            "subject_ref": {"key": "users", "id": str(ada.id)},
            "setter_id": None,
            "account_id": office.account.id,
            "created_at": written(value.created_at),
            "updated_at": written(value.updated_at),
            **wire,
        }

    common: dict[str, Any] = {"selected_choice_ids": [], "currency": None}
    assert records[str(values["text"].id)] == expected(
        "text", value="Ace", display_value="Ace", **common
    )
    assert records[str(values["number"].id)] == expected(
        "number", value=42.5, display_value="42.5", **common
    )
    assert records[str(values["money"].id)] == expected(
        "money", value=1234.5, display_value="1234.50 EUR", selected_choice_ids=[], currency=None
    )
    assert records[str(values["date"].id)] == expected(
        "date", value="2023-09-01", display_value="2023-09-01", **common
    )
    choice_ids = sorted([en.id, pt.id])
    assert records[str(values["multi"].id)] == expected(
        "multi",
        value=[str(c) for c in choice_ids],
        display_value=None,
        selected_choice_ids=[str(c) for c in choice_ids],
        currency=None,
    )


# --- every include at once ------------------------------------------------------------------------


def test_all_includes_on_a_page_link_each_user_to_its_own_records(
    session: Session, office: Office, skilled: dict[str, Any]
) -> None:
    ada, ben = skilled["ada"], skilled["ben"]
    ada_sample = make_work_sample(session, user=ada)
    ben_ref = make_external_reference(session, user=ben)
    set_membership(session, ben, manager_id=ada.id)
    body = office.me_api.ok(
        f"/api/v1/users?only={ada.id},{ben.id}&include=account_membership,custom_field_values,"
        "external_references,manager,role,skill_memberships,skills,work_samples"
    )
    a, b = body["users"][str(ada.id)], body["users"][str(ben.id)]
    assert a["work_sample_ids"] == [str(ada_sample.id)]
    assert b["work_sample_ids"] == []
    assert a["external_reference_ids"] == []
    assert b["external_reference_ids"] == [str(ben_ref.id)]
    assert a["manager_id"] is None
    assert b["manager_id"] == str(ada.id)
    assert a["account_membership_id"] == str(membership_of(session, ada).id)
    assert b["account_membership_id"] == str(membership_of(session, ben).id)
    assert set(body["account_memberships"]) == {
        a["account_membership_id"],
        b["account_membership_id"],
    }
    assert set(body["users"]) == {str(ada.id), str(ben.id)}

"""What a seeded organisation looks like in the database (one seeding, read by every test)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Connection, func, select, text

from roster.media import LocalDirectoryStore
from roster.models import (
    PERMISSIONS,
    AccountMembership,
    Attachment,
    Base,
    CustomField,
    CustomFieldValue,
    ExternalReference,
    Participation,
    Skill,
    SkillMembership,
    User,
    Workweek,
)
from roster.models.custom_fields import VALUE_TYPES
from roster.synth import SeedReport
from roster.synth.timeline import REFERENCE

from .conftest import SEED_USERS, SEEDED_TABLES

Seeded = tuple[Connection, SeedReport, LocalDirectoryStore]


def scalar(connection: Connection, sql: str) -> int:
    return int(connection.execute(text(sql)).scalar_one())


@pytest.mark.parametrize("table", SEEDED_TABLES)
def test_every_table_gets_rows(seeded: Seeded, table: str) -> None:
    connection, report, _ = seeded
    assert scalar(connection, f"SELECT count(*) FROM {table}") > 0
    assert report.rows[table] == scalar(connection, f"SELECT count(*) FROM {table}")


def test_the_requested_number_of_users(seeded: Seeded) -> None:
    connection, report, _ = seeded
    assert report.users == SEED_USERS
    assert scalar(connection, "SELECT count(*) FROM users") == SEED_USERS


def test_no_foreign_key_points_nowhere(seeded: Seeded) -> None:
    connection, _, _ = seeded
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            # Aliased, so that a table referring to itself (users.created_by_id) still correlates.
            child, parent = key.parent, key.column.table.alias().c[key.column.name]
            orphans = connection.execute(
                select(func.count())
                .select_from(table)
                .where(
                    child.is_not(None),
                    ~select(parent).where(parent == child).exists(),
                )
            ).scalar_one()
            assert orphans == 0, f"{table.name}.{child.name} -> {key.column.table.name}"


def test_emails_are_unique_ignoring_case(seeded: Seeded) -> None:
    connection, _, _ = seeded
    total = scalar(connection, "SELECT count(*) FROM users")
    assert scalar(connection, "SELECT count(DISTINCT lower(email_address)) FROM users") == total
    assert (
        scalar(connection, "SELECT count(*) FROM users WHERE email_address NOT LIKE '%_@_%'") == 0
    )


def test_full_names_are_derived_from_the_parts(seeded: Seeded) -> None:
    connection, _, _ = seeded
    for first, last, full in connection.execute(
        select(User.first_name, User.last_name, User.full_name)
    ):
        assert full == f"{first} {last}".strip()
        assert " " not in first  # splitting the full name again gives the same parts


def test_people_have_places_and_timezones(seeded: Seeded) -> None:
    connection, _, _ = seeded
    located = scalar(connection, "SELECT count(*) FROM users WHERE city IS NOT NULL")
    zoned = scalar(connection, "SELECT count(*) FROM users WHERE timezone LIKE '%/%'")
    assert located > SEED_USERS * 0.8
    assert zoned > SEED_USERS * 0.8


def test_there_is_exactly_one_owner_and_some_administrators(seeded: Seeded) -> None:
    connection, _, _ = seeded
    assert scalar(connection, "SELECT count(*) FROM account_memberships WHERE is_owner") == 1
    admins = "SELECT count(*) FROM account_memberships WHERE is_administrator"
    assert scalar(connection, admins) >= 2


def test_every_permission_level_is_used(seeded: Seeded) -> None:
    connection, _, _ = seeded
    used = set(connection.execute(select(AccountMembership.permission).distinct()).scalars())
    assert used == set(PERMISSIONS)


@pytest.mark.parametrize(
    "condition",
    [
        "collaborator_only_license",
        "disabled_at IS NOT NULL",
        "is_service_account",
        "is_placeholder",
        "insights_access",
        "cost_rate_in_cents IS NULL AND bill_rate_in_cents IS NOT NULL",
        "manager_id IS NOT NULL",
    ],
)
def test_memberships_cover_every_case(seeded: Seeded, condition: str) -> None:
    connection, _, _ = seeded
    assert scalar(connection, f"SELECT count(*) FROM account_memberships WHERE {condition}") > 0


def test_service_accounts_and_placeholders_are_a_handful(seeded: Seeded) -> None:
    connection, _, _ = seeded
    for flag in ("is_service_account", "is_placeholder"):
        assert (
            1 <= scalar(connection, f"SELECT count(*) FROM account_memberships WHERE {flag}") <= 8
        )


def test_some_users_are_disabled_site_wide_and_some_are_contacts(seeded: Seeded) -> None:
    connection, _, _ = seeded
    assert scalar(connection, "SELECT count(*) FROM users WHERE disabled_at IS NOT NULL") > 0
    contacts = (
        "SELECT count(*) FROM users u WHERE NOT EXISTS "
        "(SELECT 1 FROM account_memberships m WHERE m.user_id = u.id)"
    )
    assert scalar(connection, contacts) > 0


def test_managers_are_on_the_same_account_and_the_tree_has_no_cycles(seeded: Seeded) -> None:
    connection, _, _ = seeded
    rows = connection.execute(
        select(
            AccountMembership.user_id, AccountMembership.manager_id, AccountMembership.account_id
        )
    ).all()
    account = {user_id: account_id for user_id, _, account_id in rows}
    manager = {user_id: manager_id for user_id, manager_id, _ in rows if manager_id}
    for user_id, manager_id in manager.items():
        assert account[manager_id] == account[user_id]
        seen = {user_id}
        while manager_id is not None:
            assert manager_id not in seen
            seen.add(manager_id)
            manager_id = manager.get(manager_id)


def test_skill_levels_stay_within_each_skills_maximum(seeded: Seeded) -> None:
    connection, _, _ = seeded
    over = connection.execute(
        select(func.count())
        .select_from(SkillMembership)
        .join(Skill, Skill.id == SkillMembership.skill_id)
        .where(SkillMembership.level > Skill.max_level)
    ).scalar_one()
    assert over == 0
    assert scalar(connection, "SELECT count(*) FROM skill_memberships WHERE level IS NULL") >= 0


def test_custom_fields_of_every_type_have_values(seeded: Seeded) -> None:
    connection, _, _ = seeded
    with_values = set(
        connection.execute(
            select(CustomField.value_type)
            .join(CustomFieldValue, CustomFieldValue.custom_field_id == CustomField.id)
            .where(CustomFieldValue.subject_type == "User")
            .distinct()
        ).scalars()
    )
    assert with_values == set(VALUE_TYPES)
    # A choice value names its choices, and only choices of its own field.
    mismatched = scalar(
        connection,
        "SELECT count(*) FROM custom_field_value_choices vc "
        "JOIN custom_field_values v ON v.id = vc.custom_field_value_id "
        "JOIN custom_field_choices c ON c.id = vc.choice_id "
        "WHERE c.custom_field_id <> v.custom_field_id",
    )
    assert mismatched == 0


def test_external_references_vary_in_service_and_status(seeded: Seeded) -> None:
    connection, _, _ = seeded
    services = set(connection.execute(select(ExternalReference.service_name).distinct()).scalars())
    statuses = set(connection.execute(select(ExternalReference.status).distinct()).scalars())
    assert len(services) >= 3
    assert {"successful", "fail"} <= statuses


def test_each_account_with_workweeks_has_exactly_one_default(seeded: Seeded) -> None:
    connection, _, _ = seeded
    rows = connection.execute(
        select(Workweek.account_id, func.count())
        .where(Workweek.default.is_(True))
        .group_by(Workweek.account_id)
    ).all()
    assert rows
    assert all(count == 1 for _, count in rows)
    assert scalar(connection, 'SELECT count(*) FROM workweeks WHERE NOT "default"') >= 3


def test_workspaces_have_leads_clients_and_read_only_seats(seeded: Seeded) -> None:
    connection, _, _ = seeded
    for condition in ("is_lead", "role = 'client'", "read_only", "financial_access"):
        assert scalar(connection, f"SELECT count(*) FROM participations WHERE {condition}") > 0
    leaderless = scalar(
        connection,
        "SELECT count(*) FROM workspaces w WHERE NOT EXISTS "
        "(SELECT 1 FROM participations p WHERE p.workspace_id = w.id AND p.is_lead)",
    )
    assert leaderless == 0


def test_participants_from_other_accounts_meet_host_people(seeded: Seeded) -> None:
    connection, _, _ = seeded
    other_accounts = connection.execute(
        select(func.count(func.distinct(AccountMembership.account_id)))
        .join(Participation, Participation.user_id == AccountMembership.user_id)
        .where(AccountMembership.account_id != 1)
    ).scalar_one()
    assert other_accounts >= 1


def test_user_file_associations_point_at_exactly_one_file(seeded: Seeded) -> None:
    connection, _, _ = seeded
    both_or_neither = scalar(
        connection,
        "SELECT count(*) FROM user_file_associations "
        "WHERE (attachment_id IS NULL) = (google_document_id IS NULL)",
    )
    assert both_or_neither == 0


def test_attachment_files_exist_with_the_recorded_size(seeded: Seeded) -> None:
    connection, report, media = seeded
    attachments = connection.execute(select(Attachment.__table__)).all()
    assert len(attachments) == len(report.media_keys)
    kinds = set()
    for attachment in attachments:
        assert attachment.storage_key is not None
        data = media.get(attachment.storage_key)
        assert len(data) == attachment.filesize
        kinds.add(attachment.content_type)
        if attachment.content_type == "image/png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert "image/png" in kinds


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands timestamps back without a zone; Roster stores them all in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def test_timestamps_are_spread_over_time_and_never_after_the_reference(seeded: Seeded) -> None:
    connection, _, _ = seeded
    rows = connection.execute(
        select(User.created_at, User.updated_at, User.last_site_activity)
    ).all()
    created = [_aware(row.created_at) for row in rows]
    assert max(created) - min(created) > dt.timedelta(days=365 * 5)
    for row in rows:
        assert _aware(row.created_at) <= _aware(row.updated_at) <= REFERENCE
        if row.last_site_activity is not None:
            assert _aware(row.last_site_activity) <= REFERENCE


def test_some_people_never_signed_in(seeded: Seeded) -> None:
    connection, _, _ = seeded
    never = "SELECT count(*) FROM users WHERE last_site_activity IS NULL"
    assert 0 < scalar(connection, never) < SEED_USERS

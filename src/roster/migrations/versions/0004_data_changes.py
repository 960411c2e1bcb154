"""The data version: a row renumbered by triggers whenever the directory's data changes.

Readers use it to know that nothing they derived (a count, say) has gone stale; see
``roster.db.changes``. Every table that people queries read is watched; credentials and rate-limit
counters are not (they change on their own schedule, and no people query reads them).

PostgreSQL: one statement-level BEFORE trigger per table, so a bulk statement costs one renumbering
and every writer takes the version row's lock before any row of its own (writers queue in one
order and cannot deadlock on it). Numbers come from a sequence, so they never repeat.
SQLite: row-level AFTER triggers (SQLite has no other kind); numbers come from ``random()``.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The watched tables as of this revision; a later migration that adds a table watches it too
# (tests/db/test_changes.py fails for a table that is neither watched nor exempt).
WATCHED = (
    "accounts",
    "roles",
    "account_memberships",
    "users",
    "contacts",
    "workweeks",
    "workweek_memberships",
    "holiday_calendars",
    "holidays",
    "holiday_calendar_memberships",
    "time_off_entries",
    "organizations",
    "organization_memberships",
    "custom_fields",
    "custom_field_choices",
    "custom_field_values",
    "custom_field_value_choices",
    "external_references",
    "posts",
    "attachments",
    "google_documents",
    "work_samples",
    "user_file_associations",
    "workspaces",
    "participations",
    "workspace_resources",
    "stories",
    "story_assignments",
    "story_followers",
    "estimates",
    "timesheet_submissions",
    "skill_categories",
    "skills",
    "skill_memberships",
)
SQLITE_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_changes")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE data_change_numbers")
        op.execute(
            "INSERT INTO data_changes (id, version) VALUES (1, nextval('data_change_numbers'))"
        )
        op.execute(
            "CREATE FUNCTION roster_note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN UPDATE data_changes SET version = nextval('data_change_numbers') WHERE id = 1; "
            "RETURN NULL; END $$"
        )
        for table in WATCHED:
            op.execute(
                f"CREATE TRIGGER note_data_change BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION roster_note_data_change()"
            )
        return
    op.execute("INSERT INTO data_changes (id, version) VALUES (1, random())")
    for table in WATCHED:
        for event in SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER note_data_change_{table}_{event} AFTER {event.upper()} ON {table} "
                "BEGIN UPDATE data_changes SET version = random() WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS note_data_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS roster_note_data_change()")
        op.execute("DROP SEQUENCE IF EXISTS data_change_numbers")
    else:
        for table in WATCHED:
            for event in SQLITE_EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS note_data_change_{table}_{event}")
    op.drop_table("data_changes")

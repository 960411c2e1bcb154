"""Fixtures for the synthetic-organisation tests: a private media directory and one seeded org.

Seeding a small organisation takes a moment, so the modules that only read it share one seeding
per module; each seeding happens inside a transaction that is rolled back afterwards, like every
other test's data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine

from roster.media import LocalDirectoryStore
from roster.synth import SeedReport, seed_organisation

SEED_USERS = 150
SEED = 7

# Every table the issue asks the generator to fill.
SEEDED_TABLES = [
    "accounts",
    "users",
    "account_memberships",
    "roles",
    "skill_categories",
    "skills",
    "skill_memberships",
    "organizations",
    "organization_memberships",
    "workspaces",
    "participations",
    "workspace_resources",
    "stories",
    "story_assignments",
    "story_followers",
    "estimates",
    "timesheet_submissions",
    "contacts",
    "custom_fields",
    "custom_field_choices",
    "custom_field_values",
    "custom_field_value_choices",
    "external_references",
    "work_samples",
    "workweeks",
    "workweek_memberships",
    "holiday_calendars",
    "holidays",
    "holiday_calendar_memberships",
    "time_off_entries",
    "posts",
    "attachments",
    "google_documents",
    "user_file_associations",
]


@pytest.fixture
def media(tmp_path: Path) -> LocalDirectoryStore:
    return LocalDirectoryStore(tmp_path / "media")


@pytest.fixture(scope="module")
def seeded(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Connection, SeedReport, LocalDirectoryStore]]:
    """A connection holding a seeded organisation (SEED_USERS users, seed SEED), rolled back after
    the module. Tests must not write through it."""
    store = LocalDirectoryStore(tmp_path_factory.mktemp("media"))
    with engine.connect() as connection:
        outer = connection.begin()
        report = seed_organisation(connection, users=SEED_USERS, seed=SEED, media=store)
        yield connection, report, store
        outer.rollback()

"""Fixtures for the fixture-file loader tests (the name clash is the product's, not ours)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roster.fixtures import read_fixture_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "organization.yaml"


@pytest.fixture
def example() -> dict[str, Any]:
    """examples/organization.yaml, freshly read (tests may mutate it)."""
    return dict(read_fixture_file(EXAMPLE))


@pytest.fixture
def small() -> dict[str, Any]:
    """A small valid organisation to break one rule at a time."""
    return {
        "accounts": [{"id": 1, "name": "Northwind"}, {"id": 2, "name": "Acme"}],
        "users": [
            {
                "id": 1,
                "full_name": "Ada Lovelace",
                "email_address": "ada@example.test",
                "headline": "Director",
            },
            {
                "id": 2,
                "full_name": "Alan Turing",
                "email_address": "alan@example.test",
                "headline": "Consultant",
            },
        ],
        "roles": [
            {"id": 1, "account_id": 1, "name": "Consultant"},
            {"id": 2, "account_id": 2, "name": "Buyer"},
        ],
        "account_memberships": [
            {
                "id": 1,
                "account_id": 1,
                "user_id": 1,
                "permission": "administrator",
                "is_administrator": True,
            },
            {"id": 2, "account_id": 1, "user_id": 2, "manager_id": 1, "default_role_id": 1},
        ],
        "workspaces": [
            {
                "id": 1,
                "account_id": 1,
                "title": "Relaunch",
                "start_date": "2025-01-06",
                "due_date": "2025-06-30",
            }
        ],
        "participations": [
            {"id": 1, "workspace_id": 1, "user_id": 1, "role": "provider", "is_lead": True},
            {"id": 2, "workspace_id": 1, "user_id": 2},
        ],
        "organizations": [{"id": 1, "account_id": 1, "name": "Delivery", "kind": "department"}],
        "skills": [{"id": 1, "account_id": 1, "name": "French", "max_level": 3}],
        "skill_memberships": [{"id": 1, "user_id": 2, "skill_id": 1, "level": 2}],
        "custom_fields": [
            {"id": 1, "account_id": 1, "name": "Employee number", "value_type": "string"},
            {"id": 2, "account_id": 1, "name": "Office", "value_type": "single"},
            {"id": 3, "account_id": 1, "name": "Certifications", "value_type": "multi"},
        ],
        "custom_field_choices": [
            {"id": 1, "custom_field_id": 2, "label": "London"},
            {"id": 2, "custom_field_id": 3, "label": "AWS"},
        ],
        "custom_field_values": [
            {"id": 1, "custom_field_id": 1, "subject_id": 2, "value_text": "NW-2"},
            {"id": 2, "custom_field_id": 2, "subject_id": 2, "choice_ids": [1]},
        ],
        "attachments": [{"id": 1, "filename": "plan.pdf"}],
        "user_file_associations": [
            {"id": 1, "user_id": 2, "workspace_id": 1, "attachment_id": 1},
        ],
        "holidays": [],
        "holiday_calendars": [{"id": 1, "account_id": 1, "name": "England"}],
        "time_off_entries": [
            {"id": 1, "user_id": 2, "requested_date": "2025-04-22", "hours": 7.5},
        ],
    }

"""JSON and YAML read alike; malformed files are refused with their position."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, select

from roster.fixtures import FixtureError, load_fixture, read_fixture_file
from roster.models import Base
from tests.fixtures_loader.conftest import EXAMPLE
from tests.fixtures_loader.helpers import utc

Fixture = dict[str, Any]


def _as_json(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(value)


def _problems(path: Path) -> list[str]:
    with pytest.raises(FixtureError) as caught:
        read_fixture_file(path)
    return [str(problem) for problem in caught.value.problems]


def test_json_and_yaml_load_the_same_rows(
    connection: Connection, example: Fixture, tmp_path: Path
) -> None:
    path = tmp_path / "organization.json"
    path.write_text(json.dumps(example, default=_as_json), encoding="utf-8")
    from_json = read_fixture_file(path)
    assert isinstance(from_json["users"][0]["last_site_activity"], str)  # JSON has no dates
    summary = load_fixture(connection, from_json)
    assert summary.counts == {name: len(records) for name, records in example.items()}
    users = Base.metadata.tables["users"]
    seen = connection.execute(
        select(users.c.last_site_activity).where(users.c.id == 1)
    ).scalar_one()
    assert utc(seen) == dt.datetime(2025, 3, 3, 9, 15, tzinfo=dt.UTC)


def test_timestamps_are_stored_in_utc(connection: Connection, small: Fixture) -> None:
    small["users"][0]["last_site_activity"] = "2025-03-03T10:15:00+01:00"
    small["users"][1]["last_site_activity"] = "2025-03-03T09:15:00"  # no offset: UTC
    load_fixture(connection, small)
    users = Base.metadata.tables["users"]
    seen = connection.scalars(select(users.c.last_site_activity).order_by(users.c.id)).all()
    assert [utc(value) for value in seen] == [dt.datetime(2025, 3, 3, 9, 15, tzinfo=dt.UTC)] * 2


@pytest.mark.parametrize("name", ["organization.yml", "organization.fixture"])
def test_other_names_are_read_as_yaml(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_fixture_file(path) == read_fixture_file(EXAMPLE)


def test_a_repeated_yaml_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("accounts: []\nusers: []\naccounts: []\n", encoding="utf-8")
    assert _problems(path) == [
        f"{path}: not valid YAML: duplicate key 'accounts' (line 3, column 1)"
    ]


def test_yaml_merge_keys_still_work(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text(
        "base: &base {account_id: 1, kind: department}\n"
        "organizations:\n  - {<<: *base, id: 1, name: A, kind: geography}\n",
        encoding="utf-8",
    )
    assert read_fixture_file(path)["organizations"] == [
        {"account_id": 1, "kind": "geography", "id": 1, "name": "A"}
    ]


def test_a_repeated_json_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"accounts": [{"id": 1, "name": "A", "name": "B"}]}', encoding="utf-8")
    assert _problems(path) == [f"{path}: not valid JSON: duplicate key 'name'"]


def test_bad_syntax_is_refused_with_its_position(tmp_path: Path) -> None:
    yaml_path = tmp_path / "bad.yaml"
    yaml_path.write_text("accounts:\n  - id: 1\n   name: [\n", encoding="utf-8")
    assert _problems(yaml_path)[0].startswith(f"{yaml_path}: not valid YAML: ")
    json_path = tmp_path / "bad.json"
    json_path.write_text('{"accounts": [}', encoding="utf-8")
    assert _problems(json_path) == [
        f"{json_path}: not valid JSON: Expecting value (line 1, column 15)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- id: 1\n", "the top level must be a mapping of collection names to lists"),
    ],
)
def test_the_top_level_must_be_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    assert _problems(path) == [f"{path}: {message}"]


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "absent.yaml")
    assert problems[0].startswith(f"{tmp_path / 'absent.yaml'}: cannot read the file:")

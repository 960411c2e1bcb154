"""``roster load`` end to end, against a temporary SQLite file."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from roster.cli.load import load
from roster.db import make_engine
from roster.models import User
from tests.fixtures_loader.conftest import EXAMPLE


def _app() -> typer.Typer:
    # Only this command: the full CLI imports modules other work streams own.
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("load")(load)
    return app


def _users(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(User)).scalar_one()
    engine.dispose()
    return int(count)


def test_load_creates_the_schema_and_commits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    result = CliRunner().invoke(_app(), ["load", str(EXAMPLE), "--database", url])
    assert result.exit_code == 0, result.output
    assert "users" in result.stdout
    assert "146" in result.stdout  # the total
    assert _users(url) == 12


def test_a_refused_file_exits_1_with_problems_on_stderr(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "user_id: 11, role: client", "user_id: 99, role: client"
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(_app(), ["load", str(broken), "--database", url])
    assert result.exit_code == 1
    assert "participations[id=6].user_id: no user with id 99" in result.stderr
    assert result.stdout == ""
    assert _users(url) == 0


def test_an_unreadable_file_exits_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    result = CliRunner().invoke(_app(), ["load", str(tmp_path / "absent.yaml"), "--database", url])
    assert result.exit_code == 1
    assert "cannot read the file" in result.stderr

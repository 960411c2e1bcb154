"""``roster seed`` end to end on a database file of its own (the command commits)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlalchemy import text
from typer.testing import CliRunner

from roster.cli.seed import seed
from roster.db import make_engine


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("ROSTER_MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.delenv("ROSTER_MEDIA_BACKEND", raising=False)
    app = typer.Typer()
    app.command()(seed)
    return app


def test_seed_then_refuse_to_seed_again(cli: typer.Typer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    first = runner.invoke(cli, ["--database", url, "--users", "30", "--seed", "5"])
    assert first.exit_code == 0, first.output
    assert "seeded 30 users (seed 5)" in first.output
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 30
    engine.dispose()
    assert any((tmp_path / "media").rglob("*.*"))

    second = runner.invoke(cli, ["--database", url, "--users", "30"])
    assert second.exit_code == 1
    assert "refusing to seed" in second.output
    assert "30 users" in second.output


def test_too_few_users_is_a_usage_error(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--database", f"sqlite:///{tmp_path / 'x.db'}", "--users", "3"]
    )
    assert result.exit_code == 2

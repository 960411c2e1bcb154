from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from roster.cli.main import app
from roster.db import make_engine

runner = CliRunner()


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database", url]).exit_code == 0
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, first_name, last_name, email_address) "
                "VALUES (7, 'Ann', 'Lee', 'ann@example.test')"
            )
        )
    engine.dispose()
    return url


def test_create_list_revoke(tmp_path: Path) -> None:
    url = _database(tmp_path)
    created = runner.invoke(
        app, ["token", "create", "--user", "ann@example.test", "--database", url]
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip()
    assert "\n" not in secret
    assert len(secret) >= 40

    by_id = runner.invoke(app, ["token", "create", "--user", "7", "--database", url])
    assert by_id.exit_code == 0

    listed = runner.invoke(app, ["token", "list", "--database", url])
    assert listed.exit_code == 0
    assert secret not in listed.output
    assert secret[:8] in listed.output

    assert runner.invoke(app, ["token", "revoke", "1", "--database", url]).exit_code == 0
    again = runner.invoke(app, ["token", "revoke", "1", "--database", url])
    assert again.exit_code == 1


def test_unknown_user_is_an_error(tmp_path: Path) -> None:
    url = _database(tmp_path)
    result = runner.invoke(app, ["token", "create", "--user", "nobody@x.test", "--database", url])
    assert result.exit_code == 1
    assert "no user" in result.output

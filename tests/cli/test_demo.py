from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from roster.auth.requester import authenticate
from roster.cli.main import app
from roster.db import Database
from roster.models import User

runner = CliRunner()


def test_demo_seeds_once_and_hands_out_a_working_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROSTER_MEDIA_DIR", str(tmp_path / "media"))
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    first = runner.invoke(app, ["demo", "--database", url, "--users", "120"])
    assert first.exit_code == 0, first.output
    token = first.output.strip().splitlines()[-1].rsplit(": ", 1)[1]

    second = runner.invoke(app, ["demo", "--database", url, "--users", "120"])
    assert second.exit_code == 0, second.output
    assert "already holds people" in second.output

    db = Database.from_url(url)
    with db.transaction() as session:
        assert session.execute(select(func.count()).select_from(User)).scalar_one() == 120
        assert authenticate(session, token).account_id is not None
    db.dispose()

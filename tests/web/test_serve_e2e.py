"""The real server, end to end: ``roster serve`` in a subprocess, a token from the CLI, HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from roster.db import make_engine
from roster.db.schema import migrate

ROSTER = str(Path(sys.executable).with_name("roster"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO accounts (id, name) VALUES (1, 'Acme')"))
        conn.execute(
            text(
                "INSERT INTO users (id, first_name, last_name, email_address, headline) "
                "VALUES (1, 'Ada', 'Lovelace', 'ada@acme.test', 'Analyst')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO account_memberships (account_id, user_id, permission, "
                "is_administrator) VALUES (1, 1, 'administrator', true)"
            )
        )
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "ROSTER_LOG_JSON": "1"}
    server = subprocess.Popen(
        [ROSTER, "serve", "--database", url, "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("roster serve did not become ready in 30 s")
        yield base, url
    finally:
        server.terminate()
        server.wait(timeout=15)
        assert server.stdout is not None
        server.stdout.close()


def test_token_from_cli_reads_me_over_real_http(served: tuple[str, str]) -> None:
    base, url = served
    created = subprocess.run(
        [ROSTER, "token", "create", "--user", "ada@acme.test", "--database", url],
        capture_output=True,
        text=True,
        check=True,
    )
    token = created.stdout.strip()
    response = httpx.get(
        base + "/api/v1/users/me.json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == [{"key": "users", "id": "1"}]
    assert body["users"]["1"]["full_name"] == "Ada Lovelace"
    assert body["users"]["1"]["photo_path"].startswith(base)
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["x-request-id"]
    unauthorised = httpx.get(base + "/api/v1/users/me")
    assert unauthorised.status_code == 401

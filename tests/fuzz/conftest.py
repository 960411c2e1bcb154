"""A real Roster server for the fuzzer: ``roster serve`` in a subprocess on a free port, over a
private database holding examples/organization.yaml, and a token for its administrator.

The database is the test backend's (``ROSTER_TEST_DATABASE_URL``), but a database of its own,
since the server commits what the fuzzer writes: a SQLite file, or ``<name>_fuzz_<worker>`` on
PostgreSQL, dropped afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from roster.auth.tokens import issue_token
from roster.db import make_engine, normalise_url
from roster.db.schema import migrate
from roster.fixtures import load_fixture, read_fixture_file
from roster.models import User

ROSTER = str(Path(sys.executable).with_name("roster"))
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "organization.yaml"
# Ada Lovelace: the administrator and owner of the example's consultancy, who sees the most.
TOKEN_USER = "ada@northwind.example"
READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class Served:
    base_url: str
    token: str
    database_url: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_database(base_url: str, name: str, *, create: bool) -> str:
    url = make_url(normalise_url(base_url))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _load_example(url: str) -> str:
    """Migrate, load the example organisation and return a fresh token for TOKEN_USER."""
    engine = make_engine(url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            load_fixture(connection, read_fixture_file(EXAMPLE))
            connection.commit()
        with Session(engine) as session:
            user_id = session.scalars(select(User.id).where(User.email_address == TOKEN_USER)).one()
            token = issue_token(session, user_id=user_id, name="fuzz").secret
            session.commit()
        return token
    finally:
        engine.dispose()


def _wait_until_ready(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"roster serve exited with {server.returncode} before it was ready")
        try:
            if httpx.get(base_url + "/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"roster serve was not ready in {READY_TIMEOUT:.0f} s")


# A first request of each kind pays for lazy imports and cold caches, once per process; the
# time limit is about the answers after that.
WARM_UP = (
    "/openapi.json",
    "/docs",
    "/api/v1/users?include=role,skills,manager&optional_fields=bio",
    "/projects/api/v3/people.json?include=companies,teams",
)


def _warm_up(served: Served) -> None:
    for path in WARM_UP:
        httpx.get(served.base_url + path, headers=served.headers, timeout=30).raise_for_status()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Served]:
    workdir = tmp_path_factory.mktemp("fuzz")
    configured = os.environ.get("ROSTER_TEST_DATABASE_URL", "")
    on_postgres = configured.startswith(("postgresql", "postgres"))
    if on_postgres:
        name = f"{make_url(normalise_url(configured)).database or 'roster'}_fuzz_{worker_id}"
        url = _postgres_database(configured, name, create=True)
    else:
        url = f"sqlite:///{workdir / 'fuzz.db'}"
    token = _load_example(url)
    port = _free_port()
    env = {
        **os.environ,
        "ROSTER_MEDIA_DIR": str(workdir / "media"),
        "ROSTER_RATE_LIMIT": "0",
        "ROSTER_LOG_LEVEL": "warning",
    }
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen(
        [ROSTER, "serve", "--database", url, "--port", str(port), "--no-access-log"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, server)
        served = Served(base_url=base_url, token=token, database_url=url)
        _warm_up(served)
        yield served
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()
        if on_postgres:
            _postgres_database(configured, name, create=False)

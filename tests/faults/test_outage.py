"""The database vanishing under load: 503 in each dialect's shape, fast, and recovery unaided.

A real ``roster serve`` with two workers runs against a throwaway cluster; load keeps flowing
while the cluster is killed (``pg_ctl stop -m immediate``) and started again. The server is never
restarted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.faults.conftest import AFTER, BEFORE, Org
from tests.faults.harness import Cluster, Server, serving
from tests.faults.writes import put_profile, read_profile, row_locked, set_profile

pytestmark = pytest.mark.faults

# Longer than any answer may take, so a hang shows up as a slow answer rather than a timeout.
CLIENT_TIMEOUT = 20.0
SLOWEST_ALLOWED = 5.0
KANTATA_UNAVAILABLE = {
    "errors": [{"type": "system", "message": "The database is unavailable; try again shortly"}]
}


@dataclass(frozen=True)
class Answer:
    dialect: str
    started: float
    seconds: float
    status: int
    retry_after: str | None
    body: Any


@dataclass
class Load:
    """Threads sending requests until told to stop, every answer recorded with its timing."""

    server: Server
    token: str
    answers: list[Answer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self, threads: int = 4) -> None:
        paths = {"kantata": "/api/v1/users.json", "teamwork": "/projects/api/v3/people.json"}
        for index in range(threads):
            dialect = "kantata" if index % 2 == 0 else "teamwork"
            thread = threading.Thread(target=self._drive, args=(dialect, paths[dialect]))
            thread.start()
            self._threads.append(thread)

    def _drive(self, dialect: str, path: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.server.base, timeout=CLIENT_TIMEOUT) as client:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    response = client.get(path, headers=headers)
                except httpx.HTTPError as error:
                    with self._lock:
                        self.errors.append(f"{dialect}: {error!r}")
                    continue
                answer = Answer(
                    dialect=dialect,
                    started=started,
                    seconds=time.monotonic() - started,
                    status=response.status_code,
                    retry_after=response.headers.get("retry-after"),
                    body=response.json(),
                )
                with self._lock:
                    self.answers.append(answer)
                time.sleep(0.02)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)

    def since(self, moment: float) -> list[Answer]:
        with self._lock:
            return [answer for answer in self.answers if answer.started >= moment]


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def _dialects_answered(load: Load, moment: float, status: int) -> bool:
    return {a.dialect for a in load.since(moment) if a.status == status} == {"kantata", "teamwork"}


def test_outage_mid_load_is_503_with_retry_after_then_recovers_without_restart(
    running: Cluster, org: Org, tmp_path: Path
) -> None:
    with serving(running.url, tmp_path) as server:
        load = Load(server, org.admin_token)
        load.start()
        try:
            healthy_from = time.monotonic()
            _wait_for(lambda: _dialects_answered(load, healthy_from, 200), 15, "healthy answers")

            running.stop_immediately()
            down_from = time.monotonic()
            _wait_for(lambda: _dialects_answered(load, down_from, 503), 15, "503s in both dialects")
            readiness = httpx.get(server.base + "/readyz", timeout=CLIENT_TIMEOUT)
            assert readiness.status_code == 503
            assert readiness.headers["retry-after"] == "5"
            time.sleep(1.0)  # the outage lasts a while, under load

            running.start()
            up_from = time.monotonic()
            _wait_for(lambda: _dialects_answered(load, up_from, 200), 30, "recovery")
            assert httpx.get(server.base + "/readyz", timeout=CLIENT_TIMEOUT).status_code == 200
        finally:
            load.stop()

    assert load.errors == [], server.output()
    slow = [a for a in load.answers if a.seconds >= SLOWEST_ALLOWED]
    assert slow == [], "answers took too long"
    assert {a.status for a in load.answers} <= {200, 503}, server.output()
    during = [a for a in load.answers if a.status == 503]
    assert during, "no request saw the outage"
    for answer in during:
        assert answer.retry_after == "5"
        if answer.dialect == "kantata":
            assert answer.body == KANTATA_UNAVAILABLE
        else:
            [error] = answer.body["errors"]
            assert (error["code"], error["title"]) == ("unavailable", "service unavailable")
            assert error["detail"] == "The database is unavailable; try again shortly"
    after = load.since(up_from)
    assert after[-1].status == 200
    assert [a for a in after if a.status == 200 and a.dialect == "kantata"][-1].body["count"] == 12


def test_a_request_stuck_on_a_lock_is_cut_off_by_the_statement_timeout(
    running: Cluster, org: Org, tmp_path: Path
) -> None:
    """The server is alive but the row is held: ROSTER_DB_STATEMENT_TIMEOUT bounds the wait."""
    set_profile(running, org.subject_id, BEFORE)
    env = {"ROSTER_DB_STATEMENT_TIMEOUT": "1"}
    with serving(running.url, tmp_path, env=env) as server:
        with row_locked(running, org.subject_id):
            started = time.monotonic()
            answer = put_profile(server.base, org, AFTER, timeout=CLIENT_TIMEOUT)
            seconds = time.monotonic() - started
        log = server.output()
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json() == KANTATA_UNAVAILABLE
    assert 1.0 <= seconds < SLOWEST_ALLOWED
    assert "canceling statement due to statement timeout" in log
    assert read_profile(running, org.subject_id) == BEFORE

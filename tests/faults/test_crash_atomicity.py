"""A write cut off by a crash lands whole or not at all.

The write is Kantata's PUT /users/{id} changing full_name, email_address and the user's external
reference: two tables, one transaction. To crash it *inside* its transaction rather than before or
after it, the test holds the user's row lock from a connection of its own, so the request writes
the external reference, then waits on the users row; only then is the cluster killed
(``pg_ctl stop -m immediate``) or the whole server SIGKILLed. A third scenario kills the cluster at
a random moment in a stream of such writes. Afterwards every table agrees on one of the two
profiles, and an acknowledged write is never lost.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.faults.conftest import AFTER, BEFORE, Org
from tests.faults.harness import Cluster, serving
from tests.faults.writes import (
    Profile,
    backend_gone,
    put_profile,
    read_profile,
    row_locked,
    set_profile,
    wait_until_blocked_mid_write,
)

pytestmark = pytest.mark.faults


class _InBackground:
    def __init__(self, base: str, org: Org, profile: Profile) -> None:
        self.result: list[Any] = []
        self.thread = threading.Thread(target=self._run, args=(base, org, profile))
        self.thread.start()

    def _run(self, base: str, org: Org, profile: Profile) -> None:
        try:
            self.result.append(put_profile(base, org, profile))
        except httpx.HTTPError as error:
            self.result.append(error)

    def outcome(self) -> Any:
        self.thread.join(timeout=30)
        [outcome] = self.result
        return outcome


def test_cluster_killed_mid_transaction_leaves_the_profile_as_before(
    running: Cluster, org: Org, tmp_path: Path
) -> None:
    set_profile(running, org.subject_id, BEFORE)
    with serving(running.url, tmp_path) as server:
        with row_locked(running, org.subject_id):
            write = _InBackground(server.base, org, AFTER)
            wait_until_blocked_mid_write(running)
            running.stop_immediately()
            answer = write.outcome()
        assert isinstance(answer, httpx.Response)
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        running.start()
        assert read_profile(running, org.subject_id) == BEFORE

        # The same server, never restarted, now lands the write whole.
        deadline = time.monotonic() + 30
        while (retried := put_profile(server.base, org, AFTER)).status_code == 503:
            assert time.monotonic() < deadline, "the server did not recover"
            time.sleep(0.2)
        assert retried.status_code == 200, retried.text
    assert read_profile(running, org.subject_id) == AFTER


def test_server_killed_mid_transaction_leaves_the_profile_as_before(
    running: Cluster, org: Org, tmp_path: Path
) -> None:
    set_profile(running, org.subject_id, BEFORE)
    with serving(running.url, tmp_path) as server:
        with row_locked(running, org.subject_id):
            write = _InBackground(server.base, org, AFTER)
            pid = wait_until_blocked_mid_write(running)
            server.kill()
            assert isinstance(write.outcome(), httpx.HTTPError)
        # The lock released, the orphaned backend may run its UPDATE, but it can never commit.
        backend_gone(running, pid)
    assert read_profile(running, org.subject_id) == BEFORE


def test_cluster_killed_at_a_random_moment_in_a_stream_of_writes(
    running: Cluster, org: Org, tmp_path: Path
) -> None:
    set_profile(running, org.subject_id, BEFORE)
    acknowledged: list[Profile] = []
    in_flight: list[Profile] = []
    cut_off: list[int] = []

    def write_alternately(base: str) -> None:
        """Writes AFTER, BEFORE, AFTER, … one at a time until one is not acknowledged."""
        profiles = [AFTER, BEFORE]
        for n in range(10_000):
            in_flight[:] = [profiles[n % 2]]
            answer = put_profile(base, org, in_flight[0], timeout=20)
            if answer.status_code != 200:
                cut_off.append(answer.status_code)
                return
            acknowledged.append(in_flight[0])

    with serving(running.url, tmp_path) as server:
        writer = threading.Thread(target=write_alternately, args=(server.base,))
        writer.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(acknowledged) >= 3, server.output()
        time.sleep(random.uniform(0.0, 0.3))
        running.stop_immediately()
        writer.join(timeout=30)
        running.start()
    assert cut_off == [503]
    # Either the last acknowledged write, or the one cut off, if its commit beat the crash.
    assert read_profile(running, org.subject_id) in (acknowledged[-1], in_flight[0])

"""The limit holds across the worker processes of a real ``roster serve --workers 2``.

Every request opens a new connection, so the kernel spreads them over both workers; a count kept
in a worker's memory would let up to twice the limit through.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.faults.harness import serving
from tests.ratelimit.conftest import Person, auth

WINDOW = 86_400
LIMIT = 4


def _clear_of_a_window_boundary(margin: float = 30.0) -> None:
    """Real clocks: start far enough from the next window that the whole test fits in one."""
    left = WINDOW - time.time() % WINDOW
    if left < margin:
        time.sleep(left + 0.5)


def test_the_limit_holds_across_server_workers(
    limited_database_url: str, person: Person, tmp_path: Path
) -> None:
    env = {"ROSTER_RATE_LIMIT": str(LIMIT), "ROSTER_RATE_LIMIT_WINDOW": str(WINDOW)}
    with serving(limited_database_url, tmp_path, env=env) as server:
        _clear_of_a_window_boundary()
        answers = []
        for n in range(12):
            path = "/api/v1/users/me.json" if n % 2 else "/projects/api/v3/me.json"
            answers.append(httpx.get(server.base + path, headers=auth(person.token), timeout=10))
    assert [a.status_code for a in answers] == [200] * LIMIT + [429] * (12 - LIMIT)
    # Both dialects send the X-RateLimit-* spelling (Teamwork sends X-Rate-Limit-* as well).
    remaining = [a.headers["x-ratelimit-remaining"] for a in answers]
    assert remaining == ["3", "2", "1", "0"] + ["0"] * 8
    for refused in answers[LIMIT:]:
        assert 0 < int(refused.headers["retry-after"]) <= WINDOW

"""Per-token fixed-window limits over HTTP, in both dialects, on the database backend.

Choices where the vendors are silent (docs/configuration.md, "Rate limits"): windows are aligned to
multiples of their length since the epoch; Reset and Retry-After are whole seconds until the window
ends; only authenticated requests are counted (there is no token to count an anonymous one
against); a request is counted before it runs, so one that then fails or is rolled back counts.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from roster.config import Settings
from tests.conftest import end_sessions_on
from tests.factories import make_account, make_user, token_for
from tests.ratelimit.conftest import WINDOW_START, AppFactory, Clock, Person, auth, second_token

KANTATA_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
TEAMWORK_HEADERS = (
    "X-Rate-Limit-Limit",
    "X-Rate-Limit-Remaining",
    "X-Rate-Limit-Reset",
    *KANTATA_HEADERS,
)


def _limits(response: Any, names: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    """(Limit, Remaining, Reset) once per spelling, to compare the spellings with each other."""
    found = [response.headers.get(name) for name in names]
    return [tuple(found[i : i + 3]) for i in range(0, len(found), 3)]


def test_off_by_default_no_headers_and_no_429(session: Session, client: Any) -> None:
    assert Settings().rate_limit == 0
    me = make_user(session, account=make_account(session))
    token = token_for(session, me)
    for _ in range(5):
        kantata = client.get("/api/v1/users/me", headers=auth(token))
        teamwork = client.get("/projects/api/v3/me.json", headers=auth(token))
        assert kantata.status_code == teamwork.status_code == 200
        for response in (kantata, teamwork):
            assert not [name for name in response.headers if "ratelimit" in name.replace("-", "")]


def test_kantata_counts_down_then_429_with_retry_after_until_the_window_ends(
    limited_app: AppFactory, person: Person
) -> None:
    clock = Clock(WINDOW_START + 45.2)
    client = limited_app(clock, limit=3, window=60)
    seen = []
    for _ in range(3):
        response = client.get("/api/v1/users/me.json", headers=auth(person.token))
        assert response.status_code == 200, response.text
        seen.append(_limits(response, KANTATA_HEADERS))
    assert seen == [[("3", "2", "15")], [("3", "1", "15")], [("3", "0", "15")]]
    refused = client.get("/api/v1/users/me.json", headers=auth(person.token))
    assert refused.status_code == 429
    assert refused.json() == {
        "errors": [
            {"type": "system", "message": "Rate limit exceeded. Please try again in 15 seconds."}
        ]
    }
    assert refused.headers["Retry-After"] == "15"
    assert _limits(refused, KANTATA_HEADERS) == [("3", "0", "15")]
    assert "X-Rate-Limit-Limit" not in refused.headers

    clock.now = WINDOW_START + 59.5
    still = client.get("/api/v1/users", headers=auth(person.token))
    assert (still.status_code, still.headers["Retry-After"]) == (429, "1")

    clock.now = WINDOW_START + 60.0
    again = client.get("/api/v1/users", headers=auth(person.token))
    assert again.status_code == 200
    assert _limits(again, KANTATA_HEADERS) == [("3", "2", "60")]


def test_teamwork_429_in_its_shape_with_both_header_spellings(
    limited_app: AppFactory, person: Person
) -> None:
    clock = Clock(WINDOW_START + 3540.0)
    client = limited_app(clock, limit=2, window=3600)
    first = client.get("/projects/api/v3/people.json", headers=auth(person.token))
    assert first.status_code == 200, first.text
    assert _limits(first, TEAMWORK_HEADERS) == [("2", "1", "60"), ("2", "1", "60")]
    client.get(f"/projects/api/v3/people/{person.other_id}.json", headers=auth(person.token))
    refused = client.get("/projects/api/v3/me.json", headers=auth(person.token))
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert _limits(refused, TEAMWORK_HEADERS) == [("2", "0", "60"), ("2", "0", "60")]
    [error] = refused.json()["errors"]
    assert error["code"] == "rate_limited"
    assert error["title"] == "too many requests"
    assert error["detail"] == (
        "You have exceeded your rate limit. Please try again in a little while."
    )
    assert error["meta"] == {"retryAfter": 60}
    assert len(error["id"]) == 32


def test_a_token_is_counted_once_across_both_dialects(
    limited_app: AppFactory, person: Person
) -> None:
    client = limited_app(Clock(), limit=4)
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 200
    assert client.get("/projects/api/v3/me", headers=auth(person.token)).status_code == 200
    kantata = client.get("/api/v1/users/me", headers=auth(person.token))
    assert kantata.headers["X-RateLimit-Remaining"] == "1"
    teamwork = client.get("/projects/api/v3/me", headers=auth(person.token))
    assert teamwork.headers["X-Rate-Limit-Remaining"] == "0"
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 429
    assert client.get("/projects/api/v3/me", headers=auth(person.token)).status_code == 429


def test_a_read_answered_again_on_a_fresh_connection_is_counted_once(
    limited_app: AppFactory, limited_database_url: str, person: Person
) -> None:
    if not limited_database_url.startswith("postgresql"):
        pytest.skip("reads answered again after a lost connection are PostgreSQL's reader's")
    client = limited_app(Clock(), limit=5)
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 200
    assert end_sessions_on(limited_database_url) >= 1
    again = client.get("/api/v1/users/me", headers=auth(person.token))
    assert again.status_code == 200
    assert again.headers["X-RateLimit-Remaining"] == "3"


def test_each_token_has_its_own_budget(
    limited_app: AppFactory, person: Person, limited_engine: Engine
) -> None:
    client = limited_app(Clock(), limit=1)
    other = second_token(limited_engine, person)
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 200
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 429
    fresh = client.get("/api/v1/users/me", headers=auth(other))
    assert fresh.status_code == 200
    assert fresh.headers["X-RateLimit-Remaining"] == "0"


def test_failed_and_rolled_back_requests_count_and_carry_the_headers(
    limited_app: AppFactory, person: Person
) -> None:
    client = limited_app(Clock(), limit=3)
    missing = client.get("/api/v1/users/999999999", headers=auth(person.token))
    assert missing.status_code == 404
    assert missing.headers["X-RateLimit-Remaining"] == "2"
    refused_write = client.put(
        f"/api/v1/users/{person.id}",
        headers=auth(person.token),
        json={"user": {"full_name": "", "email_address": "not-an-address"}},
    )
    assert refused_write.status_code == 422
    assert refused_write.headers["X-RateLimit-Remaining"] == "1"
    bad = client.get("/api/v1/users", params={"per_page": "lots"}, headers=auth(person.token))
    assert bad.status_code == 400
    assert bad.headers["X-RateLimit-Remaining"] == "0"
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 429


def test_unauthenticated_requests_are_not_counted_and_carry_no_headers(
    limited_app: AppFactory, person: Person
) -> None:
    client = limited_app(Clock(), limit=1)
    for _ in range(3):
        anonymous = client.get("/api/v1/users/me")
        assert anonymous.status_code == 401
        assert "X-RateLimit-Limit" not in anonymous.headers
        wrong = client.get("/projects/api/v3/me", headers=auth("not-a-token"))
        assert wrong.status_code == 401
        assert "X-Rate-Limit-Limit" not in wrong.headers
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 200


def test_the_count_is_shared_by_separate_workers(limited_app: AppFactory, person: Person) -> None:
    """Two apps with their own engines and pools stand for two server processes."""
    clock = Clock()
    workers = [limited_app(clock, limit=5), limited_app(clock, limit=5)]
    statuses = [
        workers[i % 2].get("/api/v1/users/me", headers=auth(person.token)).status_code
        for i in range(8)
    ]
    assert statuses == [200] * 5 + [429] * 3


def test_a_worker_whose_clock_lags_counts_into_the_newer_window(
    limited_app: AppFactory, person: Person
) -> None:
    ahead = limited_app(Clock(WINDOW_START + 60.5), limit=2)
    behind = limited_app(Clock(WINDOW_START + 59.5), limit=2)
    assert behind.get("/api/v1/users/me", headers=auth(person.token)).status_code == 200
    opened = ahead.get("/api/v1/users/me", headers=auth(person.token))
    assert (opened.status_code, opened.headers["X-RateLimit-Remaining"]) == (200, "1")
    lagging = behind.get("/api/v1/users/me", headers=auth(person.token))
    assert lagging.status_code == 200
    # The lagging worker is answered for the window the counter holds, which ends in 60.5 s
    # by its own clock: capped at one window.
    assert lagging.headers["X-RateLimit-Remaining"] == "0"
    assert lagging.headers["X-RateLimit-Reset"] == "60"
    assert ahead.get("/api/v1/users/me", headers=auth(person.token)).status_code == 429


def test_concurrent_requests_never_lose_a_count(limited_app: AppFactory, person: Person) -> None:
    clock = Clock()
    workers = [limited_app(clock, limit=10), limited_app(clock, limit=10)]
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def hammer(worker: Any) -> None:
        start.wait()
        for _ in range(3):
            status = worker.get("/api/v1/users/me", headers=auth(person.token)).status_code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=hammer, args=(workers[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] * 10 + [429] * 14


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ROSTER_RATE_LIMIT", "-1", "ROSTER_RATE_LIMIT must be at least 0"),
        ("ROSTER_RATE_LIMIT", "many", "ROSTER_RATE_LIMIT must be an integer"),
        ("ROSTER_RATE_LIMIT_WINDOW", "0", "ROSTER_RATE_LIMIT_WINDOW must be at least 1"),
        ("ROSTER_RATE_LIMIT_BACKEND", "memcached", "must be one of database, redis"),
        ("ROSTER_DB_STATEMENT_TIMEOUT", "-5", "ROSTER_DB_STATEMENT_TIMEOUT must be at least 0"),
        ("ROSTER_DB_THREADS", "0", "ROSTER_DB_THREADS must be at least 1"),
    ],
)
def test_bad_settings_stop_the_server_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit, match=message):
        Settings.from_env()


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "ROSTER_RATE_LIMIT",
        "ROSTER_RATE_LIMIT_WINDOW",
        "ROSTER_RATE_LIMIT_BACKEND",
        "ROSTER_REDIS_URL",
        "ROSTER_DB_STATEMENT_TIMEOUT",
        "ROSTER_DB_THREADS",
    ):
        monkeypatch.delenv(name, raising=False)
    defaults = Settings.from_env()
    assert (defaults.rate_limit, defaults.rate_limit_window) == (0, 60)
    assert defaults.rate_limit_backend == "database"
    assert defaults.redis_url == "redis://127.0.0.1:6379/0"
    assert defaults.db_statement_timeout == 30
    assert defaults.db_threads == 2
    monkeypatch.setenv("ROSTER_RATE_LIMIT", "150")
    monkeypatch.setenv("ROSTER_RATE_LIMIT_WINDOW", "30")
    monkeypatch.setenv("ROSTER_RATE_LIMIT_BACKEND", "Redis")
    monkeypatch.setenv("ROSTER_REDIS_URL", "redis://cache:6380/2")
    monkeypatch.setenv("ROSTER_DB_STATEMENT_TIMEOUT", "0")
    monkeypatch.setenv("ROSTER_DB_THREADS", "4")
    configured = Settings.from_env()
    assert (configured.rate_limit, configured.rate_limit_window) == (150, 30)
    assert configured.rate_limit_backend == "redis"
    assert configured.redis_url == "redis://cache:6380/2"
    assert configured.db_statement_timeout == 0
    assert configured.db_threads == 4

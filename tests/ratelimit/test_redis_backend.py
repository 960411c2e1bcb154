"""The Redis backend: the same limits over HTTP, counted in Redis, shared by separate workers.

These run whenever Redis answers (ROSTER_TEST_REDIS_URL, else redis://127.0.0.1:6379/15); CI sets
ROSTER_TEST_REDIS_URL, which turns an unreachable Redis into a failure instead of a skip.
"""

from __future__ import annotations

import socket

import redis

from tests.ratelimit.conftest import WINDOW_START, AppFactory, Clock, Person, auth


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_limits_and_headers_in_both_dialects(
    limited_app: AppFactory, person: Person, redis_url: str, redis_prefix: str
) -> None:
    clock = Clock(WINDOW_START + 50.0)
    client = limited_app(
        clock, limit=2, window=60, backend="redis", redis_url=redis_url, redis_prefix=redis_prefix
    )
    kantata = client.get("/api/v1/users/me", headers=auth(person.token))
    assert kantata.status_code == 200, kantata.text
    assert kantata.headers["X-RateLimit-Limit"] == "2"
    assert kantata.headers["X-RateLimit-Remaining"] == "1"
    assert kantata.headers["X-RateLimit-Reset"] == "10"
    teamwork = client.get("/projects/api/v3/me.json", headers=auth(person.token))
    assert teamwork.status_code == 200
    assert teamwork.headers["X-Rate-Limit-Remaining"] == "0"
    refused = client.get("/projects/api/v3/me.json", headers=auth(person.token))
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "10"
    assert refused.json()["errors"][0]["code"] == "rate_limited"
    clock.now = WINDOW_START + 60.0
    assert client.get("/api/v1/users/me", headers=auth(person.token)).status_code == 200


def test_one_key_per_token_and_window_that_expires_after_the_window(
    limited_app: AppFactory, person: Person, redis_url: str, redis_prefix: str
) -> None:
    client = limited_app(
        Clock(), limit=5, window=60, backend="redis", redis_url=redis_url, redis_prefix=redis_prefix
    )
    for _ in range(3):
        client.get("/api/v1/users/me", headers=auth(person.token))
    store = redis.Redis.from_url(redis_url)
    try:
        key = f"{redis_prefix}token:".encode()
        [name] = list(store.scan_iter(match=redis_prefix + "*"))
        assert name.startswith(key)
        assert name.endswith(f":{WINDOW_START}".encode())
        assert store.get(name) == b"3"
        assert 0 < int(store.ttl(name)) <= 61
    finally:
        store.close()


def test_the_count_is_shared_by_separate_workers(
    limited_app: AppFactory, person: Person, redis_url: str, redis_prefix: str
) -> None:
    clock = Clock()
    workers = [
        limited_app(clock, limit=3, backend="redis", redis_url=redis_url, redis_prefix=redis_prefix)
        for _ in range(2)
    ]
    statuses = [
        workers[i % 2].get("/projects/api/v3/me", headers=auth(person.token)).status_code
        for i in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_an_unreachable_redis_serves_requests_unlimited(
    limited_app: AppFactory, person: Person
) -> None:
    """Fail open: losing the counter must not take the API down with it."""
    client = limited_app(
        Clock(), limit=1, backend="redis", redis_url=f"redis://127.0.0.1:{_unused_port()}/0"
    )
    for _ in range(3):
        response = client.get("/api/v1/users/me", headers=auth(person.token))
        assert response.status_code == 200
        assert "X-RateLimit-Limit" not in response.headers

"""Per-token fixed-window rate limiting, shared by every server worker (docs/configuration.md).

The endpoint wrapper asks the limiter about each authenticated request; the counts live in the
database or in Redis, never in a worker's memory, so the limit holds across processes and hosts.
"""

from roster.ratelimit.backends import DatabaseCounter, RedisCounter, build_limiter
from roster.ratelimit.limiter import Counter, FixedWindowLimiter, RateLimited, Verdict, headers

__all__ = [
    "Counter",
    "DatabaseCounter",
    "FixedWindowLimiter",
    "RateLimited",
    "RedisCounter",
    "Verdict",
    "build_limiter",
    "headers",
]

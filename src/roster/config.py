"""Settings read from the environment (documented in docs/configuration.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///roster.db"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
RATE_LIMIT_BACKENDS = ("database", "redis")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int_at_least(name: str, default: int, *, minimum: int) -> int:
    value = _env_int(name, default)
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}")
    return value


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = (os.environ.get(name) or default).strip().lower()
    if value not in choices:
        raise SystemExit(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    access_log: bool = True
    log_level: str = "info"
    log_json: bool = True
    # Absolute base for URLs Roster hands out (photo_path, avatarUrl); else from the request.
    public_url: str = ""
    media_dir: str = "media"
    extra: dict[str, str] = field(default_factory=dict)
    # Requests per window per token; 0 turns rate limiting off (the default, for local use).
    rate_limit: int = 0
    rate_limit_window: int = 60
    rate_limit_backend: str = "database"
    redis_url: str = DEFAULT_REDIS_URL
    # PostgreSQL only: the server cancels a statement running longer (0 = no limit).
    db_statement_timeout: int = 30
    # API requests one worker process runs against the database at once, each on its own thread.
    db_threads: int = 2

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{self.port}"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("ROSTER_DATABASE_URL") or DEFAULT_DATABASE_URL,
            host=os.environ.get("ROSTER_HOST") or "127.0.0.1",
            port=_env_int("ROSTER_PORT", 8000),
            workers=_env_int("ROSTER_WORKERS", 1),
            access_log=_env_bool("ROSTER_ACCESS_LOG", True),
            log_level=(os.environ.get("ROSTER_LOG_LEVEL") or "info").lower(),
            log_json=_env_bool("ROSTER_LOG_JSON", True),
            public_url=os.environ.get("ROSTER_PUBLIC_URL") or "",
            media_dir=os.environ.get("ROSTER_MEDIA_DIR") or "media",
            rate_limit=_env_int_at_least("ROSTER_RATE_LIMIT", 0, minimum=0),
            rate_limit_window=_env_int_at_least("ROSTER_RATE_LIMIT_WINDOW", 60, minimum=1),
            rate_limit_backend=_env_choice(
                "ROSTER_RATE_LIMIT_BACKEND", "database", RATE_LIMIT_BACKENDS
            ),
            redis_url=os.environ.get("ROSTER_REDIS_URL") or DEFAULT_REDIS_URL,
            db_statement_timeout=_env_int_at_least("ROSTER_DB_STATEMENT_TIMEOUT", 30, minimum=0),
            db_threads=_env_int_at_least("ROSTER_DB_THREADS", 2, minimum=1),
        )

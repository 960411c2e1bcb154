"""The ASGI entry point for server workers (``roster.web.asgi:app``), configured from the env."""

from __future__ import annotations

from roster.config import Settings
from roster.db import Database
from roster.web.app import create_app
from roster.web.logging import configure_logging

settings = Settings.from_env()
configure_logging(level=settings.log_level, json=settings.log_json)
app = create_app(settings, Database.from_url(settings.database_url))

"""The ASGI entry point for server workers (``roster.web.asgi:app``), configured from the env."""

from __future__ import annotations

from roster.config import Settings
from roster.db import Database, make_engine
from roster.web.app import create_app
from roster.web.logging import configure_logging

settings = Settings.from_env()
configure_logging(level=settings.log_level, json=settings.log_json)
engine = make_engine(settings.database_url, statement_timeout=settings.db_statement_timeout)
app = create_app(settings, Database(engine))

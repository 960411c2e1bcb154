"""The ASGI entry point for server workers (``roster.web.asgi:app``), configured from the env."""

from __future__ import annotations

import gc

from roster.config import Settings
from roster.db import Database
from roster.web.app import create_app
from roster.web.logging import configure_logging

settings = Settings.from_env()
configure_logging(level=settings.log_level, json=settings.log_json)
database = Database.serving(settings.database_url, statement_timeout=settings.db_statement_timeout)
app = create_app(settings, database)

# Everything built so far (SQLAlchemy's mappers and compiled caches, the declarations, the app)
# lives as long as the worker. Left to the collector, each full collection walked all of it: at
# concurrency 1 the slowest 1% of requests took 60-90 ms instead of 3 (docs/benchmark.md).
# Frozen, it is never scanned again; what requests allocate is collected as before.
gc.freeze()

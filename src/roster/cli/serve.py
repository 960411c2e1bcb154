"""``roster serve``: run the HTTP server with production settings."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.config import Settings
from roster.db import make_engine
from roster.db.schema import migrate


def serve(
    database: DatabaseOption = DEFAULT_DATABASE,
    host: Annotated[str, typer.Option(envvar="ROSTER_HOST", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="ROSTER_PORT", help="Port to bind.")] = 8000,
    workers: Annotated[
        int, typer.Option(envvar="ROSTER_WORKERS", help="Server worker processes.")
    ] = 1,
    access_log: Annotated[
        bool, typer.Option(envvar="ROSTER_ACCESS_LOG", help="One JSON log line per request.")
    ] = True,
) -> None:
    """Serve both dialects: Kantata under /api/v1/, Teamwork under /projects/api/v3/."""
    engine = make_engine(database)
    migrate(engine)  # an up-to-date schema before any worker takes a request
    engine.dispose()
    # Workers are separate processes that configure themselves from the environment.
    os.environ["ROSTER_DATABASE_URL"] = database
    os.environ["ROSTER_HOST"] = host
    os.environ["ROSTER_PORT"] = str(port)
    os.environ["ROSTER_ACCESS_LOG"] = "1" if access_log else "0"
    settings = Settings.from_env()
    uvicorn.run(
        "roster.web.asgi:app",
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # Roster writes its own structured access log
        log_level=settings.log_level,
        proxy_headers=True,
        server_header=False,
        loop="uvloop",
        http="httptools",
    )

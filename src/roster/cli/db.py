"""``roster db``: schema management."""

from __future__ import annotations

import typer

from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.db import Database
from roster.db.schema import migrate

app = typer.Typer(help="Database schema commands.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(database: DatabaseOption = DEFAULT_DATABASE) -> None:
    """Create or upgrade the schema to the newest migration."""
    db = Database.from_url(database)
    migrate(db.engine)
    db.dispose()
    typer.echo("schema is up to date")

"""``roster load``: load an organisation from a fixture file (see docs/fixtures.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.db import Database
from roster.db.schema import migrate
from roster.fixtures import FixtureError, LoadSummary, load_fixture, read_fixture_file

FileArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", help="The fixture: JSON (*.json) or YAML.", show_default=False),
]


def _refuse(error: FixtureError) -> typer.Exit:
    # Plain text, not Rich markup: messages quote user data, which may contain [brackets].
    typer.echo(error.report(), err=True)
    return typer.Exit(code=1)


def _summary(file: Path, summary: LoadSummary) -> Table:
    table = Table(title=f"Loaded {file.name}", title_justify="left")
    table.add_column("collection")
    table.add_column("records", justify="right")
    for name, count in summary.counts.items():
        if count:
            table.add_row(name, str(count))
    table.add_section()
    table.add_row("total", str(summary.total))
    return table


def load(file: FileArgument, database: DatabaseOption = DEFAULT_DATABASE) -> None:
    """Load the organisation described in FILE; the whole file or nothing."""
    try:
        data = read_fixture_file(file)
    except FixtureError as error:
        raise _refuse(error) from None
    db = Database.from_url(database)
    try:
        # A no-op on an up-to-date schema; creates it in a new database.
        migrate(db.engine)
        with db.engine.connect() as connection:
            summary = load_fixture(connection, data)
            connection.commit()
    except FixtureError as error:
        raise _refuse(error) from None
    finally:
        db.dispose()
    Console().print(_summary(file, summary))

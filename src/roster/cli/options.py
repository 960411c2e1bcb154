"""Options shared by every subcommand."""

from __future__ import annotations

from typing import Annotated

import typer

from roster.config import DEFAULT_DATABASE_URL

DatabaseOption = Annotated[
    str,
    typer.Option(
        "--database",
        envvar="ROSTER_DATABASE_URL",
        help="Database URL: sqlite:///path.db (default) or postgresql://user@host/db.",
        show_default=True,
    ),
]
DEFAULT_DATABASE = DEFAULT_DATABASE_URL

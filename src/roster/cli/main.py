"""Entry point: ``roster <command>``. Each command group lives in its own module."""

from __future__ import annotations

import typer

from roster.cli import db as db_commands
from roster.cli import demo as demo_commands
from roster.cli import load as load_commands
from roster.cli import oauth as oauth_commands
from roster.cli import seed as seed_commands
from roster.cli import serve as serve_commands
from roster.cli import token as token_commands

app = typer.Typer(
    name="roster",
    help="Roster: a people directory speaking the Kantata OX and Teamwork people APIs.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("serve")(serve_commands.serve)
app.command("seed")(seed_commands.seed)
app.command("load")(load_commands.load)
app.command("demo")(demo_commands.demo)
app.add_typer(token_commands.app, name="token")
app.add_typer(db_commands.app, name="db")
app.add_typer(oauth_commands.app, name="oauth-client")

if __name__ == "__main__":
    app()

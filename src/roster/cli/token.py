"""``roster token``: create, list and revoke API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from roster.auth.tokens import find_user, issue_token, list_tokens, revoke_token
from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.db import Database

app = typer.Typer(help="API tokens.", no_args_is_help=True)


@app.command("create")
def create(
    user: Annotated[str, typer.Option("--user", help="The user's id or email address.")],
    name: Annotated[str, typer.Option("--name", help="A label for the token.")] = "cli",
    database: DatabaseOption = DEFAULT_DATABASE,
) -> None:
    """Print one new bearer token for USER, on one line."""
    db = Database.from_url(database)
    with db.transaction() as session:
        found = find_user(session, user)
        if found is None:
            typer.echo(f"no user with id or email {user!r}", err=True)
            raise typer.Exit(code=1)
        issued = issue_token(session, user_id=found.id, name=name)
    db.dispose()
    typer.echo(issued.secret)


@app.command("list")
def list_(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    database: DatabaseOption = DEFAULT_DATABASE,
) -> None:
    """List tokens (never their secrets)."""
    db = Database.from_url(database)
    with db.transaction() as session:
        user_id = None
        if user is not None:
            found = find_user(session, user)
            if found is None:
                typer.echo(f"no user with id or email {user!r}", err=True)
                raise typer.Exit(code=1)
            user_id = found.id
        tokens = list_tokens(session, user_id=user_id)
        table = Table("id", "user", "name", "prefix", "created", "revoked")
        for t in tokens:
            table.add_row(
                str(t.id),
                str(t.user_id),
                t.name,
                t.prefix + "…",
                t.created_at.isoformat(),
                t.revoked_at.isoformat() if t.revoked_at else "",
            )
    db.dispose()
    Console().print(table)


@app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (see `roster token list`).")],
    database: DatabaseOption = DEFAULT_DATABASE,
) -> None:
    """Revoke a token; requests carrying it get 401 from then on."""
    db = Database.from_url(database)
    with db.transaction() as session:
        done = revoke_token(session, token_id)
    db.dispose()
    if not done:
        typer.echo(f"no active token with id {token_id}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"revoked token {token_id}")

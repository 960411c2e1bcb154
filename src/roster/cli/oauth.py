"""``roster oauth-client``: register OAuth2 applications and list them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from roster.auth.oauth.clients import InvalidRegistration, redirect_uris_of, register_client
from roster.auth.oauth.store import list_clients
from roster.auth.tokens import find_user
from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.db import Database

app = typer.Typer(help="OAuth2 applications (authorization-code flow).", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="The application's name, shown on consent.")],
    redirect_uri: Annotated[
        list[str],
        typer.Option(
            "--redirect-uri",
            help="An allowed redirect URI, compared exactly; repeat the option for several.",
        ),
    ],
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="The registering user's id or email address (optional)."),
    ] = None,
    database: DatabaseOption = DEFAULT_DATABASE,
) -> None:
    """Register an application; prints its client_id and client_secret (shown only this once)."""
    db = Database.from_url(database)
    try:
        with db.transaction() as session:
            owner_id = None
            if owner is not None:
                found = find_user(session, owner)
                if found is None:
                    typer.echo(f"no user with id or email {owner!r}", err=True)
                    raise typer.Exit(code=1)
                owner_id = found.id
            try:
                registered = register_client(
                    session, name=name, redirect_uris=redirect_uri, owner_id=owner_id
                )
            except InvalidRegistration as error:
                typer.echo(f"cannot register the application: {error}", err=True)
                raise typer.Exit(code=1) from None
    finally:
        db.dispose()
    typer.echo(f"client_id: {registered.client_id}")
    typer.echo(f"client_secret: {registered.client_secret}")
    typer.echo("Store the secret now: Roster keeps only its hash.", err=True)


@app.command("list")
def list_(database: DatabaseOption = DEFAULT_DATABASE) -> None:
    """List registered applications (never their secrets)."""
    db = Database.from_url(database)
    try:
        with db.transaction() as session:
            table = Table("id", "name", "client_id", "redirect URIs", "owner", "created")
            for client in list_clients(session):
                table.add_row(
                    str(client.id),
                    client.name,
                    client.client_id,
                    "\n".join(redirect_uris_of(client)),
                    str(client.owner_id) if client.owner_id is not None else "",
                    client.created_at.isoformat(),
                )
    finally:
        db.dispose()
    Console(width=200).print(table)

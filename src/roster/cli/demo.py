"""``roster demo``: make sure a database holds an organisation to play with (``make serve``).

An empty database gets a seeded organisation and a token for its owner; a database that already
holds people is left alone.
"""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select

from roster.auth.tokens import issue_token
from roster.cli import seed as seed_command
from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.db import Database
from roster.db.schema import has_people, migrate
from roster.models import AccountMembership, User
from roster.synth import DEMO_SEED


def demo(
    database: DatabaseOption = DEFAULT_DATABASE,
    users: Annotated[int, typer.Option("--users", help="Size of the demo organisation.")] = 2000,
) -> None:
    """Seed a demo organisation into DATABASE unless it already holds people."""
    db = Database.from_url(database)
    migrate(db.engine)
    seeded = not has_people(db.engine)
    db.dispose()
    if seeded:
        seed_command.seed(database=database, users=users, random_seed=DEMO_SEED)
    db = Database.from_url(database)
    with db.transaction() as session:
        owner = session.execute(
            select(User.id, User.email_address)
            .join(AccountMembership, AccountMembership.user_id == User.id)
            .where(AccountMembership.is_owner.is_(True))
            .order_by(AccountMembership.account_id)
            .limit(1)
        ).one_or_none()
        if owner is None:
            typer.echo("the database holds people; create a token with `roster token create`")
        elif seeded:
            token = issue_token(session, user_id=owner.id, name="demo").secret
            typer.echo(f"demo token for {owner.email_address} (an account owner): {token}")
        else:
            typer.echo(
                f"the database already holds people; for a token run: "
                f".venv/bin/roster token create --user {owner.email_address}"
            )
    db.dispose()

"""``roster seed``: a synthetic organisation (implemented in roster.synth)."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import make_url

from roster.cli.options import DEFAULT_DATABASE, DatabaseOption
from roster.db import make_engine
from roster.db.schema import migrate
from roster.media import LocalDirectoryStore, default_store
from roster.synth import DEMO_SEED, DEMO_USERS, MIN_USERS, DatabaseNotEmpty, seed_organisation
from roster.synth.writer import analyze


def seed(
    database: DatabaseOption = DEFAULT_DATABASE,
    users: Annotated[
        int, typer.Option("--users", min=MIN_USERS, help="How many users to create.")
    ] = DEMO_USERS,
    random_seed: Annotated[
        int, typer.Option("--seed", help="The same seed always gives the same organisation.")
    ] = DEMO_SEED,
) -> None:
    """Fill an empty database with a realistic synthetic organisation."""
    console = Console(stderr=True)
    engine = make_engine(database)
    media = default_store()
    started = time.perf_counter()
    report = None
    committed = False
    # Outside a terminal (CI, pipes) the bar would only add noise; the summary still prints.
    progress = Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    try:
        migrate(engine)
        with progress, engine.connect() as connection:
            with connection.begin():
                task = progress.add_task("Accounts", total=None)

                def advance(phase: str, done: int, total: int) -> None:
                    progress.update(task, description=phase, completed=done, total=total)

                report = seed_organisation(
                    connection, users=users, seed=random_seed, media=media, progress=advance
                )
            committed = True
        analyze(engine)
    except DatabaseNotEmpty as exc:
        where = make_url(database).render_as_string(hide_password=True)
        typer.echo(f"refusing to seed {where}: {exc}; seed into an empty database", err=True)
        raise typer.Exit(code=1) from None
    except BaseException:
        # Written but never committed (the commit itself failed): the files must go too.
        if report is not None and not committed:
            for key in report.media_keys:
                media.delete(key)
        raise
    finally:
        engine.dispose()
    elapsed = time.perf_counter() - started
    where = f" in {media.root}" if isinstance(media, LocalDirectoryStore) else ""
    typer.echo(
        f"seeded {report.users} users (seed {report.seed}): {sum(report.rows.values())} rows, "
        f"{len(report.media_keys)} files{where}, {elapsed:.1f}s"
    )

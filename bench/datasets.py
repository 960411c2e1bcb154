"""The benchmark's datasets: seeded once with ``roster seed`` and cached by (users, seed).

A SQLite dataset is a file under ``bench/.data/``; a PostgreSQL one is a dedicated database whose
comment holds the same key, so a dataset that outlives ``bench/.data`` is still recognised and one
left half-seeded by an interrupted run never is (the key is written only after the seed commits).

A cached dataset seeded under an older schema is brought to the current one with
``roster db upgrade``, as an operator's database would be, rather than seeded again: a million
users take minutes to seed and seconds to migrate. ``--reseed`` rebuilds one (needed when
``roster.synth`` changes what it generates).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from roster.db import normalise_url
from roster.migrations import alembic_config

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
ROSTER = Path(sys.executable).with_name("roster")
POSTGRES_SERVER = os.environ.get("ROSTER_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def schema_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return "+".join(sorted(heads))


@dataclass(frozen=True)
class Dataset:
    label: str  # e.g. "sqlite-100k"
    engine: str  # "sqlite" or "postgresql"
    users: int
    seed: int

    @property
    def key(self) -> str:
        return f"users={self.users} seed={self.seed}"

    @property
    def slug(self) -> str:
        return f"{self.engine}-{self.users}-s{self.seed}"

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{DATA / (self.slug + '.db')}"
        return f"{POSTGRES_SERVER}/{self.database_name}"

    @property
    def database_name(self) -> str:
        return f"roster_bench_{self.label.split('-', 1)[1]}"

    @property
    def media_dir(self) -> Path:
        return DATA / f"media-{self.slug}"


DATASETS: dict[str, Dataset] = {
    d.label: d
    for d in (
        Dataset("sqlite-10k", "sqlite", 10_000, 1),
        Dataset("sqlite-100k", "sqlite", 100_000, 1),
        Dataset("pg-10k", "postgresql", 10_000, 1),
        Dataset("pg-1m", "postgresql", 1_000_000, 1),
    )
}


def _admin_url(dataset: Dataset) -> str:
    url = make_url(normalise_url(dataset.url)).set(database="postgres")
    return url.render_as_string(hide_password=False)


def _postgres_key(dataset: Dataset) -> str | None:
    engine = create_engine(_admin_url(dataset))
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname = :name"
                ),
                {"name": dataset.database_name},
            ).scalar_one_or_none()
    finally:
        engine.dispose()


def _autocommit(url: str, *statements: str) -> None:
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def is_cached(dataset: Dataset) -> bool:
    if dataset.engine == "sqlite":
        return Path(make_url(dataset.url).database or "").exists()
    return _postgres_key(dataset) == dataset.key


def _seed(url: str, dataset: Dataset, log: Path) -> None:
    dataset.media_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ROSTER_MEDIA_DIR": str(dataset.media_dir)}
    command = [str(ROSTER), "seed", "--users", str(dataset.users), "--seed", str(dataset.seed)]
    with log.open("w") as out:
        subprocess.run(
            [*command, "--database", url], env=env, stdout=out, stderr=subprocess.STDOUT, check=True
        )


def ensure(dataset: Dataset, *, reseed: bool = False, say: Callable[[str], None] = print) -> float:
    """Make sure the dataset exists; returns the seconds spent seeding (0 when cached)."""
    DATA.mkdir(parents=True, exist_ok=True)
    if is_cached(dataset) and not reseed:
        subprocess.run([str(ROSTER), "db", "upgrade", "--database", dataset.url], check=True)
        return 0.0
    started = time.perf_counter()
    log = DATA / f"seed-{dataset.slug}.log"
    say(f"seeding {dataset.label} ({dataset.users} users, seed {dataset.seed}); log: {log}")
    if dataset.engine == "sqlite":
        final = Path(make_url(dataset.url).database or "")
        partial = final.with_suffix(".partial.db")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), final):
            leftover.unlink(missing_ok=True)
        _seed(f"sqlite:///{partial}", dataset, log)
        partial.rename(final)
    else:
        name = dataset.database_name
        _autocommit(
            _admin_url(dataset),
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}"',
        )
        _seed(dataset.url, dataset, log)
        # As autovacuum would leave it after a bulk load: the visibility map set, so index-only
        # scans skip the heap, and fresh statistics.
        _autocommit(dataset.url, "VACUUM (ANALYZE)")
        # psycopg quotes the key as a literal; COMMENT takes no bind parameters.
        quoted = dataset.key.replace("'", "''")
        _autocommit(_admin_url(dataset), f"COMMENT ON DATABASE \"{name}\" IS '{quoted}'")
    return time.perf_counter() - started


def create_token(database_url: str, user_id: int, name: str) -> str:
    """A new API token for the user, made with ``roster token create`` as an operator would."""
    completed = subprocess.run(
        [
            *(str(ROSTER), "token", "create", "--user", str(user_id), "--name", name),
            *("--database", database_url),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip().splitlines()[-1]


def seed_command(dataset: Dataset) -> str:
    """The command that builds this dataset, for the report."""
    return (
        f"ROSTER_MEDIA_DIR={dataset.media_dir.relative_to(ROOT)} roster seed "
        f"--users {dataset.users} --seed {dataset.seed} --database {dataset.url}"
    )

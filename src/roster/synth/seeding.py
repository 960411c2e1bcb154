"""Seed a database with a synthetic organisation, inside the caller's transaction.

``seed_organisation`` never commits: the CLI commits once everything is in, tests roll back. The
files it stores are removed again if seeding fails part-way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select

from roster.db.schema import migrate
from roster.db.search_index import search_index_suspended
from roster.db.sequences import reset_sequences
from roster.media import MediaStore, default_store
from roster.models import Base, User
from roster.synth.deferred import checks_deferred_to_end
from roster.synth.generator import TABLES, generate
from roster.synth.plan import Plan
from roster.synth.rows import Chunk
from roster.synth.writer import BulkWriter, analyze

DEMO_USERS = 1_000
DEMO_SEED = 1

# Called after each chunk with the phase's name, units done so far, and the total.
ProgressCallback = Callable[[str, int, int], None]


class DatabaseNotEmpty(RuntimeError):
    """Seeding writes explicit ids, so it only ever runs on an empty database."""


@dataclass(frozen=True)
class SeedReport:
    users: int
    seed: int
    rows: dict[str, int]
    media_keys: tuple[str, ...] = field(repr=False)


def _refuse_unless_empty(connection: Connection) -> None:
    users = connection.execute(select(func.count()).select_from(User.__table__)).scalar_one()
    if users:
        raise DatabaseNotEmpty(f"the database already holds {users} users")
    # Explicit ids would collide with any row already in a table the generator fills.
    for name in sorted(TABLES):
        table = Base.metadata.tables[name]
        if connection.execute(select(1).select_from(table).limit(1)).first() is not None:
            raise DatabaseNotEmpty(f"the database already holds rows in {name}")


def seed_organisation(
    connection: Connection,
    *,
    users: int,
    seed: int,
    media: MediaStore | None = None,
    progress: ProgressCallback | None = None,
) -> SeedReport:
    """Generate an organisation of ``users`` people from ``seed`` and write it on ``connection``.

    Runs in the connection's current transaction (one is begun if none is open) and leaves the
    commit to the caller. Files go to ``media`` (by default the configured store, see
    roster.media.default_store). Raises DatabaseNotEmpty if the database already holds data, and
    ValueError if ``users`` is below the minimum (roster.synth.plan.MIN_USERS).
    """
    plan = Plan.for_users(users)
    store = media or default_store()
    if not connection.in_transaction():
        connection.begin()
    _refuse_unless_empty(connection)
    total = plan.users + plan.workspaces
    done = 0
    writer = BulkWriter(connection)
    stored: list[str] = []

    def write(chunk: Chunk) -> None:
        writer.write(chunk)
        for key, data in chunk.blobs:
            store.put(key, data)
            stored.append(key)

    def written(chunk: Chunk) -> None:
        nonlocal done
        done += chunk.units
        if progress is not None:
            progress(chunk.phase, done, total)

    try:
        with search_index_suspended(connection), checks_deferred_to_end(connection):
            write_behind(generate(plan, seed), write, written)
            if progress is not None:
                progress("Indexing", done, total)  # indexes and checks are rebuilt on leaving
        reset_sequences(connection)
    except BaseException:
        for key in stored:
            store.delete(key)
        raise
    return SeedReport(users=users, seed=seed, rows=dict(writer.counts), media_keys=tuple(stored))


def write_behind(
    stream: Iterable[Chunk],
    write: Callable[[Chunk], None],
    written: Callable[[Chunk], None],
) -> None:
    """Write each chunk on a second thread while the next one is generated.

    Generating is pure Python; writing spends much of its time in the database driver with the
    GIL released, so the two overlap. At most one chunk waits while another is written, which
    keeps memory bounded, and only the writer thread uses the connection until the last write
    has finished. ``written`` is called, in order, on this thread after each chunk is in.
    """
    pending: deque[tuple[Chunk, Future[None]]] = deque()

    def settle() -> None:
        chunk, future = pending.popleft()
        future.result()
        written(chunk)

    with ThreadPoolExecutor(1) as background:
        for chunk in stream:
            pending.append((chunk, background.submit(write, chunk)))
            if len(pending) > 1:
                settle()
        while pending:
            settle()


def ensure_demo_data(
    engine: Engine,
    *,
    media: MediaStore | None = None,
    users: int = DEMO_USERS,
    seed: int = DEMO_SEED,
) -> bool:
    """Bring the schema up to date and, if the database holds no users yet, seed a demo
    organisation and commit it. Returns whether it seeded. For ``roster serve``."""
    migrate(engine)
    with engine.connect() as connection, connection.begin():
        if connection.execute(select(func.count()).select_from(User.__table__)).scalar_one():
            return False
        seed_organisation(connection, users=users, seed=seed, media=media)
    analyze(engine)
    return True

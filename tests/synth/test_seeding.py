"""seed_organisation against the test database: refusal, determinism, failure and engine details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select, text

from roster.db import make_engine
from roster.media import LocalDirectoryStore
from roster.models import Account, Base, User
from roster.synth import DatabaseNotEmpty, ensure_demo_data, seed_organisation

from .conftest import SEEDED_TABLES

USERS = 60


def dump(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    tables = Base.metadata.tables
    return {
        name: [
            tuple(row)
            for row in connection.execute(
                select(tables[name]).order_by(*tables[name].primary_key.columns)
            )
        ]
        for name in SEEDED_TABLES
    }


def schema_objects(connection: Connection) -> set[tuple[Any, ...]]:
    """Triggers (SQLite) or constraints and indexes (PostgreSQL), with their definitions."""
    if connection.dialect.name == "sqlite":
        sql = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')"
    else:
        sql = (
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = current_schema()::regnamespace "
            "UNION ALL SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema()"
        )
    return {tuple(row) for row in connection.exec_driver_sql(sql)}


def test_the_same_seed_writes_the_same_rows(connection: Connection, tmp_path: Path) -> None:
    dumps = []
    for attempt in range(2):
        savepoint = connection.begin_nested()
        media = LocalDirectoryStore(tmp_path / str(attempt))
        seed_organisation(connection, users=USERS, seed=11, media=media)
        dumps.append(dump(connection))
        savepoint.rollback()
    assert dumps[0] == dumps[1]
    assert sum(map(len, dumps[0].values())) > USERS * 10


def test_a_database_with_users_is_refused(
    connection: Connection, media: LocalDirectoryStore
) -> None:
    seed_organisation(connection, users=USERS, seed=1, media=media)
    with pytest.raises(DatabaseNotEmpty, match=f"already holds {USERS} users"):
        seed_organisation(connection, users=USERS, seed=2, media=media)


def test_a_database_with_other_rows_is_refused(
    connection: Connection, media: LocalDirectoryStore
) -> None:
    connection.execute(insert(Account.__table__).values(id=1, name="Existing"))
    with pytest.raises(DatabaseNotEmpty, match="accounts"):
        seed_organisation(connection, users=USERS, seed=1, media=media)


def test_the_schema_is_exactly_restored_after_seeding(
    connection: Connection, media: LocalDirectoryStore
) -> None:
    before = schema_objects(connection)
    seed_organisation(connection, users=USERS, seed=1, media=media)
    assert schema_objects(connection) == before


class FailingStore(LocalDirectoryStore):
    """Stores two files, then fails like a full disk."""

    def put(self, key: str, data: bytes) -> None:
        if len(list(self.root.rglob("*-*"))) >= 2:
            raise OSError("no space left on device")
        super().put(key, data)


def test_a_failed_seeding_leaves_neither_rows_nor_files(
    connection: Connection, tmp_path: Path
) -> None:
    store = FailingStore(tmp_path / "media")
    before = schema_objects(connection)
    savepoint = connection.begin_nested()
    with pytest.raises(OSError, match="no space"):
        seed_organisation(connection, users=200, seed=1, media=store)
    savepoint.rollback()
    assert [p for p in store.root.rglob("*") if p.is_file()] == []
    assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
    assert schema_objects(connection) == before


def test_progress_is_reported_up_to_the_total(
    connection: Connection, media: LocalDirectoryStore
) -> None:
    calls: list[tuple[str, int, int]] = []
    seed_organisation(
        connection, users=USERS, seed=1, media=media, progress=lambda *a: calls.append(a)
    )
    phases = [phase for phase, _, _ in calls]
    assert phases[0] == "Accounts"
    assert phases[-1] == "Indexing"
    assert {"People", "Projects"} <= set(phases)
    done = [completed for _, completed, _ in calls]
    assert done == sorted(done)
    assert done[-1] == calls[-1][2]


def test_the_search_index_finds_seeded_people(
    connection: Connection, media: LocalDirectoryStore
) -> None:
    if connection.dialect.name != "sqlite":
        pytest.skip("the FTS5 search table exists on SQLite only")
    seed_organisation(connection, users=USERS, seed=1, media=media)
    user_id, last_name, email = connection.execute(
        select(User.id, User.last_name, User.email_address).where(User.id == USERS // 2)
    ).one()
    indexed = connection.execute(text("SELECT count(*) FROM users_search")).scalar_one()
    assert indexed == USERS
    found = connection.execute(
        text("SELECT rowid FROM users_search WHERE users_search MATCH :term"),
        {"term": f'"{last_name}"'},
    ).scalars()
    assert user_id in set(found)
    # The restored triggers keep the index in step with later changes.
    connection.execute(User.__table__.update().where(User.id == user_id).values(last_name="Zyxwv"))
    renamed = connection.execute(
        text("SELECT rowid FROM users_search WHERE users_search MATCH '\"Zyxwv\"'")
    ).scalars()
    assert list(renamed) == [user_id]
    assert email


def test_sequences_continue_after_the_seeded_ids(
    connection: Connection, media: LocalDirectoryStore
) -> None:
    seed_organisation(connection, users=USERS, seed=1, media=media)
    account_id = connection.execute(
        insert(Account.__table__).values(name="Later").returning(Account.__table__.c.id)
    ).scalar_one()
    user_id = connection.execute(
        insert(User.__table__)
        .values(first_name="Late", last_name="Comer", email_address="late@example.test")
        .returning(User.__table__.c.id)
    ).scalar_one()
    assert user_id == USERS + 1
    assert account_id > 1


def test_demo_data_is_created_once(tmp_path: Path) -> None:
    # Committing is the point here, so this uses a database of its own.
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    media = LocalDirectoryStore(tmp_path / "media")
    try:
        assert ensure_demo_data(engine, media=media, users=40) is True
        assert ensure_demo_data(engine, media=media, users=40) is False
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 40
    finally:
        engine.dispose()

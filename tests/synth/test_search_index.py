"""roster.db.search_index: the FTS5 triggers come back exactly as the migration made them."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, insert, text

from roster.db.search_index import search_index_suspended
from roster.models import User


@pytest.fixture
def sqlite_connection(connection: Connection) -> Connection:
    if connection.dialect.name != "sqlite":
        pytest.skip("the FTS5 search table exists on SQLite only")
    return connection


def triggers(connection: Connection) -> list[tuple[str, str]]:
    rows = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'users_search%' ORDER BY name"
        )
    )
    return [(name, sql) for name, sql in rows]


def search(connection: Connection, term: str) -> list[int]:
    sql = "SELECT rowid FROM users_search WHERE users_search MATCH :term ORDER BY rowid"
    return list(connection.execute(text(sql), {"term": f'"{term}"'}).scalars())


def add_user(connection: Connection, user_id: int, last_name: str) -> None:
    connection.execute(
        insert(User.__table__).values(
            id=user_id,
            first_name="Ada",
            last_name=last_name,
            email_address=f"{last_name.lower()}@example.test",
        )
    )


def test_inserts_skip_the_index_until_the_block_ends(sqlite_connection: Connection) -> None:
    before = triggers(sqlite_connection)
    assert {name for name, _ in before} >= {"users_search_ai", "users_search_ad", "users_search_au"}
    with search_index_suspended(sqlite_connection):
        assert triggers(sqlite_connection) == []
        add_user(sqlite_connection, 1, "Lovelace")
    assert triggers(sqlite_connection) == before
    assert search(sqlite_connection, "Lovelace") == [1]
    add_user(sqlite_connection, 2, "Lovelock")  # the restored trigger indexes this one
    assert search(sqlite_connection, "Lovel") == [1, 2]


def test_a_failure_inside_the_block_is_undone_by_the_rollback(
    sqlite_connection: Connection,
) -> None:
    before = triggers(sqlite_connection)
    savepoint = sqlite_connection.begin_nested()
    with pytest.raises(RuntimeError), search_index_suspended(sqlite_connection):
        raise RuntimeError("load failed")
    savepoint.rollback()
    assert triggers(sqlite_connection) == before


def test_outside_a_transaction_it_refuses(sqlite_connection: Connection) -> None:
    with (
        sqlite_connection.engine.connect() as idle,
        pytest.raises(RuntimeError, match="transaction"),
        search_index_suspended(idle),
    ):
        pass

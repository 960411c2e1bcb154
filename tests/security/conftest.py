"""One world for every attack in this package, built once and rolled back at the end.

The root ``connection`` fixture opens a fresh transaction per test, which would mean building the
world hundreds of times. Here a package-scoped connection holds the world in its transaction, and
``connection`` is overridden to hand each test a savepoint inside it, rolled back afterwards: the
root ``database``, ``session``, ``app``-style fixtures and ``statements`` then work unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from roster.config import Settings
from roster.db import Database
from roster.media import LocalDirectoryStore, MediaStore
from tests.security.world import World, build_world


@pytest.fixture(scope="package")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("security-media")


@pytest.fixture(scope="package")
def media_store(media_root: Path) -> MediaStore:
    return LocalDirectoryStore(media_root)


@pytest.fixture(scope="package")
def world_connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        if outer.is_active:
            outer.rollback()


@pytest.fixture(scope="package")
def world(engine: Engine, world_connection: Connection, media_store: MediaStore) -> World:
    with Database(engine, bind=world_connection).transaction() as session:
        return build_world(session, media_store)


@pytest.fixture
def connection(world_connection: Connection, world: World) -> Iterator[Connection]:
    savepoint = world_connection.begin_nested()
    yield world_connection
    if savepoint.is_active:
        savepoint.rollback()


@pytest.fixture
def app(database: Database, media_store: MediaStore) -> Any:
    from roster.web.app import create_app

    return create_app(Settings(access_log=False), database, media=media_store)

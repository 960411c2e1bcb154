"""Schema helpers: migrate to head, and tell whether a database holds any people yet."""

from __future__ import annotations

from sqlalchemy import Engine, func, inspect, select

from roster.migrations import upgrade
from roster.models import User


def migrate(engine: Engine) -> None:
    with engine.connect() as connection:
        upgrade(connection)
        connection.commit()


def has_people(engine: Engine) -> bool:
    if "users" not in inspect(engine).get_table_names():
        return False
    with engine.connect() as connection:
        return bool(connection.execute(select(func.count()).select_from(User)).scalar_one())

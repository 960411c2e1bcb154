"""json-server's copy of a dataset: every user as Kantata presents them, in one ``db.json``."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import Engine, select

from bench.datasets import DATA, Dataset
from roster.dialects.kantata.presenter import present_user
from roster.models import User

BASE_URL = "http://127.0.0.1"


def export(engine: Engine, dataset: Dataset) -> Path:
    """Write (once per dataset) and return the json-server database file."""
    target = DATA / f"json-server-{dataset.slug}.json"
    if target.exists():
        return target
    columns = (User.id, User.full_name, User.email_address, User.headline, User.photo_key)
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(User.id)).mappings()
        users = [present_user(row, BASE_URL) for row in rows]
    partial = target.with_suffix(".partial")
    partial.write_bytes(orjson.dumps({"users": users}))
    partial.rename(target)
    return target

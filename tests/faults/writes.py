"""The profile write the crash tests interrupt, and the means to catch it mid-transaction.

The write is Kantata's PUT /users/{id} changing full_name, email_address and the user's external
reference: two tables, one transaction. Holding the user's row lock from a connection of the test's
own makes the request write the external reference and then wait on the users row, which is the
moment to crash it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import Connection, Engine, create_engine, text

from roster.db import normalise_url
from tests.faults.conftest import Org
from tests.faults.harness import Cluster

Profile = dict[str, str]


@contextmanager
def autocommit_engine(cluster: Cluster) -> Iterator[Engine]:
    engine = create_engine(normalise_url(cluster.url), isolation_level="AUTOCOMMIT")
    try:
        yield engine
    finally:
        engine.dispose()


def read_profile(cluster: Cluster, user_id: int) -> Profile:
    with autocommit_engine(cluster) as engine, engine.connect() as connection:
        user = connection.execute(
            text("SELECT first_name, last_name, email_address FROM users WHERE id = :id"),
            {"id": user_id},
        ).one()
        refs = connection.execute(
            text(
                "SELECT service_model_ref FROM external_references WHERE subject_type = 'User' "
                "AND subject_id = :id AND service_name = 'crm'"
            ),
            {"id": user_id},
        ).scalars()
        return {
            "full_name": f"{user.first_name} {user.last_name}",
            "email_address": user.email_address,
            "ref": ",".join(refs),
        }


def set_profile(cluster: Cluster, user_id: int, profile: Profile) -> None:
    first, last = profile["full_name"].split(" ")
    with autocommit_engine(cluster) as engine, engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE users SET first_name = :f, last_name = :l, email_address = :e "
                "WHERE id = :id"
            ),
            {"f": first, "l": last, "e": profile["email_address"], "id": user_id},
        )
        connection.execute(
            text(
                "UPDATE external_references SET service_model_ref = :r WHERE subject_type = 'User' "
                "AND subject_id = :id AND service_name = 'crm'"
            ),
            {"r": profile["ref"], "id": user_id},
        )


def put_profile(base: str, org: Org, profile: Profile, timeout: float = 30.0) -> httpx.Response:
    return httpx.put(
        f"{base}/api/v1/users/{org.subject_id}.json",
        headers={"Authorization": f"Bearer {org.subject_token}"},
        json={
            "user": {
                "full_name": profile["full_name"],
                "email_address": profile["email_address"],
                "external_reference": {
                    "service_name": "crm",
                    "service_model": "User",
                    "service_model_ref": profile["ref"],
                },
            }
        },
        timeout=timeout,
    )


@contextmanager
def row_locked(cluster: Cluster, user_id: int) -> Iterator[Connection]:
    """Holds the user's row lock until the block ends (or the cluster dies under it)."""
    engine = create_engine(normalise_url(cluster.url))
    try:
        connection = engine.connect()
        connection.execute(text("SELECT id FROM users WHERE id = :id FOR UPDATE"), {"id": user_id})
        yield connection
        try:
            connection.rollback()
            connection.close()
        except Exception:  # the cluster may have been killed under it
            connection.invalidate()
    finally:
        engine.dispose()


def wait_until_blocked_mid_write(cluster: Cluster, timeout: float = 15.0) -> int:
    """The pid of the request's backend once it waits on the users row, having written before."""
    query = text(
        "SELECT a.pid, bool_or(c.relname = 'external_references' AND l.granted "
        "AND l.mode = 'RowExclusiveLock') AS wrote_reference "
        "FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
        "LEFT JOIN pg_class c ON c.oid = l.relation "
        "WHERE a.wait_event_type = 'Lock' AND a.query ILIKE 'UPDATE users%' GROUP BY a.pid"
    )
    deadline = time.monotonic() + timeout
    with autocommit_engine(cluster) as engine:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                row = connection.execute(query).first()
            if row is not None:
                assert row.wrote_reference, (
                    "the PUT is expected to write external_references before users; if that "
                    "order changed, hold the lock on the row it now writes second"
                )
                return int(row.pid)
            time.sleep(0.05)
    pytest.fail("the PUT never reached the users row")


def backend_gone(cluster: Cluster, pid: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    with autocommit_engine(cluster) as engine:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                alive = connection.execute(
                    text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
                ).first()
            if alive is None:
                return
            time.sleep(0.05)
    pytest.fail(f"backend {pid} outlived its client")

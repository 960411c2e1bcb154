"""Gating and fixtures for the fault tests (marker ``faults``).

They need no particular test database, so they run once per ``make test``: in the PostgreSQL
run (ROSTER_TEST_DATABASE_URL=postgresql://…), which CI always makes, and there they are required:
missing initdb/pg_ctl is a failure, not a skip. In the SQLite run they are skipped with that
reason shown; ROSTER_TEST_FAULTS=1 runs (and requires) them in any run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from roster.db import make_engine
from roster.db.schema import migrate
from roster.models import ExternalReference
from tests.factories import make_account, make_user, make_workspace, participate, token_for
from tests.faults.harness import Cluster, postgres_bin_dir

BEFORE = {"full_name": "Ada Before", "email_address": "ada.before@acme.test", "ref": "BEFORE"}
AFTER = {"full_name": "Bea After", "email_address": "bea.after@acme.test", "ref": "AFTER"}


def _required() -> bool:
    configured = os.environ.get("ROSTER_TEST_DATABASE_URL", "")
    return configured.startswith("postgres") or os.environ.get("ROSTER_TEST_FAULTS") == "1"


@pytest.fixture(scope="module")
def cluster_bin_dir() -> Path:
    if not _required():
        pytest.skip(
            "fault tests run once per make test, in the PostgreSQL run "
            "(or set ROSTER_TEST_FAULTS=1)"
        )
    found = postgres_bin_dir()
    if found is None:
        pytest.fail(
            "the fault tests need PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/*/bin "
            "or PATH) to start a throwaway cluster, and this run requires them"
        )
    return found


@dataclass(frozen=True)
class Org:
    """A small organisation on the throwaway cluster: an admin, colleagues, and one profile."""

    admin_token: str
    subject_id: int  # the user whose profile the write tests change
    subject_token: str


@pytest.fixture(scope="module")
def cluster(cluster_bin_dir: Path) -> Iterator[Cluster]:
    cluster = Cluster(cluster_bin_dir)
    try:
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def org(cluster: Cluster) -> Org:
    engine = make_engine(cluster.url)
    try:
        migrate(engine)
        return _load(engine)
    finally:
        engine.dispose()


def _load(engine: Engine) -> Org:
    with Session(engine) as session, session.begin():
        account = make_account(session, name="Acme")
        admin = make_user(session, first_name="Ann", account=account, is_administrator=True)
        subject = make_user(
            session,
            first_name="Ada",
            last_name="Before",
            email_address=BEFORE["email_address"],
            account=account,
        )
        workspace = make_workspace(session, account=account)
        for person in [admin, subject] + [make_user(session, account=account) for _ in range(10)]:
            participate(session, user=person, workspace=workspace)
        session.add(
            ExternalReference(
                subject_type="User",
                subject_id=subject.id,
                service_name="crm",
                service_model="User",
                service_model_ref=BEFORE["ref"],
            )
        )
        return Org(
            admin_token=token_for(session, admin),
            subject_id=subject.id,
            subject_token=token_for(session, subject),
        )


@pytest.fixture
def running(cluster: Cluster, org: Org) -> Cluster:
    """The cluster, started again if an earlier test left it stopped."""
    if not cluster.is_running():
        cluster.start()
    return cluster

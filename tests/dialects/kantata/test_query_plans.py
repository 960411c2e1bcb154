"""Name and email filters are answered from indexes, not by scanning users.

The test seeds a few thousand users, refreshes the planner's statistics (ANALYZE), sends real
requests, captures the exact SQL and parameters the app executed, and asks the database to
EXPLAIN each statement: SQLite must answer ``by_full_name``/``search`` from the FTS5 trigram
table ``users_search`` and ``by_email_address`` from ``uq_users_email_lower``; PostgreSQL from
the trigram GIN indexes and the same btree. Neither may scan the users table.

PostgreSQL note: rows inserted into a GIN index first go to its pending list, which the planner
prices as a linear scan; autovacuum merges that list in production, but a test cannot VACUUM
inside its transaction, so it calls ``gin_clean_pending_list`` (what VACUUM does to the index)
before ANALYZE. No planner switch (``enable_seqscan``) is touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, event, insert, text
from sqlalchemy.orm import Session

from roster.models import AccountMembership, Participation, User
from tests.dialects.kantata.read_helpers import Api
from tests.factories import make_account, make_user, make_workspace, participate, token_for

POPULATION = 3000
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")


@dataclass
class Explained:
    connection: Connection
    api: Api
    captured: list[tuple[str, Any]]

    @property
    def dialect(self) -> str:
        return self.connection.dialect.name

    def plans(self, path: str) -> list[str]:
        """The plan of every SELECT the request ran after authenticating, one text per statement."""
        self.captured.clear()
        self.api.ok(path)
        selects = [(s, p) for s, p in self.captured if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) >= 2, selects  # the token lookup, then the page (and maybe the count)
        return [self._explain(statement, params) for statement, params in selects[1:]]

    def _explain(self, statement: str, params: Any) -> str:
        if self.dialect == "sqlite":
            rows = self.connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            return "\n".join(str(row[-1]) for row in rows)
        rows = self.connection.exec_driver_sql("EXPLAIN " + statement, params)
        return "\n".join(str(row[0]) for row in rows)


@pytest.fixture
def explained(session: Session, connection: Connection, client: Any) -> Iterator[Explained]:
    account = make_account(session)
    admin = make_user(session, first_name="Ada", account=account, is_administrator=True)
    workspaces = [make_workspace(session, account=account) for _ in range(20)]
    participate(session, user=admin, workspace=workspaces[0])
    users = [
        {
            "first_name": f"{WORDS[n % 9].title()}{n}",
            "last_name": WORDS[(n * 7) % 9].title(),
            "email_address": f"person{n}@corp{n % 10}.test",
        }
        for n in range(POPULATION)
    ]
    users.append({"first_name": "Zebulon", "last_name": "Quill", "email_address": "zq@x.test"})
    ids = session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True), users
    ).all()
    session.execute(
        insert(AccountMembership),
        [{"account_id": account.id, "user_id": user_id} for user_id in ids],
    )
    session.execute(
        insert(Participation),
        [
            {"workspace_id": workspaces[n % 20].id, "user_id": user_id}
            for n, user_id in enumerate(ids)
        ],
    )
    session.flush()
    if connection.dialect.name == "postgresql":
        for index in ("ix_users_full_name_trgm", "ix_users_email_trgm"):
            connection.execute(text(f"SELECT gin_clean_pending_list('{index}'::regclass)"))
    for table in ("users", "account_memberships", "participations", "workspaces"):
        connection.execute(text(f"ANALYZE {table}"))

    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        captured.append((statement, params))

    event.listen(connection, "before_cursor_execute", capture)
    yield Explained(connection, Api(client, token_for(session, admin)), captured)
    event.remove(connection, "before_cursor_execute", capture)


def _scans_users(plan: str, dialect: str) -> bool:
    if dialect == "sqlite":
        return re.search(r"^SCAN users(\s|$)", plan, re.MULTILINE) is not None
    return re.search(r"Seq Scan on users(\s|$)", plan) is not None


# The administrator's default reach, and the widest one (every member of the account).
REACHES = ("", "&on_my_account=true")


def test_name_search_uses_the_trigram_index(explained: Explained) -> None:
    for query in ("by_full_name=zebulon", "by_full_name=charlie12", "search=zebulon"):
        for reach in REACHES:
            for plan in explained.plans(f"/api/v1/users?{query}{reach}"):
                assert not _scans_users(plan, explained.dialect), plan
                if explained.dialect == "sqlite":
                    assert "SCAN users_search VIRTUAL TABLE INDEX" in plan, plan
                else:
                    assert "Bitmap Index Scan on ix_users_full_name_trgm" in plan, plan


def test_search_looks_in_names_and_email_addresses_through_their_indexes(
    explained: Explained,
) -> None:
    for reach in REACHES:
        for plan in explained.plans(f"/api/v1/users?search=zebulon%20zq@{reach}"):
            assert not _scans_users(plan, explained.dialect), plan
            if explained.dialect == "sqlite":
                assert plan.count("SCAN users_search VIRTUAL TABLE INDEX") == 2, plan
            else:
                assert "ix_users_full_name_trgm" in plan, plan
                assert "ix_users_email_trgm" in plan, plan


def test_email_address_uses_the_lowercase_email_index(explained: Explained) -> None:
    for reach in REACHES:
        path = f"/api/v1/users?by_email_address=Person17@corp7.test{reach}"
        for plan in explained.plans(path):
            assert not _scans_users(plan, explained.dialect), plan
            if explained.dialect == "sqlite":
                assert "SEARCH users USING INDEX uq_users_email_lower" in plan, plan
            else:
                assert "uq_users_email_lower" in plan, plan


def test_the_plans_answer_correctly(explained: Explained) -> None:
    body = explained.api.ok("/api/v1/users?by_full_name=ZEBULON")
    assert [u["full_name"] for u in body["users"].values()] == ["Zebulon Quill"]
    body = explained.api.ok("/api/v1/users?by_email_address=PERSON17@corp7.test")
    assert [u["email_address"] for u in body["users"].values()] == ["person17@corp7.test"]
    body = explained.api.ok("/api/v1/users?by_full_name=charlie12&per_page=200")
    expected = sum(1 for n in range(POPULATION) if "charlie12" in f"{WORDS[n % 9]}{n}")
    assert body["count"] == expected > 0


def test_the_administrators_reach_is_probed_row_by_row(explained: Explained) -> None:
    """Where the seats would fit in memory, PostgreSQL hashed all of them before a page's first
    row (``roster.db.planning.probe_equal``); the tests must stay per-row index probes."""
    if explained.dialect != "postgresql":
        return  # SQLite runs a correlated EXISTS per row in any case
    paths = (
        "/api/v1/users",
        "/api/v1/users?on_my_account=true",
        "/api/v1/users?include=skills,account_membership",
        "/api/v1/users?by_full_name=charlie",
    )
    for path in paths:
        for plan in explained.plans(path):
            assert "hashed SubPlan" not in plan, plan


def _spread_over_small_accounts(session: Session, connection: Connection, accounts: int) -> None:
    """Three users in each of ``accounts`` more accounts: the membership index then looks
    selective to a planner that knows only averages, as on a real site with one large account."""
    for n in range(accounts):
        account = make_account(session)
        ids = session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [
                {
                    "first_name": f"Small{n}",
                    "last_name": f"Member{k}",
                    "email_address": f"small{n}.{k}@accounts.test",
                }
                for k in range(3)
            ],
        ).all()
        session.execute(
            insert(AccountMembership),
            [{"account_id": account.id, "user_id": user_id} for user_id in ids],
        )
    session.flush()
    for table in ("users", "account_memberships"):
        connection.execute(text(f"ANALYZE {table}"))


def _page_plan(explained: Explained, path: str) -> str:
    """The plan of the page statement of ``path``, asked twice: the first answer's count is what
    tells SQLite's planner how much of the directory the list holds."""
    explained.plans(path)
    return explained.plans(path)[0]


def test_a_list_holding_most_users_walks_its_order_on_sqlite(
    explained: Explained, session: Session, connection: Connection
) -> None:
    """On SQLite the account filter looks selective by averages; once the count has shown the
    list holds most users, the page walks the name index instead of sorting the account."""
    if explained.dialect != "sqlite":
        return  # PostgreSQL plans for the account's own statistics (roster.db.planning)
    _spread_over_small_accounts(session, connection, accounts=300)
    kantata = _page_plan(explained, "/api/v1/users?on_my_account=true")
    assert "SCAN users USING INDEX ix_users_full_name_lower" in kantata, kantata
    assert "TEMP B-TREE" not in kantata, kantata
    teamwork = _page_plan(explained, "/projects/api/v3/people.json?onlyOwnerCompany=true")
    assert "SCAN users USING INDEX ix_users_first_last_name" in teamwork, teamwork
    assert "TEMP B-TREE" not in teamwork, teamwork


def test_a_list_holding_few_users_keeps_its_index(
    explained: Explained, session: Session, connection: Connection
) -> None:
    """On SQLite the same filter for a small account reads its members through its index."""
    if explained.dialect != "sqlite":
        return  # PostgreSQL plans for the account's own statistics (roster.db.planning)
    _spread_over_small_accounts(session, connection, accounts=300)
    small = make_account(session)
    admin = make_user(session, first_name="Sam", account=small, is_administrator=True)
    for k in range(30):
        make_user(session, first_name=f"Colleague{k}", account=small)
    connection.execute(text("ANALYZE account_memberships"))
    explained.api = Api(explained.api.client, token_for(session, admin))
    body = explained.api.ok("/api/v1/users?on_my_account=true")
    assert body["count"] == 31
    plan = _page_plan(explained, "/api/v1/users?on_my_account=true")
    assert "SEARCH account_memberships USING INDEX" in plan, plan
    assert "TEMP B-TREE" in plan, plan  # sorting 31 members beats walking 3,000 names


def test_walking_the_order_answers_as_sorting_does(explained: Explained) -> None:
    """The pages read with the planner told the list's share are the pages read without."""
    path = "/api/v1/users?on_my_account=true&per_page=50&page={}"
    first = [explained.api.ok(path.format(page)) for page in (1, 2, 61)]
    again = [explained.api.ok(path.format(page)) for page in (1, 2, 61)]
    assert first == again
    assert [len(body["results"]) for body in first] == [50, 50, 2]  # 3,002 members
    names = [
        body["users"][str(r["id"])]["full_name"].lower() for body in first for r in body["results"]
    ]
    assert names[:100] == sorted(names[:100])

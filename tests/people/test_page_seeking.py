"""Pages beyond the first start after the row an earlier page ended on (``roster.db.page_marks``).

Whatever order the pages are visited in, each must hold exactly what plain OFFSET paging gives:
the reference here is one page holding everyone, read before any mark exists. Names repeat in
every letter case, so ties are broken by id, and a write between visits must move people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, update
from sqlalchemy.orm import Session

from roster.db import page_marks
from roster.models import User
from tests.conftest import StatementCounter
from tests.dialects.kantata.read_helpers import Api
from tests.dialects.teamwork.helpers import get_json, ids_of
from tests.factories import make_account, make_user, make_workspace, participate, token_for

FIRST = ("ann", "Ann", "ANN", "bob", "Bob", "zed")
LAST = ("lee", "Lee", "ng", "Ng")


@dataclass
class Crowd:
    token: str
    ids: list[int]


@pytest.fixture(autouse=True)
def no_marks() -> None:
    # Marks are kept per engine, which outlives a test; each test starts with none.
    page_marks.MARKS.clear()


@pytest.fixture
def crowd(session: Session) -> Crowd:
    account = make_account(session, name="Acme")
    admin = make_user(
        session, first_name="Ada", last_name="Min", account=account, is_administrator=True
    )
    project = make_workspace(session, account=account)
    participate(session, user=admin, workspace=project)
    rng = random.Random(7)
    ids = [admin.id]
    for _ in range(45):
        user = make_user(
            session, first_name=rng.choice(FIRST), last_name=rng.choice(LAST), account=account
        )
        participate(session, user=user, workspace=project)
        ids.append(user.id)
    return Crowd(token=token_for(session, admin), ids=ids)


def _kantata_pages(
    api: Api, per_page: int, pages: list[int], extra: str = ""
) -> dict[int, list[int]]:
    return {
        page: api.ids(f"/api/v1/users?per_page={per_page}&page={page}{extra}") for page in pages
    }


def _visit_orders(count: int) -> list[list[int]]:
    pages = list(range(1, count + 1))
    shuffled = pages[:]
    random.Random(3).shuffle(shuffled)
    return [pages, pages[::-1], shuffled, [count, 2, count - 1, 3, 2, count]]


def test_kantata_pages_match_offset_paging_in_any_visiting_order(client: Any, crowd: Crowd) -> None:
    api = Api(client, crowd.token)
    everyone = api.ids("/api/v1/users?per_page=200")
    assert sorted(everyone) == sorted(crowd.ids)
    per_page = 4
    count = -(-len(everyone) // per_page)
    expected = {p: everyone[(p - 1) * per_page : p * per_page] for p in range(1, count + 1)}
    for visits in _visit_orders(count):
        for page in visits:
            assert api.ids(f"/api/v1/users?per_page={per_page}&page={page}") == expected[page]


def test_kantata_next_page_seeks_from_where_the_last_one_ended(
    client: Any, crowd: Crowd, statements: StatementCounter, engine: Engine
) -> None:
    # PostgreSQL is sent the sort keys as one row, SQLite the leading key's bound and the rest
    # (``roster.query.keyset.following``).
    start = (
        "(lower(users.full_name), users.id) >"
        if engine.dialect.name == "postgresql"
        else "lower(users.full_name) >="
    )
    api = Api(client, crowd.token)
    everyone = api.ids("/api/v1/users?per_page=200")
    assert api.ids("/api/v1/users?per_page=4&page=5") == everyone[16:20]
    statements.reset()
    assert api.ids("/api/v1/users?per_page=4&page=6") == everyone[20:24]
    pages = [s for s in statements.statements if "seek_key_0" in s]
    assert len(pages) == 1
    # It starts at page 5's last row, not at the top with 20 rows to skip.
    assert start in pages[0]
    statements.reset()
    # Page 5 again starts just before itself: its first visit read the row before it too.
    assert api.ids("/api/v1/users?per_page=4&page=5") == everyone[16:20]
    again = [s for s in statements.statements if "seek_key_0" in s]
    assert len(again) == 1
    assert start in again[0]


def test_every_seeking_page_of_a_list_is_one_statement_with_its_start_bound(
    client: Any, crowd: Crowd, connection: Connection
) -> None:
    # Built once, the statement is read through ``db.reading``'s kept path from its second use;
    # built per page, each deep page paid SQLAlchemy's execution path and its cache key.
    api = Api(client, crowd.token)
    everyone = api.ids("/api/v1/users?per_page=200")
    seeks: list[Any] = []

    def record(_conn: Any, statement: Any, *_args: Any) -> None:
        if "seek_after_0" in str(statement):
            seeks.append(statement)

    event.listen(connection, "before_execute", record)
    try:
        for page in range(1, 9):
            assert (
                api.ids(f"/api/v1/users?per_page=4&page={page}")
                == everyone[(page - 1) * 4 : page * 4]
            )
    finally:
        event.remove(connection, "before_execute", record)
    # Pages 3 to 8 each start after the page before; the first page keeps no mark, so page 2
    # reads from the top.
    assert len(seeks) == 6
    assert len({id(statement) for statement in seeks}) == 1


def test_kantata_limit_and_offset_seek_from_any_kept_position(client: Any, crowd: Crowd) -> None:
    api = Api(client, crowd.token)
    everyone = api.ids("/api/v1/users?per_page=200")
    for offset in (5, 9, 3, 17, 16, 40, 41, 1, 45, 46):
        got = api.ids(f"/api/v1/users?limit=7&offset={offset}")
        assert got == everyone[offset : offset + 7], offset


def test_kantata_a_write_moves_people_on_every_later_page(
    client: Any, crowd: Crowd, session: Session
) -> None:
    api = Api(client, crowd.token)
    for page in range(1, 13):
        api.ids(f"/api/v1/users?per_page=4&page={page}")
    # Everyone named ann/Ann/ANN becomes "Zz": the marks kept so far describe another order.
    session.execute(update(User).where(User.first_name.ilike("ann")).values(first_name="Zz"))
    session.flush()
    everyone = api.ids("/api/v1/users?per_page=200")
    for page in (3, 7, 12, 2):
        assert (
            api.ids(f"/api/v1/users?per_page=4&page={page}") == everyone[(page - 1) * 4 : page * 4]
        )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"orderBy": "name", "orderMode": "desc"},
        {"orderBy": "namecaseinsensitive"},
        {"orderBy": "namecaseinsensitive", "orderMode": "desc"},
        {"orderBy": "id", "orderMode": "desc"},
        {"orderBy": "name", "orderPrioritiseCurrentUser": "true"},
        {"orderBy": "company"},  # not seekable: must still page right
    ],
)
def test_teamwork_pages_match_offset_paging_in_any_visiting_order(
    client: Any, crowd: Crowd, params: dict[str, str]
) -> None:
    everyone = ids_of(get_json(client, "/people.json", crowd.token, {**params, "pageSize": "500"}))
    assert sorted(everyone) == sorted(crowd.ids)
    size = 5
    count = -(-len(everyone) // size)
    for visits in _visit_orders(count):
        for page in visits:
            body = get_json(
                client,
                "/people.json",
                crowd.token,
                {**params, "page": str(page), "pageSize": str(size)},
            )
            assert ids_of(body) == everyone[(page - 1) * size : page * size], (params, page)
            assert body["meta"]["page"]["hasMore"] == (page < count)

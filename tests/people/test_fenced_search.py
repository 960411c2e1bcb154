"""Name searches read their matches first on PostgreSQL (``people.repository``, the fence).

A search list whose last count found few users meeting its conditions on the user's own columns
is read with those matches sorted inside a subquery, and visibility tested on the sorted matches
until the page is full (docs/benchmark.md, item 18). These tests hold it to the same answers as the
unfenced read: every order either API offers, both directions, pages read in turn, users of other
accounts and disabled users among the matches. On SQLite nothing is fenced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from roster.db.counts import cache_for
from roster.models import User
from roster.people.repository import FENCE_PROBE, PeopleQuery, _fenced, page_people
from tests.conftest import StatementCounter
from tests.dialects.kantata.read_helpers import Api
from tests.dialects.teamwork.helpers import get_json
from tests.factories import make_account, make_user, make_workspace, participate, token_for

# First names chosen to sort differently by code point and ignoring case.
FIRSTS = ("ann", "Bob", "Ann", "zed", "Carl", "bea", "Dora")


@dataclass
class Directory:
    api: Api
    token: str
    client: Any
    matches: list[User]  # the visible users whose name holds "nob"
    postgres: bool


@pytest.fixture
def directory(session: Session, connection: Connection, client: Any) -> Directory:
    account = make_account(session)
    project = make_workspace(session, account=account)
    admin = make_user(
        session, first_name="Ada", last_name="Admin", account=account, is_administrator=True
    )
    participate(session, user=admin, workspace=project)
    matches = []
    for first in FIRSTS:
        person = make_user(session, first_name=first, last_name="Noble", account=account)
        participate(session, user=person, workspace=project)
        matches.append(person)
    # Enough others that the nine matches are worth reading first: 9² < 3 x users (``_fenced``).
    for n in range(40):
        person = make_user(session, first_name=f"Other{n}", last_name="Smith", account=account)
        participate(session, user=person, workspace=project)
    # Matches no administrator of this account may see: a disabled member, and a stranger.
    disabled = make_user(
        session, first_name="Eve", last_name="Noble", account=account, disabled=True
    )
    participate(session, user=disabled, workspace=project)
    elsewhere = make_account(session)
    stranger = make_user(session, first_name="Abe", last_name="Noble", account=elsewhere)
    participate(session, user=stranger, workspace=make_workspace(session, account=elsewhere))
    token = token_for(session, admin)
    return Directory(
        Api(client, token), token, client, matches, connection.dialect.name == "postgresql"
    )


def _fenced_pages(statements: StatementCounter) -> int:
    return sum(" AS fenced" in s for s in statements.statements)


def _read_twice(directory: Directory, statements: StatementCounter, read: Any) -> Any:
    """The answer before any count of the list is kept, and again after: the same."""
    first = read()
    statements.reset()
    second = read()
    assert second == first
    fenced = _fenced_pages(statements)
    assert fenced == (1 if directory.postgres else 0), statements.statements
    return second


@dataclass(frozen=True)
class _Reverse:
    """Sorts its value in reverse, for a descending key followed by an ascending one."""

    value: str

    def __lt__(self, other: _Reverse) -> bool:
        return self.value > other.value


# Brainstem's tie-breaker is the id ascending in either direction ("ann" and "Ann" tie).
KANTATA_ORDERS = {
    "alphabetical:asc": lambda u: (u.full_name.lower(), u.id),
    "alphabetical:desc": lambda u: (_Reverse(u.full_name.lower()), u.id),
}


@pytest.mark.parametrize("order", sorted(KANTATA_ORDERS))
def test_kantata_name_search_pages_are_the_same_fenced(
    directory: Directory, statements: StatementCounter, order: str
) -> None:
    expected = [u.id for u in sorted(directory.matches, key=KANTATA_ORDERS[order])]
    path = f"/api/v1/users?by_full_name=NOB&per_page=3&order={order}"
    body = _read_twice(directory, statements, lambda: directory.api.ok(path))
    assert body["count"] == len(directory.matches)
    assert [int(r["id"]) for r in body["results"]] == expected[:3]
    pages = [directory.api.ids(f"{path}&page={page}") for page in (1, 2, 3)]
    assert [i for page in pages for i in page] == expected


TEAMWORK_ORDERS = {
    "name": lambda u: (u.first_name, u.last_name, u.id),
    "namecaseinsensitive": lambda u: (u.first_name.lower(), u.last_name.lower(), u.id),
}


@pytest.mark.parametrize("mode", ["asc", "desc"])
@pytest.mark.parametrize("order", sorted(TEAMWORK_ORDERS))
def test_teamwork_search_pages_are_the_same_fenced(
    directory: Directory, statements: StatementCounter, order: str, mode: str
) -> None:
    expected = sorted(directory.matches, key=TEAMWORK_ORDERS[order], reverse=mode == "desc")
    params = {"searchTerm": "nOb", "pageSize": 3, "orderBy": order, "orderMode": mode}

    def read(page: int = 1) -> Any:
        return get_json(directory.client, "/people.json", directory.token, {**params, "page": page})

    body = _read_twice(directory, statements, read)
    assert body["meta"]["page"]["count"] == len(directory.matches)
    assert [p["id"] for p in body["people"]] == [u.id for u in expected[:3]]
    pages = [[p["id"] for p in read(page)["people"]] for page in (1, 2, 3)]
    assert [i for page in pages for i in page] == [u.id for u in expected]


def test_an_order_by_company_is_never_fenced(
    directory: Directory, statements: StatementCounter
) -> None:
    params = {"searchTerm": "nob", "pageSize": 3, "orderBy": "company"}
    first = get_json(directory.client, "/people.json", directory.token, params)
    statements.reset()
    again = get_json(directory.client, "/people.json", directory.token, params)
    assert again == first
    assert _fenced_pages(statements) == 0
    assert {p["id"] for p in again["people"]} <= {u.id for u in directory.matches}


def test_a_list_with_many_matches_walks_its_order(
    session: Session, directory: Directory, statements: StatementCounter
) -> None:
    """The fence reads every match; the walk reads about (offset + limit) x users / matches rows.
    The page is fenced only when the first is the smaller."""
    search = func.lower(User.full_name).like("%nob%")
    order = [User.full_name.asc(), User.id.asc()]
    query = PeopleQuery([search], order, values_in_sql=True)
    assert query.fenced is not None
    assert query.count_identity is not None
    counts = cache_for(session)
    for (counted, extent, matches), limit, offset, fenced in [
        ((7, 1_000_000, 7), 20, 0, True),
        ((4_000, 1_000_000, 4_400), 20, 0, True),  # 4,400² < 20 x 1M
        ((4_000, 1_000_000, 4_500), 20, 0, False),  # 4,500² > 20 x 1M
        ((4_000, 1_000_000, 4_500), 20, 100, True),  # deeper pages walk further
        ((5, 100, 50), 20, 0, False),  # half of a small directory
        ((9_000, 10**9, FENCE_PROBE), 20, 10**6, False),  # the probe stopped: at least that many
    ]:
        counts.note_latest(query.count_identity, (counted, extent, matches))
        assert _fenced(session, query, limit, offset) is fenced, (matches, limit, offset)
    assert not _fenced(session, query, None, 0)  # a list read whole has no page to stop at
    # Fenced, the rows are the statement's own, in its order, on either database.
    counts.note_latest(query.count_identity, (7, 10**6, 7))
    statements.reset()
    rows = page_people(session, query, limit=20, offset=0)
    assert _fenced_pages(statements) == 1
    expected = session.scalars(select(User.id).where(search).order_by(*order)).all()
    assert [r.id for r in rows] == list(expected)
    assert len(expected) == len(directory.matches) + 2  # the disabled user and the stranger


def test_sqlite_lists_have_no_fence(directory: Directory) -> None:
    query = PeopleQuery([User.full_name.ilike("%nob%")], [User.id.asc()], values_in_sql=False)
    assert query.fenced is None
    assert directory.matches

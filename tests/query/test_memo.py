"""A list's statements are built once and reused for its later pages (``roster.query.memo``).

What is kept is SQL structure only, keyed by everything it is built from; these tests check the
key apart (equal-looking values of different types, unfreezable values), the bound on what is
kept, and, over HTTP, that a kept list never answers for another requester or other filters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from roster.auth.requester import Requester
from roster.auth.tokens import issue_token
from roster.config import Settings
from roster.db import Database, make_engine
from roster.db.schema import migrate
from roster.dialects.kantata import users as kantata_users
from roster.dialects.teamwork import people as teamwork_people
from roster.models import Account, AccountMembership, ApiToken, Participation, User, Workspace
from roster.people.visibility import Visibility
from roster.query.memo import request_key
from roster.web.app import create_app
from tests.dialects.kantata.read_helpers import Api
from tests.dialects.teamwork.helpers import get_json, ids_of
from tests.factories import make_account, make_user, make_workspace, participate, token_for


def _requester(user_id: int = 1, account_id: int | None = 1) -> Requester:
    return Requester(
        user_id=user_id,
        account_id=account_id,
        is_administrator=True,
        permission="administrator",
        token_id=9,
    )


def test_requesters_and_visibilities_are_part_of_the_key() -> None:
    base = request_key("users", _requester(), Visibility(), {"x": 1})
    assert base == request_key("users", _requester(), Visibility(), {"x": 1})
    assert base != request_key("users", _requester(user_id=2), Visibility(), {"x": 1})
    assert base != request_key("users", _requester(account_id=None), Visibility(), {"x": 1})
    assert base != request_key("users", _requester(), Visibility(disabled=True), {"x": 1})


def test_a_value_with_no_immutable_twin_gives_no_key() -> None:
    class Loose:
        pass

    assert request_key("users", {"x": Loose()}) is None
    assert request_key("users", [bytearray(b"x")]) is None


@pytest.fixture
def two_accounts(session: Session) -> tuple[str, str, list[int], list[int]]:
    """Two administrators of two accounts, each with people of their own on a project."""
    tokens, ids = [], []
    for name in ("Acme", "Globex"):
        account = make_account(session, name=name)
        admin = make_user(
            session, first_name="Ad", last_name=name, account=account, is_administrator=True
        )
        project = make_workspace(session, account=account)
        members = [admin] + [
            make_user(session, first_name=f"P{n}", last_name=name, account=account)
            for n in range(5)
        ]
        for member in members:
            participate(session, user=member, workspace=project)
        tokens.append(token_for(session, admin))
        ids.append(sorted(m.id for m in members))
    return tokens[0], tokens[1], ids[0], ids[1]


def test_kantata_a_kept_list_answers_only_for_its_own_requester(
    client: Any, two_accounts: tuple[str, str, list[int], list[int]]
) -> None:
    acme, globex, acme_ids, globex_ids = two_accounts
    path = "/api/v1/users?per_page=3&page={}"
    for token, ids in ((acme, acme_ids), (globex, globex_ids), (acme, acme_ids)):
        api = Api(client, token)
        seen = api.ids(path.format(1)) + api.ids(path.format(2))
        assert sorted(seen) == ids


def test_teamwork_a_kept_list_answers_only_for_its_own_requester(
    client: Any, two_accounts: tuple[str, str, list[int], list[int]]
) -> None:
    acme, globex, acme_ids, globex_ids = two_accounts
    for token, ids in ((acme, acme_ids), (globex, globex_ids), (acme, acme_ids)):
        seen = [
            person
            for page in (1, 2)
            for person in ids_of(
                get_json(client, "/people.json", token, {"pageSize": 3, "page": page})
            )
        ]
        assert sorted(seen) == ids


@pytest.fixture
def nothing_kept() -> None:
    # The memos are per process and outlive a test; these tests count what one request keeps.
    kantata_users._LISTINGS.clear()
    teamwork_people._LISTINGS.clear()


@pytest.mark.usefixtures("nothing_kept")
def test_kantata_pages_of_one_list_share_its_statements(
    client: Any, session: Session, two_accounts: tuple[str, str, list[int], list[int]]
) -> None:
    kept = kantata_users._LISTINGS.of(session)
    acme, _, acme_ids, _ = two_accounts
    api = Api(client, acme)
    first = api.ids("/api/v1/users?per_page=2&page=1&by_full_name=Acme")
    assert len(kept) == 1
    second = api.ids("/api/v1/users?per_page=2&page=2&by_full_name=Acme")
    third = api.ids("/api/v1/users?per_page=2&page=3&by_full_name=Acme")
    assert len(kept) == 1  # pages 2 and 3 built nothing new
    assert sorted(first + second + third) == acme_ids
    # Other filters are another list, with its own answer.
    assert api.ids("/api/v1/users?per_page=50&by_full_name=P1") == [
        acme_ids[2]
    ]  # admin, P0, P1, ... in creation order
    assert len(kept) == 2


@pytest.mark.usefixtures("nothing_kept")
def test_teamwork_project_lists_are_kept_per_project(client: Any, session: Session) -> None:
    account = make_account(session, name="Acme")
    admin = make_user(session, account=account, is_administrator=True)
    token = token_for(session, admin)
    for _ in range(2):
        project = make_workspace(session, account=account)
        crew = [make_user(session, account=account) for _ in range(3)]
        for person in crew:
            participate(session, user=person, workspace=project)
        for page in (1, 2):
            body = get_json(
                client, f"/projects/{project.id}/people.json", token, {"pageSize": 2, "page": page}
            )
            assert set(ids_of(body)) <= {p.id for p in crew}
    assert len(teamwork_people._LISTINGS.of(session)) == 2


def _one_organisation(session: Session, name: str) -> str:
    """An administrator with fixed ids, so that two databases hold the same requester, and a
    colleague named ``name``; returns the administrator's token. The two are all the users, so
    a list of them holds every user, and SQLite reads its pages with likelihood hints."""
    session.execute(insert(Account), [{"id": 1, "name": "Same"}])
    session.execute(
        insert(User),
        [
            {"id": 1, "first_name": "Ada", "last_name": "Same", "email_address": "a@x.test"},
            {"id": 2, "first_name": name, "last_name": "Only", "email_address": "b@x.test"},
        ],
    )
    session.execute(
        insert(AccountMembership),
        [
            {"account_id": 1, "user_id": 1, "is_administrator": True},
            {"account_id": 1, "user_id": 2},
        ],
    )
    session.execute(insert(Workspace), [{"id": 1, "account_id": 1, "title": "P"}])
    session.execute(
        insert(Participation),
        [{"user_id": u, "workspace_id": 1, "role": "provider"} for u in (1, 2)],
    )
    session.flush()
    token = issue_token(session, user_id=1, name="test")
    session.execute(update(ApiToken).where(ApiToken.id == token.id).values(id=1))
    session.flush()
    return token.secret


@pytest.mark.usefixtures("nothing_kept")
def test_each_database_keeps_its_own_lists(client: Any, session: Session, tmp_path: Path) -> None:
    """The same requester asking the same list of two databases in one process gets statements
    written for each: on PostgreSQL beside SQLite, SQLite's hints reached PostgreSQL (found by
    the benchmark, which captures every dataset's statements in one process)."""
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    migrate(other)
    other_database = Database(other)
    with other_database.transaction() as other_session:
        other_token = _one_organisation(other_session, "Omega")
    token = _one_organisation(session, "Alpha")
    with TestClient(
        create_app(Settings(access_log=False), other_database), base_url="http://roster.test"
    ) as other_client:
        for _ in range(3):  # the third asking reads a page steered by the first two's counts
            # A page of one: the list's count is counted, and steers its later pages.
            assert Api(other_client, other_token).ok("/api/v1/users?per_page=1")["count"] == 2
            body = Api(client, token).ok("/api/v1/users?per_page=1&page=2")
            assert body["count"] == 2
            assert [body["users"][r["id"]]["full_name"] for r in body["results"]] == ["Alpha Only"]
            people = get_json(other_client, "/people.json", other_token)["people"]
            assert sorted(p["firstName"] for p in people) == ["Ada", "Omega"]
    main, second = (kantata_users._LISTINGS.of(s) for s in (session, other_session))
    assert main is not second
    assert len(main) == len(second) == 1
    other.dispose()

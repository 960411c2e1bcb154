"""Statements that hold the visibility policy carry the requester's own whole numbers in their
text on PostgreSQL, so each is planned once per connection (``people.repository._by_ids``,
``people.related.seen_user_id``).

With the requester's account a parameter, PostgreSQL judged a plan made once for any account
dearer than one made for this one and planned the statement again on every run: half a
millisecond of the 0.7 ms Teamwork's show took at a million users (docs/benchmark.md, item 22).
These tests hold a show's statement to ids as its only parameters and to one text for every show
of a requester, and keep the account out of every statement's parameters on PostgreSQL. SQLite's
planner ignores values, so there the policy keeps the account as a parameter (``for_planner``),
one text for every requester: the same tests check that too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, event, text
from sqlalchemy.orm import Session

from roster.models import Account, User, Workspace
from tests.dialects.teamwork.helpers import bearer
from tests.factories import make_account, make_user, make_workspace, participate, token_for
from tests.media.factories import associate, make_attachment, make_google_document, make_post

SHOWS = {
    "kantata": "/api/v1/users/{id}",
    "teamwork": "/projects/api/v3/people/{id}.json",
}


@pytest.fixture
def sent(connection: Connection) -> Iterator[list[tuple[str, list[Any]]]]:
    """Each statement and its parameters' values (psycopg takes a dict, sqlite3 a tuple), a list
    of ids (``roster.db.id_lists``: an array, or JSON text on SQLite) spread into its ids."""
    recorded: list[tuple[str, list[Any]]] = []

    def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_rest: Any) -> None:
        values = parameters.values() if isinstance(parameters, dict) else parameters
        recorded.append((sql, [v for value in values for v in _spread(value)]))

    event.listen(connection, "before_cursor_execute", record)
    yield recorded
    event.remove(connection, "before_cursor_execute", record)


def _spread(value: Any) -> list[Any]:
    if isinstance(value, str) and value.startswith("["):
        value = json.loads(value)
    return list(value) if isinstance(value, list) else [value]


def _show_statements(sent: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Any]]]:
    # The statement reading the shown people: it names the page's ids parameter or, in
    # Kantata's show (its list with ``only``), reads users by id.
    return [(sql, params) for sql, params in sent if sql.lstrip().startswith("SELECT users.id")]


@pytest.mark.parametrize("dialect", SHOWS)
def test_every_show_of_a_requester_is_one_statement_with_only_ids_as_parameters(
    session: Session, connection: Connection, client: Any, sent: Any, dialect: str
) -> None:
    _accounts_numbered_past_users(session)
    account = make_account(session)
    project = make_workspace(session, account=account)
    admin = make_user(session, account=account, is_administrator=True)
    people = [make_user(session, account=account) for _ in range(3)]
    for person in (admin, *people):
        participate(session, user=person, workspace=project)
    token = token_for(session, admin)
    account_id = account.id
    assert account_id not in {admin.id, *(p.id for p in people)}

    for person in people:
        answer = client.get(SHOWS[dialect].format(id=person.id), headers=bearer(token))
        assert answer.status_code == 200, answer.text

    shows = _show_statements(sent)
    assert len(shows) == len(people)
    assert len({sql for sql, _ in shows}) == 1
    postgres = connection.dialect.name == "postgresql"
    for (_, params), person in zip(shows, people, strict=True):
        values = set(params)
        assert person.id in values
        if postgres:
            # The requester's account is written into the text; only ids remain parameters.
            assert values <= {person.id, admin.id}


def _accounts_numbered_past_users(session: Session) -> None:
    """The tests tell an account's id from a user's by value: the accounts made next are
    numbered above every user this test will make. On SQLite each test starts from the same
    ids, and five accounts first were enough; PostgreSQL's sequences keep counting across the
    tests a worker ran, so the accounts' is moved past the users'."""
    if session.get_bind().dialect.name != "postgresql":
        for _ in range(5):
            make_account(session)
        return
    session.execute(
        text(
            "SELECT setval('accounts_id_seq', GREATEST((SELECT last_value FROM accounts_id_seq),"
            " (SELECT last_value FROM users_id_seq) + 100))"
        )
    )


@dataclass(frozen=True)
class Team:
    account: Account
    project: Workspace
    admin: User
    colleague: User


def _administrator_and_colleague(session: Session) -> Team:
    """An account administrator and a colleague seated on one of the account's projects."""
    account = make_account(session)
    project = make_workspace(session, account=account)
    admin = make_user(session, account=account, is_administrator=True)
    colleague = make_user(session, account=account)
    for someone in (admin, colleague):
        participate(session, user=someone, workspace=project)
    return Team(account, project, admin, colleague)


def _policies(sent: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Any]]]:
    """The statements holding the visibility policy (it compares the membership's account)."""
    compares = re.compile(r"account_memberships\.account_id (=|IS)")
    return [(sql, params) for sql, params in sent if compares.search(sql)]


def _account_written_in(sql: str, account_id: int) -> bool:
    return re.search(rf"account_id = {account_id}\b", sql) is not None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/users/{id}",
        "/api/v1/users?include=skill_memberships,account_membership,role",
        "/projects/api/v3/people/{id}.json",
        "/projects/api/v3/people.json?include=companies,teams",
    ],
)
def test_the_requesters_account_is_written_in_on_postgresql_only(
    session: Session, connection: Connection, client: Any, sent: Any, path: str
) -> None:
    postgres = connection.dialect.name == "postgresql"
    _accounts_numbered_past_users(session)
    team = _administrator_and_colleague(session)
    account, admin, person = team.account, team.admin, team.colleague
    token = token_for(session, admin)
    assert account.id not in {admin.id, person.id}
    session.flush()
    sent.clear()

    answer = client.get(path.format(id=person.id), headers=bearer(token))
    assert answer.status_code == 200, answer.text
    assert sent
    policies = _policies(sent)
    assert policies
    for sql, params in policies:
        assert _account_written_in(sql, account.id) == postgres, sql
        if not postgres:
            assert account.id in params, sql
    if postgres:
        for sql, params in sent:
            assert account.id not in params, sql


def test_file_associations_write_the_account_in_on_postgresql_only(
    session: Session, connection: Connection, client: Any, sent: Any
) -> None:
    """Posts, workspaces, attachments and Google documents name a user only when the requester
    may see them (``seen_user_id``); on PostgreSQL the policy's account is written in there too.
    Told by the statements' placeholders, which name the column they compare, and by the text."""
    postgres = connection.dialect.name == "postgresql"
    team = _administrator_and_colleague(session)
    project, admin, author = team.project, team.admin, team.colleague
    post = make_post(session, workspace=project, user=author)
    attachment = make_attachment(session, user=author, post=post)
    document = make_google_document(session, user=author, post=post)
    associate(session, user=admin, workspace=project, attachment=attachment, post=post)
    associate(session, user=admin, workspace=project, document=document, post=post)
    token = token_for(session, admin)
    session.flush()
    sent.clear()

    answer = client.get(
        "/api/v1/user_file_associations?include=post,workspace,asset_object",
        headers=bearer(token),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["count"] == 2
    # The users each record names are the requester's colleagues, so they are shown.
    assert {p["user_id"] for p in body["posts"].values()} == {str(author.id)}
    policies = [sql for sql, _ in _policies(sent)]
    assert len(policies) >= 4  # the post, the workspace and both kinds of asset
    for sql in policies:
        assert _account_written_in(sql, team.account.id) == postgres, sql
        if postgres:
            assert "%(account_id" not in sql, sql
        else:
            assert "account_id = ?" in sql, sql

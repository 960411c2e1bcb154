"""The data version: every write to watched data renumbers it, and numbers never come back."""

from __future__ import annotations

from sqlalchemy import Connection, delete, update
from sqlalchemy.orm import Session

from roster.db.base import Base
from roster.db.changes import EXEMPT, data_version, watched_tables
from roster.models import ApiToken, Participation, User
from tests.factories import make_account, make_user, make_workspace, participate, token_for


def test_every_table_is_watched_or_exempt(connection: Connection) -> None:
    tables = set(Base.metadata.tables)
    watched = watched_tables(connection)
    assert watched, "no data-change triggers at all"
    assert tables - EXEMPT == watched
    assert not watched & EXEMPT


def test_inserts_updates_and_deletes_renumber_the_version(session: Session) -> None:
    account = make_account(session)
    seen = [data_version(session)]
    user = make_user(session, account=account)
    seen.append(data_version(session))
    session.execute(update(User).where(User.id == user.id).values(last_name="Renamed"))
    seen.append(data_version(session))
    space = make_workspace(session, account=account)
    participate(session, user=user, workspace=space)
    seen.append(data_version(session))
    session.execute(delete(Participation).where(Participation.user_id == user.id))
    seen.append(data_version(session))
    assert len(set(seen)) == len(seen), seen


def test_credentials_are_not_data(session: Session) -> None:
    user = make_user(session, account=make_account(session))
    before = data_version(session)
    token_for(session, user)
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(name="renamed"))
    session.flush()
    assert data_version(session) == before


def test_a_rolled_back_write_never_hands_its_number_on(session: Session) -> None:
    account = make_account(session)
    before = data_version(session)
    with session.begin_nested() as undone:
        make_user(session, account=account)
        rolled_back = data_version(session)
        undone.rollback()
    assert data_version(session) == before
    make_user(session, account=account)
    after = data_version(session)
    assert len({before, rolled_back, after}) == 3

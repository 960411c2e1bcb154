"""How people statements are written for the planner (``roster.db.planning``), on the real
database: whole numbers written into the SQL, text kept a parameter, a statement with text sent
unprepared, and EXISTS correlations that PostgreSQL cannot hash."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, exists, literal, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from roster.db.engine import PREPARED_PER_CONNECTION
from roster.db.id_lists import among
from roster.db.planning import (
    PLAN_EACH_TIME,
    planned_each_time,
    probe_equal,
    probe_join,
    told_likely,
    values_written,
)
from roster.models import AccountMembership, Participation, User
from roster.people.repository import PeopleQuery
from tests.factories import make_account, make_user, make_workspace, participate

_USERS = User.__table__.c
_SEATS = Participation.__table__.c
_MEMBERSHIPS = AccountMembership.__table__


def _sql(stmt: object, connection: Connection) -> str:
    compiled = stmt.compile(  # type: ignore[attr-defined]
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    return str(compiled)


def test_whole_numbers_are_written_in_but_keys_and_text_stay_parameters(
    connection: Connection, session: Session
) -> None:
    ada = make_user(session, first_name="Ada", last_name="Quill")
    make_user(session, first_name="Bea", last_name="Quill")
    session.flush()
    written = values_written(
        (_USERS.id.in_([ada.id, ada.id + 1000]))
        & (_USERS.created_by_id.is_(None) | (_USERS.created_by_id != 424242))
        & (_USERS.last_name == "Quill")
        & (_USERS.first_name.like("A%"))
    )
    stmt = select(_USERS.id).where(written.condition)
    sql = _sql(stmt, connection)
    assert "!= 424242" in sql
    assert str(ada.id + 1000) not in sql  # a primary key's plan is the same for any key
    assert "Quill" not in sql
    assert "A%" not in sql
    assert written.keeps_text
    # Written in or not, the rows are the same.
    assert connection.execute(stmt).scalars().all() == [ada.id]


def test_an_id_list_stays_a_parameter_and_its_list_is_prepared(
    connection: Connection, session: Session
) -> None:
    ada = make_user(session)
    bea = make_user(session)
    session.flush()
    ids = among(_USERS.id, "shown")
    written = values_written(ids & (_USERS.created_by_id.is_(None)))
    assert not written.keeps_text
    query = PeopleQuery([ids], [_USERS.id], values_in_sql=True)
    for stmt in (query.ordered, query.shaped(None, 0)):
        assert PLAN_EACH_TIME not in stmt.get_execution_options()
    stmt = select(_USERS.id).where(written.condition).order_by(_USERS.id)
    for shown in ([ada.id], [bea.id, ada.id], [ada.id + bea.id + 1000]):
        expected = sorted(i for i in shown if i in (ada.id, bea.id))
        assert connection.execute(stmt, {"shown": shown}).scalars().all() == expected


def test_a_condition_is_written_once() -> None:
    condition = _USERS.created_by_id == 7
    assert values_written(condition) is values_written(condition)
    assert not values_written(condition).keeps_text


def test_only_lists_that_keep_text_are_planned_each_time() -> None:
    by_number = [_USERS.created_by_id == 5]
    by_text = [_USERS.last_name == "Quill"]
    order = [_USERS.id]
    for conditions, each_time in ((by_number, False), (by_text, True)):
        query = PeopleQuery(conditions, order, values_in_sql=True)
        for stmt in (query.count, query.ordered, query.shaped(20, 40)):
            assert stmt.get_execution_options().get(PLAN_EACH_TIME, False) is each_time
    # SQLite's planner does not look at values: nothing is written in or marked.
    query = PeopleQuery(by_text, order)
    assert PLAN_EACH_TIME not in query.ordered.get_execution_options()


def test_a_statement_planned_each_time_is_never_prepared(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite plans every statement without looking at its values
    marker = "roster_planning_probe"
    kept = select(literal(1).label(marker)).where(_USERS.last_name == "kept")
    unprepared = planned_each_time(
        select(literal(2).label(marker)).where(_USERS.last_name == "unprepared")
    )
    # psycopg prepares a statement on its fifth execution on a connection.
    for _ in range(8):
        connection.execute(kept).all()
        connection.execute(unprepared).all()
    prepared = connection.execute(
        text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE :marker"),
        {"marker": f"%{marker}%"},
    ).scalars()
    found = list(prepared)
    assert any("AS roster_planning_probe" in s and "1" in s for s in found), found
    assert len(found) == 1, found


def test_probe_equal_is_the_equality(connection: Connection, session: Session) -> None:
    seated = make_user(session, first_name="Seated")
    make_user(session, first_name="Unseated")
    participate(
        session, user=seated, workspace=make_workspace(session, account=make_account(session))
    )
    session.flush()
    has_seat = exists().where(probe_equal(_SEATS.user_id, _USERS.id))
    stmt = select(_USERS.first_name).where(has_seat, _USERS.first_name.in_(["Seated", "Unseated"]))
    assert connection.execute(stmt).scalars().all() == ["Seated"]


def _members_by(onclause: Any) -> Any:
    joined = User.__table__.outerjoin(_MEMBERSHIPS, onclause)
    return select(_USERS.first_name, _MEMBERSHIPS.c.account_id).select_from(joined)


def test_probe_join_is_the_equality(connection: Connection, session: Session) -> None:
    account = make_account(session)
    make_user(session, first_name="Member", account=account)
    make_user(session, first_name="Contact")
    session.flush()
    names = _USERS.first_name.in_(["Member", "Contact"])
    probed = _members_by(probe_join(_MEMBERSHIPS.c.user_id, _USERS.id)).where(names)
    plain = _members_by(_MEMBERSHIPS.c.user_id == _USERS.id).where(names)
    rows = connection.execute(probed.order_by(_USERS.first_name)).all()
    assert [tuple(r) for r in rows] == [("Contact", None), ("Member", account.id)]
    assert rows == connection.execute(plain.order_by(_USERS.first_name)).all()


def test_postgresql_can_make_a_probe_join_only_by_looking_rows_up(
    connection: Connection, session: Session
) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite joins by nested loops only, and is sent the plain equality
    make_user(session, account=make_account(session))
    session.flush()

    def plan(stmt: Any) -> str:
        sql = _sql(stmt, connection)
        return "\n".join(connection.execute(text("EXPLAIN " + sql)).scalars())

    # Told to avoid nested loops, PostgreSQL hashes or merges a plain join, but a probe join
    # offers it nothing else.
    connection.execute(text("SET LOCAL enable_nestloop = off"))
    plain = plan(_members_by(_MEMBERSHIPS.c.user_id == _USERS.id))
    probed = plan(_members_by(probe_join(_MEMBERSHIPS.c.user_id, _USERS.id)))
    assert "Hash" in plain or "Merge" in plain, plain
    assert "Nested Loop" in probed, probed
    assert "Hash" not in probed, probed
    assert "Merge" not in probed, probed


def test_pages_that_walk_their_order_probe_memberships_but_counts_and_searches_do_not() -> None:
    probe = "account_memberships.user_id = ANY (ARRAY[users.id])"
    plain = "account_memberships.user_id = users.id"

    def sql(stmt: Any, dialect: Any) -> str:
        return str(stmt.compile(dialect=dialect))

    by_number = PeopleQuery([_USERS.created_by_id == 5], [_USERS.id], values_in_sql=True)
    search = PeopleQuery([_USERS.last_name == "Quill"], [_USERS.id], values_in_sql=True)
    pg = postgresql.dialect()
    assert probe in sql(by_number.ordered, pg)
    assert probe in sql(by_number.shaped(20, 40), pg)
    assert probe not in sql(by_number.count, pg)
    assert plain in sql(by_number.count, pg)
    assert probe not in sql(search.ordered, pg)
    assert plain in sql(search.ordered, pg)
    # SQLite is sent exactly the plain join.
    lite = sqlite.dialect()
    probed = _members_by(probe_join(_MEMBERSHIPS.c.user_id, _USERS.id))
    assert sql(probed, lite) == sql(_members_by(_MEMBERSHIPS.c.user_id == _USERS.id), lite)
    assert sql(by_number.ordered, lite).count(f"ON {plain} \nWHERE") == 1


def test_each_connection_keeps_a_bounded_number_of_prepared_statements(
    connection: Connection,
) -> None:
    if connection.dialect.name != "postgresql":
        return  # pysqlite's statement cache lives in the process and is bounded by itself
    driver: Any = connection.connection.driver_connection
    assert driver.prepared_max == PREPARED_PER_CONNECTION


def test_sqlite_is_told_the_likelihood_of_each_comparison_only(
    session: Session, connection: Connection
) -> None:
    """Comparisons, alone or in a conjunction, are wrapped; an OR (the visibility predicate's
    shape) is left as it is, and every row answers as it would unwrapped."""
    account = make_account(session)
    ann = make_user(session, first_name="Ann", account=account)
    make_user(session, first_name="Bob", account=account)
    comparison = _USERS.first_name == "Ann"
    either = or_(_USERS.first_name == "Ann", _USERS.id == -1)
    both = and_(_USERS.first_name == "Ann", _USERS.id == ann.id)
    assert "likelihood(" in _sql(told_likely(comparison, 0.5), connection)
    assert _sql(told_likely(both, 0.5), connection).count("likelihood(") == 2
    assert told_likely(either, 0.5) is either
    if connection.dialect.name != "sqlite":
        return  # likelihood() is SQLite's own; only SQLite is ever told
    for condition in (comparison, both, either):
        found = select(_USERS.id).where(told_likely(condition, 0.5)).order_by(_USERS.id)
        plain = select(_USERS.id).where(condition).order_by(_USERS.id)
        assert session.scalars(found).all() == session.scalars(plain).all() == [ann.id]

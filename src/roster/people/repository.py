"""All SQL that reads people: counting and paging users under a visibility predicate.

Every statement here takes the visibility predicate from ``roster.people.visibility`` among its
conditions; callers never build their own people queries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BooleanClauseList, ColumnClause
from sqlalchemy.sql.util import ClauseAdapter
from sqlalchemy.sql.visitors import iterate

from roster.auth.requester import Requester
from roster.db.changes import data_version
from roster.db.counts import ExactCount, cache_for, statement_key
from roster.db.id_lists import among, padded
from roster.db.page_marks import marks_for
from roster.db.planning import (
    for_planner,
    planned_each_time,
    probe_join,
    told_likely,
    values_written,
    written_if,
)
from roster.db.reading import read
from roster.db.recent import RecentFor
from roster.models import AccountMembership, User, Workspace
from roster.people.visibility import visible_workspace_ids
from roster.query.keyset import SortKey, following, sort_keys

MEMBERSHIP_PREFIX = "membership_"

_USERS = User.__table__
_MEMBERSHIPS = AccountMembership.__table__
_USER_COLUMNS = list(_USERS.c)
_FROM = _USERS.outerjoin(_MEMBERSHIPS, _MEMBERSHIPS.c.user_id == _USERS.c.id)
# The same join, made row by row on PostgreSQL (``probe_join``): what a page walking its order
# reads from.
_PROBED_FROM = _USERS.outerjoin(_MEMBERSHIPS, probe_join(_MEMBERSHIPS.c.user_id, _USERS.c.id))
# Built once: a request only adds its conditions and order (coercing forty columns anew on each
# request cost more than looking the compiled statement up).
_COUNT = select(func.count()).select_from(_FROM)
# SQLite's count also reads the largest user id, which stands for the number of users when the
# planner is told what share of them a list holds (``_likely``): one index probe.
_EVERYONE = _USERS.alias("everyone")
_COUNT_AND_EXTENT = select(
    func.count(), select(func.max(_EVERYONE.c.id)).correlate(None).scalar_subquery()
).select_from(_FROM)


class Projection:
    """Which columns of a user, and of their account membership (named ``membership_<column>``),
    the rows of a people statement carry.

    Each dialect reads what its presenter shows and no more: Kantata's user 5 of the 38 columns
    (13 with optional fields), Teamwork's person 24. A column read costs at every step of a page
    (SQLite's driver hands the interpreter lock back and takes it again for each one) and a page
    of fifty carries each fifty times (docs/benchmark.md, item 29). Projections are made once,
    at import; statements are kept per projection, which is compared by identity, and ``name``
    stands for it where a key must be frozen (``query.memo.request_key``).
    """

    __slots__ = ("membership_columns", "name", "probed_rows", "rows", "user_columns")

    def __init__(self, name: str, user: Sequence[str], membership: Sequence[str] = ()) -> None:
        self.name = name
        self.user_columns = tuple(_USERS.c[column] for column in user)
        self.membership_columns = tuple(
            _MEMBERSHIPS.c[column].label(MEMBERSHIP_PREFIX + column) for column in membership
        )
        # Built once: a request only adds its conditions and order.
        columns = (*self.user_columns, *self.membership_columns)
        self.rows: Select[Any] = select(*columns).select_from(_FROM)
        # For pages that walk their order (``PeopleQuery``).
        self.probed_rows: Select[Any] = select(*columns).select_from(_PROBED_FROM)

    @property
    def names(self) -> frozenset[str]:
        """The keys a row of this projection answers to."""
        return frozenset(c.name for c in (*self.user_columns, *self.membership_columns))


# Everything a user and their membership hold: what a write compares (``people.service``).
EVERY_COLUMN = Projection(
    "every column", [c.name for c in _USERS.c], [c.name for c in _MEMBERSHIPS.c]
)


class PeopleQuery:
    """One list's statements, built once and reused for every page of it (``roster.query.memo``):
    its count, its rows in order, and that order in each LIMIT/OFFSET shape a page asks for.

    The identities (``roster.db.counts.statement_key``) are taken here, before any of these
    statements is compiled (see ``ExactCount``).

    With ``values_in_sql`` (PostgreSQL: ``for_planner``), whole-number values other than keys,
    LIMIT and OFFSET are written into the SQL and a statement left with text parameters is
    planned on every execution (``roster.db.planning``), so that each is planned for its values.
    SQLite's planner does not look at values, so there they stay parameters, and a list whose
    last count held a tenth of the users or more is read through ``walking`` (``page_people``).
    On PostgreSQL, a list searching names or email addresses can also be read ``fenced``.
    """

    __slots__ = (
        "_conditions",
        "_rows",
        "_seeks",
        "_shapes",
        "_walking",
        "count",
        "count_identity",
        "fenced",
        "identity",
        "order",
        "ordered",
        "values_in_sql",
    )

    def __init__(
        self,
        conditions: Sequence[ColumnElement[bool]],
        order: Sequence[ColumnElement[Any]],
        *,
        values_in_sql: bool = False,
        projection: Projection = EVERY_COLUMN,
    ) -> None:
        self.values_in_sql = values_in_sql
        keeps_text = searches = False
        if values_in_sql:
            written = [values_written(part) for part in _conjuncts(conditions)]
            conditions = [w.condition for w in written]
            keeps_text = any(w.keeps_text for w in written)
            searches = any(w.keeps_text and _of_users(w.condition) for w in written)
        self._conditions = tuple(conditions)
        where = and_(*conditions)
        self.count = (_COUNT if values_in_sql else _COUNT_AND_EXTENT).where(where)
        self.order = tuple(order)
        # A search's matches may be few and found through another index than the order's: there
        # PostgreSQL keeps the choice of hashing them to their memberships (``probe_join``).
        self._rows = projection.rows if searches else projection.probed_rows
        self.ordered = self._rows.where(where).order_by(*self.order)
        self.fenced: Select[Any] | None = None
        # A search (so a statement planned each time), in an order of the user's own columns:
        # its matches can be read first.
        if searches and all(_of_users(key) for key in order):
            fence = _Fence(self._conditions, self.order, projection)
            self.count, self.fenced = fence.count.where(where), planned_each_time(fence.page)
        if keeps_text:
            self.count = planned_each_time(self.count)
            self.ordered = planned_each_time(self.ordered)
        self.count_identity = statement_key(self.count)
        self.identity = statement_key(self.ordered)
        self._shapes: dict[tuple[bool, bool, float | None, bool], Select[Any]] = {}
        self._walking: dict[float, Select[Any]] = {}
        self._seeks: dict[tuple[float | None, bool, bool], Select[Any]] = {}

    def walking(self, likely: float | None) -> Select[Any]:
        """The ordered rows, with SQLite told that a row meets each comparison among the
        conditions with at least ``likely`` (``told_likely``); ``ordered`` itself when None."""
        if likely is None:
            return self.ordered
        found = self._walking.get(likely)
        if found is None:
            told = [told_likely(condition, likely) for condition in self._conditions]
            found = self._walking[likely] = self._rows.where(*told).order_by(*self.order)
        return found

    def shaped(
        self, limit: int | None, offset: int, likely: float | None = None, fenced: bool = False
    ) -> Select[Any]:
        """The ordered rows (``walking``, or ``fenced`` when asked and there is one) with this
        page's LIMIT and OFFSET clauses (their values are bound at execution, ``_page``)."""
        rows = self.fenced if fenced else None
        shape = (limit is not None, offset > 0, likely, rows is not None)
        found = self._shapes.get(shape)
        if found is None:
            rows = self.walking(likely) if rows is None else rows
            found = self._shapes[shape] = _shape(rows, limit, offset, self.values_in_sql)
        return found

    def seeking(self, likely: float | None, after_mark: bool, offset: int) -> Select[Any]:
        """A page of ``walking(likely)`` with each row's sort keys (``seek_key_<i>``), and a
        LIMIT and OFFSET as ``shaped``'s; with ``after_mark``, starting after the row whose
        sort-key values are bound as ``seek_after_<i>`` (``page_people``).

        Built once per shape, with the mark's values bound at execution: built for each
        request, a deep page paid SQLAlchemy's cache key and execution path and psycopg's
        parsing of its SQL every time, which ``db.reading.read`` skips for a statement it has
        seen before (docs/benchmark.md, item 33).
        """
        shape = (likely, after_mark, offset > 0)
        found = self._seeks.get(shape)
        if found is None:
            keys = sort_keys(self.order)
            stmt = self.walking(likely).add_columns(
                *(k.expression.label(f"{_SEEK}{i}") for i, k in enumerate(keys))
            )
            if after_mark:
                marks = [
                    bindparam(f"{_AFTER}{i}", type_=k.expression.type) for i, k in enumerate(keys)
                ]
                stmt = stmt.where(following(keys, marks, as_row=self.values_in_sql))
            # A seek always has a LIMIT (``page_people`` seeks only for a page of some size).
            found = self._seeks[shape] = _shape(stmt, 1, offset, self.values_in_sql)
        return found


def _conjuncts(conditions: Sequence[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    """The conditions with every top-level AND taken apart."""
    parts: list[ColumnElement[bool]] = []
    for condition in conditions:
        if isinstance(condition, BooleanClauseList) and condition.operator is operators.and_:
            parts.extend(_conjuncts(list(condition.clauses)))
        else:
            parts.append(condition)
    return parts


def _of_users(element: ColumnElement[Any]) -> bool:
    """Whether every column ``element`` names, inside its subqueries too, is one of the
    ``users`` table itself (not of an alias of it)."""
    return all(node.table is _USERS for node in iterate(element) if isinstance(node, ColumnClause))


# A fenced page reads every user meeting the list's own conditions on users; the unfenced page
# walks the order, reading about (offset + limit) x users / matches rows. The count statement of
# a list that can be fenced counts those matches too, up to this many.
FENCE_PROBE = 10_000


class _Fence:
    """A list's page with its conditions on the user's own columns applied first.

    PostgreSQL estimates ``lower(name) LIKE '%term%'`` from its statistics' sample; when the
    estimate is high it walks the name index testing every name against the pattern (``noble`` at
    a million users: 54,621 rows for 714 matches, 428 ms), and when it is low it reads the
    matches through the trigram index, joins every one to its membership and tests every one for
    visibility before sorting them for twenty (``vazquez``: 1,112 tests, 20 ms). Fenced, the
    matches are read and sorted inside a subquery whose sort keys are among its columns, so the
    outer query keeps that order and stops testing visibility once the page is full
    (``vazquez`` 10 ms, ``noble`` 9 ms; docs/benchmark.md, item 18). Which way a page is read is
    chosen from the list's last count (``_fenced``); the rows are the same either way.
    """

    def __init__(
        self,
        conditions: Sequence[ColumnElement[bool]],
        order: Sequence[ColumnElement[Any]],
        projection: Projection,
    ) -> None:
        own: list[ColumnElement[bool]] = []
        rest: list[ColumnElement[bool]] = []
        for condition in conditions:
            (own if _of_users(condition) else rest).append(condition)
        keys = sort_keys(order)
        labels = [k.expression.label(f"fence_key_{i}") for i, k in enumerate(keys)]
        # Every user column, whatever the projection: the other conditions are moved onto the
        # subquery's columns and may name any of them.
        matches = (
            select(*_USER_COLUMNS, *labels)
            .where(*own)
            .order_by(*(_directed(label, k) for label, k in zip(labels, keys, strict=True)))
            .subquery("fenced")
        )
        adapter = ClauseAdapter(matches)
        self.page = (
            select(
                *(matches.c[c.name] for c in projection.user_columns),
                *projection.membership_columns,
            )
            .select_from(matches.outerjoin(_MEMBERSHIPS, _MEMBERSHIPS.c.user_id == matches.c.id))
            .where(*(adapter.traverse(c) for c in rest))
            .order_by(
                *(
                    _directed(matches.c[label.name], k)
                    for label, k in zip(labels, keys, strict=True)
                )
            )
        )
        probe = _USERS.alias("fence_probe")
        probing = ClauseAdapter(probe)
        matched = (
            select(probe.c.id).where(*(probing.traverse(c) for c in own)).limit(FENCE_PROBE)
        ).subquery("fence_matches")
        # The count and the directory's size, as SQLite's count reads them, and the matches.
        self.count = _COUNT_AND_EXTENT.add_columns(
            select(func.count()).select_from(matched).correlate(None).scalar_subquery()
        )


def _directed(column: ColumnElement[Any], key: SortKey) -> ColumnElement[Any]:
    return column.desc() if key.descending else column.asc()


def count_people(session: Session, query: PeopleQuery) -> ExactCount:
    """The number of users on ``query``'s list; set it up before the page is read."""
    return ExactCount(session, query.count, query.count_identity)


def page_people(
    session: Session,
    query: PeopleQuery,
    *,
    limit: int | None,
    offset: int,
    seekable: bool = False,
    bound: Mapping[str, Any] | None = None,
) -> list[Row[Any]]:
    """One page of users (with their membership columns), in ``query``'s order.

    With ``seekable`` (an order whose keys are never NULL), a page beyond the first starts after
    the nearest row a previous page ended on, under the same statement and data version, and
    keeps where it ends itself (``roster.db.page_marks``). ``bound`` gives the values of
    parameters the conditions name (``among``); they are not part of the statement a mark is
    kept for, so a page with any is read from the top.
    """
    likely = _likely(session, query)
    if not seekable or not offset or limit is None or query.identity is None or bound:
        fenced = _fenced(session, query, limit, offset)
        shaped = query.shaped(limit, offset, likely, fenced)
        return _page(session, shaped, limit, offset, bound)
    key = (data_version(session), query.identity)
    marks = marks_for(session)
    start = 0  # where the statement starts reading: the top, or just after a kept row
    after: dict[str, Any] = {}
    nearest = marks.nearest(key, offset)
    if nearest is not None:
        start, values = nearest
        after = {f"{_AFTER}{i}": value for i, value in enumerate(values)}
    # Unless this page's start is kept already, read one row early: the row before the page,
    # which is where the next request for this same page will start.
    early = 1 if offset > start else 0
    skip = offset - start - early
    stmt = query.seeking(likely, nearest is not None, skip)
    rows = _page(session, stmt, limit + early, skip, after)
    ends = [(offset, rows[0])] if early and rows else []
    rows = rows[early:]
    # Where this page ends, and where it would have ended one row sooner: a caller that reads
    # one row past its page to learn whether another follows finds its next page at the latter.
    ends += [(offset + n, rows[n - 1]) for n in (len(rows), len(rows) - 1) if n > 0]
    width = len(query.order)
    for position, row in ends:
        marks.keep(key, position, [row._mapping[f"{_SEEK}{i}"] for i in range(width)])
    return rows


# A list whose last count was at least this share of all users is read walking its order on
# SQLite: a page then tests about ten rows for each it shows, however large the directory.
WALKING_SHARE = 0.1


def _likely(session: Session, query: PeopleQuery) -> float | None:
    """For SQLite, the share of all users that ``query``'s last count found, in tenths, when it
    is at least ``WALKING_SHARE``; else None, and the planner chooses as it would.

    Each of the list's conditions is met by at least that share, so saying so is never a lie:
    the planner walks the order's index and stops at the end of the page instead of reading most
    of the table through one condition's index and sorting it (``told_likely``). The count may be
    from an older data version; only the plan depends on it, never the answer.
    """
    if query.values_in_sql or query.count_identity is None:
        return None
    latest = cache_for(session).latest(query.count_identity)
    if latest is None:
        return None
    counted, extent = latest
    share = counted / extent if extent else 0.0
    if share < WALKING_SHARE:
        return None
    return min(0.9, math.floor(share * 10) / 10)


def _fenced(session: Session, query: PeopleQuery, limit: int | None, offset: int) -> bool:
    """Whether to read the page ``fenced``: its last count found fewer users meeting its own
    conditions than the walk in its order would read (about (offset + limit) x users / matches
    rows), that is matches² < (offset + limit) x users."""
    if query.fenced is None or limit is None or query.count_identity is None:
        return False
    latest = cache_for(session).latest(query.count_identity)
    if latest is None or len(latest) < 3:
        return False
    _counted, extent, matches = latest[:3]
    return matches < FENCE_PROBE and matches * matches < (offset + limit) * extent


_SEEK = "seek_key_"
# The parameters a seeking page's start is bound to (``PeopleQuery.seeking``).
_AFTER = "seek_after_"
# LIMIT and OFFSET, bound at execution; ``written`` (PostgreSQL) writes them into the SQL when it
# runs: a prepared statement is planned once for any values after a few executions, and with
# LIMIT and OFFSET unknown PostgreSQL assumes a tenth of the rows, so walking the name index to
# the first fifty looked dearer than sorting everyone (onlyOwnerCompany at 10,000 users: 1 ms
# planned for its values, 19 ms so; item 15). Page 2,147,483,647 of 200 is a valid request (an
# empty page) at an offset past 32 bits, hence BIGINT.
_PAGE_BOUNDS = {
    written: (
        bindparam("page_limit", type_=Integer, literal_execute=written),
        bindparam("page_offset", type_=BigInteger, literal_execute=written),
    )
    for written in (False, True)
}


def _shape(stmt: Select[Any], limit: int | None, offset: int, written: bool) -> Select[Any]:
    limit_param, offset_param = _PAGE_BOUNDS[written]
    if offset > 0:
        stmt = stmt.offset(offset_param)
    if limit is not None:
        stmt = stmt.limit(limit_param)
    return stmt


def _page(
    session: Session,
    stmt: Select[Any],
    limit: int | None,
    offset: int,
    bound: Mapping[str, Any] | None = None,
) -> list[Row[Any]]:
    """The rows of ``stmt``, shaped by ``_shape`` for the same ``limit`` and ``offset``."""
    params: dict[str, Any] = {"page_limit": limit, "page_offset": offset}
    if bound:
        params.update(bound)
    return read(session, stmt, params)


def people_by_ids(
    session: Session,
    ids: Sequence[int],
    conditions: Sequence[ColumnElement[bool]],
    projection: Projection = EVERY_COLUMN,
) -> list[Row[Any]]:
    """The users among ``ids`` that also meet ``conditions`` (visibility included), by id."""
    if not ids:
        return []
    statement = _by_ids(conditions, projection, written=for_planner(session))
    return read(session, statement, {"people_ids": padded(sorted(set(ids)))})


# The statement for each set of conditions, which are themselves built once per requester and
# filter (roster.people.visibility, roster.query.memo): a show builds nothing.
_BY_IDS: RecentFor[Select[Any]] = RecentFor(1024)


def _by_ids(
    conditions: Sequence[ColumnElement[bool]], projection: Projection, *, written: bool
) -> Select[Any]:
    """On PostgreSQL (``written``) with the conditions' whole numbers written in, as a list's:
    with the requester's account a parameter, PostgreSQL judged a plan made once for any
    account dearer than one made for this account, and planned every show again (0.5 of the
    0.7 ms Teamwork's show statement took at a million users, docs/benchmark.md, item 22). The
    ids stay a parameter, so every show of a requester is one statement, planned once."""
    key = (*conditions, projection, written)
    found = _BY_IDS.get(key)
    if found is None:
        where = [written_if(c, written) for c in conditions]
        found = projection.rows.where(among(User.id, "people_ids"), *where).order_by(User.id)
        _BY_IDS.put(key, found)
    return found


def visible_workspace(session: Session, requester: Requester, workspace_id: int) -> bool:
    """Whether the workspace exists and the requester may see it (see ``visible_workspace_ids``)."""
    stmt = select(Workspace.id).where(
        Workspace.id == workspace_id, Workspace.id.in_(visible_workspace_ids(requester))
    )
    return bool(read(session, stmt))

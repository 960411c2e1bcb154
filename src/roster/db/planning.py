"""How statements are written so that each database plans them for the rows they will meet.

PostgreSQL turns an EXISTS correlated only by equalities into a hashed set when it expects the
set to fit ``work_mem``, and it decides that for every row of the outer table, not for the twenty
a LIMIT stops at: at 10,000 users each list page hashed every seat three times before its first
row (19 ms of a 19.5 ms page; docs/benchmark.md, item 15). At a million users the sets do not fit
and the same tests were already probes. PostgreSQL hashes an EXISTS only when every condition
that names the outer row is a hashable equality, so ``probe_equal`` adds one that is not: the
outer value is not NULL, which the equality implies anyway. The index is probed by the equality,
and the planner's estimate is the equality's, on both databases.

PostgreSQL is shown the values themselves (``values_written``, ``planned_each_time``). SQLite plans
by averages whatever the values, so a list is told what its last count showed instead
(``told_likely``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    func,
    literal_column,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BinaryExpression, BooleanClauseList
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import replacement_traverse

from roster.db.id_lists import Among
from roster.db.recent import RecentFor

_Select = TypeVar("_Select", bound=Select[Any])


def probe_equal(
    inner: SQLColumnExpression[Any], outer: SQLColumnExpression[Any]
) -> ColumnElement[bool]:
    """``inner = outer``, for the correlation of an EXISTS, tested per outer row."""
    return and_(inner == outer, outer.is_not(None))


class probe_join(FunctionElement[bool]):
    """``inner = outer``, for a join of at most one row per outer row (a user's account
    membership) that PostgreSQL must make by looking each outer row up in the inner table's index.

    A page that walks its order's index stops when it is full, so looking memberships up costs
    the rows it shows. PostgreSQL weighs the visibility tests (an OR of EXISTS subplans) far
    lighter under a hash join than under a nested loop, so where few users follow a page's start
    (a deep page near the end of a small directory) it hashed every membership, tested every
    user after the start and sorted them: a deep Teamwork page's statement at 10,000 users took
    5.4 ms, against 1.0 ms walking the name index (docs/benchmark.md, item 32).
    ``= ANY (ARRAY[outer])`` is an index condition PostgreSQL can probe with for each outer row
    but can neither hash nor merge on; SQLite is sent the plain equality. Counts keep the plain
    join (counting reads every visible user, where hashing is quicker), and so do searches,
    whose few matches are found through another index than the order's.
    """

    # Left untyped: typed Boolean, it would reach SQLite (which has no boolean type) as
    # ``(... = users.id) = 1``, and SQLite then scans the memberships instead of looking them up.
    inherit_cache = True
    name = "probe_join"


@compiles(probe_join)
def _probe_join_default(element: probe_join, compiler: SQLCompiler, **kw: Any) -> str:
    inner, outer = element.clauses
    return f"{compiler.process(inner, **kw)} = {compiler.process(outer, **kw)}"


@compiles(probe_join, "postgresql")
def _probe_join_postgresql(element: probe_join, compiler: SQLCompiler, **kw: Any) -> str:
    inner, outer = element.clauses
    return f"{compiler.process(inner, **kw)} = ANY (ARRAY[{compiler.process(outer, **kw)}])"


@dataclass(frozen=True, slots=True)
class Written:
    """A condition with its whole numbers written in (``values_written``)."""

    condition: ColumnElement[bool]
    # Whether it still has a parameter other than a whole number (text, a date): a statement
    # holding it is planned each time it runs (``planned_each_time``).
    keeps_text: bool


# Per condition object: the visibility predicate is one object per requester (kept by
# roster.people.visibility), and writing it out again for every list cost more than the list's
# own statements (1-2 ms a list, cProfile of 600 distinct shows at 1M).
_WRITTEN: RecentFor[Written] = RecentFor(1024)


def values_written(condition: ColumnElement[bool]) -> Written:
    """``condition`` with its whole-number parameters written into the SQL when it runs.

    PostgreSQL plans a statement prepared by the driver (psycopg prepares one on its fifth
    execution on a connection) once for any values, by averages: an account with 58% of the
    users is planned as one with 1%, so a list filtered to it sorted everyone where walking the
    name index stops after a page (``onlyOwnerCompany`` at 10,000 users: 1 ms planned for the
    value, 19 ms by averages). Written in, the values are known to every plan of the statement,
    and the statement is still planned once per connection, not once per execution. Only whole
    numbers are written in, and not those compared with a primary key or listed by ``among``: a
    key's plan is the same for any key, and writing ids in made every user shown a statement of
    its own, planned anew. Text stays a parameter (``Written.keeps_text``).
    """
    kept = _WRITTEN.get((condition,))
    if kept is not None:
        return kept
    keeps_text = False

    def written(element: Any, **_: Any) -> Any:
        nonlocal keeps_text
        if isinstance(element, Among) or (
            isinstance(element, BinaryExpression)
            and getattr(element.left, "primary_key", False)
            and isinstance(element.right, BindParameter)
        ):
            return element  # left as it is: ids, bound when the statement runs
        if isinstance(element, BindParameter) and not element.literal_execute:
            if element.callable is None and _whole_numbers(
                element.value, expanding=element.expanding
            ):
                clone = element._clone()
                clone.literal_execute = True
                return clone
            keeps_text = True
        return None

    twin = replacement_traverse(condition, _NO_OPTIONS, written)
    result = Written(twin, keeps_text)
    _WRITTEN.put((condition,), result)
    return result


_NO_OPTIONS: dict[str, Any] = {}


def _whole_numbers(value: Any, *, expanding: bool) -> bool:
    if expanding:  # an IN list
        return isinstance(value, (list, tuple)) and all(type(v) is int for v in value)
    return type(value) is int


# The execution option that ``roster.db.engine`` reads to send a statement unprepared.
PLAN_EACH_TIME = "roster_plan_each_time"


def planned_each_time(stmt: _Select) -> _Select:
    """``stmt``, marked to be planned for its values every time it runs.

    For a statement holding text parameters (``Written.keeps_text``): a name search's pattern is
    text, so it stays a parameter, and planned by averages PostgreSQL walked the name index
    testing every name against a pattern that matches one in three hundred (``by_full_name`` at a
    million users: 108 ms, against 25 ms planned for the pattern, which reads the trigram index).
    Unprepared, a statement is planned each time it runs.
    """
    return stmt.execution_options(**{PLAN_EACH_TIME: True})


def for_planner(session: Session) -> bool:
    """Whether ``session``'s database plans statements by their values (PostgreSQL), so that
    writing values in (``values_written``) pays; SQLite's planner does not look at them."""
    return session.get_bind().dialect.name == "postgresql"


def written_if(condition: ColumnElement[bool], written: bool) -> ColumnElement[bool]:
    """``condition`` with its whole numbers written in when ``written`` (``for_planner``), for a
    statement that is not a list's (lists decide more, ``people.repository.PeopleQuery``)."""
    return values_written(condition).condition if written else condition


def told_likely(condition: ColumnElement[bool], probability: float) -> ColumnElement[bool]:
    """``condition``, with SQLite told that a row meets each of its comparisons with at least
    ``probability``.

    SQLite keeps no statistics by value (no STAT4 in Python's build), so an equality on an indexed
    column looks as selective for an account of 58% of the users as for one of four: it read the
    big account's members through the membership index and sorted them all for one page
    (``on_my_account`` at 10,000 users: 15 ms; walking the name index: 0.3 ms). ``likelihood()``
    returns its argument unchanged; it is used only where a count has shown the probability
    (``roster.people.repository``), and only around what SQLite could choose an index for: a
    comparison, or one inside a conjunction. Wrapping the visibility predicate as well (an OR of
    EXISTS tests) changed no plan and cost 6% more instructions per list page (docs/benchmark.md,
    item 17). Its second argument must be a constant in the SQL, not a parameter.
    """
    if isinstance(condition, BinaryExpression):
        return func.likelihood(condition, literal_column(repr(probability)), type_=Boolean)
    if isinstance(condition, BooleanClauseList) and condition.operator is operators.and_:
        return and_(*(told_likely(part, probability) for part in condition.clauses))
    return condition

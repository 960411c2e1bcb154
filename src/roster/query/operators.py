"""The reviewed clause builders filters are made from. Each returns a ``Clause``.

Filters combine these; a filter whose logic fits none of them gets its own named function in its
dialect's declarations, never a branch in the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, column, exists, func, literal, not_, or_, select, table
from sqlalchemy.orm import InstrumentedAttribute

from roster.models import User
from roster.query.declarations import Clause, FilterContext

Predicate = Callable[[Any, FilterContext], ColumnElement[bool]]


def when_true(predicate: Callable[[FilterContext], ColumnElement[bool]]) -> Clause:
    """A boolean "only ..." filter: true restricts, false means no restriction."""

    def clause(value: bool, ctx: FilterContext) -> ColumnElement[bool] | None:
        return predicate(ctx) if value else None

    return clause


def when_false(predicate: Callable[[FilterContext], ColumnElement[bool]]) -> Clause:
    """A boolean "include ..." filter: false restricts to the predicate, true does not restrict."""

    def clause(value: bool, ctx: FilterContext) -> ColumnElement[bool] | None:
        return None if value else predicate(ctx)

    return clause


def either(predicate: Callable[[FilterContext], ColumnElement[bool]]) -> Clause:
    """A boolean "has / has not" filter: true keeps matches, false keeps the rest."""

    def clause(value: bool, ctx: FilterContext) -> ColumnElement[bool]:
        return predicate(ctx) if value else not_(predicate(ctx))

    return clause


def with_value(predicate: Predicate) -> Clause:
    """Any non-boolean filter: the predicate receives the parsed value."""

    def clause(value: Any, ctx: FilterContext) -> ColumnElement[bool]:
        return predicate(value, ctx)

    return clause


def equals(column: InstrumentedAttribute[Any]) -> Clause:
    return with_value(lambda value, _ctx: column == value)


def one_of(column: InstrumentedAttribute[Any]) -> Clause:
    return with_value(lambda values, _ctx: column.in_(values))


def none_of(column: InstrumentedAttribute[Any]) -> Clause:
    return with_value(lambda values, _ctx: column.not_in(values))


def after(column: InstrumentedAttribute[Any]) -> Clause:
    return with_value(lambda value, _ctx: column > value)


def before(column: InstrumentedAttribute[Any]) -> Clause:
    return with_value(lambda value, _ctx: column < value)


def user_in(subquery_for: Callable[[Any, FilterContext], Any]) -> Clause:
    """Users whose id is in a one-column subquery built from the value."""
    return with_value(lambda value, ctx: User.id.in_(subquery_for(value, ctx)))


def user_not_in(subquery_for: Callable[[Any, FilterContext], Any]) -> Clause:
    return with_value(lambda value, ctx: User.id.not_in(subquery_for(value, ctx)))


def related(model: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """EXISTS a row of ``model`` whose ``user_id`` is the user's and that meets ``conditions``.

    A to-many filter as EXISTS never duplicates users, so paging and counting need no DISTINCT.
    """
    return exists().where(model.user_id == User.id, *conditions)


def among_related(model: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """The user is among the ``user_id``s of ``model`` rows meeting ``conditions``.

    The same users as ``related``, for conditions that pick out few rows (one workspace's seats):
    as a set, SQLite starts from those rows instead of testing every user against them.
    """
    return User.id.in_(select(model.user_id).where(*conditions))


# --- text search ---------------------------------------------------------------------------------

# The FTS5 table of migration 0002 (SQLite only); its hidden same-named column takes MATCH.
USERS_SEARCH = table("users_search", column("rowid"), column("users_search"))
SEARCH_COLUMNS = {"full_name": User.full_name, "email_address": User.email_address}


def _like_pattern(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains_text(term: str, columns: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """Case-insensitive substring match of ``term`` in any of ``columns`` (of full_name, email).

    PostgreSQL answers ``lower(col) LIKE '%term%'`` from the trigram GIN indexes. SQLite answers
    from the FTS5 trigram table ``users_search`` when the term has three characters or more (the
    trigram tokenizer cannot index shorter strings, so those fall back to LIKE on the table).
    """
    if dialect == "sqlite" and len(term) >= 3:
        quoted = '"' + term.replace('"', '""') + '"'
        column_filter = "{" + " ".join(columns) + "}"
        match = f"{column_filter} : {quoted}"
        return User.id.in_(
            select(USERS_SEARCH.c.rowid).where(USERS_SEARCH.c.users_search.op("MATCH")(match))
        )
    pattern = _like_pattern(term)
    return or_(*(func.lower(SEARCH_COLUMNS[name]).like(pattern, escape="\\") for name in columns))


def contains_substring(
    column: ColumnElement[str] | InstrumentedAttribute[str], term: str
) -> ColumnElement[bool]:
    """Case-insensitive substring match on any text column (``lower(col) LIKE '%term%'``).

    For columns outside the users search index (role names...); PostgreSQL serves the ones that
    carry a trigram index, SQLite scans.
    """
    return func.lower(column).like(_like_pattern(term), escape="\\")


def every_word(
    terms: Sequence[str], match_word: Callable[[str], ColumnElement[bool]]
) -> ColumnElement[bool]:
    """All words must match (each possibly in a different place)."""
    return and_(*(match_word(term) for term in terms)) if terms else literal(True)

"""Teamwork's ``orderBy`` values as sort declarations, and ``orderPrioritiseCurrentUser``.

Every order ends with the user id, so pages never overlap; ``orderMode=desc`` reverses the whole
order, tie-breaker included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from roster.auth.requester import Requester
from roster.models import Account, AccountMembership, User
from roster.query.declarations import Sort


class binary_order(FunctionElement[str]):
    """A text column ordered by code point whatever the database's collation.

    SQLite's default collation is already binary; PostgreSQL's follows the database locale, where
    "ann" sorts beside "Ann", so it is asked for "C" explicitly.
    """

    type = String()
    inherit_cache = True


@compiles(binary_order)
def _binary_order_default(element: binary_order, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(binary_order, "postgresql")
def _binary_order_postgresql(element: binary_order, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.clauses, **kw)} COLLATE "C"'


def _directed(keys: Sequence[ColumnElement[Any]], descending: bool) -> list[ColumnElement[Any]]:
    return [key.desc() if descending else key.asc() for key in (*keys, User.id)]


def _by_name(descending: bool) -> list[ColumnElement[Any]]:
    return _directed([binary_order(User.first_name), binary_order(User.last_name)], descending)


def _by_name_ignoring_case(descending: bool) -> list[ColumnElement[Any]]:
    return _directed([func.lower(User.first_name), func.lower(User.last_name)], descending)


def _by_company(descending: bool) -> list[ColumnElement[Any]]:
    # Correlated to the page query's one membership row; contacts have no company and sort last.
    company_name = (
        select(func.lower(Account.name))
        .where(Account.id == AccountMembership.account_id)
        .scalar_subquery()
    )
    no_company = case((AccountMembership.account_id.is_(None), 1), else_=0)
    keys = [no_company, company_name, func.lower(User.first_name), func.lower(User.last_name)]
    return _directed(keys, descending)


def _by_id(descending: bool) -> list[ColumnElement[Any]]:
    return _directed([], descending)


SORTS: tuple[Sort, ...] = (
    Sort(
        "name",
        _by_name,
        "First name, then last name, letter case significant.",
        seekable=True,
    ),
    Sort(
        "namecaseinsensitive",
        _by_name_ignoring_case,
        "First name, then last name, letter case ignored.",
        seekable=True,
    ),
    Sort(
        "company",
        _by_company,
        "Company name (letter case ignored; people without a company last), then name.",
    ),
    Sort("id", _by_id, "The person's id (the Go SDK sends it).", seekable=True),
)


def requester_first(requester: Requester) -> ColumnElement[Any]:
    """A leading sort key that puts the requester before everyone, in either order mode."""
    return case((User.id == requester.user_id, 0), else_=1).asc()


def keep_requester(
    conditions: Sequence[ColumnElement[bool]], requester: Requester
) -> list[ColumnElement[bool]]:
    """The request's own filters, loosened so that the requester always meets them."""
    return [or_(and_(*conditions), User.id == requester.user_id)] if conditions else []


def arrange(
    sort: Sort,
    descending: bool,
    prioritise_requester: bool,
    conditions: Sequence[ColumnElement[bool]],
    requester: Requester,
) -> tuple[list[ColumnElement[bool]], list[ColumnElement[Any]]]:
    """The request's filters and order, with ``orderPrioritiseCurrentUser`` applied."""
    order = list(sort.columns(descending))
    if not prioritise_requester:
        return list(conditions), order
    return keep_requester(conditions, requester), [requester_first(requester), *order]

"""Filters on who a user is: ids, names, email addresses, timestamps, and free-text search."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from roster.models import AccountMembership, Role, User
from roster.query import kinds
from roster.query.declarations import Filter, FilterContext
from roster.query.operators import (
    after,
    before,
    contains_substring,
    contains_text,
    every_word,
    none_of,
    one_of,
    with_value,
)


def _by_full_name(term: str, ctx: FilterContext) -> ColumnElement[bool]:
    return contains_text(term.strip(), ["full_name"], ctx.dialect)


def _by_full_name_or_account_role(term: str, ctx: FilterContext) -> ColumnElement[bool]:
    term = term.strip()
    matching_roles = select(Role.id).where(contains_substring(Role.name, term))
    return or_(
        contains_text(term, ["full_name"], ctx.dialect),
        AccountMembership.default_role_id.in_(matching_roles),
    )


def _search(term: str, ctx: FilterContext) -> ColumnElement[bool]:
    return every_word(
        term.split(), lambda word: contains_text(word, ["full_name", "email_address"], ctx.dialect)
    )


def _prefix(column: InstrumentedAttribute[str], term: str) -> ColumnElement[bool]:
    # A range on lower(column) rather than LIKE 'x%': both engines answer it from the index.
    low = term.lower()
    return (func.lower(column) >= low) & (func.lower(column) < low + "\U0010ffff")


def _matching(term: str, _ctx: FilterContext) -> ColumnElement[bool]:
    term = term.strip()
    return or_(_prefix(User.full_name, term), _prefix(User.email_address, term))


def _email_in(addresses: tuple[str, ...], _ctx: FilterContext) -> ColumnElement[bool]:
    return func.lower(User.email_address).in_([a.lower() for a in addresses])


FILTERS: tuple[Filter, ...] = (
    Filter(
        "with_users",
        kinds.id_list(),
        one_of(User.id),
        "Include only users with these ids.",
        "1,2,3",
    ),
    Filter(
        "without_users", kinds.id_list(), none_of(User.id), "Exclude users with these ids.", "4,5"
    ),
    Filter(
        "by_email_address",
        kinds.TEXT,
        with_value(lambda v, ctx: _email_in((v.strip(),), ctx)),
        "Users whose email address is exactly this one (letter case ignored).",
        "ann@example.com",
    ),
    Filter(
        "by_email_addresses",
        kinds.text_list(max_items=200, example="a@x.com,b@x.com"),
        with_value(_email_in),
        "Users whose email address is one of these (up to 200): a comma list in the query, "
        "or a JSON array in the request body.",
        "ann@example.com,bob@example.com",
    ),
    Filter(
        "by_full_name",
        kinds.TEXT,
        with_value(_by_full_name),
        "Users whose full name contains this text (letter case ignored).",
        "ann",
    ),
    Filter(
        "by_full_name_or_account_role",
        kinds.TEXT,
        with_value(_by_full_name_or_account_role),
        "Users whose full name, or whose account role's name, contains this text (letter "
        "case ignored).",
        "designer",
    ),
    Filter(
        "search",
        kinds.TEXT,
        with_value(_search),
        "Every word of the term appears in the full name or email address (substring, "
        "letter case ignored); combined with the other filters.",
        "ann smith",
    ),
    Filter(
        "matching",
        kinds.TEXT,
        with_value(_matching),
        "The full name or email address starts with this text (letter case ignored), for "
        "type-ahead.",
        "an",
    ),
    Filter(
        "created_after",
        kinds.DATETIME,
        after(User.created_at),
        "Created after this ISO 8601 date-time.",
        "2024-01-31T09:00:00Z",
    ),
    Filter(
        "created_before",
        kinds.DATETIME,
        before(User.created_at),
        "Created before this ISO 8601 date-time.",
        "2024-01-31T09:00:00Z",
    ),
    Filter(
        "updated_after",
        kinds.DATETIME,
        after(User.updated_at),
        "Updated after this ISO 8601 date-time.",
        "2024-01-31T09:00:00Z",
    ),
    Filter(
        "updated_before",
        kinds.DATETIME,
        before(User.updated_at),
        "Updated before this ISO 8601 date-time.",
        "2024-01-31T09:00:00Z",
    ),
)

"""Filters on custom field values: the five by_custom_*_value grammars and
has_value_for_custom_field_ids.

Every clause only looks at fields the requester may view, by the rule the ``custom_field_values``
include applies too (``roster.people.related.viewable_fields``): fields of the
requester's own account, all of them for its administrators, otherwise those whose
``view_permission`` ranks at or below the requester's permission; a requester on no account
views none. A term naming a field the requester may not view, a field that does not exist, a field
on another subject type or a field of another value type matches nobody, so an answer never
depends on a value the requester could not read, nor tells such a field from a missing one.

Several terms in one parameter, like several parameters, are ANDed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, and_, distinct, exists, false, func, or_, select

from roster.dialects.kantata.custom_field_grammar import (
    ChoiceTerm,
    CurrencyTerm,
    DateTerm,
    NumberTerm,
    TextTerm,
    parse_choice_terms,
    parse_currency_terms,
    parse_date_terms,
    parse_number_terms,
    parse_text_terms,
)
from roster.models import (
    CustomField,
    CustomFieldValue,
    CustomFieldValueChoice,
    User,
)
from roster.people.related import viewable_fields
from roster.query import kinds
from roster.query.declarations import Filter, FilterContext
from roster.query.operators import contains_substring, with_value


class _Term(Protocol):
    @property
    def field_id(self) -> int: ...


T = TypeVar("T", bound=_Term)

CHOICE_TYPES = ("single", "multi")
TEXT_TYPES = ("string", "text")
# Ids are 32-bit INTEGER columns: a larger id names nothing, and PostgreSQL refuses to even compare
# it with one ("integer out of range"), so such ids are settled here instead of being bound.
MAX_ID = 2**31 - 1


def _views_no_field(ctx: FilterContext) -> bool:
    # Field permissions are ranks on the field's own account: a requester on none has no rank.
    return ctx.requester.account_id is None


def _field(
    field_id: int, value_types: Sequence[str], ctx: FilterContext
) -> list[ColumnElement[bool]]:
    return [
        CustomField.id == field_id,
        CustomField.subject_type == "User",
        CustomField.value_type.in_(value_types),
        *viewable_fields(ctx.requester),
    ]


def _value_on_user(
    field_id: int,
    value_types: Sequence[str],
    ctx: FilterContext,
    *conditions: ColumnElement[bool],
) -> ColumnElement[bool]:
    """EXISTS the user's value on a viewable field of these types, meeting ``conditions``."""
    return exists().where(
        CustomFieldValue.subject_type == "User",
        CustomFieldValue.subject_id == User.id,
        CustomFieldValue.custom_field_id == field_id,
        CustomField.id == CustomFieldValue.custom_field_id,
        *_field(field_id, value_types, ctx),
        *conditions,
    )


def _selected(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(
        CustomFieldValueChoice.custom_field_value_id == CustomFieldValue.id, *conditions
    )


def _choice(term: ChoiceTerm, ctx: FilterContext) -> ColumnElement[bool]:
    """Any listed choice is selected; ``blank``: the user has no choice selected on the field."""
    # Seeded with false: a term whose only choice ids are beyond MAX_ID matches nobody.
    alternatives: list[ColumnElement[bool]] = [false()]
    choice_ids = [choice_id for choice_id in term.choice_ids if choice_id <= MAX_ID]
    if choice_ids:
        alternatives.append(
            _value_on_user(
                term.field_id,
                CHOICE_TYPES,
                ctx,
                _selected(CustomFieldValueChoice.choice_id.in_(choice_ids)),
            )
        )
    if term.blank:
        # "Blank" is only meaningful for a field the requester may view; a missing or hidden
        # field matches nobody rather than everybody.
        field_is_viewable = exists().where(*_field(term.field_id, CHOICE_TYPES, ctx))
        has_choice = exists().where(
            CustomFieldValue.subject_type == "User",
            CustomFieldValue.subject_id == User.id,
            CustomFieldValue.custom_field_id == term.field_id,
            _selected(),
        )
        alternatives.append(field_is_viewable & ~has_choice)
    return or_(*alternatives)


def _currency(term: CurrencyTerm, ctx: FilterContext) -> ColumnElement[bool]:
    """Equal amount; with a code, the value's currency (else its field's) is that code."""
    conditions: list[ColumnElement[bool]] = [CustomFieldValue.value_number == term.amount]
    if term.currency is not None:
        currency = func.coalesce(CustomFieldValue.currency, CustomField.currency)
        conditions.append(func.upper(currency) == term.currency)
    return _value_on_user(term.field_id, ("currency",), ctx, *conditions)


def _date(term: DateTerm, ctx: FilterContext) -> ColumnElement[bool]:
    """The date lies within [start, end], both inclusive; a missing bound is open."""
    conditions: list[ColumnElement[bool]] = [CustomFieldValue.value_date.is_not(None)]
    if term.start is not None:
        conditions.append(CustomFieldValue.value_date >= term.start)
    if term.end is not None:
        conditions.append(CustomFieldValue.value_date <= term.end)
    return _value_on_user(term.field_id, ("date",), ctx, *conditions)


def _number(term: NumberTerm, ctx: FilterContext) -> ColumnElement[bool]:
    return _value_on_user(
        term.field_id, ("number",), ctx, CustomFieldValue.value_number == term.number
    )


def _text(term: TextTerm, ctx: FilterContext) -> ColumnElement[bool]:
    """The text value contains the given text, letter case ignored."""
    return _value_on_user(
        term.field_id,
        TEXT_TYPES,
        ctx,
        # coalesce only types the nullable column as text: a missing text contains nothing.
        contains_substring(func.coalesce(CustomFieldValue.value_text, ""), term.text),
    )


def _all_terms(
    term_clause: Callable[[T, FilterContext], ColumnElement[bool]],
) -> Callable[[tuple[T, ...], FilterContext], ColumnElement[bool]]:
    def clause(terms: tuple[T, ...], ctx: FilterContext) -> ColumnElement[bool]:
        if _views_no_field(ctx) or any(term.field_id > MAX_ID for term in terms):
            return false()
        return and_(*(term_clause(term, ctx) for term in terms))

    return clause


def _has_value() -> ColumnElement[bool]:
    """A value row that holds something: a non-empty text, a number, a date or a choice."""
    return or_(
        and_(CustomFieldValue.value_text.is_not(None), CustomFieldValue.value_text != ""),
        CustomFieldValue.value_number.is_not(None),
        CustomFieldValue.value_date.is_not(None),
        _selected(),
    )


def _has_values_for(field_ids: tuple[int, ...], ctx: FilterContext) -> ColumnElement[bool] | None:
    """A value on every listed field, counted in one correlated subquery."""
    wanted = sorted(set(field_ids))
    if not wanted:
        return None  # ',' alone lists no field: every user has a value for all of none
    if _views_no_field(ctx) or wanted[-1] > MAX_ID:
        return false()
    filled = (
        select(func.count(distinct(CustomFieldValue.custom_field_id)))
        .join(CustomField, CustomField.id == CustomFieldValue.custom_field_id)
        .where(
            CustomFieldValue.subject_type == "User",
            CustomFieldValue.subject_id == User.id,
            CustomFieldValue.custom_field_id.in_(wanted),
            CustomField.subject_type == "User",
            *viewable_fields(ctx.requester),
            _has_value(),
        )
        .scalar_subquery()
    )
    return filled == len(wanted)


_SEPARATORS = "several fields separated by ';' or written as (id:…):(id:…)"

CHOICES = kinds.grammar(
    parse_choice_terms,
    pattern=f"field_id:choice_id[,choice_id...] or field_id:blank; {_SEPARATORS}",
    example="(1:2,3):(4:blank)",
)
CURRENCIES = kinds.grammar(
    parse_currency_terms,
    pattern=f"field_id:amount[:ISO currency code]; {_SEPARATORS}",
    example="(1:200.2:USD):(2:100)",
)
DATES = kinds.grammar(
    parse_date_terms,
    pattern=f"field_id:start:end (YYYY-MM-DD, either bound optional); {_SEPARATORS}",
    example="(1:2014-12-05:2014-12-25):(2:2014-12-05)",
)
NUMBERS = kinds.grammar(
    parse_number_terms, pattern=f"field_id:number; {_SEPARATORS}", example="(1:200):(2:101)"
)
TEXTS = kinds.grammar(
    parse_text_terms, pattern=f"field_id:text; {_SEPARATORS}", example="(1:something):(2:else)"
)

_VIEWABLE = (
    " Only fields the requester may view count (fields of the requester's account whose view "
    "permission the requester has): any other field id (hidden, of another account, missing, "
    "of another type) matches nobody. Several fields must all match."
)

FILTERS: tuple[Filter, ...] = (
    Filter(
        "by_custom_choice_value",
        CHOICES,
        with_value(_all_terms(_choice)),
        "Users whose single- or multi-choice custom field has any of the listed choices "
        "selected; 'blank' matches users with no choice selected on that field (no value "
        "at all, or a value with no choice), and may be listed next to choice ids. "
        "Terms: 'field_id:choice_id,choice_id', 'field_id:blank', separated by ';' or "
        "written as '(1:2,3):(4:blank)'." + _VIEWABLE,
        "(1:2,3):(4:blank)",
    ),
    Filter(
        "by_custom_currency_value",
        CURRENCIES,
        with_value(_all_terms(_currency)),
        "Users whose currency custom field holds exactly this amount (compared as a "
        "number: 100 and 100.00 are equal); with an ISO code, also in that currency (the "
        "value's own currency, else the field's; letter case ignored). At most 4 decimals."
        + _VIEWABLE,
        "(1:200.2:USD):(2:100)",
    ),
    Filter(
        "by_custom_date_value",
        DATES,
        with_value(_all_terms(_date)),
        "Users whose date custom field lies between the start and end dates, both "
        "inclusive. Either bound may be left out: 'id:start' and 'id:start:' mean on or "
        "after start, 'id::end' on or before end; 'id:day:day' is exactly that day. A "
        "start after the end is a 400." + _VIEWABLE,
        "(1:2014-12-05:2014-12-25):(2:2014-12-05)",
    ),
    Filter(
        "by_custom_number_value",
        NUMBERS,
        with_value(_all_terms(_number)),
        "Users whose number custom field equals this number (compared as a number: 200 "
        "and 200.0 are equal). At most 4 decimals." + _VIEWABLE,
        "(1:200):(2:101)",
    ),
    Filter(
        "by_custom_text_value",
        TEXTS,
        with_value(_all_terms(_text)),
        "Users whose text custom field contains this text, letter case ignored. The text "
        "is everything after the field id's colon, trimmed, colons included; a text with "
        "';' needs the parenthesised form '(1:a;b)'." + _VIEWABLE,
        "(1:something):(2:else)",
    ),
    Filter(
        "has_value_for_custom_field_ids",
        kinds.id_list(max_items=200),
        _has_values_for,
        "Users with a value for every listed custom field (up to 200 ids): a non-empty "
        "text, a number, a date or at least one selected choice. A listed field the "
        "requester may not view (another account's, or above the requester's permission), or "
        "that does not exist, matches nobody. An empty list "
        "(',') does not restrict.",
        "1,2",
    ),
)

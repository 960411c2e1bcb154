"""The small language of Kantata's ``by_custom_*_value`` filters, parsed into typed terms.

One value names one or more custom fields, each followed by a colon and what to match:

- bare terms separated by semicolons: ``1:200;2:101``
- or every term in parentheses, joined by ``:`` (as Kantata documents) or ``;``:
  ``(1:200):(2:101)``; a single ``(1:200)`` is fine too.

What follows the field id depends on the filter: choice ids or ``blank``, an amount with an
optional currency, a date range, a number, or a text. Text is everything after the field id's
colon, colons included; a text holding ``;`` needs the parenthesised form, and one holding
``):(`` or ``);(`` the bare form.

This module is pure: strings in, frozen terms out, ``InvalidValue`` (whose message completes the
sentence "expected ...") for anything malformed. Empty terms left by a stray ``;`` are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from roster.query.kinds import InvalidValue

MAX_FIELDS = 200
MAX_CHOICES = 200
BLANK = "blank"

# ASCII digits only: Python's \d (and int()) would also take other scripts' digits.
_FIELD_ID = re.compile(r"[0-9]{1,18}")
_CHOICE_ID = re.compile(r"[0-9]{1,18}")
# What custom_field_values.value_number (NUMERIC(18, 4)) can hold: beyond it nothing could match,
# and the two engines would disagree about rounding.
_NUMBER = re.compile(r"[+-]?[0-9]{1,14}(?:\.[0-9]{1,4})?")
_ISO_CURRENCY = re.compile(r"[A-Za-z]{3}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PAREN_JOINT = re.compile(r"\)\s*[:;]\s*\(")

T = TypeVar("T")


@dataclass(frozen=True)
class ChoiceTerm:
    field_id: int
    choice_ids: tuple[int, ...]
    blank: bool  # ``blank`` was listed: no choice selected also matches


@dataclass(frozen=True)
class CurrencyTerm:
    field_id: int
    amount: Decimal
    currency: str | None  # upper-case ISO 4217 code


@dataclass(frozen=True)
class DateTerm:
    field_id: int
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class NumberTerm:
    field_id: int
    number: Decimal


@dataclass(frozen=True)
class TextTerm:
    field_id: int
    text: str


CHOICE_FORMAT = "field_id:choice_id[,choice_id...] or field_id:blank"
CURRENCY_FORMAT = "field_id:amount[:ISO currency code], such as 1:200.2:USD"
DATE_FORMAT = "field_id:start:end with dates as YYYY-MM-DD, either bound may be left out"
NUMBER_FORMAT = "field_id:number, such as 1:200"
TEXT_FORMAT = "field_id:text"
_SEPARATORS = "; several fields separated by ';' or written as (…):(…)"


class _Malformed(Exception):
    """A problem in one term, before the filter's format is known."""


def split_terms(raw: str) -> list[tuple[int, str]]:
    """(field id, the rest after its colon) for each term of ``raw``, in order."""
    text = raw.strip()
    if text.startswith("("):
        if not text.endswith(")") or len(text) < 2:
            raise _Malformed("a '(' is never closed")
        pieces = _PAREN_JOINT.split(text[1:-1])
        if any(not piece.strip() for piece in pieces):
            raise _Malformed("a pair of parentheses is empty")
    else:
        pieces = [piece for piece in text.split(";") if piece.strip()]
    if not pieces:
        raise _Malformed("no field was given")
    if len(pieces) > MAX_FIELDS:
        raise _Malformed(f"at most {MAX_FIELDS} fields, got {len(pieces)}")
    terms = []
    for piece in pieces:
        field, colon, rest = piece.partition(":")
        field = field.strip()
        if not colon:
            raise _Malformed(f"{piece.strip()!r} has no ':' after the field id")
        if not _FIELD_ID.fullmatch(field):
            raise _Malformed(f"{field!r} is not a field id")
        terms.append((int(field), rest.strip()))
    return terms


def _parse(raw: str, fmt: str, term: Callable[[int, str], T]) -> tuple[T, ...]:
    try:
        return tuple(term(field_id, rest) for field_id, rest in split_terms(raw))
    except _Malformed as problem:
        raise InvalidValue(f"{fmt}{_SEPARATORS}; {problem}") from None


def _choice(field_id: int, rest: str) -> ChoiceTerm:
    items = [item.strip() for item in rest.split(",")]
    if not rest or any(not item for item in items):
        raise _Malformed(f"field {field_id} has an empty choice")
    if len(items) > MAX_CHOICES:
        raise _Malformed(f"at most {MAX_CHOICES} choices per field, got {len(items)}")
    ids: list[int] = []
    blank = False
    for item in items:
        if item.lower() == BLANK:
            blank = True
        elif _CHOICE_ID.fullmatch(item):
            if int(item) not in ids:
                ids.append(int(item))
        else:
            raise _Malformed(f"{item!r} is neither a choice id nor 'blank'")
    return ChoiceTerm(field_id, tuple(ids), blank)


def _number(field_id: int, raw: str) -> Decimal:
    if not _NUMBER.fullmatch(raw):
        raise _Malformed(
            f"{raw!r} for field {field_id} is not a number "
            "(digits with an optional '.' and at most 4 decimals)"
        )
    return Decimal(raw)


def _currency(field_id: int, rest: str) -> CurrencyTerm:
    amount, colon, code = (part.strip() for part in rest.partition(":"))
    if colon and not _ISO_CURRENCY.fullmatch(code):
        raise _Malformed(f"{code!r} for field {field_id} is not a 3-letter currency code")
    return CurrencyTerm(field_id, _number(field_id, amount), code.upper() if colon else None)


def _date(field_id: int, raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise _Malformed(f"{raw!r} for field {field_id} is not a date as YYYY-MM-DD") from None


def _date_range(field_id: int, rest: str) -> DateTerm:
    bounds = [part.strip() for part in rest.split(":")]
    if len(bounds) > 2:
        raise _Malformed(f"field {field_id} has more than a start and an end date")
    start = _date(field_id, bounds[0])
    end = _date(field_id, bounds[1]) if len(bounds) == 2 else None
    if start is None and end is None:
        raise _Malformed(f"field {field_id} has neither a start nor an end date")
    if start is not None and end is not None and start > end:
        raise _Malformed(f"field {field_id} starts ({start}) after it ends ({end})")
    return DateTerm(field_id, start, end)


def _number_term(field_id: int, rest: str) -> NumberTerm:
    return NumberTerm(field_id, _number(field_id, rest))


def _text(field_id: int, rest: str) -> TextTerm:
    if not rest:
        raise _Malformed(f"field {field_id} has no text")
    return TextTerm(field_id, rest)


def parse_choice_terms(raw: str) -> tuple[ChoiceTerm, ...]:
    return _parse(raw, CHOICE_FORMAT, _choice)


def parse_currency_terms(raw: str) -> tuple[CurrencyTerm, ...]:
    return _parse(raw, CURRENCY_FORMAT, _currency)


def parse_date_terms(raw: str) -> tuple[DateTerm, ...]:
    return _parse(raw, DATE_FORMAT, _date_range)


def parse_number_terms(raw: str) -> tuple[NumberTerm, ...]:
    return _parse(raw, NUMBER_FORMAT, _number_term)


def parse_text_terms(raw: str) -> tuple[TextTerm, ...]:
    return _parse(raw, TEXT_FORMAT, _text)

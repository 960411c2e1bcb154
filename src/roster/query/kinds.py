"""Value kinds: how a parameter's raw strings become a Python value, and how it is documented.

Each kind is a small object with ``parse`` (raising ``InvalidValue`` with what was expected),
an OpenAPI ``schema`` and an ``example``. The set is closed and reviewed; a filter picks one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


class InvalidValue(ValueError):
    """The raw value does not fit; the message says what was expected."""


@dataclass(frozen=True)
class Kind(Generic[T]):
    parse_one: Callable[[str], T]
    type_name: str
    schema: dict[str, Any]
    example: str
    many: bool = False
    max_items: int | None = None

    def parse(self, raw: Sequence[str]) -> Any:
        if any("\x00" in value for value in raw):
            # PostgreSQL text cannot hold NUL (the query would fail); no valid value has one.
            raise InvalidValue("a value without NUL (\\x00) characters")
        if not self.many:
            # A repeated scalar keeps its last value, as Rails does.
            return self.parse_one(raw[-1].strip())
        items = [part.strip() for value in raw for part in value.split(",")]
        items = [item for item in items if item]
        if self.max_items is not None and len(items) > self.max_items:
            raise InvalidValue(f"at most {self.max_items} values, got {len(items)}")
        return tuple(self.parse_one(item) for item in items)


def parse_boolean_word(raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidValue(f"a boolean (true or false), got {raw!r}")


# Ids are 32-bit integer columns on PostgreSQL; a larger number can name no row, and comparing
# with one there is an error, so it is refused as malformed before it reaches SQL.
MAX_ID = 2**31 - 1


def _integer(raw: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]{1,10}", raw) or not -MAX_ID - 1 <= int(raw) <= MAX_ID:
        raise InvalidValue(f"an integer between {-MAX_ID - 1} and {MAX_ID}, got {raw!r}")
    return int(raw)


def parse_id(raw: str) -> int:
    if not re.fullmatch(r"[0-9]{1,10}", raw) or int(raw) > MAX_ID:
        raise InvalidValue(f"a positive integer id (at most {MAX_ID}), got {raw!r}")
    return int(raw)


def parse_datetime(raw: str) -> dt.datetime:
    """ISO 8601 date or date-time; a missing offset means UTC. Result is timezone-aware UTC."""
    text = raw.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            value = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        else:
            value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            f"an ISO 8601 date-time such as 2024-01-31T09:00:00Z, got {raw!r}"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def parse_date(raw: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            raise ValueError
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidValue(f"a date as YYYY-MM-DD, got {raw!r}") from None


def _text(raw: str) -> str:
    return raw


BOOLEAN: Kind[bool] = Kind(parse_boolean_word, "boolean", {"type": "boolean"}, "true")
INTEGER: Kind[int] = Kind(_integer, "integer", {"type": "integer"}, "10")
ID: Kind[int] = Kind(parse_id, "integer", {"type": "integer", "minimum": 1}, "42")
TEXT: Kind[str] = Kind(_text, "string", {"type": "string"}, "ann")
DATETIME: Kind[dt.datetime] = Kind(
    parse_datetime, "string", {"type": "string", "format": "date-time"}, "2024-01-31T09:00:00Z"
)
DATE: Kind[dt.date] = Kind(parse_date, "string", {"type": "string", "format": "date"}, "2024-01-31")


def id_list(max_items: int | None = None) -> Kind[int]:
    return Kind(
        parse_id,
        "array",
        {"type": "array", "items": {"type": "integer"}},
        "1,2,3",
        many=True,
        max_items=max_items,
    )


def text_list(max_items: int | None = None, example: str = "a,b") -> Kind[str]:
    return Kind(
        _text,
        "array",
        {"type": "array", "items": {"type": "string"}},
        example,
        many=True,
        max_items=max_items,
    )


def enum(*values: str, case_sensitive: bool = False) -> Kind[str]:
    allowed = {v if case_sensitive else v.lower(): v for v in values}

    def parse(raw: str) -> str:
        key = raw if case_sensitive else raw.lower()
        if key not in allowed:
            raise InvalidValue(f"one of {', '.join(values)}, got {raw!r}")
        return allowed[key]

    return Kind(parse, "string", {"type": "string", "enum": list(values)}, values[0])


def grammar(parse: Callable[[str], T], *, pattern: str, example: str) -> Kind[T]:
    """A string with its own small syntax (custom-field filters, skill sets...)."""
    return Kind(parse, "string", {"type": "string", "description": pattern}, example)


@dataclass(frozen=True)
class Problem:
    parameter: str
    expected: str


@dataclass
class Parsed:
    """The parsed values of one request's declared parameters."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

"""Kantata's wire shapes for users and the Brainstem envelope around them.

Ids and ``*_id(s)`` are strings; other integers stay integers; optional fields appear only when
asked for; a record that is both a result and an include is presented as the result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import RowMapping
from sqlalchemy.orm import Session

from roster.dialects.formats import timestamp
from roster.people.repository import Projection
from roster.query.declarations import IncludeContext, IncludeResult, Resource

DEFAULT_PHOTO_PATH = "/images/default_profile_photo/default.png"


def photo_url(base_url: str, photo_key: str | None) -> str:
    if photo_key:
        return f"{base_url}/media/{photo_key}"
    return base_url + DEFAULT_PHOTO_PATH


@lru_cache(maxsize=1024)
def abbreviated_timezone(zone: str | None) -> str | None:
    if not zone:
        return None
    try:
        return dt.datetime.now(ZoneInfo(zone)).tzname()
    except (ZoneInfoNotFoundError, ValueError):
        return None


UserRow = Mapping[str, Any] | RowMapping


def _as_stored(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class _Field:
    """An optional field: the one column it shows, and how."""

    column: str
    shown: Callable[[Any], Any] = _as_stored

    def __call__(self, user: UserRow) -> Any:
        return self.shown(user[self.column])


OPTIONAL_FIELDS: dict[str, _Field] = {
    "bio": _Field("bio"),
    "website": _Field("website"),
    "city": _Field("city"),
    "state": _Field("state"),
    "country": _Field("country"),
    "abbreviated_timezone": _Field("timezone", abbreviated_timezone),
    "last_site_activity": _Field("last_site_activity", timestamp),
    "classification": _Field("classification"),
}

# What ``present_user`` reads of a user: the fields every user shows, and with them every
# optional field's column when a request asks for any (``columns_for``). A page reads nothing else.
_SHOWN_COLUMNS = ("id", "full_name", "email_address", "headline", "photo_key")
PLAIN_USER_COLUMNS = Projection("kantata user", user=_SHOWN_COLUMNS)
USER_COLUMNS = Projection(
    "kantata user with optional fields",
    user=(*_SHOWN_COLUMNS, *dict.fromkeys(field.column for field in OPTIONAL_FIELDS.values())),
)


def columns_for(optional_fields: Iterable[str]) -> Projection:
    """The projection a page presenting ``optional_fields`` reads: two kinds of page, not one
    per set of fields, so that each list is at most two statements."""
    return USER_COLUMNS if optional_fields else PLAIN_USER_COLUMNS


def present_user(
    user: UserRow, base_url: str, optional_fields: Iterable[str] = ()
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(user["id"]),
        "full_name": user["full_name"],
        "email_address": user["email_address"],
        "headline": user["headline"],
        "photo_path": photo_url(base_url, user["photo_key"]),
    }
    for name in optional_fields:
        body[name] = OPTIONAL_FIELDS[name](user)
    return body


def id_str(value: int | None) -> str | None:
    return None if value is None else str(value)


def envelope(
    *,
    key: str,
    records: list[dict[str, Any]],
    count: int,
    page_number: int,
    page_size: int,
    includes: Iterable[IncludeResult],
) -> dict[str, Any]:
    primary = {record["id"]: record for record in records}
    body: dict[str, Any] = {
        "count": count,
        "meta": {
            "count": count,
            "page_count": math.ceil(count / page_size) if count else 0,
            "page_number": page_number if count else 0,
            "page_size": page_size,
        },
        "results": [{"key": key, "id": record["id"]} for record in records],
        key: primary,
    }
    for included in includes:
        target = body.setdefault(included.key, {})
        for record_id, record in included.records.items():
            target.setdefault(record_id, record)
    return body


def attach_includes(
    session: Session,
    resource: Resource,
    names: Iterable[str],
    context: IncludeContext,
    records: list[dict[str, Any]],
    ids: list[int],
) -> list[IncludeResult]:
    """Load each requested include for the page (one loader call each, none for an empty page),
    write its link into every record, and return what goes into top-level keys."""
    results: list[IncludeResult] = []
    for name in names:
        include = resource.includes_by_name[name]
        loaded = include.load(session, context, ids) if ids else None
        default: Any = [] if include.link.endswith("_ids") else None
        for record, record_id in zip(records, ids, strict=True):
            record[include.link] = loaded.links.get(record_id, default) if loaded else default
        if loaded is not None:
            results.extend(loaded.parts())
        elif not include.polymorphic:
            results.append(IncludeResult(key=include.key, links={}, records={}))
    return results

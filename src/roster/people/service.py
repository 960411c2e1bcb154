"""Operations on one person, whatever the dialect: finding them for a write or a private read,
deciding who may do it, and changing a profile.

Finding: a write or a private read (capacity) looks for its user among everyone the requester
could see through any documented widening (their shared projects, their account, their contact
list), so an administrator reaches the members of their account who are in no project. Disabled
users stay out of reach unless the request asks for them, as on a show. A user out of reach is
NotFound; a user in reach that the requester may not act on is Forbidden. Being in reach is
already visible through the list endpoints, so the 403 gives nothing away.

Who may act:
- edit a profile: the user themself, and the administrators of the user's account;
- read capacity: the user themself, their manager, and the administrators of their account.

Changing a profile checks every value first and writes nothing unless all are good, so a request
lands whole or not at all (and the request's one transaction covers the rest).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from roster.auth.requester import Requester
from roster.db.base import utcnow
from roster.errors import Forbidden, NotFound, ValidationFailed
from roster.models import ExternalReference, User
from roster.people import writes_repository
from roster.people.names import normalise_full_name, split_full_name
from roster.people.repository import MEMBERSHIP_PREFIX, people_by_ids
from roster.people.visibility import Visibility, visible_user_ids

Problem = tuple[str, str]  # (field, message)

# Deliberately loose, as Rails' usual format check: something@something.tld, no spaces.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _limit(column: Any) -> int:
    """The column's declared length, so the checks follow the model when it changes."""
    length = column.type.length if isinstance(column.type, String) else None
    if length is None:
        raise TypeError(f"{column} has no length limit")
    return int(length)


FIRST_NAME_MAX = _limit(User.__table__.c.first_name)
LAST_NAME_MAX = _limit(User.__table__.c.last_name)
HEADLINE_MAX = _limit(User.__table__.c.headline)
EMAIL_MAX = _limit(User.__table__.c.email_address)

# Every external-reference column a client may set, with its length limit (None: unlimited).
EXTERNAL_REFERENCE_LIMITS: dict[str, int | None] = {
    name: (_limit(ExternalReference.__table__.c[name]) if name != "external_message" else None)
    for name in (
        "service_name",
        "service_model",
        "service_model_ref",
        "status",
        "external_message",
        "external_link",
        "external_status",
    )
}
# Identify a reference (with the user): a change to one of these is another reference.
EXTERNAL_REFERENCE_KEY = ("service_name", "service_model")
EXTERNAL_REFERENCE_REQUIRED = ("service_name", "service_model", "service_model_ref")


# --- finding and permissions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """The target of a write or private read, with what the permission rules consult."""

    id: int
    account_id: int | None
    manager_id: int | None
    columns: Mapping[str, Any]  # the user's stored columns, to tell a change from a no-op


def reach(*, disabled: bool = False) -> Visibility:
    return Visibility(account_members=True, contacts=True, disabled=disabled)


def find_person(
    session: Session, requester: Requester, user_id: int, *, disabled: bool = False
) -> Person:
    rows = people_by_ids(
        session, [user_id], [visible_user_ids(requester, reach(disabled=disabled))]
    )
    if not rows:
        raise NotFound()
    row = rows[0]._mapping
    return Person(
        id=row["id"],
        account_id=row[MEMBERSHIP_PREFIX + "account_id"],
        manager_id=row[MEMBERSHIP_PREFIX + "manager_id"],
        columns=dict(row),
    )


def administers(requester: Requester, person: Person) -> bool:
    return requester.is_account_admin and person.account_id == requester.account_id


def may_edit_profile(requester: Requester, person: Person) -> bool:
    return person.id == requester.user_id or administers(requester, person)


def may_read_capacity(requester: Requester, person: Person) -> bool:
    return (
        person.id == requester.user_id
        or (person.manager_id is not None and person.manager_id == requester.user_id)
        or administers(requester, person)
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)


# --- profile changes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExternalReferenceChange:
    """Columns given for the user's external reference; absent ones are left as they are."""

    values: Mapping[str, Any]
    # Keys the request gave, readable or not; one it could not read was reported already.
    given: frozenset[str] = frozenset()

    def gives(self, name: str) -> bool:
        return name in self.values or name in self.given


@dataclass(frozen=True)
class ProfileChange:
    """What a request asks to change; None means "not given"."""

    full_name: str | None = None
    headline: str | None = None
    email_address: str | None = None
    external_reference: ExternalReferenceChange | None = None
    problems: Sequence[Problem] = field(default_factory=tuple)  # found while reading the request


def _name_problems(full_name: str) -> list[Problem]:
    normalised = normalise_full_name(full_name)
    if not normalised:
        return [("full_name", "can't be blank")]
    first, last = split_full_name(normalised)
    if len(first) > FIRST_NAME_MAX or len(last) > LAST_NAME_MAX:
        return [
            (
                "full_name",
                f"is too long (at most {FIRST_NAME_MAX} characters for the first word and "
                f"{LAST_NAME_MAX} for the rest)",
            )
        ]
    return []


def _email_problems(session: Session, person: Person, email_address: str) -> list[Problem]:
    address = email_address.strip()
    if not address:
        return [("email_address", "can't be blank")]
    if len(address) > EMAIL_MAX:
        return [("email_address", f"is too long (maximum is {EMAIL_MAX} characters)")]
    if not EMAIL_PATTERN.fullmatch(address):
        return [("email_address", "is invalid")]
    if writes_repository.email_in_use(session, address, except_user_id=person.id):
        return [("email_address", "has already been taken")]
    return []


def _key_of(change: ExternalReferenceChange) -> tuple[str, str] | None:
    name, model = (change.values.get(part) for part in EXTERNAL_REFERENCE_KEY)
    if isinstance(name, str) and name.strip() and isinstance(model, str) and model.strip():
        return name, model
    return None


def _external_reference_problems(
    change: ExternalReferenceChange, existing: ExternalReference | None
) -> list[Problem]:
    problems: list[Problem] = []
    # A new reference needs its external id too; which it is is known once the key is whole.
    creating = existing is None and _key_of(change) is not None
    required = EXTERNAL_REFERENCE_REQUIRED if creating else EXTERNAL_REFERENCE_KEY
    for name in required:
        if not change.gives(name):
            problems.append((f"external_reference.{name}", "is required"))
    for name, value in change.values.items():
        limit = EXTERNAL_REFERENCE_LIMITS.get(name)
        if name in EXTERNAL_REFERENCE_REQUIRED and not str(value or "").strip():
            problems.append((f"external_reference.{name}", "can't be blank"))
        elif isinstance(value, str) and limit is not None and len(value) > limit:
            problems.append(
                (f"external_reference.{name}", f"is too long (maximum is {limit} characters)")
            )
    return problems


def update_profile(
    session: Session, requester: Requester, person: Person, change: ProfileChange
) -> None:
    """Check the whole change, then write it; any problem raises ValidationFailed, unwritten."""
    problems = list(change.problems)
    if change.full_name is not None:
        problems += _name_problems(change.full_name)
    if change.headline is not None and len(change.headline) > HEADLINE_MAX:
        problems.append(("headline", f"is too long (maximum is {HEADLINE_MAX} characters)"))
    if change.email_address is not None:
        problems += _email_problems(session, person, change.email_address)
    reference = change.external_reference
    existing: ExternalReference | None = None
    if reference is not None:
        key = _key_of(reference)
        if key is not None:
            existing = writes_repository.user_external_reference(session, person.id, *key)
        problems += _external_reference_problems(reference, existing)
    if problems:
        raise ValidationFailed(problems)

    now = utcnow()
    changed = _write_external_reference(session, person, reference, existing, now)
    values = _user_values(change)
    if changed or any(person.columns[name] != value for name, value in values.items()):
        values.update(updated_at=now, updated_by_id=requester.user_id)
        try:
            writes_repository.update_user(session, person.id, values)
        except IntegrityError:
            # Another request took the address between the check and the write.
            raise ValidationFailed([("email_address", "has already been taken")]) from None


def _user_values(change: ProfileChange) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if change.full_name is not None:
        values["first_name"], values["last_name"] = split_full_name(
            normalise_full_name(change.full_name)
        )
    if change.headline is not None:
        values["headline"] = change.headline
    if change.email_address is not None:
        values["email_address"] = change.email_address.strip()
    return values


def _write_external_reference(
    session: Session,
    person: Person,
    change: ExternalReferenceChange | None,
    existing: ExternalReference | None,
    now: dt.datetime,
) -> bool:
    """Create or update the user's reference; whether anything changed."""
    if change is None:
        return False
    # Writing a reference is the integration reporting a sync, hence last_synced_at.
    if existing is None:
        writes_repository.insert_external_reference(
            session, person.id, {**change.values, "last_synced_at": now}
        )
        return True
    differs = {k: v for k, v in change.values.items() if getattr(existing, k) != v}
    if not differs:
        return False
    writes_repository.update_external_reference(
        session, existing.id, {**differs, "last_synced_at": now}
    )
    return True

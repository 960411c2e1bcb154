"""PUT /api/v1/users/{id}: "Updating an existing User" (reference §1.4, §4.6).

The body is ``{"user": {...}}`` as JSON, or the same as Rails form fields (``user[full_name]=...``,
``user[external_reference][service_name]=...``), which arrive already nested. Writable:
``full_name``, ``headline``, ``email_address`` and ``external_reference``, each declared below
with how its wire value is read. Any other key under ``user`` is refused with a 422 entry of its
own, never silently dropped: a client that believes it changed ``bio`` must learn it did not.

Choices where Kantata's documentation is silent:
- no ``user`` object at all is a 400 naming ``user`` (Rails' ``params.require`` answers 400);
- ``null`` clears ``headline`` and the optional external-reference columns; for ``full_name``,
  ``email_address`` and the reference's identifying columns it is "can't be blank";
- an external reference is matched on the user plus ``service_name`` and ``service_model``: a
  match is updated, otherwise one is created (then ``service_model_ref`` is required);
- other top-level body keys are read as query parameters, as Rails merges them, so ``include``
  may travel in the body too. Filters are not honoured on a write, except ``show_disabled``,
  which lets an administrator reach a disabled member, as on a show;
- PATCH is accepted as PUT is, as Rails routes both to ``update``.

The answer is the show envelope of the changed user, with the request's ``include`` and
``optional_fields``, read back through the same path as GET /users/{id}.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from roster.dialects.kantata.presenter import OPTIONAL_FIELDS
from roster.dialects.kantata.users import USERS, show_one
from roster.errors import BadParameter
from roster.people import service
from roster.query.compile import parse_filters
from roster.query.kinds import InvalidValue, parse_boolean_word
from roster.query.params import RawParams
from roster.web.dialect import Call

ROOT = "user"
# What a show answers with, which a client may echo back but not change here.
READ_ONLY = frozenset(
    {
        "id",
        "photo_path",
        "first_name",
        "last_name",
        "account_id",
        "account_permission",
        "disabled",
        "created_at",
        "updated_at",
        "profile_photo_attachment_file",
        *OPTIONAL_FIELDS,
        *(include.link for include in USERS.includes),
    }
)
PRESENTATION_PARAMS = ("include", "optional_fields")


class _Problems(Exception):
    """A nested object's refusals, with what could be read of it (checked further later)."""

    def __init__(self, problems: list[service.Problem], value: Any) -> None:
        super().__init__(problems)
        self.problems = problems
        self.value = value


@dataclass(frozen=True)
class Writable:
    """One writable key: how its wire value (JSON or form string) becomes the domain value."""

    name: str
    read: Callable[[Any, str], Any]  # (raw value, field path) -> value; InvalidValue / _Problems
    doc: str
    example: Any


def _text(raw: Any, _path: str) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidValue("must be a string")
    return raw


def _optional_text(raw: Any, path: str) -> str | None:
    return None if raw is None else _text(raw, path)


def _external_id(raw: Any, path: str) -> str:
    # Ids from other systems are often numbers in JSON; Kantata stores and returns a string.
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return _text(raw, path)


def _flag(raw: Any, _path: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        try:
            return parse_boolean_word(raw.strip())
        except InvalidValue:
            pass
    raise InvalidValue("must be true or false")


EXTERNAL_REFERENCE_FIELDS: tuple[Writable, ...] = (
    Writable(
        "service_name", _text, "The integration's provider; identifies the reference.", "salesforce"
    ),
    Writable(
        "service_model", _text, "The external object's type; identifies the reference.", "Contact"
    ),
    Writable(
        "service_model_ref",
        _external_id,
        "The external object's id (a string; a JSON number is accepted). Required when "
        "the reference is created.",
        "0035e00000AbCdE",
    ),
    Writable(
        "status",
        _optional_text,
        "The integration's status, such as successful or fail.",
        "successful",
    ),
    Writable("external_message", _optional_text, "A message from the external system.", "Synced"),
    Writable(
        "external_link",
        _optional_text,
        "A link to the object in the external system.",
        "https://example.my.salesforce.com/0035e00000AbCdE",
    ),
    Writable(
        "external_status", _optional_text, "The object's status in the external system.", "active"
    ),
    Writable("locked", _flag, "Whether the reference is locked (true or false).", False),
)


def _external_reference(raw: Any, path: str) -> service.ExternalReferenceChange:
    values, problems = _read_object(raw, EXTERNAL_REFERENCE_FIELDS, path, frozenset())
    if not isinstance(raw, Mapping):
        raise _Problems(problems, None)
    change = service.ExternalReferenceChange(values=values, given=frozenset(map(str, raw)))
    if problems:
        raise _Problems(problems, change)
    return change


USER_FIELDS: tuple[Writable, ...] = (
    Writable(
        "full_name",
        _text,
        "First word is the first name, the rest the last name; white space collapses.",
        "Ann Marie Lee",
    ),
    Writable(
        "headline", _text, "A short profile description; null clears it.", "Senior consultant"
    ),
    Writable(
        "email_address",
        _text,
        "The primary email address; unique among all users, letter case ignored.",
        "ann.lee@example.com",
    ),
    Writable(
        "external_reference",
        _external_reference,
        "Creates or updates the user's external reference with this service_name and "
        "service_model: " + ", ".join(f.name for f in EXTERNAL_REFERENCE_FIELDS) + ".",
        {
            "service_name": "salesforce",
            "service_model": "Contact",
            "service_model_ref": "0035e00000AbCdE",
            "status": "successful",
        },
    ),
)


def _read_object(
    raw: Any, fields: tuple[Writable, ...], path: str, read_only: frozenset[str]
) -> tuple[dict[str, Any], list[service.Problem]]:
    """Read every key of ``raw`` through its declaration; each refusal is one problem."""
    if not isinstance(raw, Mapping):
        return {}, [(path, "must be an object")]
    by_name = {f.name: f for f in fields}
    prefix = f"{path}." if path != ROOT else ""
    values: dict[str, Any] = {}
    problems: list[service.Problem] = []
    for key, value in raw.items():
        name = str(key)
        declared = by_name.get(name)
        if declared is None:
            reason = "is read-only" if name in read_only else "is not a writable attribute"
            problems.append((prefix + name, reason))
            continue
        try:
            values[name] = declared.read(value, prefix + name)
        except InvalidValue as invalid:
            problems.append((prefix + name, str(invalid)))
        except _Problems as nested:
            problems += nested.problems
            values[name] = nested.value
    return values, problems


def _request_params(call: Call) -> RawParams:
    """The query parameters, and the body's keys besides ``user`` (Rails merges the two)."""
    extras = {k: v for k, v in (call.body or {}).items() if k != ROOT}
    return RawParams(call.request.query_params.multi_items(), extras)


def _presentation_call(call: Call, params: RawParams) -> Call:
    """The call a show of the changed user answers: only its presentation parameters."""
    pairs = [(name, value) for name in PRESENTATION_PARAMS for value in params.get(name) or []]
    return dataclasses.replace(call, params=RawParams(pairs))


_SHOW_DISABLED = (USERS.filters_by_name["show_disabled"],)


def wants_disabled(params: RawParams) -> bool:
    """``show_disabled=true``: reach disabled users too (parsed by the users declaration)."""
    return bool(parse_filters(_SHOW_DISABLED, params).get("show_disabled", False))


def update_user(call: Call) -> Response:
    """PUT /api/v1/users/{id}: change a profile; 200 with the user envelope."""
    user_id = call.path_id("user_id")
    params = _request_params(call)
    disabled = wants_disabled(params)
    person = service.find_person(call.session, call.requester, user_id, disabled=disabled)
    service.require(
        service.may_edit_profile(call.requester, person),
        "You do not have permission to edit this user",
    )
    attributes = (call.body or {}).get(ROOT)
    if not isinstance(attributes, Mapping):
        raise BadParameter(
            ROOT, 'expected the changes as {"user": {...}} in JSON, or user[...] form fields'
        )
    values, problems = _read_object(attributes, USER_FIELDS, ROOT, READ_ONLY)
    service.update_profile(
        call.session, call.requester, person, service.ProfileChange(**values, problems=problems)
    )
    reach = service.reach(disabled=disabled)
    return show_one(_presentation_call(call, params), person.id, reach=reach)

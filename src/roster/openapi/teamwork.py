"""Teamwork v3 people in OpenAPI terms: parameters from the people declarations, the wire shapes.

Parameters come from the resources' filters (``PEOPLE``, ``PROJECT_PEOPLE``), the shaping
``SETTINGS`` and the sideloads an endpoint offers (``include`` values and ``fields[...]`` keys).
Record schemas follow ``roster.dialects.teamwork.presenter``. No field is required: a sparse
fieldset (``fields[people]=id,firstName``) may leave any of them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from roster.dialects.teamwork.filters import PROJECT
from roster.dialects.teamwork.people import PEOPLE, PROJECT_PEOPLE
from roster.dialects.teamwork.presentation import INCLUDE, SETTINGS, Setting
from roster.dialects.teamwork.presenter import PERMISSION_FLAGS
from roster.dialects.teamwork.sideloads import PROJECT_SIDELOADS, SIDELOADS, Sideload
from roster.models import WEEKDAY_COLUMNS, Account, Organization, Role, User, Workweek
from roster.openapi.fields import (
    ALWAYS,
    array_of,
    column,
    error_replies,
    map_of,
    record,
    wire,
)
from roster.openapi.params import from_filters, from_kind, path_id
from roster.openapi.spec import Param, Reply, Schema, nullable, ref
from roster.query.declarations import Resource

SECURITY = ("teamworkBearer", "teamworkBasic")
SECURITY_SCHEMES: dict[str, Schema] = {
    "teamworkBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "Authorization: Bearer <token>.",
    },
    "teamworkBasic": {
        "type": "http",
        "scheme": "basic",
        "description": "The token as the HTTP Basic user name; any password (clients send x).",
    },
}

ERRORS = "TeamworkErrors"
PERSON = "TeamworkPerson"
ME = "TeamworkMe"
PEOPLE_ENVELOPE = "TeamworkPeopleEnvelope"
PERSON_ENVELOPE = "TeamworkPersonEnvelope"
ME_ENVELOPE = "TeamworkMeEnvelope"

# The component each sideload's records are described by, by its ``included`` key.
SIDELOAD_RECORDS: dict[str, str] = {
    "companies": "TeamworkCompany",
    "jobRoles": "TeamworkJobRole",
    "teams": "TeamworkTeam",
    "workingHours": "TeamworkWorkingHours",
    "ProjectPermissions": "TeamworkProjectPermissions",
}

RELATIONSHIP = "TeamworkRelationship"


def _link(null: bool = False) -> Schema:
    return nullable(ref(RELATIONSHIP)) if null else ref(RELATIONSHIP)


def _open(properties: dict[str, Schema], doc: str = "") -> Schema:
    return record(properties, required=(), doc=doc)


def _person_fields() -> dict[str, Schema]:
    integer_or_null = wire("integer", null=True)
    return {
        "id": wire("integer"),
        "firstName": column(User.first_name, "string"),
        "lastName": column(User.last_name, "string"),
        "title": column(User.headline, "string"),
        "email": column(User.email_address, "string"),
        "avatarUrl": {"type": "string", "format": "uri"},
        "type": {"type": "string", "enum": ["account", "collaborator", "contact"]},
        "isAdmin": wire("boolean"),
        "isClientUser": wire("boolean"),
        "isServiceAccount": wire("boolean"),
        "isPlaceholderResource": wire("boolean"),
        "deleted": wire("boolean"),
        "canAddProjects": wire("boolean"),
        # A contact has no account membership, hence no company.
        "companyId": integer_or_null,
        "company": _link(null=True),
        "jobRoles": array_of(_link()),
        "teams": array_of(_link()),
        "workingHoursId": integer_or_null,
        "workingHour": _link(null=True),
        "lengthOfDay": {"type": "number", "minimum": 0},
        # Rates only for the person themself and administrators of their company; else null.
        "userRate": integer_or_null,
        "userCost": integer_or_null,
        "timezone": column(User.timezone, "string"),
        "createdAt": column(User.created_at, "timestamp"),
        "updatedAt": column(User.updated_at, "timestamp"),
    }


def _me_fields() -> dict[str, Schema]:
    return {
        **_person_fields(),
        "emailAddress": column(User.email_address, "string"),
        "administrator": wire("boolean"),
        "lastLogin": column(User.last_site_activity, "timestamp"),
        "inOwnerCompany": wire("boolean"),
        "siteOwner": wire("boolean"),
    }


def _company() -> Schema:
    a = Account
    return _open(
        {
            "id": wire("integer"),
            "name": column(a.name, "string"),
            "isOwner": wire("boolean"),
            "status": wire("string"),
            "website": column(a.website, "string"),
            "emailOne": column(a.email, "string"),
            "phone": column(a.phone, "string"),
            "addressOne": column(a.address, "string"),
            "city": column(a.city, "string"),
            "state": column(a.state, "string"),
            "countryCode": column(a.country_code, "string"),
            "zip": column(a.zip, "string"),
            "logoUrl": column(a.logo_url, "string"),
            "logoImage": column(a.logo_url, "string"),
            "logoUploadedToServer": wire("boolean"),
            "createdAt": column(a.created_at, "timestamp"),
            "updatedAt": column(a.updated_at, "timestamp"),
        }
    )


def _team() -> Schema:
    return _open(
        {
            "id": wire("integer"),
            "name": column(Organization.name, "string"),
            "teamLogo": wire("string", null=True),
            "teamLogoIcon": wire("string", null=True),
            "teamLogoColor": column(Organization.color, "string"),
            "company": _link(),
            "createdAt": column(Organization.created_at, "timestamp"),
            "updatedAt": column(Organization.updated_at, "timestamp"),
        }
    )


def _job_role() -> Schema:
    return _open(
        {
            "id": wire("integer"),
            "name": column(Role.name, "string"),
            "isActive": wire("boolean"),
            "createdAt": column(Role.created_at, "timestamp"),
            "updatedAt": column(Role.updated_at, "timestamp"),
            "deletedAt": column(Role.deleted_at, "timestamp"),
        }
    )


def _working_hours() -> Schema:
    entry = _open(
        {
            "weekday": {
                "type": "string",
                "enum": [c.removesuffix("_minutes") for c in WEEKDAY_COLUMNS],
            },
            "taskHours": {"type": "number", "minimum": 0},
        }
    )
    return _open(
        {
            "id": wire("integer"),
            "name": column(Workweek.title, "string"),
            "description": wire("string", null=True),
            "objectType": wire("string"),
            "objectId": wire("integer"),
            "object": _link(),
            "entries": array_of(entry),
            "createdAt": column(Workweek.created_at, "timestamp"),
            "updatedAt": column(Workweek.updated_at, "timestamp"),
        }
    )


def _permissions() -> Schema:
    return _open(
        {name: wire("boolean") for name in PERMISSION_FLAGS},
        "A person's permissions on the project, derived from their seat in it.",
    )


def _included(sideloads: Sequence[Sideload]) -> Schema:
    properties = {}
    for sideload in sideloads:
        if sideload.key not in SIDELOAD_RECORDS:
            raise LookupError(f"sideload {sideload.name!r}: no schema for key {sideload.key!r}")
        properties[sideload.key] = map_of(ref(SIDELOAD_RECORDS[sideload.key]))
    return _open(
        properties,
        "Present when include was given: the sideloaded records by id (a permission set by "
        "the person's id).",
    )


def _errors() -> Schema:
    entry = _open(
        {
            "id": wire("string"),
            "code": wire("string"),
            "title": wire("string"),
            "detail": wire("string"),
            "meta": {
                "type": "object",
                "description": "parameter names the refused parameter of a 400; field the "
                "refused field of a 422.",
            },
        }
    )
    return record({"errors": {**array_of(entry), "minItems": 1}}, doc="Teamwork's error shape.")


def schemas() -> dict[str, Schema]:
    included = _included(PROJECT_SIDELOADS)
    page = record(
        {
            "page": record(
                {
                    "pageOffset": wire("integer"),
                    "pageSize": wire("integer"),
                    "count": wire("integer"),
                    "hasMore": wire("boolean"),
                }
            )
        }
    )
    return {
        RELATIONSHIP: record(
            {"id": wire("integer"), "type": wire("string")},
            doc="A link to a record; type names the included map it lands in.",
        ),
        PERSON: _open(_person_fields(), "A person."),
        ME: _open(_me_fields(), "The requester, with what me.json adds."),
        PEOPLE_ENVELOPE: record(
            {"people": array_of(ref(PERSON)), "meta": page, "included": included},
            required=("people", "meta"),
        ),
        PERSON_ENVELOPE: record(
            {"person": ref(PERSON), "included": included}, required=("person",)
        ),
        ME_ENVELOPE: record({"person": ref(ME), "included": included}, required=("person",)),
        "TeamworkCompany": _company(),
        "TeamworkJobRole": _job_role(),
        "TeamworkTeam": _team(),
        "TeamworkWorkingHours": _working_hours(),
        "TeamworkProjectPermissions": _permissions(),
        ERRORS: _errors(),
    }


# --- parameters -------------------------------------------------------------------------------


def _setting(setting: Setting, sideloads: Sequence[Sideload]) -> Param:
    param = from_kind(setting.name, setting.kind, setting.doc, default=setting.default)
    if setting is INCLUDE:
        # The values this endpoint offers, spelled out (any letter case is accepted).
        names = {"type": "string", "enum": [s.name for s in sideloads]}
        return Param(param.name, "query", array_of(names), param.doc, example=param.example)
    return param


def _fieldsets(primary: str, sideloads: Sequence[Sideload]) -> tuple[Param, ...]:
    return tuple(
        from_kind(
            f"fields[{key}]",
            INCLUDE.kind,
            f"Sparse fieldset: only these attributes of {key} (any letter case); unknown names "
            "are dropped and id is not added for you.",
            example="id,name" if key != primary else "id,firstName,lastName",
        )
        for key in (primary, *(s.key for s in sideloads))
    )


def parameters(
    resource: Resource, sideloads: Sequence[Sideload], primary: str
) -> tuple[Param, ...]:
    """Every parameter a people endpoint validates: its filters, the settings, the fieldsets."""
    return (
        *from_filters(resource.filters),
        *(_setting(s, sideloads) for s in SETTINGS),
        *_fieldsets(primary, sideloads),
    )


def me_parameters() -> tuple[Param, ...]:
    return (_setting(INCLUDE, SIDELOADS), *_fieldsets("person", SIDELOADS))


PERSON_ID = path_id("personId", "The person's id.")
PROJECT_ID = path_id(PROJECT, "The project's id.")
PEOPLE_PARAMETERS = parameters(PEOPLE, SIDELOADS, "people")
PERSON_PARAMETERS = (PERSON_ID, *parameters(PEOPLE, SIDELOADS, "person"))
PROJECT_PEOPLE_PARAMETERS = (PROJECT_ID, *parameters(PROJECT_PEOPLE, PROJECT_SIDELOADS, "people"))
PROJECT_PERSON_PARAMETERS = (
    PROJECT_ID,
    PERSON_ID,
    *parameters(PROJECT_PEOPLE, PROJECT_SIDELOADS, "person"),
)


def replies(ok: Reply, *errors: int) -> dict[int, Reply]:
    return {200: ok, **error_replies(ref(ERRORS), (*errors, *ALWAYS))}


PEOPLE_REPLY = Reply("A page of people.", ref(PEOPLE_ENVELOPE))
PERSON_REPLY = Reply("One person.", ref(PERSON_ENVELOPE))
ME_REPLY = Reply("The requester.", ref(ME_ENVELOPE))

"""Kantata OX v1 in OpenAPI terms: parameters from the users declarations, and the wire shapes.

Parameters come from ``USERS`` (filters, includes, optional fields, sorts), Brainstem's
``RESERVED_PARAMS``, capacity's and the update's declarations. The record schemas follow the
presenters (``roster.dialects.kantata.presenter`` and ``includes``), with each field's
nullability read from the column it is presented from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from roster.dialects.kantata import capacity, photos, writes
from roster.dialects.kantata.file_associations import USER_FILE_ASSOCIATIONS
from roster.dialects.kantata.presenter import OPTIONAL_FIELDS
from roster.dialects.kantata.reserved import RESERVED_PARAMS, ReservedParam
from roster.dialects.kantata.users import USERS
from roster.models import (
    PERMISSIONS,
    AccountMembership,
    Attachment,
    CustomFieldValue,
    ExternalReference,
    GoogleDocument,
    Post,
    Role,
    Skill,
    SkillMembership,
    User,
    UserFileAssociation,
    WorkSample,
    Workspace,
)
from roster.openapi.fields import (
    ALWAYS,
    array_of,
    column,
    error_replies,
    map_of,
    record,
    wire,
)
from roster.openapi.params import from_filter, from_filters, from_schema, path_id
from roster.openapi.spec import FORM, JSON, Body, Param, Reply, Schema, nullable, ref
from roster.query.declarations import Resource

SECURITY = ("kantataBearer",)
SECURITY_SCHEMES: dict[str, Schema] = {
    "kantataBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "Authorization: Bearer <token>, a token from `roster token create` or "
        "from the OAuth2 flow.",
    }
}

ERRORS = "KantataErrors"
USER = "KantataUser"
ENVELOPE = "KantataUsersEnvelope"
UFA = "KantataUserFileAssociation"
UFA_ENVELOPE = "KantataUserFileAssociationsEnvelope"
CAPACITY = "KantataCapacity"
UPDATE = "KantataUserUpdate"
PHOTO = "KantataProfilePhotoUpload"

# The component the records under each top-level key are described by; a resource's include
# whose key is missing here is an error when the document is built.
RECORDS: dict[str, str] = {
    "account_memberships": "KantataAccountMembership",
    "attachments": "KantataAttachment",
    "custom_field_values": "KantataCustomFieldValue",
    "external_references": "KantataExternalReference",
    "google_documents": "KantataGoogleDocument",
    "posts": "KantataPost",
    "roles": "KantataRole",
    "skill_memberships": "KantataSkillMembership",
    "skills": "KantataSkill",
    "user_file_associations": UFA,
    "users": USER,
    "work_samples": "KantataWorkSample",
    "workspaces": "KantataWorkspace",
}
# Keys a polymorphic include fills besides its own (asset_object: attachments or documents).
EXTRA_KEYS: dict[str, tuple[str, ...]] = {USER_FILE_ASSOCIATIONS.key: ("google_documents",)}

OPTIONAL_FIELD_SCHEMAS: dict[str, Schema] = {
    "bio": column(User.bio, "string"),
    "website": column(User.website, "string"),
    "city": column(User.city, "string"),
    "state": column(User.state, "string"),
    "country": column(User.country, "string"),
    # Derived from the IANA zone; null when the user has none or it is unknown.
    "abbreviated_timezone": wire("string", null=True),
    "last_site_activity": column(User.last_site_activity, "timestamp"),
    "classification": column(User.classification, "string"),
}

_SUBJECT_REF = record({"key": wire("string"), "id": wire("id")})


def _links(resource: Resource) -> dict[str, Schema]:
    """What each include adds to a record: ids (a list, [] when empty), a polymorphic {key, id}
    reference or a single id (null when empty)."""
    links: dict[str, Schema] = {}
    for include in resource.includes:
        if include.link.endswith("_ids"):
            links[include.link] = array_of(wire("id"))
        elif include.link.endswith("_ref"):
            links[include.link] = nullable(_SUBJECT_REF)
        else:
            links[include.link] = wire("id", null=True)
    return links


def _user() -> Schema:
    missing = set(OPTIONAL_FIELDS) - set(OPTIONAL_FIELD_SCHEMAS)
    if missing:
        raise LookupError(f"optional fields without a schema: {', '.join(sorted(missing))}")
    always = {
        "id": wire("id"),
        "full_name": column(User.full_name, "string"),
        "email_address": column(User.email_address, "string"),
        "headline": column(User.headline, "string"),
        "photo_path": {"type": "string", "format": "uri"},
    }
    optional = {name: OPTIONAL_FIELD_SCHEMAS[name] for name in OPTIONAL_FIELDS}
    return record(
        {**always, **optional, **_links(USERS)},
        required=always,
        doc="A user. Optional fields appear only when asked for with optional_fields, links "
        "only when their association is included.",
    )


def _association() -> Schema:
    always = {
        "id": wire("id"),
        "post_id": column(UserFileAssociation.post_id, "id"),
        "workspace_id": column(UserFileAssociation.workspace_id, "id"),
    }
    return record(
        {**always, **_links(USER_FILE_ASSOCIATIONS)},
        required=always,
        doc="A file (attachment or Google document) shared with the requester in a project.",
    )


def _envelope(resource: Resource) -> Schema:
    keys = [include.key for include in resource.includes]
    keys += EXTRA_KEYS.get(resource.key, ())
    included = {}
    for key in dict.fromkeys(keys):
        if key not in RECORDS:
            raise LookupError(f"{resource.name}: no record schema for the key {key!r}")
        included[key] = map_of(ref(RECORDS[key]))
    integer = wire("integer")
    return record(
        {
            "count": integer,
            "meta": record(
                {
                    "count": integer,
                    "page_count": integer,
                    "page_number": integer,
                    "page_size": integer,
                }
            ),
            "results": array_of(record({"key": wire("string"), "id": wire("id")})),
            **included,
            resource.key: map_of(ref(RECORDS[resource.key]), "The page's records, by id."),
        },
        required=("count", "meta", "results", resource.key),
        doc="Brainstem's envelope: results lists the page in order, each key maps ids to "
        "records; an included association adds its key, {} when it found nothing.",
    )


def _membership() -> Schema:
    m = AccountMembership
    return record(
        {
            "id": wire("id"),
            "account_id": wire("id"),
            "user_id": wire("id"),
            "default_role_id": column(m.default_role_id, "id"),
            "manager_id": column(m.manager_id, "id"),
            "permission": {"type": "string", "enum": list(PERMISSIONS)},
            "is_administrator": column(m.is_administrator, "boolean"),
            "is_owner": column(m.is_owner, "boolean"),
            "is_project_lead": wire("boolean"),
            "can_view_reports": wire("boolean"),
            "collaborator_only_license": column(m.collaborator_only_license, "boolean"),
            "bill_rate_in_cents": column(m.bill_rate_in_cents, "integer"),
            "cost_rate_in_cents": column(m.cost_rate_in_cents, "integer"),
            "billability_target": column(m.billability_target, "integer"),
            "disabled_at": column(m.disabled_at, "timestamp"),
            "created_at": column(m.created_at, "timestamp"),
            "updated_at": column(m.updated_at, "timestamp"),
        }
    )


def _custom_field_value() -> Schema:
    v = CustomFieldValue
    return record(
        {
            "id": wire("id"),
            "custom_field_id": wire("id"),
            "custom_field_name": wire("string"),
            "type": wire("string"),
            "value": {
                "type": ["string", "number", "array", "null"],
                "items": wire("id"),
                "description": "Text, a number, a date (YYYY-MM-DD) or, for choices, the ids "
                "of the selected choices.",
            },
            "display_value": wire("string", null=True),
            "selected_choice_ids": array_of(wire("id")),
            "currency": wire("string", null=True),
            "subject_type": column(v.subject_type, "string"),
            "subject_id": column(v.subject_id, "integer"),
            "subject_ref": _SUBJECT_REF,
            "setter_id": column(v.setter_id, "id"),
            "account_id": wire("integer"),
            "created_at": column(v.created_at, "timestamp"),
            "updated_at": column(v.updated_at, "timestamp"),
        }
    )


def _external_reference() -> Schema:
    r = ExternalReference
    return record(
        {
            "id": wire("id"),
            "subject_type": column(r.subject_type, "string"),
            "subject_id": column(r.subject_id, "integer"),
            "subject_ref": _SUBJECT_REF,
            "service_name": column(r.service_name, "string"),
            "service_model": column(r.service_model, "string"),
            "service_model_ref": column(r.service_model_ref, "string"),
            "status": column(r.status, "string"),
            "external_status": column(r.external_status, "string"),
            "external_message": column(r.external_message, "string"),
            "external_link": column(r.external_link, "string"),
            "locked": column(r.locked, "boolean"),
            "last_synced_at": column(r.last_synced_at, "timestamp"),
            "created_at": column(r.created_at, "timestamp"),
            "updated_at": column(r.updated_at, "timestamp"),
        }
    )


def _role() -> Schema:
    return record(
        {
            "id": wire("id"),
            "name": column(Role.name, "string"),
            "created_at": column(Role.created_at, "timestamp"),
            "updated_at": column(Role.updated_at, "timestamp"),
            "deleted_at": column(Role.deleted_at, "timestamp"),
        }
    )


def _skill() -> Schema:
    return record(
        {
            "id": wire("id"),
            "name": column(Skill.name, "string"),
            "description": column(Skill.description, "string"),
            "max_level": column(Skill.max_level, "integer"),
            "skill_category_id": column(Skill.skill_category_id, "id"),
            "created_at": column(Skill.created_at, "timestamp"),
            "updated_at": column(Skill.updated_at, "timestamp"),
        }
    )


def _skill_membership() -> Schema:
    s = SkillMembership
    return record(
        {
            "id": wire("id"),
            "user_id": wire("id"),
            "skill_id": wire("id"),
            "creator_id": column(s.creator_id, "id"),
            "level": column(s.level, "integer"),
            "max_level": column(Skill.max_level, "integer"),
            "cached_skill_name": column(Skill.name, "string"),
            "created_at": column(s.created_at, "timestamp"),
            "updated_at": column(s.updated_at, "timestamp"),
        }
    )


def _work_sample() -> Schema:
    w = WorkSample
    return record(
        {
            "id": wire("id"),
            "title": column(w.title, "string"),
            "description": column(w.description, "string"),
            "website_url": column(w.website_url, "string"),
            "attachment_id": column(w.attachment_id, "id"),
            "created_at": column(w.created_at, "timestamp"),
            "updated_at": column(w.updated_at, "timestamp"),
        }
    )


def _post() -> Schema:
    return record(
        {
            "id": wire("id"),
            "message": column(Post.message, "string"),
            "private": column(Post.private, "boolean"),
            "reply": wire("boolean"),
            "has_attachments": wire("boolean"),
            "story_id": column(Post.story_id, "id"),
            "user_id": wire("id"),
            "workspace_id": wire("id"),
            "created_at": column(Post.created_at, "timestamp"),
            "updated_at": column(Post.updated_at, "timestamp"),
        }
    )


def _workspace() -> Schema:
    w = Workspace
    return record(
        {
            "id": wire("id"),
            "title": column(w.title, "string"),
            "description": column(w.description, "string"),
            "archived": column(w.archived, "boolean"),
            "account_id": column(w.account_id, "integer"),
            "creator_id": column(w.creator_id, "id"),
            "start_date": column(w.start_date, "date"),
            "due_date": column(w.due_date, "date"),
            "created_at": column(w.created_at, "timestamp"),
            "updated_at": column(w.updated_at, "timestamp"),
        }
    )


def _attachment() -> Schema:
    a = Attachment
    return record(
        {
            "id": wire("id"),
            "filename": column(a.filename, "string"),
            "filesize": column(a.filesize, "integer"),
            "content_type": column(a.content_type, "string"),
            "url": {"type": "string", "format": "uri", "description": "Downloads the file."},
            "user_id": column(a.user_id, "id"),
            "post_id": column(a.post_id, "id"),
            "created_at": column(a.created_at, "timestamp"),
            "updated_at": column(a.updated_at, "timestamp"),
        }
    )


def _google_document() -> Schema:
    d = GoogleDocument
    return record(
        {
            "id": wire("id"),
            "title": column(d.title, "string"),
            "url": column(d.url, "string"),
            "user_id": column(d.user_id, "id"),
            "post_id": column(d.post_id, "id"),
            "created_at": column(d.created_at, "timestamp"),
            "updated_at": column(d.updated_at, "timestamp"),
        }
    )


def _photo_upload() -> Schema:
    image = {
        "type": "string",
        "format": "binary",
        "contentMediaType": "image/*",
        "description": "A PNG, JPEG or WebP image of at most 10 MB and 40 megapixels.",
    }
    return record({photos.WIRE_FIELD: image})


def _errors() -> Schema:
    entry = record(
        {
            "type": {"type": "string", "enum": ["oauth", "system", "validation"]},
            "message": wire("string"),
            "field": {"type": "string", "description": "The refused field (validation only)."},
        },
        required=("type", "message"),
    )
    return record(
        {"errors": {**array_of(entry), "minItems": 1}},
        doc="Kantata's error shape; a 400 names its parameter at the start of message.",
    )


def _capacity() -> Schema:
    return record(
        {
            "start_date": wire("date"),
            "end_date": wire("date"),
            "hours": map_of(
                {"type": "number", "minimum": 0},
                "Hours available on each day of the range, keyed by ISO date, in date order.",
            ),
        }
    )


def _json_type(example: Any) -> Schema:
    if isinstance(example, bool):
        return wire("boolean")
    if isinstance(example, int):
        return wire("integer")
    return wire("string")


def _writable_object(fields: Sequence[writes.Writable], nested: dict[str, Schema]) -> Schema:
    properties = {
        f.name: {**nested.get(f.name, _json_type(f.example)), "description": f.doc} for f in fields
    }
    return record(properties, required=())


def _update() -> Schema:
    reference = _writable_object(writes.EXTERNAL_REFERENCE_FIELDS, {})
    user = _writable_object(writes.USER_FIELDS, {"external_reference": reference})
    return record(
        {writes.ROOT: user},
        doc="The changes, under user. Other keys under user are refused (422), each named.",
    )


def schemas() -> dict[str, Schema]:
    return {
        USER: _user(),
        ENVELOPE: _envelope(USERS),
        UFA: _association(),
        UFA_ENVELOPE: _envelope(USER_FILE_ASSOCIATIONS),
        "KantataAttachment": _attachment(),
        "KantataGoogleDocument": _google_document(),
        "KantataPost": _post(),
        "KantataWorkspace": _workspace(),
        PHOTO: _photo_upload(),
        "KantataAccountMembership": _membership(),
        "KantataCustomFieldValue": _custom_field_value(),
        "KantataExternalReference": _external_reference(),
        "KantataRole": _role(),
        "KantataSkill": _skill(),
        "KantataSkillMembership": _skill_membership(),
        "KantataWorkSample": _work_sample(),
        CAPACITY: _capacity(),
        UPDATE: _update(),
        ERRORS: _errors(),
    }


# --- parameters -------------------------------------------------------------------------------


def _reserved(param: ReservedParam, resource: Resource) -> Param:
    """A reserved parameter, with the values this resource declares spelled out."""
    schema, default, example = dict(param.schema), param.default, param.example
    names: list[str] = []
    if param.name == "include":
        names = list(resource.includes_by_name)
    elif param.name == "optional_fields":
        names = list(resource.optional_fields)
    elif param.name == "order":
        names = [f"{sort}:{way}" for sort in resource.sorts_by_name for way in ("asc", "desc")]
        default = f"{resource.default_sort}:{'desc' if resource.default_descending else 'asc'}"
        schema = {"type": "string", "enum": names}
    if param.name in PRESENTED:
        schema = array_of({"type": "string", "enum": names})
    if names and not set(example.split(",")) <= set(names):
        # The declared example names another resource's values: show this one's own.
        example = default if param.name == "order" and default else ",".join(names[:2])
    return from_schema(param.name, schema, param.doc, example=example, default=default)


def reserved(resource: Resource, *names: str) -> tuple[Param, ...]:
    """Brainstem's reserved parameters, by name, in the order given."""
    by_name = {p.name: p for p in RESERVED_PARAMS}
    return tuple(_reserved(by_name[name], resource) for name in names)


ALL_RESERVED = tuple(p.name for p in RESERVED_PARAMS)
PAGED = tuple(name for name in ALL_RESERVED if name != "optional_fields")
PRESENTED = ("include", "optional_fields")
USER_ID = path_id("user_id", "The user's id.")
ATTACHMENT_ID = path_id("attachment_id", "The attachment's id.")
SHOW_DISABLED = from_filter(USERS.filters_by_name["show_disabled"])


def list_parameters() -> tuple[Param, ...]:
    return (*from_filters(USERS.filters), *reserved(USERS, *ALL_RESERVED))


def show_parameters() -> tuple[Param, ...]:
    """A show answers the list's envelope for one id: filters apply, paging does not."""
    return (*from_filters(USERS.filters), *reserved(USERS, *PRESENTED, "apply_default_filters"))


def update_parameters() -> tuple[Param, ...]:
    """What a write reads besides its body: the reach of show_disabled, the answer's shape."""
    return (USER_ID, SHOW_DISABLED, *reserved(USERS, *PRESENTED))


def capacity_parameters() -> tuple[Param, ...]:
    names = tuple(p.name for p in capacity.PARAMETERS)
    return (*from_filters(capacity.PARAMETERS, required=names), SHOW_DISABLED)


def file_association_parameters() -> tuple[Param, ...]:
    resource = USER_FILE_ASSOCIATIONS
    return (*from_filters(resource.filters), *reserved(resource, *PAGED))


UPDATE_BODY = Body(
    ref(UPDATE),
    "The changes as JSON, or the same as Rails form fields (user[full_name]=..., "
    "user[external_reference][service_name]=...). Other top-level keys are read as query "
    "parameters, as Rails merges them.",
    example={writes.ROOT: {f.name: f.example for f in writes.USER_FIELDS}},
    media_types=(JSON, FORM),
    encoding={writes.ROOT: {"style": "deepObject", "explode": True}},
)
PHOTO_BODY = Body(
    ref(PHOTO),
    f"multipart/form-data with the image as the file field {photos.WIRE_FIELD}. Plain fields "
    "besides user are read as query parameters (include, optional_fields, show_disabled).",
    media_types=("multipart/form-data",),
)


def replies(ok: Reply, *errors: int) -> dict[int, Reply]:
    return {200: ok, **error_replies(ref(ERRORS), (*errors, *ALWAYS))}


USERS_REPLY = Reply("The users envelope.", ref(ENVELOPE))
USER_REPLY = Reply("The users envelope with the one user.", ref(ENVELOPE))
CAPACITY_REPLY = Reply("Hours available per day.", ref(CAPACITY))
FILE_ASSOCIATIONS_REPLY = Reply("The user file associations envelope.", ref(UFA_ENVELOPE))
DOWNLOAD_REPLY = Reply(
    "The file's bytes, with its own content type and Content-Disposition: attachment.",
    {"type": "string", "format": "binary"},
    media_type="application/octet-stream",
    headers={"Content-Disposition": "attachment, with the file's name."},
)

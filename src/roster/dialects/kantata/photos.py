"""POST and DELETE /api/v1/users/{id}/profile_photo: "Update Profile Photo", "Reset Profile Photo"
(reference §1.6).

The upload is a ``multipart/form-data`` body whose file field is
``user[profile_photo_attachment_file]``; ``include`` and ``optional_fields`` shape the answer, as
on a show. What is checked and stored, and in which order, is ``roster.people.photos``.

Choices where Kantata's documentation is silent:
- who may change or reset a photo: the user themself and the administrators of the user's account
  (the profile-edit rule of ``roster.people.service``); a user out of the requester's reach is a
  404, one in reach they may not change a 403;
- no file, or a field that is not a file (a JSON string, a plain form field), is a 422 naming
  ``profile_photo_attachment_file``; so is a file that is not a PNG, JPEG or WebP image, that does
  not decode, or that declares more than 40 megapixels (a decompression bomb is refused from its
  header, unread);
- a file over 10 MB, or a body over that plus the form's framing, is a 413;
- both answer 200 with the user envelope, ``photo_path`` showing the result (for DELETE the
  default image). The docs say the DELETE "returns structured User objects", so it does, rather
  than the bare 204 older Mavenlink DELETEs gave; resetting a user who has no photo is a no-op
  that answers the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from roster.dialects.kantata import writes
from roster.dialects.kantata.users import show_one
from roster.errors import Unavailable, ValidationFailed
from roster.people import photos, service
from roster.query.params import RawParams
from roster.web.dialect import Call
from roster.web.media import media_store
from roster.web.uploads import PayloadTooLarge, UploadedFile

ROOT = "user"
FIELD = "profile_photo_attachment_file"
WIRE_FIELD = f"{ROOT}[{FIELD}]"


def _params(call: Call) -> RawParams:
    """The query parameters, and plain body fields besides ``user`` (Rails merges the two)."""
    extras = {
        key: value
        for key, value in (call.body or {}).items()
        if key != ROOT and isinstance(value, str | list)
    }
    return RawParams(call.request.query_params.multi_items(), extras)


def _answer(call: Call, params: RawParams, user_id: int, *, disabled: bool) -> Response:
    """The show envelope of the user, shaped only by the request's presentation parameters."""
    pairs = [
        (name, value) for name in writes.PRESENTATION_PARAMS for value in params.get(name) or []
    ]
    shown = dataclasses.replace(call, params=RawParams(pairs))
    return show_one(shown, user_id, reach=service.reach(disabled=disabled))


def _editable_person(call: Call, *, disabled: bool) -> service.Person:
    person = service.find_person(
        call.session, call.requester, call.path_id("user_id"), disabled=disabled
    )
    service.require(
        service.may_edit_profile(call.requester, person),
        "You do not have permission to change this user's profile photo",
    )
    return person


def _upload(body: Mapping[str, Any] | None) -> UploadedFile:
    attributes = (body or {}).get(ROOT)
    value = attributes.get(FIELD) if isinstance(attributes, Mapping) else None
    if isinstance(value, UploadedFile):
        return value
    if value is None or value == "":
        problem = f"can't be blank: send the image as the multipart/form-data file {WIRE_FIELD}"
    else:
        problem = f"must be a file, sent as the multipart/form-data file {WIRE_FIELD}"
    raise ValidationFailed([(FIELD, problem)])


def update_photo(call: Call) -> Response:
    """POST /api/v1/users/{id}/profile_photo: store a new photo; 200 with the user envelope."""
    params = _params(call)
    disabled = writes.wants_disabled(params)
    person = _editable_person(call, disabled=disabled)
    upload = _upload(call.body)
    try:
        processed = photos.process_photo(upload.data)
    except photos.PhotoTooLarge as exc:
        raise PayloadTooLarge(f"{FIELD} {exc}") from None
    except photos.PhotoRejected as exc:
        raise ValidationFailed([(FIELD, str(exc))]) from None
    try:
        photos.replace_photo(
            call.session,
            media_store(call.request),
            person.id,
            processed,
            by_user_id=call.requester.user_id,
        )
    except OSError:
        raise Unavailable("The media store is unavailable; try again shortly") from None
    return _answer(call, params, person.id, disabled=disabled)


def reset_photo(call: Call) -> Response:
    """DELETE /api/v1/users/{id}/profile_photo: back to the default image; 200 with the user."""
    params = _params(call)
    disabled = writes.wants_disabled(params)
    person = _editable_person(call, disabled=disabled)
    photos.remove_photo(
        call.session, media_store(call.request), person.id, by_user_id=call.requester.user_id
    )
    return _answer(call, params, person.id, disabled=disabled)

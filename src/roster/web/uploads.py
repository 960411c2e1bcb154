"""``multipart/form-data`` bodies: Rails-structured fields and uploaded files, with hard limits.

Kantata's profile photo upload is a multipart body whose file field is
``user[profile_photo_attachment_file]``; like a urlencoded body (``roster.web.forms``) it reaches a
handler nested, ``{"user": {"profile_photo_attachment_file": UploadedFile(...)}}``, with every
file already read into memory, so a synchronous handler never touches the event loop's files.

Limits, so that no request can make the server buffer or spool without bound: the whole body is
at most ``MAX_BODY_BYTES`` (checked against Content-Length before reading, and again while
reading, for chunked bodies), which is ``MAX_UPLOAD_BYTES`` plus room for the form's framing; a
larger body is a 413. At most ``MAX_FILES`` files and ``MAX_FIELDS`` other fields of at most
``MAX_FIELD_BYTES`` each; a malformed body is a 400 naming ``body``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any, cast

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from roster.errors import BadParameter, RosterError
from roster.media import MAX_UPLOAD_BYTES
from roster.web.forms import FormShapeError, nest_fields

MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 256 * 1024
MAX_FILES = 4
MAX_FIELDS = 100
MAX_FIELD_BYTES = 64 * 1024


class PayloadTooLarge(RosterError):
    status_code = 413


def too_large(what: str, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"{what} is too large (at most {limit // (1024 * 1024)} MB)")


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart body, read whole."""

    filename: str
    content_type: str
    data: bytes

    def __repr__(self) -> str:
        # Bodies end up in error reports; the bytes themselves never should.
        return f"UploadedFile({self.filename!r}, {self.content_type!r}, {len(self.data)} bytes)"


def is_multipart(content_type: str) -> bool:
    return content_type.partition(";")[0].strip().lower() == "multipart/form-data"


async def _capped(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise too_large("The request body", MAX_UPLOAD_BYTES)
        yield chunk


async def read_multipart(request: Request, limit: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """The body's fields, nested by Rails bracket rules; files as ``UploadedFile``."""
    declared = request.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise too_large("The request body", MAX_UPLOAD_BYTES)
    parser = MultiPartParser(
        request.headers,
        _capped(request, limit),
        max_files=MAX_FILES,
        max_fields=MAX_FIELDS,
        max_part_size=MAX_FIELD_BYTES,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise BadParameter("body", f"expected a multipart/form-data body: {exc.message}") from None
    try:
        pairs: list[tuple[str, Any]] = []
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                content_type = value.content_type or "application/octet-stream"
                pairs.append((name, UploadedFile(value.filename or "", content_type, data)))
            else:
                pairs.append((name, value))
    finally:
        await form.close()
    try:
        # nest_fields only places values, whatever their type; its signature speaks of the
        # urlencoded bodies it was written for.
        return nest_fields(cast("list[tuple[str, str]]", pairs))
    except FormShapeError as error:
        raise BadParameter(error.name, error.problem) from None

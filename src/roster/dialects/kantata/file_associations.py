"""GET /api/v1/user_file_associations (reference §2) and GET /api/v1/attachments/{id}/download.

A user file association ties the requester to a file (an attachment or a Google document) shared
in a workspace. The collection is the requester's own associations only ([OLD]: "the requesting
user's"), declared as a second ``Resource`` on the same engine and Brainstem parameters as users:
``filename`` and ``workspace_id`` filters, ``post``, ``workspace`` and ``asset_object`` includes,
``only``, ``page``/``per_page``, ``limit``/``offset``, and ``order`` (``created_at:desc`` by
default, or ``created_at:asc``; the id, ascending, always breaks ties).

Choices where Kantata's documentation is silent:
- ``filename`` ("only includes file associations with matching filenames") is a case-insensitive
  substring match, as Kantata's other name filters (``by_full_name``: "all or part of"); a Google
  document's file name is its title;
- an association presents ``id``, ``post_id`` and ``workspace_id`` always, and
  ``asset_object_ref`` only with ``include=asset_object`` (Brainstem's rule for polymorphic
  references); ``attachments`` and ``google_documents`` appear only for the kinds referenced, while
  ``posts`` and ``workspaces`` are present (maybe empty) whenever included;
- an attachment is presented with ``url``, the Roster address that downloads its bytes, as
  Mavenlink's attachments carried a download ``url``; who may download is ``roster.files``;
- a user an included record names (a post's author, an attachment's uploader, a Google
  document's owner, a workspace's creator) is named only when the requester may see them, else
  the id is null: a user out of reach does not exist for the requester (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session
from starlette.responses import Response

from roster.dialects.formats import date, timestamp
from roster.dialects.kantata.presenter import attach_includes, envelope, id_str
from roster.dialects.kantata.reserved import Presentation, fits_on_one_page, parse_presentation
from roster.errors import NotFound, Unavailable
from roster.files import repository
from roster.media import InvalidKey
from roster.models import UserFileAssociation
from roster.query.compile import compile_filters, parse_filters
from roster.query.declarations import (
    Filter,
    Include,
    IncludeContext,
    IncludeResult,
    Resource,
    Sort,
)
from roster.query.kinds import ID, TEXT
from roster.query.operators import contains_substring, equals, with_value
from roster.web.dialect import Call
from roster.web.media import media_store
from roster.web.responses import json_response

UFA = UserFileAssociation


# --- filters and sorts ---------------------------------------------------------------------------


def _filename_matches(term: str, _ctx: Any) -> ColumnElement[bool]:
    return contains_substring(repository.file_name(), term)


FILTERS: tuple[Filter, ...] = (
    Filter(
        "filename",
        TEXT,
        with_value(_filename_matches),
        "Associations whose file name contains this text, letter case ignored (an attachment's "
        "filename, a Google document's title).",
        example="mockup",
    ),
    Filter(
        "workspace_id",
        ID,
        equals(UFA.workspace_id),
        "Associations of files shared in this workspace (project).",
    ),
)


def _created_at(descending: bool) -> list[ColumnElement[Any]]:
    # Brainstem always appends ``id ASC`` as the tie-breaker, whatever the direction (PR #82).
    return [UFA.created_at.desc() if descending else UFA.created_at.asc(), UFA.id.asc()]


# --- includes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolymorphicResult(IncludeResult):
    """A polymorphic include: the links here, and one result per kind of record it found, so
    that only the kinds actually referenced get a top-level key (Brainstem's rule)."""

    kinds: tuple[IncludeResult, ...] = ()

    def parts(self) -> tuple[IncludeResult, ...]:
        return self.kinds


def present_post(post: Any, has_attachments: bool, user_id: int | None) -> dict[str, Any]:
    return {
        "id": str(post.id),
        "message": post.message,
        "private": post.private,
        "reply": False,
        "has_attachments": has_attachments,
        "story_id": id_str(post.story_id),
        "user_id": id_str(user_id),
        "workspace_id": str(post.workspace_id),
        "created_at": timestamp(post.created_at),
        "updated_at": timestamp(post.updated_at),
    }


def present_workspace(workspace: Any, creator_id: int | None) -> dict[str, Any]:
    return {
        "id": str(workspace.id),
        "title": workspace.title,
        "description": workspace.description,
        "archived": workspace.archived,
        "account_id": workspace.account_id,
        "creator_id": id_str(creator_id),
        "start_date": date(workspace.start_date),
        "due_date": date(workspace.due_date),
        "created_at": timestamp(workspace.created_at),
        "updated_at": timestamp(workspace.updated_at),
    }


def download_path(attachment_id: int) -> str:
    return f"/api/v1/attachments/{attachment_id}/download"


def present_attachment(attachment: Any, base_url: str, user_id: int | None) -> dict[str, Any]:
    return {
        "id": str(attachment.id),
        "filename": attachment.filename,
        "filesize": attachment.filesize,
        "content_type": attachment.content_type,
        "url": base_url + download_path(attachment.id),
        "user_id": id_str(user_id),
        "post_id": id_str(attachment.post_id),
        "created_at": timestamp(attachment.created_at),
        "updated_at": timestamp(attachment.updated_at),
    }


def present_google_document(document: Any, user_id: int | None) -> dict[str, Any]:
    return {
        "id": str(document.id),
        "title": document.title,
        "url": document.url,
        "user_id": id_str(user_id),
        "post_id": id_str(document.post_id),
        "created_at": timestamp(document.created_at),
        "updated_at": timestamp(document.updated_at),
    }


def load_post(session: Session, ctx: IncludeContext, ids: Sequence[int]) -> IncludeResult:
    rows = repository.posts_of(session, ids, ctx.requester)
    return IncludeResult(
        key="posts",
        links={row.association_id: str(row.Post.id) for row in rows},
        records={
            str(row.Post.id): present_post(row.Post, bool(row.has_attachments), row.user_id)
            for row in rows
        },
    )


def load_workspace(session: Session, ctx: IncludeContext, ids: Sequence[int]) -> IncludeResult:
    rows = repository.workspaces_of(session, ids, ctx.requester)
    return IncludeResult(
        key="workspaces",
        links={row.association_id: str(row.workspace.id) for row in rows},
        records={
            str(row.workspace.id): present_workspace(row.workspace, row.user_id) for row in rows
        },
    )


def load_asset_object(
    session: Session, ctx: IncludeContext, ids: Sequence[int]
) -> PolymorphicResult:
    attachments = repository.attachments_of(session, ids, ctx.requester)
    documents = repository.google_documents_of(session, ids, ctx.requester)
    links: dict[int, Any] = {
        row.association_id: {"key": "attachments", "id": str(row.Attachment.id)}
        for row in attachments
    }
    links.update(
        {
            row.association_id: {"key": "google_documents", "id": str(row.GoogleDocument.id)}
            for row in documents
        }
    )
    kinds = []
    if attachments:
        kinds.append(
            IncludeResult(
                key="attachments",
                links={},
                records={
                    str(row.Attachment.id): present_attachment(
                        row.Attachment, ctx.base_url, row.user_id
                    )
                    for row in attachments
                },
            )
        )
    if documents:
        kinds.append(
            IncludeResult(
                key="google_documents",
                links={},
                records={
                    str(row.GoogleDocument.id): present_google_document(
                        row.GoogleDocument, row.user_id
                    )
                    for row in documents
                },
            )
        )
    return PolymorphicResult(key="attachments", links=links, records={}, kinds=tuple(kinds))


INCLUDES: tuple[Include, ...] = (
    Include(
        "asset_object",
        "attachments",
        "asset_object_ref",
        load_asset_object,
        "The attachment or Google document (polymorphic): asset_object_ref is {key, id} with "
        "key attachments or google_documents, and only the kinds referenced get a top-level key.",
        polymorphic=True,
    ),
    Include("post", "posts", "post_id", load_post, "The post the file was shared in."),
    Include("workspace", "workspaces", "workspace_id", load_workspace, "The project."),
)

USER_FILE_ASSOCIATIONS = Resource(
    name="user_file_associations",
    key="user_file_associations",
    filters=FILTERS,
    sorts=(Sort("created_at", _created_at, "By creation time; the id breaks ties."),),
    default_sort="created_at",
    default_descending=True,
    includes=INCLUDES,
)


# --- handlers ------------------------------------------------------------------------------------


def present_association(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "post_id": id_str(row.post_id),
        "workspace_id": str(row.workspace_id),
    }


def _respond(call: Call, presentation: Presentation) -> dict[str, Any]:
    resource = USER_FILE_ASSOCIATIONS
    values = parse_filters(
        resource.filters, call.params, apply_defaults=presentation.apply_default_filters
    )
    compiled = compile_filters(
        resource.filters,
        values,
        call.requester,
        call.dialect,
        apply_defaults=presentation.apply_default_filters,
    )
    owner = call.requester.user_id
    sort = resource.sorts_by_name[presentation.sort]
    total = repository.count_associations(
        call.session, owner, compiled.conditions, only=presentation.only
    )
    rows = repository.page_associations(
        call.session,
        owner,
        compiled.conditions,
        sort.columns(presentation.descending),
        only=presentation.only,
        limit=presentation.limit,
        offset=presentation.offset,
    )
    count = len(rows) if fits_on_one_page(presentation, len(rows)) else total.value()
    records = [present_association(row) for row in rows]
    ids = [row.id for row in rows]
    context = IncludeContext(requester=call.requester, base_url=call.base_url, values=values)
    results = attach_includes(call.session, resource, presentation.includes, context, records, ids)
    return envelope(
        key=resource.key,
        records=records,
        count=count,
        page_number=presentation.page,
        page_size=presentation.per_page,
        includes=results,
    )


def list_file_associations(call: Call) -> Response:
    """GET /api/v1/user_file_associations: the requester's own associations."""
    presentation = parse_presentation(call.params, USER_FILE_ASSOCIATIONS)
    return json_response(_respond(call, presentation))


def _disposition(filename: str) -> str:
    """``attachment`` with the name both as plain ASCII and as RFC 5987 UTF-8."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback or 'download'}\"; filename*=UTF-8''{quote(filename)}"


def download_attachment(call: Call) -> Response:
    """GET /api/v1/attachments/{id}/download: the file's bytes, for whoever may see it."""
    attachment = repository.downloadable_attachment(
        call.session, call.requester, call.path_id("attachment_id")
    )
    if attachment is None or not attachment.storage_key:
        raise NotFound()
    try:
        data = media_store(call.request).get(attachment.storage_key)
    except (KeyError, InvalidKey):
        raise NotFound() from None
    except OSError:
        raise Unavailable("The media store is unavailable; try again shortly") from None
    return Response(
        data,
        media_type=attachment.content_type or "application/octet-stream",
        headers={
            "Content-Disposition": _disposition(attachment.filename),
            # Uploaded bytes are the client's: never let a browser run them as this origin's page.
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )

"""Factories for posts, attachments, Google documents, user file associations and work samples
(kept here, beside the media tests, rather than in the shared tests/factories.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from roster.models import (
    Attachment,
    GoogleDocument,
    Post,
    User,
    UserFileAssociation,
    WorkSample,
    Workspace,
)
from tests.factories import save


def make_post(
    session: Session, *, workspace: Workspace, user: User, message: str = "Hello", **fields: Any
) -> Post:
    return save(
        session, Post(workspace_id=workspace.id, user_id=user.id, message=message, **fields)
    )


def make_attachment(
    session: Session,
    *,
    filename: str = "mockup.png",
    user: User | None = None,
    post: Post | None = None,
    content_type: str = "image/png",
    storage_key: str | None = None,
    filesize: int = 0,
    **fields: Any,
) -> Attachment:
    return save(
        session,
        Attachment(
            filename=filename,
            user_id=user.id if user else None,
            post_id=post.id if post else None,
            content_type=content_type,
            storage_key=storage_key,
            filesize=filesize,
            **fields,
        ),
    )


def make_google_document(
    session: Session,
    *,
    title: str = "Plan",
    url: str = "https://docs.google.com/document/d/abc",
    user: User | None = None,
    post: Post | None = None,
) -> GoogleDocument:
    return save(
        session,
        GoogleDocument(
            title=title,
            url=url,
            user_id=user.id if user else None,
            post_id=post.id if post else None,
        ),
    )


def associate(
    session: Session,
    *,
    user: User,
    workspace: Workspace,
    attachment: Attachment | None = None,
    document: GoogleDocument | None = None,
    post: Post | None = None,
    created_at: dt.datetime | None = None,
) -> UserFileAssociation:
    fields: dict[str, Any] = {}
    if created_at is not None:
        fields["created_at"] = created_at
    return save(
        session,
        UserFileAssociation(
            user_id=user.id,
            workspace_id=workspace.id,
            post_id=post.id if post else None,
            attachment_id=attachment.id if attachment else None,
            google_document_id=document.id if document else None,
            **fields,
        ),
    )


def make_work_sample(
    session: Session, *, user: User, attachment: Attachment | None = None, title: str = "Case"
) -> WorkSample:
    return save(
        session,
        WorkSample(
            user_id=user.id, title=title, attachment_id=attachment.id if attachment else None
        ),
    )

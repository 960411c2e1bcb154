"""All SQL about the files people own: profile photo keys, user file associations, attachments.

User file associations are read through one FROM clause, ``user_file_associations LEFT OUTER
JOIN attachments LEFT OUTER JOIN google_documents`` (an association names exactly one of the two),
so a filter may use the file's columns directly, as the people filters use membership columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from roster.auth.requester import Requester
from roster.db.counts import ExactCount
from roster.db.planning import for_planner
from roster.models import (
    AccountMembership,
    Attachment,
    GoogleDocument,
    Post,
    User,
    UserFileAssociation,
    WorkSample,
    Workspace,
)
from roster.people.related import seen_user_id
from roster.people.visibility import Visibility, visible_user_ids, visible_workspace_ids

UFA = UserFileAssociation

_ASSOCIATIONS_FROM = UFA.__table__.outerjoin(
    Attachment.__table__, Attachment.id == UFA.attachment_id
).outerjoin(GoogleDocument.__table__, GoogleDocument.id == UFA.google_document_id)


def file_name() -> ColumnElement[str]:
    """The associated file's name: an attachment's filename or a Google document's title."""
    return func.coalesce(Attachment.filename, GoogleDocument.title)


# --- profile photos ------------------------------------------------------------------------------


def lock_photo_key(session: Session, user_id: int) -> tuple[bool, str | None]:
    """(whether the user exists, their photo key), locking the row until the transaction ends.

    The lock makes concurrent changes of one photo take turns, so each reads the key the other
    wrote and deletes the right bytes (SQLite has one writer at a time anyway).
    """
    row = session.execute(
        select(User.photo_key).where(User.id == user_id).with_for_update()
    ).one_or_none()
    return (row is not None, row.photo_key if row is not None else None)


def set_photo_key(session: Session, user_id: int, key: str | None, values: dict[str, Any]) -> None:
    session.execute(update(User).where(User.id == user_id).values(photo_key=key, **values))


# --- user file associations ----------------------------------------------------------------------


def _association_conditions(
    owner_id: int, conditions: Sequence[ColumnElement[bool]], only: Sequence[int] | None
) -> list[ColumnElement[bool]]:
    where = [UFA.user_id == owner_id, *conditions]
    if only is not None:
        where.append(UFA.id.in_(only))
    return where


def page_associations(
    session: Session,
    owner_id: int,
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[ColumnElement[Any]],
    *,
    only: Sequence[int] | None,
    limit: int | None,
    offset: int,
) -> list[Row[Any]]:
    """One page of the owner's associations meeting ``conditions``, in ``order``."""
    stmt = (
        select(*UFA.__table__.c)
        .select_from(_ASSOCIATIONS_FROM)
        .where(and_(*_association_conditions(owner_id, conditions, only)))
        .order_by(*order)
        .offset(offset or None)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt))


def count_associations(
    session: Session,
    owner_id: int,
    conditions: Sequence[ColumnElement[bool]],
    *,
    only: Sequence[int] | None,
) -> ExactCount:
    """The number of associations meeting ``conditions``; set it up before the page is read."""
    stmt = (
        select(func.count())
        .select_from(_ASSOCIATIONS_FROM)
        .where(and_(*_association_conditions(owner_id, conditions, only)))
    )
    return ExactCount(session, stmt)


# The user a file record names (its author, uploader or creator) is named only when the requester
# may see them (``roster.people.related.seen_user_id``), as the ``user_id`` column of each row.


def posts_of(
    session: Session, association_ids: Sequence[int], requester: Requester
) -> list[Row[Any]]:
    """(association id, post, whether the post has files, author id) for associations with a
    post."""
    if not association_ids:
        return []
    has_files = or_(
        exists().where(Attachment.post_id == Post.id),
        exists().where(GoogleDocument.post_id == Post.id),
    )
    author = seen_user_id(Post.user_id, requester, Visibility(), written=for_planner(session))
    return list(
        session.execute(
            select(
                UFA.id.label("association_id"),
                Post,
                has_files.label("has_attachments"),
                author.label("user_id"),
            )
            .join(Post, Post.id == UFA.post_id)
            .where(UFA.id.in_(association_ids))
        )
    )


def workspaces_of(
    session: Session, association_ids: Sequence[int], requester: Requester
) -> list[Row[Any]]:
    """(association id, workspace, creator id) for each association."""
    if not association_ids:
        return []
    # An alias, so that nothing in the visibility policy can correlate to this statement's row.
    workspace = aliased(Workspace, name="workspace")
    creator = seen_user_id(
        workspace.creator_id, requester, Visibility(), written=for_planner(session)
    )
    return list(
        session.execute(
            select(UFA.id.label("association_id"), workspace, creator.label("user_id"))
            .join(workspace, workspace.id == UFA.workspace_id)
            .where(UFA.id.in_(association_ids))
        )
    )


def attachments_of(
    session: Session, association_ids: Sequence[int], requester: Requester
) -> list[Row[Any]]:
    """(association id, attachment, uploader id) for associations naming an attachment."""
    if not association_ids:
        return []
    uploader = seen_user_id(
        Attachment.user_id, requester, Visibility(), written=for_planner(session)
    )
    return list(
        session.execute(
            select(UFA.id.label("association_id"), Attachment, uploader.label("user_id"))
            .join(Attachment, Attachment.id == UFA.attachment_id)
            .where(UFA.id.in_(association_ids))
        )
    )


def google_documents_of(
    session: Session, association_ids: Sequence[int], requester: Requester
) -> list[Row[Any]]:
    """(association id, Google document, owner id) for associations naming a Google document."""
    if not association_ids:
        return []
    owner = seen_user_id(
        GoogleDocument.user_id, requester, Visibility(), written=for_planner(session)
    )
    return list(
        session.execute(
            select(UFA.id.label("association_id"), GoogleDocument, owner.label("user_id"))
            .join(GoogleDocument, GoogleDocument.id == UFA.google_document_id)
            .where(UFA.id.in_(association_ids))
        )
    )


# --- attachment downloads ------------------------------------------------------------------------


def _may_download(requester: Requester) -> ColumnElement[bool]:
    """Who may fetch an attachment's bytes (see ``roster.files`` for the rule in words)."""
    me = requester.user_id
    # The outer query reads attachments alone, so each EXISTS correlates on it and nothing else;
    # the last one brings its own users/account_memberships FROM, which the policy is written on.
    in_a_post_i_may_read = exists().where(
        Post.id == Attachment.post_id,
        or_(
            Post.user_id == me,
            and_(Post.private.is_(False), Post.workspace_id.in_(visible_workspace_ids(requester))),
        ),
    )
    associated_with_me = exists().where(UFA.attachment_id == Attachment.id, UFA.user_id == me)
    on_a_profile_i_may_see = exists(
        select(WorkSample.id)
        .select_from(
            WorkSample.__table__.join(User.__table__, User.id == WorkSample.user_id).outerjoin(
                AccountMembership.__table__, AccountMembership.user_id == User.id
            )
        )
        .where(
            WorkSample.attachment_id == Attachment.id,
            visible_user_ids(requester, Visibility()),
        )
    )
    return or_(
        Attachment.user_id == me,
        associated_with_me,
        in_a_post_i_may_read,
        on_a_profile_i_may_see,
    )


def downloadable_attachment(
    session: Session, requester: Requester, attachment_id: int
) -> Attachment | None:
    """The attachment, if it exists and the requester may fetch it; else None (one statement)."""
    return session.scalars(
        select(Attachment).where(Attachment.id == attachment_id, _may_download(requester))
    ).one_or_none()

"""API tokens: issue, list, revoke, and resolve a presented secret to its user.

A token is 32 random bytes, URL-safe base64. Only its SHA-256 is stored, so a leaked database
does not leak credentials; lookups are by hash, which also makes the comparison constant-time
with respect to the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from roster.db.base import utcnow
from roster.models import ApiToken, User

TOKEN_BYTES = 32


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    id: int
    user_id: int
    secret: str


def issue_token(
    session: Session, *, user_id: int, name: str = "", oauth_client_id: int | None = None
) -> IssuedToken:
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(
        user_id=user_id,
        token_hash=hash_secret(secret),
        prefix=secret[:8],
        name=name,
        oauth_client_id=oauth_client_id,
    )
    session.add(token)
    session.flush()
    return IssuedToken(id=token.id, user_id=user_id, secret=secret)


def find_user(session: Session, id_or_email: str) -> User | None:
    """A user by numeric id or (case-insensitive) email address."""
    key = id_or_email.strip()
    if key.isdigit():
        return session.get(User, int(key))
    from sqlalchemy import func

    return session.scalars(
        select(User).where(func.lower(User.email_address) == key.lower())
    ).one_or_none()


def list_tokens(session: Session, *, user_id: int | None = None) -> list[ApiToken]:
    stmt = select(ApiToken).order_by(ApiToken.id)
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return list(session.scalars(stmt))


def revoke_token(session: Session, token_id: int) -> bool:
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def secrets_match(presented: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(presented), stored_hash)

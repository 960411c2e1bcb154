"""All OAuth2 SQL: registered clients, authorization codes, and tokens issued to clients.

Secrets never reach the database: client secrets and codes are stored as SHA-256 hashes (they are
32+ random bytes, so a fast hash is enough; there is nothing to brute-force), exactly like API
tokens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from roster.models import ApiToken, OAuthAuthorizationCode, OAuthClient, User


def insert_client(
    session: Session,
    *,
    name: str,
    client_id: str,
    client_secret_hash: str,
    redirect_uris: list[str],
    owner_id: int | None,
) -> OAuthClient:
    client = OAuthClient(
        name=name,
        client_id=client_id,
        client_secret_hash=client_secret_hash,
        redirect_uris="\n".join(redirect_uris),
        owner_id=owner_id,
    )
    session.add(client)
    session.flush()
    return client


def find_client(session: Session, client_id: str) -> OAuthClient | None:
    if "\x00" in client_id:
        # No client_id holds NUL, and PostgreSQL refuses to compare text with one (an error).
        return None
    return session.scalars(
        select(OAuthClient).where(OAuthClient.client_id == client_id)
    ).one_or_none()


def list_clients(session: Session) -> list[OAuthClient]:
    return list(session.scalars(select(OAuthClient).order_by(OAuthClient.id)))


def insert_code(
    session: Session,
    *,
    code_hash: str,
    oauth_client_id: int,
    user_id: int,
    redirect_uri: str,
    scope: str,
    expires_at: dt.datetime,
) -> None:
    session.add(
        OAuthAuthorizationCode(
            code_hash=code_hash,
            oauth_client_id=oauth_client_id,
            user_id=user_id,
            redirect_uri=redirect_uri,
            scope=scope,
            expires_at=expires_at,
        )
    )
    session.flush()


def find_code(
    session: Session, *, code_hash: str, oauth_client_id: int
) -> OAuthAuthorizationCode | None:
    """The code with this hash, if it was issued to this client (else it does not exist for it)."""
    return session.scalars(
        select(OAuthAuthorizationCode).where(
            OAuthAuthorizationCode.code_hash == code_hash,
            OAuthAuthorizationCode.oauth_client_id == oauth_client_id,
        )
    ).one_or_none()


def claim_code(session: Session, code_id: int, now: dt.datetime) -> bool:
    """Mark a code used; False when another exchange got there first.

    The condition on ``used_at`` makes the claim atomic: of two concurrent exchanges of one code,
    the second one's UPDATE waits for the first to commit and then matches no row.
    """
    result = session.execute(
        update(OAuthAuthorizationCode)
        .where(OAuthAuthorizationCode.id == code_id, OAuthAuthorizationCode.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_client_tokens_since(
    session: Session, *, oauth_client_id: int, user_id: int, since: dt.datetime, now: dt.datetime
) -> int:
    """Revoke what a client obtained for a user since ``since`` (replayed-code response)."""
    result = session.execute(
        update(ApiToken)
        .where(
            ApiToken.oauth_client_id == oauth_client_id,
            ApiToken.user_id == user_id,
            ApiToken.created_at >= since,
            ApiToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TokenHolder:
    """Who a presented token belongs to, as the consent page shows them."""

    user_id: int
    full_name: str
    email_address: str
    oauth_client_id: int | None


def token_holder(session: Session, token_id: int) -> TokenHolder:
    row = session.execute(
        select(User.id, User.full_name, User.email_address, ApiToken.oauth_client_id)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.id == token_id)
    ).one()
    return TokenHolder(
        user_id=row.id,
        full_name=row.full_name,
        email_address=row.email_address,
        oauth_client_id=row.oauth_client_id,
    )

"""The requester: the user a token belongs to, with what visibility needs to know about them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from roster.auth.tokens import hash_secret
from roster.db.changes import DATA_VERSION_COLUMN, remember_data_version
from roster.db.reading import read
from roster.errors import Unauthenticated
from roster.models import AccountMembership, ApiToken, User


@dataclass(frozen=True, slots=True)
class Requester:
    user_id: int
    account_id: int | None
    is_administrator: bool
    permission: str | None
    token_id: int

    @property
    def is_account_admin(self) -> bool:
        return self.account_id is not None and self.is_administrator


# Built once: building a statement and its cache key anew took about a fifth of a cheap request.
_TOKEN_LOOKUP = (
    select(
        ApiToken.id,
        ApiToken.user_id,
        ApiToken.revoked_at,
        User.disabled_at,
        AccountMembership.account_id,
        AccountMembership.is_administrator,
        AccountMembership.permission,
        AccountMembership.disabled_at.label("membership_disabled_at"),
        DATA_VERSION_COLUMN,
    )
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(AccountMembership, AccountMembership.user_id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def authenticate(session: Session, secret: str | None) -> Requester:
    """Resolve a presented token in one statement, which also reads the data version; anything
    unusable is Unauthenticated.

    A revoked token, a user disabled site-wide, or a disabled account membership all lose access.
    """
    if not secret:
        raise Unauthenticated()
    rows = read(session, _TOKEN_LOOKUP, {"token_hash": hash_secret(secret)})
    row = rows[0] if rows else None
    if row is None or row.revoked_at is not None:
        raise Unauthenticated()
    if row.disabled_at is not None or row.membership_disabled_at is not None:
        raise Unauthenticated("the token's user is disabled")
    remember_data_version(session, row.data_version)
    return Requester(
        user_id=row.user_id,
        account_id=row.account_id,
        is_administrator=bool(row.is_administrator),
        permission=row.permission,
        token_id=row.id,
    )

"""The authorization-code grant: Authlib's state machine over Roster's codes and tokens.

Codes are single use and live ten minutes (the RFC 6749 §4.1.2 maximum). A code presented again
after it was exchanged means it leaked somewhere: as RFC 6749 §4.1.2 asks, what the client
obtained for that user since the code was issued is revoked, and the request fails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationCodeGrant, AuthorizationCodeMixin
from sqlalchemy.orm import Session

from roster.auth.oauth import store
from roster.auth.oauth.clients import RegisteredClient
from roster.auth.tokens import hash_secret
from roster.db.base import utcnow
from roster.models import OAuthAuthorizationCode

CODE_LIFETIME = dt.timedelta(minutes=10)


class CodeAlreadyClaimed(Exception):
    """A concurrent exchange of the same code committed first; this one must leave no token."""


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands timestamps back naive; they are UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class StoredCode(AuthorizationCodeMixin):  # type: ignore[misc]  # Authlib ships no type information
    def __init__(self, row: OAuthAuthorizationCode) -> None:
        self.id = row.id
        self.user_id = row.user_id
        self.redirect_uri = row.redirect_uri
        self.scope = row.scope

    def get_redirect_uri(self) -> str:
        # Empty when the authorization request named none; Authlib then requires none here either.
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class SignedInUser:
    """The resource owner, as Authlib carries it from the consent page to the code."""

    def __init__(self, user_id: int) -> None:
        self.id = user_id

    def get_user_id(self) -> int:
        return self.id


class RosterCodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]  # Authlib is untyped
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    @property
    def session(self) -> Session:
        session: Session = self.server.session
        return session

    def save_authorization_code(self, code: str, request: Any) -> None:
        client: RegisteredClient = request.client
        now = utcnow()
        store.insert_code(
            self.session,
            code_hash=hash_secret(code),
            oauth_client_id=client.id,
            user_id=request.user.id,
            # What the client sent, not the default it fell back to: RFC 6749 §4.1.3 requires the
            # token request to repeat redirect_uri only when the authorization request had one.
            redirect_uri=request.payload.redirect_uri or "",
            scope=request.scope or "",
            expires_at=now + CODE_LIFETIME,
        )

    def query_authorization_code(self, code: str, client: RegisteredClient) -> StoredCode | None:
        row = store.find_code(self.session, code_hash=hash_secret(code), oauth_client_id=client.id)
        if row is None:
            return None
        now = utcnow()
        if row.used_at is not None:
            store.revoke_client_tokens_since(
                self.session,
                oauth_client_id=client.id,
                user_id=row.user_id,
                since=row.created_at,
                now=now,
            )
            return None
        if _aware(row.expires_at) <= now:
            return None
        return StoredCode(row)

    def delete_authorization_code(self, authorization_code: StoredCode) -> None:
        # The row is kept (used_at set) so that a replay is recognised as one.
        if not store.claim_code(self.session, authorization_code.id, utcnow()):
            raise CodeAlreadyClaimed()

    def authenticate_user(self, authorization_code: StoredCode) -> SignedInUser:
        # Whether the user may still use Roster is decided where every token is checked
        # (roster.auth.requester.authenticate), not duplicated here.
        return SignedInUser(authorization_code.user_id)

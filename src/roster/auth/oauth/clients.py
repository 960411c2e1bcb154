"""Registered applications: registration (``roster oauth-client create``) and Authlib's view.

A client id and secret are 32 random bytes each, as 64 hex characters. Only the secret's SHA-256
is kept, so the secret is shown once, at registration.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.oauth2.rfc6749 import ClientMixin
from sqlalchemy.orm import Session

from roster.auth.oauth import store
from roster.auth.tokens import hash_secret, secrets_match
from roster.models import OAuthClient

NAME_MAX = 200


class InvalidRegistration(ValueError):
    """A registration Roster refuses; the message says which value and why."""


def check_redirect_uri(uri: str) -> str:
    """A redirect URI as RFC 6749 §3.1.2 requires it: absolute, without a fragment.

    Any scheme is allowed (native apps use private-use schemes, RFC 8252 §7.1), and plain http is
    allowed on any host because Roster is mostly a local stand-in; only http(s) needs a host.
    """
    if any(ch.isspace() for ch in uri):
        raise InvalidRegistration(f"redirect URI {uri!r} contains whitespace")
    parts = urlsplit(uri)
    if not parts.scheme:
        raise InvalidRegistration(f"redirect URI {uri!r} is not absolute (it needs a scheme)")
    if parts.scheme in {"http", "https"} and not parts.hostname:
        raise InvalidRegistration(f"redirect URI {uri!r} has no host")
    if "#" in uri:
        raise InvalidRegistration(f"redirect URI {uri!r} must not contain a fragment")
    return uri


@dataclass(frozen=True)
class Registered:
    """What registration hands back: the secret exists only here."""

    id: int
    name: str
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


def register_client(
    session: Session, *, name: str, redirect_uris: list[str], owner_id: int | None = None
) -> Registered:
    name = name.strip()
    if not name:
        raise InvalidRegistration("the name must not be empty")
    if len(name) > NAME_MAX:
        raise InvalidRegistration(f"the name must be at most {NAME_MAX} characters")
    if not redirect_uris:
        raise InvalidRegistration("at least one redirect URI is required")
    # Order is kept (the first is shown first in listings); repeats would only be noise.
    uris = list(dict.fromkeys(check_redirect_uri(uri) for uri in redirect_uris))
    client_id = secrets.token_hex(32)
    client_secret = secrets.token_hex(32)
    row = store.insert_client(
        session,
        name=name,
        client_id=client_id,
        client_secret_hash=hash_secret(client_secret),
        redirect_uris=uris,
        owner_id=owner_id,
    )
    return Registered(
        id=row.id,
        name=name,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=tuple(uris),
    )


def redirect_uris_of(client: OAuthClient) -> tuple[str, ...]:
    return tuple(uri for uri in client.redirect_uris.split("\n") if uri)


class RegisteredClient(ClientMixin):  # type: ignore[misc]  # Authlib ships no type information
    """A confidential client that may use the authorization-code grant and nothing else."""

    def __init__(self, row: OAuthClient) -> None:
        self.id = row.id
        self.name = row.name
        self.client_id = row.client_id
        self._secret_hash = row.client_secret_hash
        self.redirect_uris = redirect_uris_of(row)

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        # RFC 6749 §3.1.2.3: with several registered URIs the request must name one.
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        # Kantata documents no scopes: a token acts as its user with the user's own rights, so a
        # requested scope is accepted and ignored rather than refused.
        return ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # Exact string comparison, as RFC 6749 §3.1.2.2 and the OAuth security BCP recommend.
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets_match(client_secret, self._secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"

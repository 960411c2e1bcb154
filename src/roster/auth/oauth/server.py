"""Authlib's generic AuthorizationServer, bound to one request's database session.

A server is built per request (registering one grant is cheap), so the session it uses is the
request's own transaction and nothing is shared between threads.
"""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    OAuth2Request,
    UnsupportedResponseTypeError,
)
from sqlalchemy.orm import Session
from starlette.responses import Response

from roster.auth.oauth import store
from roster.auth.oauth.adapters import RequestSnapshot, StarletteOAuth2Request, to_response
from roster.auth.oauth.clients import RegisteredClient
from roster.auth.oauth.grant import RosterCodeGrant
from roster.auth.tokens import issue_token

TOKEN_NAME_PREFIX = "OAuth: "


class RosterAuthorizationServer(AuthorizationServer):  # type: ignore[misc]  # Authlib is untyped
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        # Authlib validates a request more than once per call; one lookup per client is enough.
        self._clients: dict[str, RegisteredClient | None] = {}
        self.register_grant(RosterCodeGrant)
        self.register_token_generator("default", self._issue_access_token)

    def query_client(self, client_id: str) -> RegisteredClient | None:
        if client_id not in self._clients:
            row = store.find_client(self.session, client_id)
            self._clients[client_id] = RegisteredClient(row) if row is not None else None
        return self._clients[client_id]

    def get_authorization_grant(self, request: OAuth2Request) -> Any:
        try:
            return super().get_authorization_grant(request)
        except UnsupportedResponseTypeError as error:
            # Authlib 1.9.6 passes its message where the response type goes, so the description
            # would be the client's own response_type value; say what is supported instead.
            error.description = "Only response_type=code is supported."
            raise

    def _issue_access_token(
        self,
        *,
        grant_type: str,
        client: RegisteredClient,
        user: Any = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, str]:
        # Generating is storing: issue_token mints the secret and writes its hash in one step, so
        # the token is an ordinary ApiToken, interchangeable with `roster token create` ones. It
        # never expires (Kantata's tokens last until revoked), hence no expires_in and no refresh
        # token; token_type is spelled the way Kantata spells it.
        issued = issue_token(
            self.session,
            user_id=user.id,
            name=(TOKEN_NAME_PREFIX + client.name)[:200],
            oauth_client_id=client.id,
        )
        return {"access_token": issued.secret, "token_type": "bearer"}

    def save_token(self, token: dict[str, str], request: OAuth2Request) -> None:
        """Nothing left to do: the token was stored when it was generated."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Roster has no signal bus; Authlib calls this after client authentication."""

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        if isinstance(request, RequestSnapshot):
            return StarletteOAuth2Request(request)
        raise TypeError(f"cannot adapt {type(request).__name__} to an OAuth2 request")

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
        return to_response(status, body, headers)

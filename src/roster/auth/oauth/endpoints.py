"""GET/POST /oauth/authorize (sign-in and consent) and POST /oauth/token.

Each request runs in one database transaction in a worker thread, like the dialect endpoints.
The authorization endpoint answers in HTML, or by redirecting to the client once the client and
its redirect URI are known to be genuine (RFC 6749 §4.1.2.1); the token endpoint answers in
RFC 6749 §5.1/§5.2 JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from authlib.oauth2.rfc6749 import InvalidGrantError, InvalidRequestError, OAuth2Error
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from roster.auth.oauth import pages, store
from roster.auth.oauth.adapters import RequestSnapshot, snapshot, to_response
from roster.auth.oauth.grant import CodeAlreadyClaimed, RosterCodeGrant, SignedInUser
from roster.auth.oauth.server import RosterAuthorizationServer
from roster.auth.requester import authenticate
from roster.db import Database
from roster.errors import Unauthenticated

# The authorization request's own parameters, carried through the sign-in and consent forms.
REQUEST_PARAMETERS = ("response_type", "client_id", "redirect_uri", "scope", "state")
UNAVAILABLE = "The database is unavailable; try again shortly."
UNQUOTABLE = (
    "response_type or redirect_uri holds characters outside printable ASCII, which no valid "
    "value has."
)
RETRY_AFTER = "5"
SIGN_IN_PROBLEM = (
    "That token was not accepted. Use a personal API token of yours that has not been revoked "
    "(a token issued to an application cannot be used to sign in)."
)


def _database_down(error: Exception) -> bool:
    if isinstance(error, OperationalError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


# -- the authorization endpoint ------------------------------------------------------------


@dataclass(frozen=True)
class Consent:
    """A validated authorization request, as the decision handlers see it."""

    session: Session
    server: RosterAuthorizationServer
    grant: RosterCodeGrant

    @property
    def app_name(self) -> str:
        name: str = self.grant.request.client.name
        return name

    @property
    def request_fields(self) -> list[tuple[str, str]]:
        data = self.grant.request.payload.data
        return [(name, data[name]) for name in REQUEST_PARAMETERS if data.get(name)]

    @property
    def api_token(self) -> str:
        # Only from the form body: a token must never travel in a URL.
        token: str = self.grant.request.form.get("api_token", "")
        return token.strip()

    def respond(self, user: SignedInUser | None) -> Response:
        """Redirect to the client: with a code when ``user`` allowed it, access_denied if not."""
        response: Response = self.server.create_authorization_response(
            request=self.grant.request, grant_user=user, grant=self.grant
        )
        return response


def _token_holder(consent: Consent) -> store.TokenHolder | None:
    """The user whose personal API token was entered, or None if it is not one.

    Roster stores no passwords, so a personal API token is the sign-in credential. The usual
    check applies (revoked tokens and disabled users are refused); tokens issued to applications
    are refused too, so that an application cannot use its token to obtain more tokens.
    """
    try:
        requester = authenticate(consent.session, consent.api_token)
    except Unauthenticated:
        return None
    holder = store.token_holder(consent.session, requester.token_id)
    return holder if holder.oauth_client_id is None else None


def _ask_to_sign_in(consent: Consent) -> Response:
    return pages.sign_in_page(
        app_name=consent.app_name, request_fields=consent.request_fields, problem=None, status=200
    )


def _refuse_sign_in(consent: Consent) -> Response:
    return pages.sign_in_page(
        app_name=consent.app_name,
        request_fields=consent.request_fields,
        problem=SIGN_IN_PROBLEM,
        status=422,
    )


def _sign_in(consent: Consent) -> Response:
    holder = _token_holder(consent)
    if holder is None:
        return _refuse_sign_in(consent)
    return pages.consent_page(
        app_name=consent.app_name,
        full_name=holder.full_name,
        email_address=holder.email_address,
        request_fields=consent.request_fields,
        api_token=consent.api_token,
    )


def _allow(consent: Consent) -> Response:
    # The token is checked again: the consent form is only proof of what the user typed.
    holder = _token_holder(consent)
    if holder is None:
        return _refuse_sign_in(consent)
    return consent.respond(SignedInUser(holder.user_id))


def _deny(consent: Consent) -> Response:
    return consent.respond(None)


# What the submitted form's ``decision`` asks for; anything else shows the sign-in form.
DECISIONS: dict[str, Callable[[Consent], Response]] = {
    "sign_in": _sign_in,
    "allow": _allow,
    "deny": _deny,
}


def _authorization_error(server: RosterAuthorizationServer, error: OAuth2Error) -> Response:
    if error.redirect_uri:
        response: Response = server.handle_error_response(None, error)
        return response
    return pages.error_page(
        error=error.error, description=error.get_error_description(), status=error.status_code
    )


def _authorize(database: Database, request: RequestSnapshot) -> Response:
    with database.transaction() as session:
        server = RosterAuthorizationServer(session)
        try:
            oauth_request = server.create_oauth2_request(request)
            grant = server.get_consent_grant(request=oauth_request)
        except OAuth2Error as error:
            return _authorization_error(server, error)
        except ValueError:
            # Authlib quotes the client's response_type or redirect_uri in some error
            # descriptions, and refuses to build the error (ValueError) when the value holds
            # characters RFC 6749 section 4.1.2.1 keeps out of descriptions. Nothing about such a
            # request can be trusted, so it gets the error page, never a redirect.
            return pages.error_page(error="invalid_request", description=UNQUOTABLE, status=400)
        consent = Consent(session=session, server=server, grant=grant)
        decision = consent.grant.request.form.get("decision", "")
        return DECISIONS.get(decision, _ask_to_sign_in)(consent)


async def authorize(request: Request) -> Response:
    database: Database = request.app.state.database
    try:
        snap = await snapshot(request)
    except ValueError as error:
        return pages.error_page(error="invalid_request", description=str(error), status=400)
    try:
        return await run_in_threadpool(_authorize, database, snap)
    except (DBAPIError, PoolTimeout) as error:
        if not _database_down(error):
            raise
        page = pages.error_page(
            error="temporarily_unavailable", description=UNAVAILABLE, status=503
        )
        page.headers["Retry-After"] = RETRY_AFTER
        return page


# -- the token endpoint --------------------------------------------------------------------


def _error_response(error: OAuth2Error) -> Response:
    status, body, headers = error()
    return to_response(status, body, headers)


def _exchange(database: Database, request: RequestSnapshot) -> Response:
    try:
        with database.transaction() as session:
            server = RosterAuthorizationServer(session)
            try:
                oauth_request = server.create_oauth2_request(request)
            except OAuth2Error as error:
                return _error_response(error)
            response: Response = server.create_token_response(oauth_request)
            return response
    except CodeAlreadyClaimed:
        # Raised after the token was minted, so that the rollback above discarded it.
        return _error_response(InvalidGrantError("Invalid 'code' in request."))


async def token(request: Request) -> Response:
    database: Database = request.app.state.database
    try:
        snap = await snapshot(request)
    except ValueError as error:
        return _error_response(InvalidRequestError(str(error)))
    try:
        return await run_in_threadpool(_exchange, database, snap)
    except (DBAPIError, PoolTimeout) as error:
        if not _database_down(error):
            raise
        unavailable = OAuth2Error(
            error="temporarily_unavailable", description=UNAVAILABLE, status_code=503
        )
        response = _error_response(unavailable)
        response.headers["Retry-After"] = RETRY_AFTER
        return response


def routes() -> list[BaseRoute]:
    return [
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/oauth/token", token, methods=["POST"]),
    ]

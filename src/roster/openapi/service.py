"""The operations of the endpoints outside the two dialects: health, OAuth2 and public images.

Their routes predate the contract and live in ``roster.web.health``, ``roster.auth.oauth`` and
``roster.web.media``; their paths are taken from there where those modules name them.
"""

from __future__ import annotations

from roster.auth.oauth.endpoints import REQUEST_PARAMETERS
from roster.dialects.kantata.presenter import DEFAULT_PHOTO_PATH
from roster.openapi import kantata
from roster.openapi.fields import record, wire
from roster.openapi.spec import ANONYMOUS, FORM, HTML, Body, Operation, Param, Reply, Schema, ref

OAUTH_TAG = "OAuth2"
SERVICE_TAG = "Service"

CLIENT_BASIC = "oauthClientBasic"
SECURITY_SCHEMES: dict[str, Schema] = {
    CLIENT_BASIC: {
        "type": "http",
        "scheme": "basic",
        "description": "The client's client_id and client_secret as HTTP Basic credentials "
        "(client_secret_basic), instead of the form fields.",
    }
}

OAUTH_ERROR = "OAuthError"
OAUTH_TOKEN = "OAuthToken"

_HTML_PAGE: Schema = {"type": "string", "description": "A self-contained HTML page."}
_TEXT = wire("string")

# The authorization request's own parameters, with what each means (RFC 6749 section 4.1.1).
_REQUEST_DOCS: dict[str, tuple[str, str, bool]] = {
    "response_type": ("code", "Only code is supported.", True),
    "client_id": ("3f9c0e", "The application's client_id.", True),
    "redirect_uri": (
        "https://app.example/callback",
        "One of the application's registered redirect URIs; optional when it has only one.",
        False,
    ),
    "scope": ("", "Accepted and ignored: tokens act as their user.", False),
    "state": ("xyz", "Returned unchanged to the redirect URI (recommended).", False),
}


def _request_fields() -> dict[str, Schema]:
    return {
        name: {"type": "string", "description": _REQUEST_DOCS[name][1]}
        for name in REQUEST_PARAMETERS
    }


def _query(name: str) -> Param:
    example, doc, required = _REQUEST_DOCS[name]
    return Param(name, "query", _TEXT, doc, example=example or None, required=required)


def schemas() -> dict[str, Schema]:
    return {
        OAUTH_TOKEN: record(
            {
                "access_token": {
                    "type": "string",
                    "description": "A bearer token for both dialects; it lasts until revoked.",
                },
                "token_type": {"type": "string", "enum": ["bearer"]},
            }
        ),
        OAUTH_ERROR: record(
            {"error": _TEXT, "error_description": _TEXT},
            required=("error",),
            doc="RFC 6749 section 5.2.",
        ),
        "OAuthAuthorizeForm": record(
            {
                **_request_fields(),
                "decision": {
                    "type": "string",
                    "enum": ["sign_in", "allow", "deny"],
                    "description": "sign_in shows the consent page; allow redirects with a "
                    "code; deny redirects with access_denied. Anything else shows the sign-in "
                    "form.",
                },
                "api_token": {
                    "type": "string",
                    "description": "A personal API token of the user (never one issued to an "
                    "application): the sign-in.",
                },
            },
            required=("response_type", "client_id"),
        ),
        "OAuthTokenForm": record(
            {
                "grant_type": {"type": "string", "enum": ["authorization_code"]},
                "code": _TEXT,
                "redirect_uri": {
                    "type": "string",
                    "description": "Required when the authorization request sent one: the "
                    "same value.",
                },
                "client_id": _TEXT,
                "client_secret": _TEXT,
            },
            required=("grant_type", "code"),
        ),
    }


_REDIRECT = Reply(
    "Back to the client: with code and state when allowed, with error (access_denied, "
    "unsupported_response_type...) once the client and redirect URI are known to be genuine.",
    headers={"Location": "The redirect URI with the result in its query."},
)
_PAGE_UNAVAILABLE = Reply(
    "The database is unavailable.",
    _HTML_PAGE,
    media_type=HTML,
    headers={"Retry-After": "Seconds to wait before trying again."},
)
_PAGE_ERROR = Reply(
    "An unknown client, an unregistered redirect URI or a repeated parameter: an error page, no "
    "redirect.",
    _HTML_PAGE,
    media_type=HTML,
)

OAUTH_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "GET",
        "/oauth/authorize",
        "oauthAuthorize",
        "Start the authorization-code flow",
        "Kantata's GET /oauth/authorize: answers the sign-in page, where the user pastes a "
        "personal API token (Roster stores no passwords), then asks for consent.",
        {
            200: Reply("The sign-in page.", _HTML_PAGE, media_type=HTML),
            302: _REDIRECT,
            400: _PAGE_ERROR,
            503: _PAGE_UNAVAILABLE,
        },
        tuple(_query(name) for name in REQUEST_PARAMETERS),
    ),
    Operation(
        "POST",
        "/oauth/authorize",
        "oauthDecide",
        "Sign in and consent",
        "The sign-in and consent forms post here; a script may post decision=allow with "
        "api_token directly.",
        {
            200: Reply("The consent page (or the sign-in page again).", _HTML_PAGE, HTML),
            302: _REDIRECT,
            400: _PAGE_ERROR,
            422: Reply("The token was refused: the sign-in page again.", _HTML_PAGE, HTML),
            503: _PAGE_UNAVAILABLE,
        },
        body=Body(
            ref("OAuthAuthorizeForm"),
            "The authorization request's parameters and the user's decision.",
            media_types=(FORM,),
        ),
    ),
    Operation(
        "POST",
        "/oauth/token",
        "oauthToken",
        "Exchange a code for a token",
        "Kantata's POST /oauth/token: a code, once, for the client it was issued to. Client "
        "credentials as form fields or HTTP Basic.",
        {
            200: Reply("The token (Cache-Control: no-store).", ref(OAUTH_TOKEN)),
            400: Reply(
                "invalid_request, invalid_client (unknown client_id), invalid_grant, "
                "unsupported_grant_type or insecure_transport.",
                ref(OAUTH_ERROR),
            ),
            401: Reply(
                "invalid_client: wrong or missing client credentials.",
                ref(OAUTH_ERROR),
                headers={"WWW-Authenticate": "Basic."},
            ),
            503: Reply(
                "temporarily_unavailable.",
                ref(OAUTH_ERROR),
                headers={"Retry-After": "Seconds to wait before trying again."},
            ),
        },
        body=Body(
            ref("OAuthTokenForm"),
            "RFC 6749 section 4.1.3, as a form.",
            media_types=(FORM,),
        ),
        security=(CLIENT_BASIC, ANONYMOUS),
    ),
)

_IMAGE = {"type": "string", "format": "binary"}

SERVICE_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "GET",
        "/healthz",
        "getHealth",
        "Liveness",
        "Answers while the process runs; touches nothing.",
        {200: Reply("Alive.", record({"status": _TEXT}))},
    ),
    Operation(
        "GET",
        "/readyz",
        "getReadiness",
        "Readiness",
        "Checks that the database answers.",
        {
            200: Reply(
                "Ready; database names the engine.",
                record({"status": _TEXT, "database": _TEXT}),
            ),
            503: Reply(
                "The database is unreachable.",
                record({"status": _TEXT, "database": _TEXT}),
                headers={"Retry-After": "Seconds to wait before trying again."},
            ),
        },
    ),
    Operation(
        "GET",
        "/media/{key}",
        "getProfilePhoto",
        "A stored profile photo",
        "What photo_path and avatarUrl point at; public like Kantata's, as <img> tags send no "
        "token. The key is unguessable and never reused: the answer is cacheable forever, and "
        "404 once the photo is replaced or reset.",
        {
            200: Reply("The image.", _IMAGE, media_type="image/*"),
            404: Reply("No such photo.", ref(kantata.ERRORS)),
            503: Reply(
                "The media store is unavailable.",
                ref(kantata.ERRORS),
                headers={"Retry-After": "Seconds to wait before trying again."},
            ),
        },
        (Param("key", "path", _TEXT, "The photo's key (it contains slashes).", required=True),),
    ),
    Operation(
        "GET",
        DEFAULT_PHOTO_PATH,
        "getDefaultProfilePhoto",
        "The default profile photo",
        "The photo_path of everyone without a photo of their own.",
        {
            200: Reply("A PNG image, with an ETag.", _IMAGE, media_type="image/png"),
            304: Reply("Not modified (If-None-Match matched the ETag)."),
        },
    ),
)

"""Every group of operations the application serves, with the schemas they refer to."""

from __future__ import annotations

from roster.dialects.kantata import routes as kantata_routes
from roster.dialects.teamwork import routes as teamwork_routes
from roster.openapi import endpoints, kantata, service, teamwork
from roster.openapi.spec import Api

APIS: tuple[Api, ...] = (
    Api(
        "Kantata OX v1",
        "The Kantata OX (Mavenlink) v1 users endpoints: Brainstem envelope, ids as strings, "
        "filters, includes and pagination.",
        kantata_routes.OPERATIONS,
        kantata.schemas(),
        kantata.SECURITY_SCHEMES,
    ),
    Api(
        "Teamwork v3",
        "The Teamwork.com Projects v3 people endpoints: integer ids, included sideloads and "
        "fields[...] sparse fieldsets.",
        teamwork_routes.OPERATIONS,
        teamwork.schemas(),
        teamwork.SECURITY_SCHEMES,
    ),
    Api(
        service.OAUTH_TAG,
        "The OAuth2 authorization-code flow (RFC 6749 section 4.1) as Kantata runs it; the "
        "tokens work in both dialects.",
        service.OAUTH_OPERATIONS,
        service.schemas(),
        service.SECURITY_SCHEMES,
    ),
    Api(
        service.SERVICE_TAG,
        "The service itself: health checks, public images and this documentation.",
        (*service.SERVICE_OPERATIONS, *endpoints.OPERATIONS),
    ),
)

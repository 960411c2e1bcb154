"""GET /openapi.json and GET /docs, and the operations of the service's own endpoints.

Both are public and rendered once per process from the declarations. The docs page is one
self-contained HTML document (inline CSS, no script, nothing fetched), so it works offline.
"""

from __future__ import annotations

from functools import cache

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from roster.openapi.document import document
from roster.openapi.page import render
from roster.openapi.spec import HTML, Operation, Reply
from roster.web.responses import JSON_MEDIA_TYPE

OPENAPI_PATH = "/openapi.json"
DOCS_PATH = "/docs"
# Nothing but inline styles may load, and the page may not be framed.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


@cache
def _encoded_document() -> bytes:
    return orjson.dumps(document())


@cache
def _page() -> str:
    return render(document())


async def openapi_json(_request: Request) -> Response:
    return Response(_encoded_document(), media_type=JSON_MEDIA_TYPE)


async def docs_page(_request: Request) -> Response:
    return HTMLResponse(_page(), headers=PAGE_HEADERS)


def routes() -> list[BaseRoute]:
    return [
        Route(OPENAPI_PATH, openapi_json, methods=["GET"]),
        Route(DOCS_PATH, docs_page, methods=["GET"]),
    ]


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "GET",
        OPENAPI_PATH,
        "getOpenApiDocument",
        "This document",
        "The OpenAPI 3.1 description of every endpoint, generated from the declarations the "
        "engine runs on.",
        {200: Reply("The OpenAPI document.", {"type": "object"})},
    ),
    Operation(
        "GET",
        DOCS_PATH,
        "getDocsPage",
        "The documentation page",
        "This document as one self-contained HTML page: every endpoint with its parameters "
        "(meaning, format, example) and responses.",
        {200: Reply("The page.", {"type": "string"}, media_type=HTML)},
    ),
)

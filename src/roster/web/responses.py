"""JSON responses, written by the dialects' shared writer (``roster.dialects.formats``)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from roster.dialects.formats import wire_json

JSON_MEDIA_TYPE = "application/json; charset=utf-8"


def json_response(
    body: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        wire_json(body),
        status_code=status_code,
        media_type=JSON_MEDIA_TYPE,
        headers=headers,
    )

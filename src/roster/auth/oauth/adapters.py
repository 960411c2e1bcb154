"""The two small adapters Authlib's generic server needs: Starlette request in, response out.

Starlette reads bodies asynchronously while Authlib is synchronous, so the async endpoint reads
everything first into a RequestSnapshot, and the Authlib side works on that in a worker thread.
Parameters are the query string and the form body together (as Authlib's Flask integration
does), while client credentials are only ever taken from the form body or HTTP Basic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response


@dataclass(frozen=True)
class RequestSnapshot:
    method: str
    url: str
    headers: Mapping[str, str]
    query: tuple[tuple[str, str], ...]
    form: tuple[tuple[str, str], ...]

    @property
    def values(self) -> tuple[tuple[str, str], ...]:
        return self.query + self.form


async def snapshot(request: Request) -> RequestSnapshot:
    """Read the request whole; a form body that cannot be parsed raises ValueError."""
    form: tuple[tuple[str, str], ...] = ()
    if request.method == "POST":
        try:
            parsed = await request.form()
        except (HTTPException, MultiPartException) as error:
            raise ValueError("the request body is not a valid form") from error
        form = tuple((k, v) for k, v in parsed.multi_items() if not isinstance(v, UploadFile))
    return RequestSnapshot(
        method=request.method,
        url=str(request.url),
        headers=request.headers,
        query=tuple(request.query_params.multi_items()),
        form=form,
    )


def _first_values(items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    first: dict[str, str] = {}
    for key, value in items:
        first.setdefault(key, value)
    return first


class SnapshotPayload(OAuth2Payload):  # type: ignore[misc]  # Authlib ships no type information
    def __init__(self, items: tuple[tuple[str, str], ...]) -> None:
        self._data = _first_values(items)
        # Every value, so that Authlib can refuse a repeated parameter (RFC 6749 §3.1).
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in items:
            self._datalist[key].append(value)

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class StarletteOAuth2Request(OAuth2Request):  # type: ignore[misc]  # Authlib is untyped
    """Raises Authlib's InsecureTransportError for plain http other than loopback."""

    def __init__(self, request: RequestSnapshot) -> None:
        super().__init__(method=request.method, uri=request.url, headers=request.headers)
        self.payload = SnapshotPayload(request.values)
        self._args = _first_values(request.query)
        self._form = _first_values(request.form)

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


def to_response(status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
    content = orjson.dumps(body) if isinstance(body, dict) else str(body or "").encode("utf-8")
    return Response(content, status_code=status, headers=dict(headers))

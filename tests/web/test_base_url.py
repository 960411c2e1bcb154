"""The base URL links are written with: Starlette's own, worked out once per kind of request."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request

from roster.web.dialect import Call

_HOSTS = st.one_of(
    st.none(),
    st.sampled_from([b"roster.test", b"roster.test:8080", b"[::1]:81", b"bad host", b"x:99999"]),
)
_SERVERS = st.one_of(
    st.none(),
    st.sampled_from([("127.0.0.1", 80), ("127.0.0.1", 8810), ("::1", 443), ("10.0.0.1", 443)]),
)


class _Settings:
    public_url = ""


class _State:
    settings = _Settings()


class _App:
    state = _State()


def _request(scheme: str, server: Any, host: bytes | None, root_path: str) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "headers": [(b"accept", b"*/*")] + ([(b"host", host)] if host is not None else []),
        "method": "GET",
        "path": root_path + "/api/v1/users",
        "root_path": root_path,
        "query_string": b"page=2",
        "app": _App(),
    }
    return Request(scope)


@given(st.sampled_from(["http", "https"]), _SERVERS, _HOSTS, st.sampled_from(["", "/roster"]))
def test_the_base_url_is_starlettes(
    scheme: str, server: Any, host: bytes | None, root_path: str
) -> None:
    request = _request(scheme, server, host, root_path)
    call = Call(request=request, session=None, requester=None, params=None, body=None, path={})  # type: ignore[arg-type]
    assert call.base_url == str(request.base_url).rstrip("/")


def test_a_configured_public_url_wins() -> None:
    request = _request("http", ("127.0.0.1", 80), b"roster.test", "")
    _Settings.public_url = "https://people.example.com/"
    try:
        call = Call(request=request, session=None, requester=None, params=None, body=None, path={})  # type: ignore[arg-type]
        assert call.base_url == "https://people.example.com"
    finally:
        _Settings.public_url = ""

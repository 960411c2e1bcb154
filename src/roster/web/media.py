"""The public image URLs Roster hands out: stored profile photos and the default profile image.

``photo_path`` (Kantata) and ``avatarUrl`` (Teamwork) are plain URLs that clients put in ``<img>``
tags, which send no token; Kantata's own are public URLs too. So these routes need no token, and
only profile photos are served here: a key must be one ``roster.people.photos`` makes
(``photos/{user}/{128-bit random token}/...``), which nobody can guess or enumerate. Attachments,
which are in the same store, are never served here; they need a token (``/api/v1/attachments/
{id}/download``). A photo key is never reused, so its answer is cacheable forever; after a photo is
replaced or reset its bytes are deleted and the old URL answers 404.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from roster.dialects.kantata.presenter import DEFAULT_PHOTO_PATH
from roster.media import InvalidKey, MediaStore, content_type_for
from roster.people.photos import THUMBNAIL_SIZE, is_public_key
from roster.web.responses import json_response

IMMUTABLE = "public, max-age=31536000, immutable"
# The default image may change with a release; a day is short enough for that.
DEFAULT_CACHE = "public, max-age=86400"


def media_store(request: Request) -> MediaStore:
    store: MediaStore = request.app.state.media
    return store


def _not_found() -> Response:
    return json_response({"errors": [{"type": "system", "message": "Not found"}]}, 404)


async def serve_photo(request: Request) -> Response:
    """GET /media/{key}: the bytes of a stored profile photo."""
    key = str(request.path_params["key"])
    if not is_public_key(key):
        return _not_found()
    try:
        data = await run_in_threadpool(media_store(request).get, key)
    except (KeyError, InvalidKey):
        return _not_found()
    except OSError:
        return json_response(
            {"errors": [{"type": "system", "message": "The media store is unavailable"}]},
            503,
            {"Retry-After": "5"},
        )
    return Response(
        data,
        media_type=content_type_for(key),
        headers={"Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"},
    )


@lru_cache(maxsize=1)
def default_photo_png() -> bytes:
    """A neutral silhouette, drawn once per process (no binary file to ship or lose)."""
    width, height = THUMBNAIL_SIZE
    image = Image.new("RGB", (width, height), (226, 230, 234))
    draw = ImageDraw.Draw(image)
    figure = (160, 168, 176)
    draw.ellipse((width * 0.32, height * 0.16, width * 0.68, height * 0.52), fill=figure)
    draw.ellipse((width * 0.14, height * 0.58, width * 0.86, height * 1.25), fill=figure)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _default_etag() -> str:
    return '"' + hashlib.sha256(default_photo_png()).hexdigest()[:32] + '"'


async def serve_default_photo(request: Request) -> Response:
    """GET /images/default_profile_photo/default.png: the photo of everyone without one."""
    etag = _default_etag()
    headers = {"Cache-Control": DEFAULT_CACHE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(default_photo_png(), media_type="image/png", headers=headers)


def routes() -> list[BaseRoute]:
    return [
        Route("/media/{key:path}", serve_photo, methods=["GET"]),
        Route(DEFAULT_PHOTO_PATH, serve_default_photo, methods=["GET"]),
    ]

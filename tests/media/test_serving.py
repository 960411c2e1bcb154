"""GET /media/{key} and the default profile image: public URLs, photos only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from roster.config import Settings
from roster.media import LocalDirectoryStore, MediaStore, StoreUnavailable
from roster.web.app import create_app
from tests.media.support import image_bytes, open_image

PHOTO_KEY = "photos/7/0123456789abcdef0123456789abcdef/thumbnail.jpg"
DEFAULT = "/images/default_profile_photo/default.png"


@pytest.fixture
def store(tmp_path: Path) -> LocalDirectoryStore:
    return LocalDirectoryStore(tmp_path / "media")


@pytest.fixture
def app(database: Any, store: MediaStore) -> Any:
    return create_app(Settings(access_log=False), database, media=store)


def test_a_stored_photo_is_served_without_a_token(client: Any, store: MediaStore) -> None:
    data = image_bytes("JPEG", (200, 200))
    store.put(PHOTO_KEY, data)
    png_key = PHOTO_KEY.replace("thumbnail.jpg", "photo.png")
    store.put(png_key, image_bytes("PNG"))
    response = client.get(f"/media/{PHOTO_KEY}")
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/media/{png_key}").headers["content-type"] == "image/png"


@pytest.mark.parametrize(
    "key",
    [
        "attachments/0000/12-secret.png",  # in the store, but an attachment: needs a token
        "photos/7/not-a-token/thumbnail.jpg",
        "photos/7/0123456789abcdef0123456789abcdef/thumbnail.gif",
        "photos/7/0123456789abcdef0123456789abcdef/../../../attachments/0000/12-secret.png",
    ],
)
def test_anything_but_a_photo_key_is_not_found(client: Any, store: MediaStore, key: str) -> None:
    store.put("attachments/0000/12-secret.png", b"secret")
    response = client.get(f"/media/{key}")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"type": "system", "message": "Not found"}]}


def test_a_photo_that_is_gone_is_not_found(client: Any) -> None:
    assert client.get(f"/media/{PHOTO_KEY}").status_code == 404


class _Down:
    def put(self, key: str, data: bytes) -> None:
        raise StoreUnavailable("down")

    def get(self, key: str) -> bytes:
        raise StoreUnavailable("down")

    def delete(self, key: str) -> None:
        raise StoreUnavailable("down")

    def exists(self, key: str) -> bool:
        raise StoreUnavailable("down")


def test_an_unreachable_store_is_503(database: Any) -> None:
    app = create_app(Settings(access_log=False), database, media=_Down())
    with TestClient(app) as client:
        response = client.get(f"/media/{PHOTO_KEY}")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"


def test_the_default_image_is_a_cacheable_png(client: Any) -> None:
    response = client.get(DEFAULT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "public, max-age=86400"
    image = open_image(response.content)
    assert (image.format, image.size) == ("PNG", (200, 200))
    etag = response.headers["etag"]
    again = client.get(DEFAULT, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.head(DEFAULT).status_code == 200

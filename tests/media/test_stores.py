"""The MediaStore contract, run against both backends: a directory and a real S3-compatible
server (moto in server mode, over HTTP)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.config import Settings
from roster.media import (
    InvalidKey,
    LocalDirectoryStore,
    MediaStore,
    StoreUnavailable,
    default_store,
)
from roster.media.s3 import S3Store
from tests.media.support import BACKENDS, CREDENTIALS, REGION, free_port, make_store, new_bucket

INVALID_KEYS = [
    "",
    "/etc/passwd",
    "../outside",
    "a/../../b",
    "a/./b",
    "a//b",
    "a/",
    "a\\b",
    ".",
    "a\x00b",
]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str) -> MediaStore:
    return make_store(request.param, tmp_path, s3_endpoint)


def test_put_then_get_returns_the_same_bytes(store: MediaStore) -> None:
    data = bytes(range(256)) * 10
    store.put("attachments/0001/1001-notes.txt", data)
    assert store.get("attachments/0001/1001-notes.txt") == data
    assert store.exists("attachments/0001/1001-notes.txt")


def test_put_replaces_what_was_there(store: MediaStore) -> None:
    store.put("photos/a.png", b"old")
    store.put("photos/a.png", b"new")
    assert store.get("photos/a.png") == b"new"


def test_empty_bytes_are_stored(store: MediaStore) -> None:
    store.put("empty.bin", b"")
    assert store.exists("empty.bin")
    assert store.get("empty.bin") == b""


def test_missing_key_is_a_key_error_and_does_not_exist(store: MediaStore) -> None:
    with pytest.raises(KeyError):
        store.get("nothing/here.png")
    assert not store.exists("nothing/here.png")


def test_delete_forgets_and_deleting_twice_is_fine(store: MediaStore) -> None:
    store.put("x/y.jpg", b"bytes")
    store.delete("x/y.jpg")
    assert not store.exists("x/y.jpg")
    with pytest.raises(KeyError):
        store.get("x/y.jpg")
    store.delete("x/y.jpg")
    store.delete("never/was.jpg")


def test_keys_are_independent(store: MediaStore) -> None:
    store.put("a/1.txt", b"one")
    store.put("a/2.txt", b"two")
    store.delete("a/1.txt")
    assert store.get("a/2.txt") == b"two"


@pytest.mark.parametrize("key", INVALID_KEYS)
def test_every_operation_refuses_keys_that_could_escape(store: MediaStore, key: str) -> None:
    for operation in (
        lambda: store.put(key, b"x"),
        lambda: store.get(key),
        lambda: store.delete(key),
        lambda: store.exists(key),
    ):
        with pytest.raises(InvalidKey):
            operation()


def test_both_stores_satisfy_the_protocol(tmp_path: Path, s3_endpoint: str) -> None:
    for backend in BACKENDS:
        assert isinstance(make_store(backend, tmp_path, s3_endpoint), MediaStore)


# --- S3 specifics --------------------------------------------------------------------------------


def test_s3_objects_carry_the_content_type_of_their_key(s3_endpoint: str) -> None:
    store = new_bucket(s3_endpoint)
    store.put("photos/1/t/thumbnail.jpg", b"\xff\xd8")
    store.put("photos/1/t/thumbnail.png", b"\x89PNG")
    store.put("attachments/0001/1-data.bin", b"\x00")
    heads = {
        key: store.client.head_object(Bucket=store.bucket, Key=key)["ContentType"]
        for key in (
            "photos/1/t/thumbnail.jpg",
            "photos/1/t/thumbnail.png",
            "attachments/0001/1-data.bin",
        )
    }
    assert heads == {
        "photos/1/t/thumbnail.jpg": "image/jpeg",
        "photos/1/t/thumbnail.png": "image/png",
        "attachments/0001/1-data.bin": "application/octet-stream",
    }


def test_s3_missing_bucket_is_unavailable_not_missing_key(s3_endpoint: str) -> None:
    store = S3Store.connect(
        "no-such-bucket-here", endpoint_url=s3_endpoint, region=REGION, **CREDENTIALS
    )
    with pytest.raises(StoreUnavailable):
        store.put("a.txt", b"x")
    with pytest.raises(StoreUnavailable):
        store.get("a.txt")


def test_s3_unreachable_is_unavailable() -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    store = S3Store.connect("bucket", endpoint_url=closed, region=REGION, **CREDENTIALS)
    for operation in (
        lambda: store.put("a.txt", b"x"),
        lambda: store.get("a.txt"),
        lambda: store.exists("a.txt"),
        lambda: store.delete("a.txt"),
    ):
        with pytest.raises(StoreUnavailable):
            operation()


# --- configuration -------------------------------------------------------------------------------


def test_default_backend_is_the_local_directory(tmp_path: Path) -> None:
    store = default_store(Settings(media_dir=str(tmp_path / "m")), environ={})
    assert isinstance(store, LocalDirectoryStore)
    assert store.root == (tmp_path / "m").resolve()
    local = default_store(
        Settings(media_dir=str(tmp_path)), environ={"ROSTER_MEDIA_BACKEND": "LOCAL"}
    )
    assert isinstance(local, LocalDirectoryStore)


def test_s3_backend_from_the_environment_reaches_the_bucket(s3_endpoint: str) -> None:
    bucket = new_bucket(s3_endpoint).bucket
    environ = {
        "ROSTER_MEDIA_BACKEND": "s3",
        "ROSTER_S3_BUCKET": bucket,
        "ROSTER_S3_ENDPOINT_URL": s3_endpoint,
        "ROSTER_S3_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    store = default_store(Settings(), environ=environ)
    assert isinstance(store, S3Store)
    assert store.bucket == bucket
    store.put("from/env.txt", b"configured")
    assert store.get("from/env.txt") == b"configured"


def test_unknown_backend_or_missing_bucket_stops_start_up() -> None:
    with pytest.raises(SystemExit, match="ROSTER_MEDIA_BACKEND must be one of local, s3"):
        default_store(Settings(), environ={"ROSTER_MEDIA_BACKEND": "ftp"})
    with pytest.raises(SystemExit, match="ROSTER_S3_BUCKET"):
        default_store(Settings(), environ={"ROSTER_MEDIA_BACKEND": "s3"})

"""Helpers for the media tests: a real S3-compatible server, stores of both kinds, and images.

The S3 store is tested against moto's server mode, a real HTTP server on a free loopback port,
so boto3 goes through its whole stack (signing, retries, error parsing) as against AWS.
"""

from __future__ import annotations

import functools
import io
import socket
import struct
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from moto.server import ThreadedMotoServer
from PIL import Image

from roster.media import LocalDirectoryStore, MediaStore
from roster.media.s3 import S3Store

REGION = "us-east-1"
CREDENTIALS = {"access_key_id": "testing", "secret_access_key": "testing"}
BACKENDS = ("local", "s3")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def moto_server() -> Iterator[str]:
    """A running moto server; yields its endpoint URL."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@functools.cache
def _connected(endpoint_url: str) -> S3Store:
    # Making a boto3 client loads the service model (about a second here): one per server.
    return S3Store.connect("unused", endpoint_url=endpoint_url, region=REGION, **CREDENTIALS)


def new_bucket(endpoint_url: str) -> S3Store:
    """An S3 store on a fresh bucket of its own, so tests never see each other's objects."""
    store = S3Store(f"roster-test-{uuid.uuid4().hex[:12]}", _connected(endpoint_url).client)
    store.client.create_bucket(Bucket=store.bucket)
    return store


def make_store(backend: str, tmp_path: Path, endpoint_url: str) -> MediaStore:
    if backend == "local":
        return LocalDirectoryStore(tmp_path / "media")
    return new_bucket(endpoint_url)


def stored_keys(store: MediaStore) -> set[str]:
    """Every key in the store (test inspection only; the interface itself cannot list)."""
    if isinstance(store, LocalDirectoryStore):
        if not store.root.exists():
            return set()
        return {
            path.relative_to(store.root).as_posix()
            for path in store.root.rglob("*")
            if path.is_file() and not path.name.startswith(".tmp-")
        }
    assert isinstance(store, S3Store)
    listed = store.client.list_objects_v2(Bucket=store.bucket)
    return {item["Key"] for item in listed.get("Contents", [])}


# --- images --------------------------------------------------------------------------------------


def image_bytes(
    fmt: str = "PNG",
    size: tuple[int, int] = (320, 240),
    mode: str = "RGB",
    colour: tuple[int, ...] = (200, 30, 30),
    exif: Image.Exif | None = None,
) -> bytes:
    image = Image.new(mode, size, colour)
    buffer = io.BytesIO()
    if exif is not None:
        image.save(buffer, format=fmt, exif=exif)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid-looking PNG of a few dozen bytes whose header declares width x height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def open_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image

"""The media store interface and its local-directory implementation.

Rows refer to bytes by a *key* (``attachments.storage_key``, ``users.photo_key``): a relative,
slash-separated path such as ``attachments/42/mockup.png``. Keeping the interface this small lets a
deployment that runs several servers swap the directory for shared object storage
(``roster.media.s3``), chosen by ``ROSTER_MEDIA_BACKEND``.
"""

from __future__ import annotations

import mimetypes
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from roster.config import Settings

BACKENDS = ("local", "s3")
# The largest file Roster takes into a store from a client (the multipart reader and the photo
# checks both hold to it).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class InvalidKey(ValueError):
    """A key that could escape the store's root or name nothing."""


class StoreUnavailable(OSError):
    """The store could not be reached or refused the operation; worth retrying later."""


@runtime_checkable
class MediaStore(Protocol):
    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, replacing whatever was there."""

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; raises KeyError when there are none."""

    def delete(self, key: str) -> None:
        """Forget ``key``; deleting a missing key is not an error."""

    def exists(self, key: str) -> bool: ...


def key_parts(key: str) -> tuple[str, ...]:
    """The segments of a valid key; InvalidKey for anything every store must refuse."""
    parts = tuple(key.split("/"))
    # Keys come from rows that users can influence (file names), so refuse anything that could
    # point outside the root instead of trusting the caller. The segments are checked as written,
    # not as a path would normalise them ("a/./b" and "a//b" are not "a/b" to an object store),
    # so that a key valid in one backend names the same bytes in the other.
    if "\\" in key or "\0" in key or any(p in {"", ".", ".."} for p in parts):
        raise InvalidKey(f"invalid media key {key!r}")
    return parts


def content_type_for(key: str) -> str:
    """The media type a key's extension names (keys are made by Roster, so it is reliable)."""
    guessed, _ = mimetypes.guess_type(key, strict=False)
    return guessed or "application/octet-stream"


class LocalDirectoryStore:
    """Keys map onto files below ``root``; directories are created on demand."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def path_for(self, key: str) -> Path:
        return self.root.joinpath(*key_parts(key))

    def put(self, key: str, data: bytes) -> None:
        target = self.path_for(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader sees the old bytes or the new, never half.
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self.path_for(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError) as exc:
            raise KeyError(key) from exc

    def delete(self, key: str) -> None:
        self.path_for(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()


def default_store(
    settings: Settings | None = None, environ: Mapping[str, str] | None = None
) -> MediaStore:
    """The store the environment configures (docs/configuration.md, "Media storage"):
    ``ROSTER_MEDIA_BACKEND=local`` (the default) is the directory ``ROSTER_MEDIA_DIR``;
    ``s3`` is the bucket ``ROSTER_S3_BUCKET`` of an S3-compatible service."""
    env = os.environ if environ is None else environ
    backend = (env.get("ROSTER_MEDIA_BACKEND") or "local").strip().lower()
    if backend == "s3":
        # Imported here: boto3 costs a noticeable share of start-up, and local stores skip it.
        from roster.media.s3 import S3Store

        return S3Store.from_env(env)
    if backend != "local":
        raise SystemExit(
            f"ROSTER_MEDIA_BACKEND must be one of {', '.join(BACKENDS)}, got {backend!r}"
        )
    return LocalDirectoryStore((settings or Settings.from_env()).media_dir)

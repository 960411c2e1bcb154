"""The media store on an S3-compatible object store (AWS S3, MinIO, Ceph, moto...), via boto3.

Configured by the environment (docs/configuration.md, "Media storage"): ``ROSTER_S3_BUCKET``
(required; the bucket must exist), ``ROSTER_S3_ENDPOINT_URL`` (for anything but AWS itself),
``ROSTER_S3_REGION``; credentials come from boto3's usual chain (``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN``, ``AWS_PROFILE``, an instance role...).

Keys are the same relative paths the local store takes, refused by the same rule, so rows mean
the same bytes whichever backend holds them. Objects are written with the content type their key's
extension names, so a bucket served directly (a CDN in front of it) answers correctly too.
Anything the service answers besides "no such key" is ``StoreUnavailable``: the caller decides
whether that is a 503 or a cleanup to retry.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from roster.media.store import StoreUnavailable, content_type_for, key_parts

# What S3 and the compatible services answer for a key that is not there.
_MISSING = frozenset({"NoSuchKey", "404", "NotFound"})


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class S3Store:
    """One bucket; a key is an object name."""

    def __init__(self, bucket: str, client: Any) -> None:
        self.bucket = bucket
        # boto3 clients are thread-safe, so one serves every request thread of a worker.
        self._client = client

    @classmethod
    def connect(
        cls,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        session_token: str | None = None,
    ) -> S3Store:
        config = Config(
            # Services other than AWS (MinIO, moto) rarely have per-bucket DNS names.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
        )
        # A session per store: boto3's default session is shared module state, not thread-safe.
        session = boto3.session.Session()
        client = session.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            aws_session_token=session_token,
            config=config,
        )
        return cls(bucket, client)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> S3Store:
        env = os.environ if environ is None else environ
        bucket = (env.get("ROSTER_S3_BUCKET") or "").strip()
        if not bucket:
            raise SystemExit("ROSTER_MEDIA_BACKEND=s3 needs ROSTER_S3_BUCKET")
        return cls.connect(
            bucket,
            endpoint_url=(env.get("ROSTER_S3_ENDPOINT_URL") or "").strip() or None,
            region=(env.get("ROSTER_S3_REGION") or "").strip() or None,
            # None lets boto3 find them itself (environment, profile, instance role).
            access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
            secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            session_token=env.get("AWS_SESSION_TOKEN") or None,
        )

    @property
    def client(self) -> Any:
        """The boto3 S3 client, for operations outside the store's contract (making buckets)."""
        return self._client

    def _name(self, key: str) -> str:
        key_parts(key)
        return key

    def put(self, key: str, data: bytes) -> None:
        name = self._name(key)
        try:
            self._client.put_object(
                Bucket=self.bucket, Key=name, Body=data, ContentType=content_type_for(name)
            )
        except (ClientError, BotoCoreError) as exc:
            raise StoreUnavailable(f"could not store {key!r}: {exc}") from exc

    def get(self, key: str) -> bytes:
        name = self._name(key)
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=name)
            return bytes(answer["Body"].read())
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise KeyError(key) from exc
            raise StoreUnavailable(f"could not read {key!r}: {exc}") from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(f"could not read {key!r}: {exc}") from exc

    def delete(self, key: str) -> None:
        name = self._name(key)
        try:
            # S3 answers a delete of a missing key with success, which is the contract.
            self._client.delete_object(Bucket=self.bucket, Key=name)
        except (ClientError, BotoCoreError) as exc:
            raise StoreUnavailable(f"could not delete {key!r}: {exc}") from exc

    def exists(self, key: str) -> bool:
        name = self._name(key)
        try:
            self._client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise StoreUnavailable(f"could not look up {key!r}: {exc}") from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(f"could not look up {key!r}: {exc}") from exc
        return True

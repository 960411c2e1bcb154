"""Where uploaded and generated file bytes live (attachments, work samples, profile photos)."""

from roster.media.store import (
    MAX_UPLOAD_BYTES,
    InvalidKey,
    LocalDirectoryStore,
    MediaStore,
    StoreUnavailable,
    content_type_for,
    default_store,
    key_parts,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "InvalidKey",
    "LocalDirectoryStore",
    "MediaStore",
    "StoreUnavailable",
    "content_type_for",
    "default_store",
    "key_parts",
]

"""Profile photos: checking an upload is a real, reasonable image, and re-encoding it.

An upload is untrusted bytes. It is accepted only when Pillow recognises it as PNG, JPEG or WebP,
its declared size is at most ``MAX_PIXELS`` (checked from the header, before anything is decoded,
so a small file declaring a huge image, a decompression bomb, costs nothing), ``Image.verify``
finds it sound, and it then decodes whole. What is stored is never the upload itself but a fresh
encoding of its pixels: metadata (EXIF with its GPS position, comments, colour profiles) is
dropped, the EXIF orientation is applied to the pixels first, and animation keeps its first frame.

Two sizes are stored: the photo, at most ``MAX_SIDE`` pixels on its longer side, and a square
``THUMBNAIL_SIZE`` thumbnail cropped from its centre, which is what ``photo_path`` names (Kantata's
``photo_path`` is "the full URL of the thumbnail"). An image with visible transparency is stored as
PNG; anything else as JPEG.

Keys: ``photos/{user_id}/{random token}/{thumbnail|photo}.{jpg|png}``. A key is never reused, so
its bytes never change and may be cached forever; the random token makes the public URL
unguessable. ``users.photo_key`` holds the thumbnail's key; the photo's is its sibling.

Nothing is ever half-stored: the new bytes are written first, under their new keys; then the row
is pointed at them in the request's transaction. If that transaction rolls back (or its commit
fails) the new bytes are deleted; only once it has committed are the old bytes deleted, so the
row never names bytes that are gone. A failed cleanup leaves unreferenced bytes behind, never a
broken row, and is logged.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import structlog
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from roster.db.base import utcnow
from roster.errors import NotFound
from roster.files import repository
from roster.media import MAX_UPLOAD_BYTES, MediaStore

MAX_PHOTO_BYTES = MAX_UPLOAD_BYTES
# 40 megapixels: every phone and most cameras, while one decode stays near 160 MB (RGBA).
MAX_PIXELS = 40_000_000
MAX_SIDE = 2048
THUMBNAIL_SIZE = (200, 200)
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")
JPEG_QUALITY = 85

log = structlog.get_logger("roster.photos")

# Pillow's own guard, process-wide: past this it warns, past twice this it refuses to open.
# Lowered to Roster's limit so that even code that forgets the explicit check below is guarded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

KEY_PATTERN = re.compile(
    r"photos/(?P<user>[0-9]+)/(?P<token>[0-9a-f]{32})/(?P<size>thumbnail|photo)\.(?P<ext>jpg|png)"
)


class PhotoRejected(Exception):
    """The upload is not a photo Roster accepts; the message says why, for the client."""


class PhotoTooLarge(PhotoRejected):
    """More bytes than ``MAX_PHOTO_BYTES``."""


@dataclass(frozen=True)
class ProcessedPhoto:
    extension: str  # "jpg" or "png"
    photo: bytes
    thumbnail: bytes
    size: tuple[int, int]  # of ``photo``


@dataclass(frozen=True)
class PhotoKeys:
    thumbnail: str
    photo: str

    @property
    def all(self) -> tuple[str, str]:
        return (self.thumbnail, self.photo)


def new_keys(user_id: int, extension: str) -> PhotoKeys:
    prefix = f"photos/{user_id}/{secrets.token_hex(16)}"
    return PhotoKeys(f"{prefix}/thumbnail.{extension}", f"{prefix}/photo.{extension}")


def stored_keys(photo_key: str | None) -> tuple[str, ...]:
    """Every key a ``users.photo_key`` value stands for (the thumbnail and its photo)."""
    if not photo_key:
        return ()
    match = KEY_PATTERN.fullmatch(photo_key)
    if match is None:
        # Not one of Roster's: only the key itself is known to belong to this user.
        return (photo_key,)
    prefix = photo_key.rsplit("/", 1)[0]
    return tuple(f"{prefix}/{size}.{match['ext']}" for size in ("thumbnail", "photo"))


def is_public_key(key: str) -> bool:
    """Whether ``key`` may be served without a token: profile photos only, never attachments."""
    return KEY_PATTERN.fullmatch(key) is not None


_ACCEPTED = "a PNG, JPEG or WebP image"


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)


def _check_header(data: bytes) -> None:
    """Recognise the format and size from the header alone, then let Pillow verify the file."""
    try:
        with _open(data) as probe:
            width, height = probe.size
            if width < 1 or height < 1 or width * height > MAX_PIXELS:
                raise PhotoRejected(
                    f"is {width}x{height} pixels; at most {MAX_PIXELS // 1_000_000} megapixels "
                    "are accepted"
                )
            probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(
            f"declares more than {MAX_PIXELS // 1_000_000} megapixels; it is refused unread"
        ) from None
    except UnidentifiedImageError:
        raise PhotoRejected(f"is not {_ACCEPTED}") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow reports corrupt or truncated files with any of these.
        raise PhotoRejected(f"is not a readable image ({exc})") from None


def _has_transparency(image: Image.Image) -> bool:
    if image.mode == "P":
        return "transparency" in image.info
    if image.mode in {"RGBA", "LA", "PA"}:
        # A single band's extrema are (lowest, highest); fully opaque means lowest is 255.
        low = image.getchannel("A").getextrema()[0]
        return isinstance(low, int | float) and low < 255
    return False


def _decode(data: bytes) -> Image.Image:
    """The upload's pixels, upright, as RGB or RGBA, with no metadata attached."""
    try:
        with _open(data) as image:
            if image.format == "JPEG":
                # Let the JPEG decoder scale down by 1/2..1/8 while decoding: big photos then
                # cost a fraction of the memory and time.
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.seek(0)
            image.load()
            upright = ImageOps.exif_transpose(image)
            mode = "RGBA" if _has_transparency(upright) else "RGB"
            pixels = upright.convert(mode)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(
            f"declares more than {MAX_PIXELS // 1_000_000} megapixels; it is refused unread"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoRejected(f"is not a readable image ({exc})") from None
    # convert() copies ``info`` (EXIF, ICC profile, comments); the encoders would write it back.
    pixels.info = {}
    return pixels


def _encode(image: Image.Image, extension: str) -> bytes:
    buffer = io.BytesIO()
    if extension == "png":
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def process_photo(data: bytes) -> ProcessedPhoto:
    """Check and re-encode an upload; PhotoRejected (or PhotoTooLarge) says what is wrong."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoTooLarge(f"is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    if not data:
        raise PhotoRejected("is an empty file")
    _check_header(data)
    pixels = _decode(data)
    extension = "png" if pixels.mode == "RGBA" else "jpg"
    photo = pixels.copy()
    photo.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = ImageOps.fit(pixels, THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        extension=extension,
        photo=_encode(photo, extension),
        thumbnail=_encode(thumbnail, extension),
        size=photo.size,
    )


# --- storing and replacing -----------------------------------------------------------------------


def _forget(store: MediaStore, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            store.delete(key)
        except Exception as exc:  # a cleanup must never turn a settled request into an error
            log.warning("photo_cleanup_failed", key=key, error=str(exc))


def _when_settled(
    session: Session,
    *,
    committed: Callable[[], None] | None = None,
    rolled_back: Callable[[], None] | None = None,
) -> None:
    """Run ``committed`` once the session's transaction has committed, ``rolled_back`` once it
    has rolled back (a failed commit included); whichever comes first, once."""
    settled = False

    def on_commit(_session: Session) -> None:
        nonlocal settled
        if not settled:
            settled = True
            if committed is not None:
                committed()

    def on_rollback(_session: Session, previous: SessionTransaction) -> None:
        nonlocal settled
        # Only the request's own transaction decides, not a savepoint inside it.
        if not settled and previous.parent is None:
            settled = True
            if rolled_back is not None:
                rolled_back()

    event.listen(session, "after_commit", on_commit)
    event.listen(session, "after_soft_rollback", on_rollback)


def _change_values(by_user_id: int) -> dict[str, Any]:
    return {"updated_at": utcnow(), "updated_by_id": by_user_id}


def replace_photo(
    session: Session, store: MediaStore, user_id: int, photo: ProcessedPhoto, *, by_user_id: int
) -> PhotoKeys:
    """Store ``photo`` as the user's profile photo (see the module docstring for the order).

    Raises OSError (``StoreUnavailable`` among them) when the store fails, having removed what it
    had written, and NotFound when the user is gone by the time the row is written.
    """
    keys = new_keys(user_id, photo.extension)
    written: list[str] = []
    try:
        for key, data in ((keys.photo, photo.photo), (keys.thumbnail, photo.thumbnail)):
            store.put(key, data)
            written.append(key)
    except BaseException:
        _forget(store, written)
        raise
    _when_settled(session, rolled_back=lambda: _forget(store, keys.all))
    found, old_key = repository.lock_photo_key(session, user_id)
    if not found:
        raise NotFound()
    repository.set_photo_key(session, user_id, keys.thumbnail, _change_values(by_user_id))
    stale = [key for key in stored_keys(old_key) if key not in keys.all]
    if stale:
        _when_settled(session, committed=lambda: _forget(store, stale))
    return keys


def remove_photo(session: Session, store: MediaStore, user_id: int, *, by_user_id: int) -> None:
    """Reset the user to the default image; the old bytes go once that has committed."""
    found, old_key = repository.lock_photo_key(session, user_id)
    if not found:
        raise NotFound()
    if old_key is None:
        return
    repository.set_photo_key(session, user_id, None, _change_values(by_user_id))
    stale = stored_keys(old_key)
    _when_settled(session, committed=lambda: _forget(store, stale))

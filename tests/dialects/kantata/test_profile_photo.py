"""POST and DELETE /api/v1/users/{id}/profile_photo over HTTP, on both media stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import Connection, delete, select, text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from roster.config import Settings
from roster.db import Database
from roster.media import MediaStore, StoreUnavailable
from roster.models import Account, User
from roster.web.app import create_app
from tests.factories import make_account, make_user, make_workspace, participate, token_for
from tests.media.support import (
    BACKENDS,
    image_bytes,
    make_store,
    moto_server,
    open_image,
    png_bomb,
    stored_keys,
)

FIELD = "user[profile_photo_attachment_file]"
DEFAULT_PHOTO = "http://roster.test/images/default_profile_photo/default.png"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str) -> MediaStore:
    return make_store(request.param, tmp_path, s3_endpoint)


@pytest.fixture
def app(database: Any, store: MediaStore) -> Any:
    return create_app(Settings(access_log=False), database, media=store)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(
    client: Any,
    user_id: int,
    token: str,
    data: bytes,
    *,
    filename: str = "me.png",
    content_type: str = "image/png",
    path_suffix: str = "",
) -> Any:
    return client.post(
        f"/api/v1/users/{user_id}/profile_photo{path_suffix}",
        headers=auth(token),
        files={FIELD: (filename, data, content_type)},
    )


def photo_path(response: Any, user_id: int) -> str:
    assert response.status_code == 200, response.text
    return str(response.json()["users"][str(user_id)]["photo_path"])


def key_of(path: str) -> str:
    return path.removeprefix("http://roster.test/media/")


def photo_key(session: Session, user_id: int) -> str | None:
    session.expire_all()
    return session.scalar(select(User.photo_key).where(User.id == user_id))


def only_field_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1
    return str(errors[0]["message"])


@pytest.fixture
def me(session: Session) -> User:
    return make_user(session, first_name="Ann", last_name="Lee", account=make_account(session))


# --- uploads that succeed ------------------------------------------------------------------------


def test_png_upload_stores_a_photo_and_a_thumbnail_served_at_photo_path(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    token = token_for(session, me)
    response = upload(client, me.id, token, image_bytes("PNG", (320, 240)))
    path = photo_path(response, me.id)
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [{"key": "users", "id": str(me.id)}]
    assert path.startswith(f"http://roster.test/media/photos/{me.id}/")
    assert path.endswith("/thumbnail.jpg")

    thumbnail_key = key_of(path)
    photo_key_ = thumbnail_key.replace("/thumbnail.jpg", "/photo.jpg")
    assert stored_keys(store) == {thumbnail_key, photo_key_}
    assert photo_key(session, me.id) == thumbnail_key

    served = client.get(path)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert "immutable" in served.headers["cache-control"]
    assert served.headers["x-content-type-options"] == "nosniff"
    thumbnail = open_image(served.content)
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (200, 200)
    full = open_image(store.get(photo_key_))
    assert full.size == (320, 240)

    shown = client.get(f"/api/v1/users/{me.id}", headers=auth(token)).json()
    assert shown["users"][str(me.id)]["photo_path"] == path


def test_jpeg_is_turned_upright_and_loses_its_metadata(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned, display rotated 90 degrees
    exif[0x010F] = "Secret Camera Co"  # Make
    exif[0x013B] = "Ann Lee"  # Artist
    data = image_bytes("JPEG", (320, 240), exif=exif)
    assert b"Secret Camera Co" in data

    path = photo_path(upload(client, me.id, token_for(session, me), data), me.id)
    full_key = key_of(path).replace("/thumbnail.", "/photo.")
    stored = store.get(full_key)
    assert b"Secret Camera Co" not in stored
    assert b"Ann Lee" not in stored
    image = open_image(stored)
    assert image.size == (240, 320)
    assert dict(image.getexif()) == {}
    assert "icc_profile" not in image.info


def test_transparent_png_stays_png_with_its_transparency(
    session: Session, client: Any, me: User
) -> None:
    data = image_bytes("PNG", (64, 64), mode="RGBA", colour=(0, 128, 255, 90))
    path = photo_path(upload(client, me.id, token_for(session, me), data), me.id)
    assert path.endswith("/thumbnail.png")
    served = client.get(path)
    assert served.headers["content-type"] == "image/png"
    image = open_image(served.content)
    assert image.mode == "RGBA"
    assert image.size == (200, 200)
    assert image.getpixel((100, 100))[3] == 90  # type: ignore[index]


def test_webp_upload_is_accepted_and_reencoded(session: Session, client: Any, me: User) -> None:
    data = image_bytes("WEBP", (300, 500))
    path = photo_path(
        upload(client, me.id, token_for(session, me), data, filename="me.webp"), me.id
    )
    assert open_image(client.get(path).content).format == "JPEG"


def test_json_suffix_and_presentation_parameters(session: Session, client: Any, me: User) -> None:
    me.bio = "Consultant"
    session.flush()
    response = client.post(
        f"/api/v1/users/{me.id}/profile_photo.json?optional_fields=bio",
        headers=auth(token_for(session, me)),
        files={FIELD: ("me.png", image_bytes(), "image/png")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["users"][str(me.id)]["bio"] == "Consultant"


def test_replacing_a_photo_deletes_the_old_bytes_after_the_switch(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    token = token_for(session, me)
    first = photo_path(upload(client, me.id, token, image_bytes(colour=(1, 2, 3))), me.id)
    second = photo_path(upload(client, me.id, token, image_bytes(colour=(9, 8, 7))), me.id)
    assert first != second
    second_key = key_of(second)
    assert stored_keys(store) == {second_key, second_key.replace("/thumbnail.", "/photo.")}
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


# --- uploads that are refused --------------------------------------------------------------------


def test_a_text_file_is_refused_naming_the_field(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    response = upload(
        client,
        me.id,
        token_for(session, me),
        b"just some notes\n",
        filename="notes.png",
        content_type="image/png",
    )
    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "type": "validation",
                "message": "is not a PNG, JPEG or WebP image",
                "field": "profile_photo_attachment_file",
            }
        ]
    }
    assert stored_keys(store) == set()
    assert photo_key(session, me.id) is None


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(image_bytes("PNG")[:60], id="truncated-png"),
        pytest.param(image_bytes("JPEG")[:200], id="truncated-jpeg"),
        pytest.param(image_bytes("GIF"), id="gif"),
        pytest.param(image_bytes("BMP"), id="bmp"),
        pytest.param(b"", id="empty"),
    ],
)
def test_unreadable_or_other_formats_are_refused(
    session: Session, client: Any, store: MediaStore, me: User, data: bytes
) -> None:
    response = upload(client, me.id, token_for(session, me), data)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "profile_photo_attachment_file"
    assert stored_keys(store) == set()


@pytest.mark.parametrize(
    ("width", "height"),
    [(100_000, 100_000), (8_000, 6_000)],
    ids=["far-beyond-pillow", "just-beyond-roster"],
)
def test_a_decompression_bomb_is_refused_unread(
    session: Session, client: Any, store: MediaStore, me: User, width: int, height: int
) -> None:
    bomb = png_bomb(width, height)
    assert len(bomb) < 200
    response = upload(client, me.id, token_for(session, me), bomb)
    message = only_field_error(response, 422)
    assert "megapixels" in message
    assert response.json()["errors"][0]["field"] == "profile_photo_attachment_file"
    assert stored_keys(store) == set()


def test_a_file_over_the_limit_is_413(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    too_big = b"\x89PNG" + b"\x00" * (10 * 1024 * 1024)
    message = only_field_error(upload(client, me.id, token_for(session, me), too_big), 413)
    assert message == "profile_photo_attachment_file is larger than 10 MB"
    assert stored_keys(store) == set()


def test_a_body_over_the_limit_is_413_before_it_is_read(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    huge = b"\x00" * (11 * 1024 * 1024)
    message = only_field_error(upload(client, me.id, token_for(session, me), huge), 413)
    assert message == "The request body is too large (at most 10 MB)"
    assert stored_keys(store) == set()


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="' + FIELD.encode()
        yield b'"; filename="me.png"\r\nContent-Type: image/png\r\n\r\n'
        for _ in range(11):
            yield b"\x00" * (1024 * 1024)
        yield b"\r\n--x--\r\n"

    response = client.post(
        f"/api/v1/users/{me.id}/profile_photo",
        headers={**auth(token_for(session, me)), "Content-Type": "multipart/form-data; boundary=x"},
        content=chunks(),
    )
    assert "content-length" not in response.request.headers
    message = only_field_error(response, 413)
    assert message == "The request body is too large (at most 10 MB)"
    assert stored_keys(store) == set()


def test_missing_file_field_is_422_naming_it(session: Session, client: Any, me: User) -> None:
    token = token_for(session, me)
    url = f"/api/v1/users/{me.id}/profile_photo"
    wrong_field = client.post(
        url, headers=auth(token), files={"user[photo]": ("me.png", image_bytes(), "image/png")}
    )
    no_body = client.post(url, headers=auth(token))
    for response in (wrong_field, no_body):
        assert response.status_code == 422, response.text
        error = response.json()["errors"][0]
        assert error["field"] == "profile_photo_attachment_file"
        assert error["message"].startswith("can't be blank")
        assert FIELD in error["message"]
    as_text = client.post(url, headers=auth(token), data={FIELD: "me.png"})
    as_json = client.post(
        url, headers=auth(token), json={"user": {"profile_photo_attachment_file": "x"}}
    )
    for response in (as_text, as_json):
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["message"].startswith("must be a file")


def test_a_malformed_multipart_body_is_400(session: Session, client: Any, me: User) -> None:
    response = client.post(
        f"/api/v1/users/{me.id}/profile_photo",
        headers={**auth(token_for(session, me)), "Content-Type": "multipart/form-data"},
        content=b"--nope\r\n",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("body: expected a multipart")


# --- reset ---------------------------------------------------------------------------------------


def test_delete_resets_to_the_default_image_and_deletes_the_bytes(
    session: Session, client: Any, store: MediaStore, me: User
) -> None:
    token = token_for(session, me)
    path = photo_path(upload(client, me.id, token, image_bytes()), me.id)
    for suffix in ("", ".json"):
        response = client.delete(
            f"/api/v1/users/{me.id}/profile_photo{suffix}", headers=auth(token)
        )
        assert response.status_code == 200, response.text
        assert response.json()["users"][str(me.id)]["photo_path"] == DEFAULT_PHOTO
    assert stored_keys(store) == set()
    assert photo_key(session, me.id) is None
    assert client.get(path).status_code == 404
    default = client.get(DEFAULT_PHOTO)
    assert default.status_code == 200
    assert default.headers["content-type"] == "image/png"
    assert open_image(default.content).size == (200, 200)


# --- who may -------------------------------------------------------------------------------------


def test_permission_matrix(session: Session, client: Any) -> None:
    account = make_account(session)
    other_account = make_account(session)
    target = make_user(session, first_name="Target", account=account)
    admin = make_user(session, first_name="Admin", account=account, is_administrator=True)
    peer = make_user(session, first_name="Peer", account=account)
    foreign_admin = make_user(
        session, first_name="Foreign", account=other_account, is_administrator=True
    )
    stranger = make_user(session, first_name="Stranger", account=other_account)
    shared = make_workspace(session, account=account)
    for user in (target, peer, foreign_admin):
        participate(session, user=user, workspace=shared)

    expected = {
        target: 200,  # themself
        admin: 200,  # administrator of the target's account, sharing no project
        peer: 403,  # sees the target through a project, may not change them
        foreign_admin: 403,  # an administrator, but of another account
        stranger: 404,  # cannot see the target at all
    }
    for requester, status in expected.items():
        token = token_for(session, requester)
        posted = upload(client, target.id, token, image_bytes())
        assert posted.status_code == status, (requester.first_name, posted.text)
        deleted = client.delete(f"/api/v1/users/{target.id}/profile_photo", headers=auth(token))
        assert deleted.status_code == status, (requester.first_name, deleted.text)
        if status == 404:
            assert posted.json() == {"errors": [{"type": "system", "message": "Not found"}]}
    unauthenticated = client.post(
        f"/api/v1/users/{target.id}/profile_photo",
        files={FIELD: ("me.png", image_bytes(), "image/png")},
    )
    assert unauthenticated.status_code == 401
    assert client.delete(f"/api/v1/users/{target.id}/profile_photo").status_code == 401
    assert upload(client, 999_999, token_for(session, target), image_bytes()).status_code == 404


def test_an_admin_reaches_a_disabled_member_only_when_asking(session: Session, client: Any) -> None:
    account = make_account(session)
    admin = make_user(session, first_name="Admin", account=account, is_administrator=True)
    disabled = make_user(session, first_name="Gone", account=account, disabled=True)
    token = token_for(session, admin)
    assert upload(client, disabled.id, token, image_bytes()).status_code == 404
    response = client.post(
        f"/api/v1/users/{disabled.id}/profile_photo?show_disabled=true",
        headers=auth(token),
        files={FIELD: ("me.png", image_bytes(), "image/png")},
    )
    assert response.status_code == 200, response.text


# --- nothing half-stored -------------------------------------------------------------------------


def _fail_photo_updates(connection: Connection) -> None:
    """A trigger that makes any change of users.photo_key fail, as a broken database would."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "CREATE FUNCTION refuse_photo() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'photo writes are broken'; END $$"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER refuse_photo BEFORE UPDATE OF photo_key ON users "
                "FOR EACH ROW EXECUTE FUNCTION refuse_photo()"
            )
        )
    else:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_photo BEFORE UPDATE OF photo_key ON users "
                "BEGIN SELECT RAISE(ABORT, 'photo writes are broken'); END"
            )
        )


def test_a_failing_database_write_leaves_no_new_bytes_and_the_old_photo_intact(
    session: Session, connection: Connection, app: Any, store: MediaStore, me: User
) -> None:
    token = token_for(session, me)
    with TestClient(app, base_url="http://roster.test", raise_server_exceptions=False) as client:
        old_path = photo_path(upload(client, me.id, token, image_bytes()), me.id)
        before = stored_keys(store)
        _fail_photo_updates(connection)
        failed = upload(client, me.id, token, image_bytes(colour=(0, 0, 0)))
        assert failed.status_code == 500
        assert stored_keys(store) == before
        assert photo_key(session, me.id) == key_of(old_path)
        assert client.get(old_path).status_code == 200
        # A reset that cannot be written keeps the photo's bytes too.
        assert (
            client.delete(f"/api/v1/users/{me.id}/profile_photo", headers=auth(token)).status_code
            == 500
        )
        assert stored_keys(store) == before


class _DeletesUserOnPut:
    """A store that, as its first write lands, lets a concurrent request delete the user."""

    def __init__(self, inner: MediaStore, connection: Connection, user_id: int) -> None:
        self.inner = inner
        self.connection = connection
        self.user_id = user_id

    def put(self, key: str, data: bytes) -> None:
        self.inner.put(key, data)
        self.connection.execute(delete(User).where(User.id == self.user_id))

    def get(self, key: str) -> bytes:
        return self.inner.get(key)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)


def test_a_user_deleted_mid_request_leaves_no_bytes_behind(
    session: Session, connection: Connection, database: Any, store: MediaStore
) -> None:
    account = make_account(session)
    admin = make_user(session, first_name="Admin", account=account, is_administrator=True)
    target = make_user(session, first_name="Target", account=account)
    app = create_app(
        Settings(access_log=False),
        database,
        media=_DeletesUserOnPut(store, connection, target.id),
    )
    with TestClient(app, base_url="http://roster.test") as client:
        response = upload(client, target.id, token_for(session, admin), image_bytes())
    assert response.status_code == 404, response.text
    assert stored_keys(store) == set()


class _FailsSecondPut:
    def __init__(self, inner: MediaStore) -> None:
        self.inner = inner
        self.puts = 0

    def put(self, key: str, data: bytes) -> None:
        self.puts += 1
        if self.puts == 2:
            raise StoreUnavailable("the bucket went away")
        self.inner.put(key, data)

    def get(self, key: str) -> bytes:
        return self.inner.get(key)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)


def test_a_failing_store_is_503_and_removes_what_it_wrote(
    session: Session, database: Any, store: MediaStore, me: User
) -> None:
    app = create_app(Settings(access_log=False), database, media=_FailsSecondPut(store))
    with TestClient(app, base_url="http://roster.test") as client:
        response = upload(client, me.id, token_for(session, me), image_bytes())
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"]
    assert response.json()["errors"][0]["type"] == "system"
    assert stored_keys(store) == set()
    assert photo_key(session, me.id) is None


def test_old_bytes_go_only_after_a_real_commit(engine: Any, store: MediaStore) -> None:
    """Outside the test's rolled-back transaction: the request's transaction truly commits."""
    database = Database(engine)
    with database.transaction() as arrange:
        account = make_account(arrange)
        user = make_user(arrange, first_name="Committed", account=account)
        token = token_for(arrange, user)
        user_id, account_id = user.id, account.id
    app = create_app(Settings(access_log=False), database, media=store)
    try:
        with TestClient(app, base_url="http://roster.test") as client:
            first = photo_path(upload(client, user_id, token, image_bytes()), user_id)
            second = photo_path(upload(client, user_id, token, image_bytes()), user_id)
            assert stored_keys(store) == {
                key_of(second),
                key_of(second).replace("/thumbnail.", "/photo."),
            }
            assert client.get(first).status_code == 404
    finally:
        with database.transaction() as cleanup:
            cleanup.execute(delete(User).where(User.id == user_id))
            cleanup.execute(delete(Account).where(Account.id == account_id))

"""Files: another user's attachment is a 404 like a missing one, attachment bytes are never served
as media, and the user file associations are the requester's own.

Profile photos are public by design (docs/security.md): ``photo_path`` and ``avatarUrl`` go into
``<img>`` tags, which send no token, as Kantata's own photo URLs do. A photo key carries 128 random
bits and is only handed out as the photo of a user the requester may see.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.probing import ATTACKERS, as_user, assert_nothing_of_hidden, observed
from tests.security.world import World

ATTACHMENTS = ("secret-plan", "secret-sample", "private-memo", "shared-brief", "other-invoice")
# Who may download what (roster.files.repository._may_download): their own attachments, those
# associated with them, and those in a non-private post of a project they may see.
DOWNLOADABLE = {
    "other_member": {"shared-brief", "other-invoice"},
    "other_admin": {"other-invoice"},
    "home_nonparticipant": set(),
    "home_colleague": {"shared-brief"},
    "contact_user": {"shared-brief"},
}
CONTENTS = {
    "shared-brief": b"shared-brief-bytes",
    "other-invoice": b"other-invoice-bytes",
}


def _download(client: Any, world: World, who: str, attachment_id: int) -> Any:
    return client.get(f"/api/v1/attachments/{attachment_id}/download", headers=as_user(world, who))


@pytest.mark.parametrize("who", ATTACKERS)
def test_only_attachments_one_may_see_download(world: World, client: Any, who: str) -> None:
    missing = _download(client, world, who, world.missing["attachments"])
    assert missing.status_code == 404
    for name in ATTACHMENTS:
        response = _download(client, world, who, world.ids[name])
        if name in DOWNLOADABLE[who]:
            assert response.status_code == 200, f"{who} {name}: {response.text}"
            assert response.content == CONTENTS[name]
        else:
            assert observed(response) == observed(missing), f"{who} downloaded {name}"


@pytest.mark.parametrize("token", [None, "other_member"])
def test_attachment_bytes_are_never_media(world: World, client: Any, token: str | None) -> None:
    headers = as_user(world, token) if token else {}
    missing = client.get("/media/photos/1/" + "0" * 32 + "/thumbnail.jpg", headers=headers)
    assert missing.status_code == 404
    for name, key in world.attachment_keys.items():
        for path in (
            f"/media/{key}",
            f"/media/photos/%2e%2e/{key}",
            f"/media/photos/{world.hidden.id}/{'a' * 32}/..%2f..%2f..%2f{key}",
            f"/media/photos/{world.hidden.id}/{'a' * 32}/thumbnail.jpg/../../../../{key}",
        ):
            response = client.get(path, headers=headers)
            assert observed(response) == observed(missing), f"{path} served {name}"


def test_photos_are_public_by_design(world: World, client: Any) -> None:
    response = client.get(f"/media/{world.photo_keys['hidden']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("who", ATTACKERS)
def test_file_associations_are_ones_own(world: World, client: Any, who: str) -> None:
    headers = as_user(world, who)
    path = "/api/v1/user_file_associations"
    shaping = {"include": "asset_object,post,workspace", "per_page": "200"}
    everything = client.get(path, params=shaping, headers=headers)
    assert everything.status_code == 200
    assert_nothing_of_hidden(world, everything, who)
    owned = {str(world.ids["ufa_shared"])} if who == "other_member" else set()
    assert set(everything.json()["user_file_associations"]) == owned
    for hidden, nobody in (
        (
            {"only": str(world.ids["ufa_secret"])},
            {"only": str(world.missing["user_file_associations"])},
        ),
        ({"filename": "secret-plan"}, {"filename": "nobody-matches-this"}),
        (
            {"workspace_id": str(world.workspace_ids["ws_secret"])},
            {"workspace_id": str(world.missing["workspaces"])},
        ),
    ):
        aimed = client.get(path, params={**shaping, **hidden}, headers=headers)
        missed = client.get(path, params={**shaping, **nobody}, headers=headers)
        assert aimed.status_code == 200, aimed.text
        assert observed(aimed) == observed(missed), f"{who} {hidden}"


def test_the_seer_downloads_the_hidden_users_files(world: World, client: Any) -> None:
    """The control: those 404s hide files that exist and that their rightful readers get."""
    for name, data in (
        ("secret-plan", b"hidden-attachment-bytes"),
        ("secret-sample", b"hidden-sample-bytes"),
    ):
        response = _download(client, world, "home_admin", world.ids[name])
        assert response.status_code == 200, response.text
        assert response.content == data


def test_file_records_name_only_users_in_reach(world: World, client: Any) -> None:
    """The shared brief's post is by a visible member, its uploader has been disabled and its
    project was created by the hidden user: only the author is named."""
    params = {"include": "asset_object,post,workspace"}
    body = client.get(
        "/api/v1/user_file_associations", params=params, headers=as_user(world, "other_member")
    ).json()
    (post,) = body["posts"].values()
    assert post["user_id"] == str(world.id("home_member"))
    (attachment,) = body["attachments"].values()
    assert attachment["user_id"] is None
    (workspace,) = body["workspaces"].values()
    assert workspace["creator_id"] is None
    # The control: the hidden user's administrator sees who created the project.
    seer = client.get(
        "/api/v1/user_file_associations", params=params, headers=as_user(world, "home_admin")
    ).json()
    (workspace,) = seer["workspaces"].values()
    assert workspace["creator_id"] == str(world.hidden.id)

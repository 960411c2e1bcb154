"""GET /api/v1/user_file_associations and GET /api/v1/attachments/{id}/download over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.config import Settings
from roster.media import MediaStore
from roster.models import Attachment, GoogleDocument, Post, User, UserFileAssociation, Workspace
from roster.web.app import create_app
from tests.factories import make_account, make_user, make_workspace, participate, token_for
from tests.media.factories import (
    associate,
    make_attachment,
    make_google_document,
    make_post,
    make_work_sample,
)
from tests.media.support import BACKENDS, make_store, moto_server

T0 = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
URL = "/api/v1/user_file_associations"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStore:
    backend = getattr(request, "param", "local")
    endpoint = request.getfixturevalue("s3_endpoint") if backend == "s3" else ""
    return make_store(backend, tmp_path, endpoint)


@pytest.fixture
def app(database: Any, store: MediaStore) -> Any:
    return create_app(Settings(access_log=False), database, media=store)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class World:
    me: User
    token: str
    other: User
    alpha: Workspace
    beta: Workspace
    post: Post
    mockup: Attachment
    budget: Attachment
    plan: GoogleDocument
    # my associations, oldest first
    mine: list[UserFileAssociation]
    theirs: UserFileAssociation


@pytest.fixture
def world(session: Session) -> World:
    account = make_account(session)
    me = make_user(session, first_name="Me", account=account)
    other = make_user(session, first_name="Other", account=account)
    alpha = make_workspace(session, account=account, title="Alpha")
    beta = make_workspace(session, account=account, title="Beta")
    for user in (me, other):
        participate(session, user=user, workspace=alpha)
    post = make_post(session, workspace=alpha, user=other, message="Files for review")
    mockup = make_attachment(session, filename="Homepage-Mockup.PNG", user=other, post=post)
    budget = make_attachment(session, filename="budget_2024%.xlsx", user=me)
    plan = make_google_document(session, title="Project plan (mockup notes)", post=post)
    mine = [
        associate(session, user=me, workspace=alpha, attachment=mockup, post=post, created_at=T0),
        associate(
            session,
            user=me,
            workspace=beta,
            attachment=budget,
            created_at=T0 + dt.timedelta(hours=1),
        ),
        associate(
            session,
            user=me,
            workspace=alpha,
            document=plan,
            post=post,
            created_at=T0 + dt.timedelta(hours=2),
        ),
    ]
    theirs = associate(session, user=other, workspace=alpha, attachment=mockup, post=post)
    return World(
        me, token_for(session, me), other, alpha, beta, post, mockup, budget, plan, mine, theirs
    )


def ids(body: dict[str, Any]) -> list[str]:
    assert [r["key"] for r in body["results"]] == ["user_file_associations"] * len(body["results"])
    return [r["id"] for r in body["results"]]


def get(client: Any, world: World, query: str = "", path: str = URL) -> dict[str, Any]:
    response = client.get(f"{path}?{query}", headers=auth(world.token))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# --- the collection ------------------------------------------------------------------------------


def test_lists_only_the_requesters_own_newest_first(client: Any, world: World) -> None:
    for path in (URL, URL + ".json"):
        body = get(client, world, path=path)
        newest_first = [str(a.id) for a in reversed(world.mine)]
        assert ids(body) == newest_first
        assert body["count"] == 3
        assert body["meta"] == {"count": 3, "page_count": 1, "page_number": 1, "page_size": 20}
        assert set(body["user_file_associations"]) == set(newest_first)
        first = world.mine[0]
        assert body["user_file_associations"][str(first.id)] == {
            "id": str(first.id),
            "post_id": str(world.post.id),
            "workspace_id": str(world.alpha.id),
        }
        assert body["user_file_associations"][str(world.mine[1].id)]["post_id"] is None
        # Without include, no reference and no sideloaded keys.
        assert set(body) == {"count", "meta", "results", "user_file_associations"}


def test_other_users_see_their_own(session: Session, client: Any, world: World) -> None:
    response = client.get(URL, headers=auth(token_for(session, world.other)))
    assert [r["id"] for r in response.json()["results"]] == [str(world.theirs.id)]


def test_order_ascending_and_the_id_breaks_ties(
    session: Session, client: Any, world: World
) -> None:
    tie = associate(
        session, user=world.me, workspace=world.beta, attachment=world.budget, created_at=T0
    )
    ascending = ids(get(client, world, "order=created_at:asc"))
    assert ascending == [str(world.mine[0].id), str(tie.id), *(str(a.id) for a in world.mine[1:])]
    descending = ids(get(client, world, "order=created_at:desc"))
    # Ties stay in id order whichever the direction (Brainstem appends id ASC).
    assert descending == [
        *(str(a.id) for a in reversed(world.mine[1:])),
        str(world.mine[0].id),
        str(tie.id),
    ]
    bad = client.get(f"{URL}?order=filename:asc", headers=auth(world.token))
    assert bad.status_code == 400
    assert "order" in bad.json()["errors"][0]["message"]


def test_filename_is_a_case_insensitive_substring_of_the_file_name(
    client: Any, world: World
) -> None:
    mockup, budget, plan = (str(a.id) for a in world.mine)
    assert ids(get(client, world, "filename=MOCKUP")) == [plan, mockup]
    assert ids(get(client, world, "filename=homepage-mockup.png")) == [mockup]
    assert ids(get(client, world, "filename=plan")) == [plan]
    # LIKE wildcards are plain characters here.
    assert ids(get(client, world, "filename=%25")) == [budget]
    assert ids(get(client, world, "filename=_2024")) == [budget]
    assert ids(get(client, world, "filename=x_sx")) == []
    assert ids(get(client, world, "filename=nothing-like-it")) == []
    assert ids(get(client, world, "filename=")) == [plan, budget, mockup]


def test_workspace_id_filter(client: Any, world: World) -> None:
    mockup, _budget, plan = (str(a.id) for a in world.mine)
    assert ids(get(client, world, f"workspace_id={world.alpha.id}")) == [plan, mockup]
    assert ids(get(client, world, f"workspace_id={world.beta.id}&filename=mockup")) == []
    assert ids(get(client, world, "workspace_id=999999")) == []
    bad = client.get(f"{URL}?workspace_id=alpha", headers=auth(world.token))
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["message"].startswith("workspace_id: expected")


def test_includes_post_workspace_and_the_polymorphic_asset(client: Any, world: World) -> None:
    body = get(client, world, "include=post,workspace,asset_object")
    mockup, budget, plan = (str(a.id) for a in world.mine)
    records = body["user_file_associations"]
    assert records[mockup]["asset_object_ref"] == {"key": "attachments", "id": str(world.mockup.id)}
    assert records[budget]["asset_object_ref"] == {"key": "attachments", "id": str(world.budget.id)}
    assert records[plan]["asset_object_ref"] == {
        "key": "google_documents",
        "id": str(world.plan.id),
    }
    assert records[budget]["post_id"] is None
    assert set(body["posts"]) == {str(world.post.id)}
    post = body["posts"][str(world.post.id)]
    assert post["message"] == "Files for review"
    assert post["has_attachments"] is True
    assert post["user_id"] == str(world.other.id)
    assert post["workspace_id"] == str(world.alpha.id)
    assert set(body["workspaces"]) == {str(world.alpha.id), str(world.beta.id)}
    assert body["workspaces"][str(world.alpha.id)]["title"] == "Alpha"
    assert body["workspaces"][str(world.alpha.id)]["account_id"] == world.alpha.account_id
    attachment = body["attachments"][str(world.mockup.id)]
    assert attachment["filename"] == "Homepage-Mockup.PNG"
    assert attachment["url"] == f"http://roster.test/api/v1/attachments/{world.mockup.id}/download"
    assert set(body["attachments"]) == {str(world.mockup.id), str(world.budget.id)}
    document = body["google_documents"][str(world.plan.id)]
    assert document["title"] == "Project plan (mockup notes)"
    assert document["url"] == "https://docs.google.com/document/d/abc"


def test_polymorphic_keys_appear_only_for_kinds_referenced(client: Any, world: World) -> None:
    only_attachments = get(client, world, f"include=asset_object,post&workspace_id={world.beta.id}")
    assert "attachments" in only_attachments
    assert "google_documents" not in only_attachments
    # A non-polymorphic include always gets its key, even empty.
    assert only_attachments["posts"] == {}
    only_documents = get(client, world, "include=asset_object&filename=plan")
    assert "google_documents" in only_documents
    assert "attachments" not in only_documents
    nothing = get(client, world, "include=asset_object,workspace&filename=zzz")
    assert nothing["workspaces"] == {}
    assert "attachments" not in nothing
    assert "google_documents" not in nothing
    assert nothing["meta"]["page_number"] == 0


def test_pagination_limit_offset_and_only(client: Any, world: World) -> None:
    mockup, budget, plan = (str(a.id) for a in world.mine)
    page2 = get(client, world, "per_page=2&page=2")
    assert ids(page2) == [mockup]
    assert page2["count"] == 3
    assert page2["meta"] == {"count": 3, "page_count": 2, "page_number": 2, "page_size": 2}
    page1 = get(client, world, "per_page=2")
    assert ids(page1) == [plan, budget]
    assert page1["count"] == 3
    assert ids(get(client, world, "limit=1&offset=1")) == [budget]
    past = get(client, world, "page=9&per_page=2")
    assert ids(past) == []
    assert past["count"] == 3
    assert past["user_file_associations"] == {}
    only = get(client, world, f"only={mockup},{world.theirs.id},{plan}")
    assert ids(only) == [plan, mockup]  # never another user's, in the default order
    assert only["count"] == 2
    bad = client.get(f"{URL}?only=a,b", headers=auth(world.token))
    assert bad.status_code == 400


def test_unknown_parameters_are_ignored_and_a_token_is_required(client: Any, world: World) -> None:
    assert len(ids(get(client, world, "by_full_name=x&include=nonsense"))) == 3
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"type": "oauth", "message": "Invalid OAuth 2 Request"}]}


def test_statements_do_not_grow_with_the_page(
    session: Session, client: Any, world: World, statements: Any
) -> None:
    query = "include=post,workspace,asset_object&per_page=2"
    statements.reset()
    get(client, world, query)
    small = statements.count
    for n in range(12):
        workspace = make_workspace(session, account=make_account(session))
        post = make_post(session, workspace=workspace, user=world.me)
        if n % 2:
            associate(
                session,
                user=world.me,
                workspace=workspace,
                post=post,
                document=make_google_document(session, post=post),
            )
        else:
            associate(
                session,
                user=world.me,
                workspace=workspace,
                post=post,
                attachment=make_attachment(session, post=post),
            )
    statements.reset()
    body = get(client, world, query.replace("per_page=2", "per_page=15"))
    assert len(body["results"]) == 15
    assert statements.count == small


# --- downloads -----------------------------------------------------------------------------------


def download(client: Any, token: str, attachment_id: int | str) -> Any:
    return client.get(f"/api/v1/attachments/{attachment_id}/download", headers=auth(token))


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
def test_the_associated_user_downloads_the_bytes(
    session: Session, client: Any, store: MediaStore, world: World
) -> None:
    data = b"\x89PNG not really, but bytes"
    key = f"attachments/0000/{world.mockup.id}-Homepage-Mockup.PNG"
    store.put(key, data)
    world.mockup.storage_key = key
    world.mockup.filename = "Homepage Mockup é.png"
    session.flush()
    for suffix in ("", ".json"):
        response = client.get(
            f"/api/v1/attachments/{world.mockup.id}/download{suffix}", headers=auth(world.token)
        )
        assert response.status_code == 200, response.text
        assert response.content == data
        assert response.headers["content-type"] == "image/png"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith('attachment; filename="Homepage Mockup _.png"')
        assert "filename*=UTF-8''Homepage%20Mockup%20%C3%A9.png" in disposition
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "private, no-store"


def test_who_may_download(session: Session, client: Any, store: MediaStore) -> None:
    account = make_account(session)
    other_account = make_account(session)
    author = make_user(session, first_name="Author", account=account)
    uploader = make_user(session, first_name="Uploader", account=other_account)
    colleague = make_user(session, first_name="Colleague", account=account)
    admin = make_user(session, first_name="Admin", account=account, is_administrator=True)
    associated = make_user(session, first_name="Associated", account=other_account)
    stranger = make_user(session, first_name="Stranger", account=other_account)
    workspace = make_workspace(session, account=account)
    for user in (author, colleague):
        participate(session, user=user, workspace=workspace)
    public_post = make_post(session, workspace=workspace, user=author)
    private_post = make_post(session, workspace=workspace, user=author, private=True)

    def stored(post: Post, name: str) -> Attachment:
        attachment = make_attachment(session, filename=name, post=post, user=uploader)
        attachment.storage_key = f"attachments/0000/{attachment.id}-{name}"
        store.put(attachment.storage_key, name.encode())
        return attachment

    shared = stored(public_post, "shared.txt")
    secret = stored(private_post, "secret.txt")
    associate(session, user=associated, workspace=workspace, attachment=secret)
    session.flush()

    expected = {
        author: {shared: 200, secret: 200},  # wrote both posts
        uploader: {shared: 200, secret: 200},  # uploaded both files
        colleague: {shared: 200, secret: 404},  # in the workspace; the private post is not theirs
        admin: {shared: 200, secret: 404},  # administers the workspace's account
        associated: {shared: 404, secret: 200},  # has a file association for the secret only
        stranger: {shared: 404, secret: 404},
    }
    for user, outcomes in expected.items():
        token = token_for(session, user)
        for attachment, status in outcomes.items():
            response = download(client, token, attachment.id)
            assert response.status_code == status, (user.first_name, attachment.filename)
            if status == 404:
                assert response.json() == {"errors": [{"type": "system", "message": "Not found"}]}
            else:
                assert response.content == attachment.filename.encode()


def test_work_sample_files_follow_the_profile(
    session: Session, client: Any, store: MediaStore
) -> None:
    account = make_account(session)
    owner = make_user(session, first_name="Owner", account=account)
    teammate = make_user(session, first_name="Teammate", account=account)
    stranger = make_user(session, first_name="Stranger", account=make_account(session))
    participate(session, user=owner, workspace=(ws := make_workspace(session, account=account)))
    participate(session, user=teammate, workspace=ws)
    attachment = make_attachment(session, filename="portfolio.pdf", content_type="application/pdf")
    attachment.storage_key = f"attachments/0000/{attachment.id}-portfolio.pdf"
    store.put(attachment.storage_key, b"%PDF-1.4")
    make_work_sample(session, user=owner, attachment=attachment)
    session.flush()
    assert download(client, token_for(session, teammate), attachment.id).status_code == 200
    assert download(client, token_for(session, stranger), attachment.id).status_code == 404


def test_missing_bytes_unknown_ids_and_no_token(
    session: Session, client: Any, store: MediaStore, world: World
) -> None:
    # world.budget was uploaded by me but has no stored bytes; mockup names a key not stored.
    assert download(client, world.token, world.budget.id).status_code == 404
    world.mockup.storage_key = "attachments/0000/gone.png"
    session.flush()
    assert download(client, world.token, world.mockup.id).status_code == 404
    assert download(client, world.token, 999_999).status_code == 404
    assert download(client, world.token, "abc").status_code == 404
    assert client.get(f"/api/v1/attachments/{world.mockup.id}/download").status_code == 401

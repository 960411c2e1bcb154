"""Posts in a workspace, with the files shared on them: attachments (real bytes, see files.py)
and Google documents, and the user file associations that tie people to those files."""

from __future__ import annotations

import datetime as dt
import random
import string

from roster.synth.draw import Showcase, Weighted, choice, randint
from roster.synth.files import FileMaker, storage_key
from roster.synth.rows import Chunk, Ids
from roster.synth.timeline import Timeline, between
from roster.synth.vocabulary import STORY_OBJECTS

_POST_COUNTS = Weighted(range(5), (25, 25, 25, 15, 10))
_MESSAGES = (
    "Uploaded the latest {object} for review.",
    "Can we move the {object} review to Thursday?",
    "Client signed off the {object}.",
    "Reminder: timesheets are due Friday.",
    "Added comments on the {object}; two open questions remain.",
    "Kick-off went well, notes to follow.",
    "The {object} is blocked on access to the client's environment.",
    "Great work on the {object}, everyone.",
)
_DOC_CHARS = string.ascii_letters + string.digits + "-_"


class PostGenerator:
    def __init__(self, rng: random.Random, ids: Ids, files: FileMaker, users: Timeline) -> None:
        self.rng = rng
        self.ids = ids
        self.files = files
        self.users = users
        self.showcase = Showcase(rng)

    def for_workspace(
        self,
        workspace_id: int,
        title: str,
        everyone: list[int],
        stories: list[int],
        created: dt.datetime,
        until: dt.datetime,
        chunk: Chunk,
    ) -> None:
        rng = self.rng
        for _ in range(self.showcase.count("posts", _POST_COUNTS(rng))):
            self.showcase.shown("posts")
            post_id = self.ids.next("posts")
            author = choice(rng, everyone)
            stamp = between(rng, max(created, self.users.created(author)), until)
            subject = choice(rng, STORY_OBJECTS)
            chunk.add(
                "posts",
                {
                    "id": post_id,
                    "workspace_id": workspace_id,
                    "user_id": author,
                    "story_id": choice(rng, stories) if stories and rng.random() < 0.3 else None,
                    "message": choice(rng, _MESSAGES).format(object=subject),
                    "private": rng.random() < 0.05,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            shared = self._files(author, post_id, f"{title} {subject}", stamp, chunk)
            for asset_table, asset_id in shared:
                viewers = [author]
                if rng.random() < 0.4:
                    viewers.append(choice(rng, everyone))
                for user_id in dict.fromkeys(viewers):
                    chunk.add(
                        "user_file_associations",
                        {
                            "id": self.ids.next("user_file_associations"),
                            "user_id": user_id,
                            "workspace_id": workspace_id,
                            "post_id": post_id,
                            "attachment_id": asset_id if asset_table == "attachments" else None,
                            "google_document_id": asset_id
                            if asset_table == "google_documents"
                            else None,
                            "created_at": stamp,
                            "updated_at": stamp,
                        },
                    )

    def _files(
        self, author: int, post_id: int, topic: str, stamp: dt.datetime, chunk: Chunk
    ) -> list[tuple[str, int]]:
        rng = self.rng
        shared: list[tuple[str, int]] = []
        if self.showcase.wants("attachments", 0.08):
            self.showcase.shown("attachments")
            for _ in range(randint(rng, 1, 2)):
                attachment_id = self.ids.next("attachments")
                made = self.files.any(topic, stamp.date())
                key = storage_key(attachment_id, made.filename)
                chunk.blobs.append((key, made.data))
                chunk.add(
                    "attachments",
                    {
                        "id": attachment_id,
                        "user_id": author,
                        "post_id": post_id,
                        "filename": made.filename,
                        "content_type": made.content_type,
                        "filesize": len(made.data),
                        "storage_key": key,
                        "created_at": stamp,
                        "updated_at": stamp,
                    },
                )
                shared.append(("attachments", attachment_id))
        if self.showcase.wants("google documents", 0.05):
            self.showcase.shown("google documents")
            document_id = self.ids.next("google_documents")
            doc_key = "".join(choice(rng, _DOC_CHARS) for _ in range(44))
            chunk.add(
                "google_documents",
                {
                    "id": document_id,
                    "user_id": author,
                    "post_id": post_id,
                    "title": f"{topic} (working draft)",
                    "url": f"https://docs.google.com/document/d/{doc_key}/edit",
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            shared.append(("google_documents", document_id))
        return shared

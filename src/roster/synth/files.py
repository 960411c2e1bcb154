"""Small but real files for attachments and work samples: PNG images, CSV exports, text notes.

The bytes are generated here, not read from disk, so a seed fully determines them. Images are
rendered once into a small pool (Pillow is the slow part) and reused; CSV and text files are cheap
and made per attachment, so their sizes differ as real ones do.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from roster.synth.draw import choice, randint
from roster.synth.names import ascii_slug

_IMAGE_POOL = 12
_IMAGE_NAMES = ("mockup", "screenshot", "whiteboard", "diagram", "wireframe")
_NOTE_LINES = (
    "Agreed next steps with the client team.",
    "Open questions are listed in the shared tracker.",
    "Budget burn is on plan for this phase.",
    "Risks: data access, key-person dependency on the client side.",
    "Follow-up workshop to be scheduled next week.",
    "Action: circulate revised timeline by Friday.",
)


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    filename: str
    content_type: str
    data: bytes


def storage_key(attachment_id: int, filename: str) -> str:
    # A thousand files per directory keeps directories small at a million attachments.
    return f"attachments/{attachment_id // 1000:04d}/{attachment_id}-{filename}"


def _render_png(rng: random.Random) -> bytes:
    width, height = 48, 32
    background = tuple(rng.randrange(180, 256) for _ in range(3))
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    for _ in range(3):
        x0, y0 = rng.randrange(0, width - 8), rng.randrange(0, height - 8)
        x1, y1 = rng.randrange(x0 + 4, width), rng.randrange(y0 + 4, height)
        colour = tuple(rng.randrange(0, 200) for _ in range(3))
        draw.rectangle((x0, y0, x1, y1), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class FileMaker:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._images = [_render_png(rng) for _ in range(_IMAGE_POOL)]

    def image(self, topic: str) -> GeneratedFile:
        rng = self._rng
        stem = f"{ascii_slug(topic)}-{choice(rng, _IMAGE_NAMES)}-{randint(rng, 1, 9)}"
        return GeneratedFile(f"{stem}.png", "image/png", choice(rng, self._images))

    def spreadsheet(self, topic: str, day: dt.date) -> GeneratedFile:
        rng = self._rng
        lines = ["date,task,hours"]
        for offset in range(randint(rng, 3, 12)):
            worked = day + dt.timedelta(days=offset)
            lines.append(f"{worked.isoformat()},{topic},{choice(rng, (2, 4, 6, 7.5, 8))}")
        name = f"hours-{day:%Y-%m}-{ascii_slug(topic)}.csv"
        return GeneratedFile(name, "text/csv", ("\n".join(lines) + "\n").encode())

    def notes(self, topic: str, day: dt.date) -> GeneratedFile:
        rng = self._rng
        body = [f"Meeting notes: {topic} ({day.isoformat()})", ""]
        body += rng.sample(_NOTE_LINES, randint(rng, 2, 4))
        name = f"meeting-notes-{day.isoformat()}.txt"
        return GeneratedFile(name, "text/plain", ("\n".join(body) + "\n").encode())

    def any(self, topic: str, day: dt.date) -> GeneratedFile:
        pick = self._rng.random()
        if pick < 0.4:
            return self.image(topic)
        if pick < 0.7:
            return self.spreadsheet(topic, day)
        return self.notes(topic, day)

"""The server workers' entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_worker_freezes_what_it_built_at_start(tmp_path: Path) -> None:
    # A fresh interpreter, as a uvicorn worker is: importing the entry point builds the app.
    env = {**os.environ, "ROSTER_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}
    probe = "import gc, roster.web.asgi; print(gc.get_freeze_count())"
    frozen = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert int(frozen.stdout.strip()) > 10_000

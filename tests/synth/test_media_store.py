"""roster.media: the store interface and its local-directory implementation."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.config import Settings
from roster.media import InvalidKey, LocalDirectoryStore, MediaStore, default_store


def test_put_get_exists_delete(tmp_path: Path) -> None:
    store = LocalDirectoryStore(tmp_path)
    assert isinstance(store, MediaStore)
    assert not store.exists("attachments/0001/1-a.png")
    store.put("attachments/0001/1-a.png", b"first")
    store.put("attachments/0001/1-a.png", b"second")
    assert store.exists("attachments/0001/1-a.png")
    assert store.get("attachments/0001/1-a.png") == b"second"
    assert (tmp_path / "attachments" / "0001" / "1-a.png").read_bytes() == b"second"
    store.delete("attachments/0001/1-a.png")
    store.delete("attachments/0001/1-a.png")  # deleting twice is fine
    assert not store.exists("attachments/0001/1-a.png")
    with pytest.raises(KeyError):
        store.get("attachments/0001/1-a.png")


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    store = LocalDirectoryStore(tmp_path)
    store.put("a/b.txt", b"x")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.txt"]


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../outside", "a/../../b", "a\\b", "./a"])
def test_keys_cannot_escape_the_root(tmp_path: Path, key: str) -> None:
    store = LocalDirectoryStore(tmp_path / "root")
    with pytest.raises(InvalidKey):
        store.put(key, b"x")
    with pytest.raises(InvalidKey):
        store.exists(key)


def test_the_default_store_lives_in_the_configured_directory(tmp_path: Path) -> None:
    store = default_store(Settings(media_dir=str(tmp_path / "m")), environ={})
    assert isinstance(store, LocalDirectoryStore)
    assert store.root == (tmp_path / "m").resolve()

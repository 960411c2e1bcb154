"""The bounded map every kept thing of a worker lives in (``roster.db.recent``)."""

from __future__ import annotations

from typing import Any

from roster.db.recent import Recent, RecentFor


def test_recent_keeps_the_most_recently_used_and_builds_the_rest() -> None:
    built: list[str] = []

    def build(name: str) -> Any:
        def make() -> str:
            built.append(name)
            return name.upper()

        return make

    recent: Recent[str, str] = Recent(2)
    assert recent.get_or_build("a", build("a")) == "A"
    assert recent.get_or_build("b", build("b")) == "B"
    assert recent.get_or_build("a", build("a")) == "A"  # kept; now the most recent
    assert recent.get_or_build("c", build("c")) == "C"  # pushes out b
    assert recent.get_or_build("b", build("b")) == "B"
    assert built == ["a", "b", "c", "b"]
    assert len(recent) == 2
    assert recent.get_or_build(None, build("n")) == "N"
    assert recent.get_or_build(None, build("n")) == "N"
    assert built[-2:] == ["n", "n"]  # a None key is built every time, never kept
    assert len(recent) == 2


def test_recent_for_tells_objects_apart_by_identity_and_holds_them() -> None:
    class Alike:
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    first, second = Alike(), Alike()
    kept: RecentFor[str] = RecentFor(2)
    kept.put((first,), "first")
    assert kept.get((first,)) == "first"
    assert kept.get((second,)) is None  # equal, but not the same object
    kept.put((first, second), "both")
    assert kept.get((first, second)) == "both"
    assert kept.get((second, first)) is None
    kept.put((second,), "second")  # pushes out the least recently used, (first,)
    assert kept.get((first,)) is None
    assert kept.get((second,)) == "second"

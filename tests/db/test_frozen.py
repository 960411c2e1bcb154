"""Immutable twins of values, the keys of kept counts and kept statements (``roster.db.frozen``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from roster.db.frozen import Unfreezable, frozen


def test_values_that_compare_equal_but_differ_in_type_have_different_keys() -> None:
    assert len({frozen(1), frozen(True), frozen(1.0), frozen("1")}) == 4
    assert frozen(dt.date(2026, 1, 2)) != frozen(dt.datetime(2026, 1, 2))
    assert frozen(None) != frozen(())


def test_containers_freeze_all_the_way_down() -> None:
    a = {"ids": [3, 1], "where": {"name": ("x", None)}, "tags": {"b", "a"}}
    b = {"where": {"name": ["x", None]}, "tags": {"a", "b"}, "ids": (3, 1)}
    assert frozen(a) == frozen(b)
    assert hash(frozen(a)) == hash(frozen(b))
    assert frozen({"ids": [1, 3]}) != frozen({"ids": [3, 1]})


def test_frozen_dataclasses_are_their_own_twins_and_others_have_none() -> None:
    @dataclass(frozen=True)
    class Point:
        x: int

    @dataclass
    class Loose:
        x: int

    @dataclass(frozen=True)
    class Holder:
        items: list[int]

    assert frozen(Point(1)) == frozen(Point(1))
    assert frozen(Point(1)) != frozen(Point(2))
    for value in (Loose(1), Holder([1]), object(), bytearray(b"x")):
        with pytest.raises(Unfreezable):
            frozen(value)

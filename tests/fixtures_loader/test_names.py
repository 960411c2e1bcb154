"""How a fixture user's name parts are chosen (roster.fixtures.rules.name_parts)."""

from __future__ import annotations

import pytest

from roster.fixtures.rules import NameMismatch, name_parts


@pytest.mark.parametrize(
    ("full_name", "first_name", "last_name", "parts"),
    [
        ("Ada Lovelace", None, None, ("Ada", "Lovelace")),
        ("Mary Ann Smith", None, None, ("Mary", "Ann Smith")),
        ("  Mary   Ann  Smith ", None, None, ("Mary", "Ann Smith")),
        ("Cher", None, None, ("Cher", "")),
        ("Mary Ann Smith", "Mary Ann", None, ("Mary Ann", "Smith")),
        ("Mary Ann Smith", None, "Smith", ("Mary Ann", "Smith")),
        ("Mary Ann Smith", "Mary  Ann", "Smith", ("Mary Ann", "Smith")),
        ("Cher", "Cher", "", ("Cher", "")),
    ],
)
def test_parts(
    full_name: str, first_name: str | None, last_name: str | None, parts: tuple[str, str]
) -> None:
    assert name_parts(full_name, first_name, last_name) == parts


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("Mar", None), (None, "mith"), ("Mary", "Smith"), ("Mary Ann", "Jones")],
)
def test_parts_must_rejoin_to_the_full_name(first_name: str | None, last_name: str | None) -> None:
    with pytest.raises(NameMismatch):
        name_parts("Mary Ann Smith", first_name, last_name)

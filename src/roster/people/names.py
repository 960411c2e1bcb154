"""How one full name maps onto the stored first and last name, and back.

Both dialects must agree on a person's name: Kantata speaks ``full_name``, Teamwork
``firstName``/``lastName``. Roster stores the two parts and derives the full name in the database
as ``trim(first_name || ' ' || last_name)``. A full name coming in is split at its first run of
white space: the first word is the first name, the rest the last name ("Mary Ann Smith" ->
"Mary" / "Ann Smith"). Runs of white space collapse, so splitting then joining gives the same
full name back.
"""

from __future__ import annotations


def normalise_full_name(full_name: str) -> str:
    return " ".join(full_name.split())


def split_full_name(full_name: str) -> tuple[str, str]:
    words = full_name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def join_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()

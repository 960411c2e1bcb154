"""Raw request parameters, as clients send them, normalised to name -> list of strings.

Accepted spellings of a list: ``a=1,2``, ``a[]=1&a[]=2``, ``a=1&a=2``; values may also come from a
JSON request body (Rails merges body params into the query params, and Kantata documents
``by_email_addresses`` as an array in a GET body).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _to_strings(value: Any) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _to_strings(item)]
    if value is None:
        return []
    return [str(value)]


class RawParams:
    __slots__ = ("_values",)

    def __init__(
        self, pairs: Iterable[tuple[str, str]], body: Mapping[str, Any] | None = None
    ) -> None:
        values: dict[str, list[str]] = {}
        for key, value in pairs:
            values.setdefault(key.removesuffix("[]"), []).append(value)
        if body:
            for key, value in body.items():
                values.setdefault(str(key).removesuffix("[]"), []).extend(_to_strings(value))
        self._values = values

    def get(self, name: str) -> list[str] | None:
        """The non-blank values given for ``name``, or None when absent or blank (as Brainstem)."""
        found = self._values.get(name)
        if not found:
            return None
        kept = [v for v in found if v.strip() != ""]
        return kept or None

    def names(self) -> set[str]:
        return set(self._values)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

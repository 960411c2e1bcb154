"""Rails-structured ``application/x-www-form-urlencoded`` bodies, nested the way Rack nests them.

Kantata accepts request bodies "in either JSON or Rails structured x-www-form-urlencoded format"
(reference §4.6), and Ruby clients (the Mavenlink gem) send the form by default, so a form body
must reach a handler as the same nested object its JSON twin would:

- ``a=1`` -> ``{"a": "1"}``; a repeated plain key keeps its last value;
- ``a[b][c]=1`` -> ``{"a": {"b": {"c": "1"}}}``;
- ``a[]=1&a[]=2`` -> ``{"a": ["1", "2"]}``;
- ``a[][b]=1&a[][c]=2&a[][b]=3`` -> ``{"a": [{"b": "1", "c": "2"}, {"b": "3"}]}`` (a new
  element starts when the last one already has the key, as Rack does).

A key whose brackets do not parse (``a[b``, ``[a]``) is kept whole as a plain key: it can only
be a parameter nobody declared, and unknown parameters are ignored. Values are always strings;
giving one name both a scalar and a nested shape (``a=1&a[b]=2``) is a client error, as is
nesting deeper than ``MAX_DEPTH``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from roster.errors import BadParameter

MAX_DEPTH = 32
# Cap on the number of fields, so a hostile body cannot make the parser allocate without bound.
MAX_FIELDS = 10_000

_KEY = re.compile(r"(?P<head>[^\[\]]+)(?P<rest>(?:\[[^\[\]]*\])*)")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


class FormShapeError(ValueError):
    """Two fields give one name incompatible shapes; ``name`` is the top-level parameter."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(problem)
        self.name = name
        self.problem = problem


def split_key(key: str) -> tuple[str, list[str]]:
    """``"a[b][]"`` -> ``("a", ["b", ""])``; an empty segment means "append to a list"."""
    match = _KEY.fullmatch(key)
    if match is None:
        return key, []
    return match["head"], _SEGMENT.findall(match["rest"])


def nest_fields(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Nest flat ``(key, value)`` pairs by Rails bracket rules (see the module docstring)."""
    params: dict[str, Any] = {}
    for key, value in pairs:
        head, segments = split_key(key)
        if len(segments) > MAX_DEPTH:
            raise FormShapeError(head, f"nested deeper than {MAX_DEPTH} levels")
        _assign(params, head, segments, value, head)
    return params


def _assign(
    container: dict[str, Any], name: str, segments: list[str], value: str, top: str
) -> None:
    if not segments:
        container[name] = value
        return
    first, rest = segments[0], segments[1:]
    if first == "":
        items = _slot(container, name, list, top)
        if not rest:
            items.append(value)
            return
        child_name, child_rest = rest[0], rest[1:]
        last = items[-1] if items else None
        if isinstance(last, dict) and not _has_path(last, rest):
            _assign(last, child_name, child_rest, value, top)
        else:
            element: dict[str, Any] = {}
            _assign(element, child_name, child_rest, value, top)
            items.append(element)
        return
    child = _slot(container, name, dict, top)
    _assign(child, first, rest, value, top)


def _slot(container: dict[str, Any], name: str, shape: type, top: str) -> Any:
    existing = container.get(name)
    if existing is None:
        existing = container[name] = shape()
    elif not isinstance(existing, shape):
        expected = "an object" if shape is dict else "a list"
        raise FormShapeError(top, f"expected {expected} for {name!r}, got both shapes")
    return existing


def _has_path(element: dict[str, Any], segments: list[str]) -> bool:
    """Whether ``element`` already holds a value at ``segments`` (list steps never count)."""
    node: Any = element
    for segment in segments:
        if segment == "" or not isinstance(node, dict) or segment not in node:
            return False
        node = node[segment]
    return True


def parse_form_body(raw: bytes) -> dict[str, Any]:
    """A urlencoded body as a nested object; malformed bodies are a 400 naming the field."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadParameter("body", "expected UTF-8 form fields") from None
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise BadParameter("body", f"expected at most {MAX_FIELDS} form fields") from None
    try:
        return nest_fields(pairs)
    except FormShapeError as error:
        raise BadParameter(error.name, error.problem) from None

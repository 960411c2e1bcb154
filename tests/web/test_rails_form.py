"""Rails-structured form bodies nest as Rack nests them (pure functions, no HTTP)."""

from __future__ import annotations

import pytest

from roster.errors import BadParameter
from roster.web.forms import MAX_DEPTH, FormShapeError, nest_fields, parse_form_body, split_key


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("a", ("a", [])),
        ("a[b]", ("a", ["b"])),
        ("a[b][]", ("a", ["b", ""])),
        ("a[][c]", ("a", ["", "c"])),
        ("a[b", ("a[b", [])),
        ("[a]", ("[a]", [])),
        ("a]b", ("a]b", [])),
    ],
)
def test_split_key(key: str, expected: tuple[str, list[str]]) -> None:
    assert split_key(key) == expected


def test_nesting_follows_rails_bracket_rules() -> None:
    pairs = [
        ("user[full_name]", "Ann Lee"),
        ("user[external_reference][service_name]", "jira"),
        ("user[external_reference][locked]", "true"),
        ("ids[]", "1"),
        ("ids[]", "2"),
        ("rows[][a]", "1"),
        ("rows[][b]", "2"),
        ("rows[][a]", "3"),
        ("plain", "first"),
        ("plain", "last"),
        ("blank", ""),
    ]
    assert nest_fields(pairs) == {
        "user": {
            "full_name": "Ann Lee",
            "external_reference": {"service_name": "jira", "locked": "true"},
        },
        "ids": ["1", "2"],
        "rows": [{"a": "1", "b": "2"}, {"a": "3"}],
        "plain": "last",
        "blank": "",
    }


def test_nested_objects_inside_list_elements_share_the_element_until_a_key_repeats() -> None:
    pairs = [("r[][x][y]", "1"), ("r[][x][z]", "2"), ("r[][x][y]", "3")]
    assert nest_fields(pairs) == {"r": [{"x": {"y": "1", "z": "2"}}, {"x": {"y": "3"}}]}


@pytest.mark.parametrize(
    "pairs",
    [
        [("user", "Ann"), ("user[full_name]", "Ann")],
        [("user[a]", "1"), ("user[]", "2")],
        [("user[]", "1"), ("user[a]", "2")],
    ],
)
def test_one_name_with_two_shapes_is_refused(pairs: list[tuple[str, str]]) -> None:
    with pytest.raises(FormShapeError) as raised:
        nest_fields(pairs)
    assert raised.value.name == "user"


def test_depth_is_bounded() -> None:
    with pytest.raises(FormShapeError):
        nest_fields([("a" + "[b]" * (MAX_DEPTH + 1), "1")])
    assert nest_fields([("a" + "[b]" * MAX_DEPTH, "1")])["a"]["b"]


def test_parse_form_body_decodes_and_names_the_field_at_fault() -> None:
    body = parse_form_body(b"user%5Bfull_name%5D=Ann+Lee&user[headline]=caf%C3%A9")
    assert body == {"user": {"full_name": "Ann Lee", "headline": "café"}}
    with pytest.raises(BadParameter) as shape:
        parse_form_body(b"user=1&user[a]=2")
    assert shape.value.parameter == "user"
    with pytest.raises(BadParameter) as encoding:
        parse_form_body(b"user[a]=\xff\xfe")
    assert encoding.value.parameter == "body"

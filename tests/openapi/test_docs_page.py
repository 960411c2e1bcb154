"""GET /docs: the document as one self-contained HTML page, usable offline."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from roster.openapi.document import document
from roster.openapi.page import describe


class _Page(HTMLParser):
    """What the page refers to, how its tags nest, and its text."""

    VOID = frozenset({"meta", "br", "input", "img", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.open: list[str] = []
        self.misnested: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"href", "src", "action", "srcset"}:
                self.urls.append(value or "")
            if name == "id" and value:
                self.ids.add(value)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.misnested.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(client: Any) -> tuple[Any, _Page]:
    response = client.get("/docs")
    parser = _Page()
    parser.feed(response.text)
    return response, parser


def test_the_page_is_self_contained_and_well_formed(client: Any) -> None:
    response, page = _page(client)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    # No script, stylesheet, image or font from anywhere: only in-page anchors and the document.
    assert {"script", "link", "img", "iframe", "object"}.isdisjoint(page.tags)
    assert [url for url in page.urls if not url.startswith("#") and url != "/openapi.json"] == []
    assert page.misnested == []
    assert page.open == []
    # Every in-page link lands somewhere.
    assert [url for url in page.urls if url.startswith("#") and url[1:] not in page.ids] == []


def test_the_page_shows_every_operation_parameter_and_response(client: Any) -> None:
    _response, page = _page(client)
    text = " ".join(page.text)
    for path, item in document()["paths"].items():
        assert path in text
        for op in item.values():
            assert op["summary"] in text
            for alias in op.get("x-roster-aliases", []):
                assert alias in text
            for param in op["parameters"]:
                assert param["name"] in text
                assert param["description"] in text
            for status, reply in op["responses"].items():
                assert status in text
                assert reply["description"] in text


def test_a_parameter_shows_its_format_default_and_example(client: Any) -> None:
    response, _parsed = _page(client)
    # updated_after: a date-time filter, with its example as a client types it.
    assert "string (date-time)" in response.text
    assert "<code>2024-01-31T09:00:00Z</code>" in response.text
    # A list of ids, documented as a comma list.
    assert "array of integer" in response.text
    # order: its values and its default.
    assert "<code>alphabetical:asc</code>" in response.text


def test_schemas_are_described_in_words() -> None:
    assert describe({"type": ["string", "null"], "format": "date-time"}) == (
        "string (date-time) or null"
    )
    assert describe({"type": "array", "items": {"type": "integer", "minimum": 1}}) == (
        "array of integer (&ge; 1)"
    )
    assert describe({"$ref": "#/components/schemas/KantataUser"}) == (
        '<a href="#schema-KantataUser">KantataUser</a>'
    )
    assert describe({"type": "object", "additionalProperties": {"type": "number"}}) == (
        "map of id to number"
    )

"""The declarations agree with the model, and docs/fixtures.md is what they render."""

from __future__ import annotations

import types
import typing
from pathlib import Path

import pytest
from sqlalchemy import Column

from roster.fixtures.docs import render_fixture_docs
from roster.fixtures.references import REFERENCES
from roster.fixtures.schema import (
    BY_NAME,
    COLLECTIONS,
    NOT_LOADABLE_COLUMNS,
    NOT_LOADABLE_TABLES,
    Collection,
)
from roster.models import Base

DOCS = Path(__file__).resolve().parents[2] / "docs" / "fixtures.md"
# Set by the loader when a record leaves them out, not by a schema default.
LOADER_DEFAULTS = frozenset({"created_at", "updated_at"})
# Null in a record means "derive from full_name" (roster.fixtures.rules.name_parts).
DERIVED = frozenset({("users", "first_name"), ("users", "last_name")})


def test_docs_are_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_fixture_docs(), (
        "docs/fixtures.md is stale: run `.venv/bin/python -m roster.fixtures.docs docs/fixtures.md`"
    )


def test_every_table_is_loadable_or_explained() -> None:
    tables = set(Base.metadata.tables)
    assert tables == set(BY_NAME) | set(NOT_LOADABLE_TABLES)
    assert not set(BY_NAME) & set(NOT_LOADABLE_TABLES)


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.name)
def test_fields_are_the_columns(collection: Collection) -> None:
    fields = set(collection.schema.model_fields)
    columns = set(collection.table.c.keys())
    explained = {
        key.split(".")[1] for key in NOT_LOADABLE_COLUMNS if key.startswith(f"{collection.name}.")
    }
    assert fields - collection.virtual <= columns
    assert columns - fields == explained - fields


def _python_type(annotation: object) -> object:
    """``int`` for ``Id``, ``Id | None`` and the like."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        (annotation,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _column_default(column: Column[object]) -> object:
    default = column.default
    return None if default is None else getattr(default, "arg", None)


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.name)
def test_types_defaults_and_nullability_match_the_model(collection: Collection) -> None:
    for name, info in collection.schema.model_fields.items():
        if name in collection.virtual or name in LOADER_DEFAULTS:
            continue
        column = collection.table.c[name]
        assert _python_type(info.annotation) is column.type.python_type, name
        if info.is_required():
            continue
        value = info.get_default(call_default_factory=True)
        if value is None and (collection.name, name) not in DERIVED:
            assert column.nullable, f"{name} defaults to null but the column is NOT NULL"
        elif value is not None:
            assert value == _column_default(column), f"{name}: default differs from the model"
    for column in collection.table.columns:
        required_by_model = (
            not column.nullable and column.default is None and column.server_default is None
        )
        if required_by_model and column.name in collection.schema.model_fields:
            assert collection.schema.model_fields[column.name].is_required(), column.name


def test_every_foreign_key_column_is_a_reference() -> None:
    declared = {(r.collection, r.field) for r in REFERENCES}
    for collection in COLLECTIONS:
        for column in collection.table.columns:
            if column.foreign_keys and column.name in collection.schema.model_fields:
                assert (collection.name, column.name) in declared

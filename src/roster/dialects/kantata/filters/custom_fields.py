"""Filters on custom field values (the five by_custom_*_value grammars and has_value_for_custom_field_ids)."""

from __future__ import annotations

from roster.query.declarations import Filter

FILTERS: tuple[Filter, ...] = ()

"""Filters on skills and proficiency levels."""

from __future__ import annotations

from roster.query.declarations import Filter

FILTERS: tuple[Filter, ...] = ()

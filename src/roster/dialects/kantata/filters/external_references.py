"""Filters on external references."""

from __future__ import annotations

from roster.query.declarations import Filter

FILTERS: tuple[Filter, ...] = ()

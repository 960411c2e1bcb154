"""Filters on account permissions, management, contacts and organizations."""

from __future__ import annotations

from roster.query.declarations import Filter

FILTERS: tuple[Filter, ...] = ()

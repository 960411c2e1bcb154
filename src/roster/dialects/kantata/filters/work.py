"""Filters on workspaces, tasks, resources, estimates, timesheets and calendars."""

from __future__ import annotations

from roster.query.declarations import Filter

FILTERS: tuple[Filter, ...] = ()

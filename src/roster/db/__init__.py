"""Database plumbing: engine creation, the declarative base, sessions and migrations."""

from roster.db.engine import make_engine, normalise_url
from roster.db.session import Database

__all__ = ["Database", "make_engine", "normalise_url"]

"""``roster load``: load a fixture file (implemented in roster.fixtures)."""

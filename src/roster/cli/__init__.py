"""The ``roster`` command line (Typer + Rich)."""

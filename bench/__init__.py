"""Roster's benchmark (docs/benchmark.md): ``python -m bench.run``, never part of ``make test``."""

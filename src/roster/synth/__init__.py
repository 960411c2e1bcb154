"""Synthetic organisations: ``roster seed`` and the demo data ``roster serve`` starts with.

``seed_organisation(connection, users=..., seed=..., media=...)`` writes a realistic, fully
deterministic organisation inside the caller's transaction; ``generate(plan, seed)`` yields the
same rows without a database.
"""

from roster.synth.generator import generate
from roster.synth.plan import MIN_USERS, Plan
from roster.synth.seeding import (
    DEMO_SEED,
    DEMO_USERS,
    DatabaseNotEmpty,
    ProgressCallback,
    SeedReport,
    ensure_demo_data,
    seed_organisation,
)

__all__ = [
    "DEMO_SEED",
    "DEMO_USERS",
    "MIN_USERS",
    "DatabaseNotEmpty",
    "Plan",
    "ProgressCallback",
    "SeedReport",
    "ensure_demo_data",
    "generate",
    "seed_organisation",
]

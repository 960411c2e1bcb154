"""Copy the query-parameter names of Kantata's GET /users page (seed 002) into the repository.

The seed pages live outside the repository (``../shared/seeds/``), and CI may run without them, so
``test_coverage.py`` reads the list this script wrote once: ``seed_002_parameters.txt`` beside it.
Run it again only if the seed changes:

    .venv/bin/python tests/dialects/kantata/extract_seed_parameters.py [path/to/002_*.txt]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]
SEED = REPOSITORY.parent / "shared" / "seeds" / "002_2332f1cb2430dcaa.txt"
OUTPUT = HERE / "seed_002_parameters.txt"
ITEM = re.compile(r"^  - `([a-z_]+)` \(([a-z]+)\)$")


def query_parameters(seed_text: str) -> list[tuple[str, str]]:
    """(name, type) of each item of the seed's "Query parameters" section, in page order."""
    section = seed_text.split("## Query parameters:", 1)[1].split("\n## ", 1)[0]
    return [(match[1], match[2]) for line in section.splitlines() if (match := ITEM.match(line))]


def main(argv: list[str]) -> int:
    seed = Path(argv[1]) if len(argv) > 1 else SEED
    parameters = query_parameters(seed.read_text(encoding="utf-8"))
    lines = [
        f"# Query parameters of Kantata's GET /users page, copied from seeds/{seed.name}",
        "# by tests/dialects/kantata/extract_seed_parameters.py; one 'name type' per line.",
        *(f"{name} {kind}" for name, kind in parameters),
    ]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(parameters)} parameters to {OUTPUT.relative_to(REPOSITORY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

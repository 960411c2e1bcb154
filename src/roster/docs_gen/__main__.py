"""``python -m roster.docs_gen [--root DIR] [--check]``: write (or check) docs/coverage.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roster.docs_gen.coverage import COVERAGE_PATH, render_coverage, stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roster.docs_gen", description=__doc__)
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the repository (default: current directory)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file is stale instead of writing it"
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if not (root / "tests").is_dir():
        parser.error(f"{root} has no tests/ directory; run from the repository or pass --root")
    problem = stale(root)
    if args.check:
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        return 0
    if problem is not None:
        target = root / COVERAGE_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_coverage(root), encoding="utf-8")
        print(f"wrote {COVERAGE_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

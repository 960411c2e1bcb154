"""The database work of each request of the mix, in PostgreSQL's buffers.

    python -m bench.buffers --database postgresql://.../roster_bench_10k [--only t_deep,k_list]

Each request's statements are captured as ``bench.floor`` captures them (the real application,
in-process, warm), then run under ``EXPLAIN (ANALYZE, BUFFERS)`` for every variant of the
request (a deep page's eight pages). Per request it prints the shared buffers its statements
read (hit or read from disk), averaged over the variants, beside their execution time. The
buffer count follows from the plans alone, not from how busy the machine is, so two versions of
the code compare on a noisy machine: run this with each version's ``src`` first on
``PYTHONPATH``. A request whose count did not move kept its plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.floor import Statement, arguments, capture_mix


def work(driver: Any, variants: Sequence[Sequence[Statement]]) -> tuple[float, float]:
    """Shared buffers and execution milliseconds of one request, averaged over its variants."""
    buffers = milliseconds = 0.0
    cursor = driver.cursor()
    try:
        for variant in variants:
            for statement in variant:
                if not statement.is_query:
                    continue
                cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement.sql,
                    statement.parameters,
                )
                (explained,) = cursor.fetchone()
                plan = explained[0]
                top = plan["Plan"]
                buffers += top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
                milliseconds += plan["Execution Time"]
    finally:
        cursor.close()
        driver.rollback()
    return buffers / len(variants), milliseconds / len(variants)


def main() -> None:
    parser = arguments(__doc__)
    args = parser.parse_args()
    engine, captured = capture_mix(args.database, args.only, "buffers")
    if engine.dialect.name != "postgresql":
        raise SystemExit("bench.buffers reads PostgreSQL's plans: give a PostgreSQL dataset")
    pooled = engine.raw_connection()
    try:
        driver: Any = pooled.driver_connection
        print(f"{'request':14} {'buffers':>9} {'ms':>8}")
        for item in captured:
            work(driver, item.variants)  # warm: the first run may read pages from disk
            buffers, milliseconds = work(driver, item.variants)
            print(f"{item.request.name:14} {buffers:9.0f} {milliseconds:8.3f}")
    finally:
        pooled.close()
        engine.dispose()


if __name__ == "__main__":
    main()

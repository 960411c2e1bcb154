"""The raw-SQL ceiling: how many of a request the database alone answers per second, side by side.

The floor (``bench.floor``) is one request's statements replayed on one connection: what a
request costs the database when nothing else runs. The ceiling replays the same statements side
by side, over as many processes as the server has workers, each connection in its own thread,
for a few seconds, once with as many connections as the server itself uses at most (its workers
times ``ROSTER_DB_THREADS``: 4) and once with as many as wrk opens (32), and keeps the better:
the most requests per second this machine's cores gave that request doing nothing but its SQL
through the driver Roster uses. wrk does not run meanwhile. More connections are not always more:
at pg-10k 32 connections gave ``participant_in`` 570 req/s where Roster, with 4 statements at
most under way, served 704 (run 10's first measurement, at 32 connections only).

It bounds two targets from above, whatever the server does besides its SQL:
- a server answering ``c`` connections at ``X`` requests per second keeps each waiting ``c / X``
  on average (Little's law), so a p99 under 50 ms at 32 connections needs
  ``X >= 32 / 0.05 s = 640`` requests per second at the very least;
- a list page at a tenth of hello's throughput needs the ceiling to be that high too.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from bench import report
from bench.floor import (
    Captured,
    Statement,
    arguments,
    capture_mix,
    reading_like_roster,
    replay_once,
)
from bench.targets import P99_CONNECTIONS, least_wait_ms


@dataclass(frozen=True)
class Ceiling:
    name: str
    connections: int
    processes: int
    seconds: float
    requests: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "connections": self.connections,
            "processes": self.processes,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "rps": round(self.rps, 1),
        }


def _process(
    url: str,
    variants: Sequence[Sequence[Statement]],
    threads: int,
    warm: float,
    seconds: float,
    start: Any,
    counts: Any,
) -> None:
    """One process: ``threads`` connections replaying the variants in turn; after ``warm``
    seconds, counts what completes in the next ``seconds``."""
    engines = [reading_like_roster(url, pool_size=1) for _ in range(threads)]
    pooled = [engine.raw_connection() for engine in engines]
    drivers = [p.driver_connection for p in pooled]
    for driver in drivers:
        for variant in variants:
            replay_once(driver, variant)  # each connection meets every statement once
    ready = threading.Barrier(threads + 1)
    done = [0] * threads
    window: list[float] = []

    def loop(index: int) -> None:
        driver, turn = drivers[index], index
        ready.wait()
        while time.perf_counter() < window[1]:
            replay_once(driver, variants[turn % len(variants)])
            turn += 1
            if window[0] <= time.perf_counter() <= window[1]:
                done[index] += 1

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()  # every process starts its clock together
    now = time.perf_counter()
    window.extend((now + warm, now + warm + seconds))
    ready.wait()
    for worker in workers:
        worker.join()
    counts.put(sum(done))
    for p in pooled:
        p.close()
    for engine in engines:
        engine.dispose()


def measure(
    url: str,
    captured: Sequence[Captured],
    *,
    connections: Sequence[int] = (4, 32),
    processes: int = 2,
    seconds: float = 3.0,
    warm: float = 1.0,
) -> list[Ceiling]:
    """Per request, the better of its ceilings at each of ``connections`` (see the module's
    docstring)."""
    best: dict[str, Ceiling] = {}
    for count in connections:
        for ceiling in _measure_at(url, captured, count, processes, seconds, warm):
            if ceiling.name not in best or ceiling.rps > best[ceiling.name].rps:
                best[ceiling.name] = ceiling
    return [best[item.request.name] for item in captured]


def _measure_at(
    url: str,
    captured: Sequence[Captured],
    connections: int,
    processes: int,
    seconds: float,
    warm: float,
) -> list[Ceiling]:
    context = multiprocessing.get_context("spawn")
    ceilings = []
    for item in captured:
        variants = [list(v) for v in item.variants]
        start = context.Barrier(processes)
        counts = context.Queue()
        shares = [
            connections // processes + (i < connections % processes) for i in range(processes)
        ]
        children = [
            context.Process(
                target=_process, args=(url, variants, share, warm, seconds, start, counts)
            )
            for share in shares
        ]
        for child in children:
            child.start()
        total = sum(counts.get() for _ in children)
        for child in children:
            child.join()
            if child.exitcode != 0:
                raise RuntimeError(
                    f"{item.request.name}: a ceiling process exited {child.exitcode}"
                )
        ceilings.append(Ceiling(item.request.name, connections, processes, seconds, total))
    return ceilings


def into_result(path: Path, ceilings: Sequence[Ceiling]) -> None:
    """Write ``ceilings`` into a finished run's dataset file (``bench/results/*-<label>.json``),
    in place of what it measured; ``python -m bench.report --rejudge STAMP`` judges it again."""
    result = orjson.loads(path.read_bytes())
    for ceiling in ceilings:
        result["requests"][ceiling.name]["ceiling"] = ceiling.as_dict()
    result.setdefault("settings", {})["ceiling_remeasured"] = True
    report.save(path, result)


def main() -> None:
    """Print each request's raw-SQL ceiling on one dataset:
    ``python -m bench.ceiling --database URL [--only k_list,t_owner] [--seconds 3]
    [--connections 4,32] [--into bench/results/STAMP-LABEL.json]``."""
    parser = arguments(main.__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="measured seconds per request")
    parser.add_argument("--connections", default="4,32", help="comma list; the best is kept")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--into", type=Path, help="a finished run's dataset file to update")
    args = parser.parse_args()
    engine, captured = capture_mix(args.database, args.only, "ceiling")
    engine.dispose()
    ceilings = measure(
        args.database,
        captured,
        connections=[int(c) for c in args.connections.split(",") if c],
        processes=args.processes,
        seconds=args.seconds,
    )
    for ceiling in ceilings:
        bound = least_wait_ms(ceiling.rps) if ceiling.rps else float("inf")
        print(
            f"{ceiling.name:14} {ceiling.rps:9.1f} req/s (best at {ceiling.connections} "
            f"connections; {P99_CONNECTIONS} connections wait at least {bound:7.2f} ms)"
        )
    if args.into is not None:
        into_result(args.into, ceilings)


if __name__ == "__main__":
    main()

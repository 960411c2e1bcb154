"""The server's CPU time per request under load, beside its req/s.

    python -m bench.cpu --dataset sqlite-10k [--seconds 8] [--rounds 2] PATH...

On two cores shared with wrk, requests per second at 32 connections move from one run to the
next by more than most changes to the code do; the CPU the server's processes spend per request
moves much less. For each path: ``roster serve`` on the dataset as a run starts it
(``bench.servers.roster_server``, with the run's worker count), 2 s of wrk at 32 connections to
warm it, a wait until it is idle again (``bench.servers.quiesce``), then ``--seconds`` of wrk
while the user and system time of the server and its workers is read from /proc before and
after. To compare two commits, run this with the other commit's ``src`` first on
``PYTHONPATH`` (the workers inherit it), alternating rounds.
"""

from __future__ import annotations

import argparse
import os

from bench import load, mix
from bench.datasets import DATASETS, create_token
from bench.servers import Server, quiesce, roster_server, tree_cpu_seconds
from roster.db import make_engine

WARM_UP_SECONDS = 2
CONNECTIONS = 32


def _drive(
    server: Server, path: str, headers: dict[str, str], seconds: float, workers: int
) -> load.WrkResult:
    """wrk on one path at 32 connections, with one thread per worker as a run has."""
    return load.run(
        server.url, [path], headers, connections=CONNECTIONS, seconds=seconds, threads=workers
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--dataset", default="sqlite-10k", choices=sorted(DATASETS))
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8890)
    args = parser.parse_args()
    dataset = DATASETS[args.dataset]
    picks = mix.pick(make_engine(dataset.url))
    headers = {"Authorization": f"Bearer {create_token(dataset.url, picks.admin_id, 'cpu')}"}
    for _ in range(args.rounds):
        with roster_server(dataset, args.port, args.workers) as server:
            for path in args.paths:
                _drive(server, path, headers, WARM_UP_SECONDS, args.workers)
                # What the warm-up left running is not this measurement's (as in a run's cells).
                quiesce(server)
                before = tree_cpu_seconds(server.process.pid)
                result = _drive(server, path, headers, args.seconds, args.workers)
                spent = tree_cpu_seconds(server.process.pid) - before
                if not result.clean:
                    raise SystemExit(f"{path}: errors under load, not measured ({result})")
                per_request = spent / result.requests * 1000
                print(f"{result.rps:9.0f} req/s  {per_request:7.3f} ms CPU/request  {path}")


if __name__ == "__main__":
    main()

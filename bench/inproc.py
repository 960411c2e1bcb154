"""What a request costs in the worker, without HTTP: the app called in-process, one path at a time.

    python -m bench.inproc --database sqlite:///bench/.data/sqlite-10000-s1.db \\
        /api/v1/users?include=role /projects/api/v3/people.json [--calls 300] [--profile]

The requester is the dataset's usual one (``bench.mix.pick``: the first administrator of the
largest account), with a fresh token. Each path is called 30 times to warm the caches, then
``--calls`` times in batches of 30; the mean of the fastest batch and of the median batch are
printed. ``--profile`` runs the calls again under cProfile
with the handlers on the calling thread (a thread pool hides them from the profiler) and prints
where the time went, by package, then the functions with the most time of their own.

``--instructions`` counts instead of timing: each path runs in a process of its own under
valgrind's callgrind, handlers on the calling thread, and the instructions executed per request
(SQLite's included; start-up and warm-up not) are printed. The count does not change with what
else the machine is doing, so two versions of the code can be compared on a busy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import create_engine

from bench.datasets import create_token
from bench.mix import pick
from roster.db import normalise_url
from roster.web import dialect

WARM_UP = 30
# Timed in batches: the fastest batch's mean is the cost with the least interference from
# anything else on the machine; the median batch's mean is printed beside it.
BATCH = 30


def _token(database: str) -> str:
    user_id = pick(create_engine(normalise_url(database))).admin_id
    return create_token(database, user_id, "inproc")


def _caller(app: Any, token: str) -> Callable[[str], Any]:
    headers = [(b"host", b"localhost"), (b"authorization", f"Bearer {token}".encode())]

    async def call(path: str) -> None:
        route, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": route,
            "raw_path": route.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)
        if sent[0]["status"] != 200:
            raise SystemExit(f"{path} answered {sent[0]['status']}")

    return call


def _by_package(stats: pstats.Stats, calls: int) -> list[tuple[str, float]]:
    spent: Counter[str] = Counter()
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        own_seconds = row[2]
        if "site-packages/" in filename:
            where = filename.split("site-packages/")[1].split("/")[0]
        elif "/src/roster/" in filename:
            where = "roster/" + filename.split("/src/roster/")[1]
        elif filename == "~":
            where = function
        else:
            where = "stdlib " + filename.rsplit("/", 1)[-1]
        spent[where] += own_seconds
    return [(where, seconds / calls * 1000) for where, seconds in spent.most_common(20)]


async def _run(paths: list[str], calls: int, profile: bool, token: str) -> None:
    # Imported here: the worker entry point builds its app from the environment set in main().
    from roster.web import asgi

    call = _caller(asgi.app, token)
    for path in paths:
        for _ in range(WARM_UP):
            await call(path)
        batches = []
        for _ in range(max(1, calls // BATCH)):
            started = time.perf_counter()
            for _ in range(BATCH):
                await call(path)
            batches.append((time.perf_counter() - started) / BATCH * 1000)
        print(f"{min(batches):8.3f} ms  {statistics.median(batches):8.3f} ms  {path}")
    if not profile:
        return

    _on_this_thread()
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        for _ in range(calls):
            await call(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print("\nown time per request, by package (under the profiler):")
    for where, ms in _by_package(stats, calls * len(paths)):
        print(f"{ms:8.3f} ms  {where}")
    stats.sort_stats("tottime").print_stats(25)


def _on_this_thread() -> None:
    async def on_this_thread(_request: Any, work: Callable[[], Any]) -> Any:
        return work()

    # The handlers' thread hop (``roster.web.dialect``) made a no-op, so that a profiler or
    # valgrind sees the handlers on the calling thread.
    setattr(dialect, "on_database_thread", on_this_thread)  # noqa: B010


def _inside_sorted(path: str, calls: int, token: str) -> None:
    """Call ``path`` ``calls`` times from within ``sorted``'s C function, which callgrind is told
    to count inside (``--toggle-collect=builtin_sorted``): start-up and warm-up are not counted."""
    from roster.web import asgi

    _on_this_thread()
    loop = asyncio.new_event_loop()
    call = _caller(asgi.app, token)
    for _ in range(WARM_UP):
        loop.run_until_complete(call(path))

    def one_call(_: int) -> int:
        loop.run_until_complete(call(path))
        return 0

    sorted(range(calls), key=one_call)
    loop.close()


def _instructions(database: str, paths: list[str], calls: int) -> None:
    for path in paths:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            "--collect-atstart=no",
            "--toggle-collect=builtin_sorted",
            sys.executable,
            "-m",
            "bench.inproc",
            "--database",
            database,
            "--calls",
            str(calls),
            "--inside-sorted",
            path,
        ]
        # A fixed hash seed: the same code then executes the same instructions, run after run.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        collected = re.search(r"Collected : (\d+)", done.stderr)
        if collected is None:
            raise SystemExit(f"valgrind printed no count for {path}:\n{done.stderr[-2000:]}")
        per_request = int(collected.group(1)) / calls / 1e6
        print(f"{per_request:8.3f} M instructions  {path}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--database", required=True)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions per request under valgrind (one process per path)",
    )
    parser.add_argument("--inside-sorted", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.instructions:
        _instructions(args.database, args.paths, args.calls)
        return
    token = _token(args.database)
    # The worker entry point configures itself from the environment, as under `roster serve`.
    os.environ["ROSTER_DATABASE_URL"] = args.database
    os.environ["ROSTER_ACCESS_LOG"] = "false"
    if args.inside_sorted:
        _inside_sorted(args.paths[0], args.calls, token)
        return
    asyncio.run(_run(args.paths, args.calls, args.profile, token))


if __name__ == "__main__":
    main()

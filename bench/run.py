"""``python -m bench.run``: the benchmark of docs/benchmark.md.

For each dataset: seed it (cached), capture and replay the raw-SQL floor (and read PostgreSQL's
plans), serve it with ``roster serve`` and drive every request of the mix with wrk at each
concurrency, then the bare hello endpoint and, where asked, json-server on the same users. Then a
soak for memory, the targets, a printed table and ``bench/results/<timestamp>-<dataset>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
from rich.console import Console
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bench import ceiling, datasets, floor, load, mix, report, servers, targets
from bench.datasets import DATASETS, Dataset, create_token
from bench.export import export
from bench.mix import Request
from roster.config import Settings
from roster.db import make_engine, normalise_url

# Wide enough for the tables whatever the terminal (or pipe) says.
console = Console(width=max(Console().width, 150))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--datasets",
        default="sqlite-10k,sqlite-100k,pg-10k,pg-1m",
        help=f"comma list of {', '.join(DATASETS)}",
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk cell")
    parser.add_argument("--concurrency", default="1,32", help="wrk connections, comma list")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", default="", help="comma list of request names (default: all)")
    parser.add_argument("--floor-seconds", type=float, default=1.5, help="replay time per request")
    parser.add_argument(
        "--ceiling-seconds",
        type=float,
        default=3,
        help="measured seconds of the raw-SQL ceiling per request (0: none)",
    )
    parser.add_argument(
        "--json-server", default="sqlite-100k", help="datasets also served by json-server"
    )
    parser.add_argument(
        "--warm", type=float, default=3, help="seconds of unmeasured load before each request"
    )
    parser.add_argument("--soak", type=float, default=300, help="soak seconds (0: none)")
    parser.add_argument("--soak-dataset", default="", help="default: the largest of the run")
    parser.add_argument("--quick", action="store_true", help="short cells for development")
    parser.add_argument("--reseed", action="store_true", help="rebuild the datasets")
    parser.add_argument("--port", type=int, default=8810, help="first of three ports")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.floor_seconds = min(args.duration, 2), min(args.floor_seconds, 0.3)
        args.ceiling_seconds = min(args.ceiling_seconds, 1)
        args.soak = min(args.soak, 20)
        args.warm = min(args.warm, 1)
    return args


def _database_busy(dataset: Dataset) -> Callable[[], bool]:
    """Whether PostgreSQL still runs statements for this dataset (none to wait for on SQLite)."""
    if dataset.engine != "postgresql":
        return lambda: False
    # No pool: nothing is left open between the checks, or after the run.
    engine = create_engine(normalise_url(dataset.url), poolclass=NullPool)

    def busy() -> bool:
        with engine.connect() as connection:
            active = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        return bool(active)

    return busy


def _wrk_cells(
    server: servers.Server,
    paths: tuple[str, ...],
    headers: dict[str, str],
    args: argparse.Namespace,
    raw: Any,
    busy: Callable[[], bool] | None = None,
) -> tuple[dict[str, Any], int]:
    cells: dict[str, Any] = {}
    peak = 0
    if args.warm > 0:
        # Unmeasured, at the highest concurrency: every worker then holds some of the
        # connections, so each has met this request's statements, count and page marks.
        load.run(
            server.url,
            paths,
            headers,
            connections=max(args.concurrency),
            seconds=args.warm,
            threads=args.workers,
        )
    for connections in args.concurrency:
        servers.quiesce(server, busy)
        with servers.MemoryWatch(server) as watch:
            result = load.run(
                server.url,
                paths,
                headers,
                connections=connections,
                seconds=args.duration,
                threads=args.workers,
                raw_log=raw,
            )
        peak = max(peak, watch.peak_kib)
        cells[str(connections)] = {**result.as_dict(), "rss_end_kib": server.rss_kib()}
    return cells, peak


def _preflight(server: servers.Server, requests: list[Request], headers: dict[str, str]) -> None:
    """Every variant must answer 200 before anything is measured."""
    for request in requests:
        for path in request.paths:
            status = httpx.get(server.url + path, headers=headers, timeout=120).status_code
            if status != 200:
                raise SystemExit(f"{request.name}: {path} answered {status}, not 200")


def run_dataset(dataset: Dataset, args: argparse.Namespace, stamp: str) -> dict[str, Any]:
    console.rule(f"{dataset.label}")
    seeded = datasets.ensure(dataset, reseed=args.reseed, say=console.print)
    engine = make_engine(dataset.url)
    picks = mix.pick(engine)
    requests = [r for r in mix.requests(picks) if not args.only or r.name in args.only]
    token = create_token(dataset.url, picks.admin_id, "bench")
    headers = {"Authorization": f"Bearer {token}"}
    raw = report.RESULTS / f"{stamp}-{dataset.label}.raw"
    report.RESULTS.mkdir(parents=True, exist_ok=True)

    console.print("capturing SQL and replaying it through the driver")
    captured = floor.capture(engine, requests, token)
    for item in captured:
        if any(status != 200 for status in item.statuses):
            raise SystemExit(f"{item.request.name} answered {item.statuses} in-process")
    floors = {f.name: f for f in floor.replay(engine, captured, budget=args.floor_seconds)}
    plans = floor.explain(engine, captured) if dataset.engine == "postgresql" else None
    engine.dispose()
    ceilings = {}
    if args.ceiling_seconds > 0:
        console.print("the raw-SQL ceiling")
        ceilings = {
            c.name: c
            for c in ceiling.measure(
                dataset.url,
                captured,
                # As many as the server runs at most, and wrk's.
                connections=(Settings.from_env().db_threads * args.workers, max(args.concurrency)),
                processes=args.workers,
                seconds=args.ceiling_seconds,
            )
        }

    result: dict[str, Any] = {
        "dataset": {
            "label": dataset.label,
            "engine": dataset.engine,
            "users": dataset.users,
            "seed": dataset.seed,
            "schema": datasets.schema_revision(),
            "seed_command": datasets.seed_command(dataset),
            "seeded_seconds": round(seeded, 1),
        },
        "settings": {
            "workers": args.workers,
            "duration_s": args.duration,
            "concurrency": args.concurrency,
            "floor_seconds": args.floor_seconds,
            "ceiling_seconds": args.ceiling_seconds,
        },
        "picks": {
            "admin_id": picks.admin_id,
            "account_id": picks.account_id,
            "user_ids": picks.user_ids,
            "workspace_ids": picks.workspace_ids,
            "terms": picks.terms,
        },
        "requests": {},
    }
    for item in captured:
        result["requests"][item.request.name] = {
            "what": item.request.what,
            "dialect": item.request.dialect,
            "paths": item.request.paths,
            "floor": floors[item.request.name].as_dict(),
            "floor_method": "statements captured in-process, replayed through "
            f"{'sqlite3' if dataset.engine == 'sqlite' else 'psycopg'} in one transaction",
            "sql": [s.sql for s in item.variants[0]],
        }
        if item.request.name in ceilings:
            result["requests"][item.request.name]["ceiling"] = ceilings[item.request.name].as_dict()
    if plans is not None:
        result["plans"] = plans

    port = args.port
    busy = _database_busy(dataset)
    with servers.roster_server(dataset, port, args.workers) as server:
        result["server"] = {
            "command": shlex.join(server.command),
            "rss_start_kib": server.rss_kib(),
        }
        _preflight(server, requests, headers)
        for request in requests:
            console.print(f"  {request.name}: {request.what}")
            cells, peak = _wrk_cells(server, request.paths, headers, args, raw, busy)
            entry = result["requests"][request.name]
            entry["cells"], entry["rss_peak_kib"] = cells, peak
        servers.quiesce(server, busy)
        result["server"]["rss_end_kib"] = server.rss_kib()

    with servers.hello_server(port + 1, args.workers) as hello:
        console.print("  hello")
        cells, peak = _wrk_cells(hello, ("/hello",), {}, args, raw)
        result["hello"] = {
            "command": shlex.join(hello.command),
            "cells": cells,
            "rss_peak_kib": peak,
        }

    if dataset.label in args.json_server:
        engine = make_engine(dataset.url)
        db_file = export(engine, dataset)
        engine.dispose()
        result["json_server"] = {}
        with servers.json_server(db_file, port + 2) as js:
            for request in mix.json_server_requests(picks):
                console.print(f"  json-server {request.name}: {request.what}")
                _preflight(js, [request], {})
                cells, peak = _wrk_cells(js, request.paths, {}, args, raw)
                result["json_server"][request.name] = {
                    "command": shlex.join(js.command),
                    "paths": request.paths,
                    "cells": cells,
                    "rss_peak_kib": peak,
                }
    return result


def soak(dataset: Dataset, args: argparse.Namespace, stamp: str) -> dict[str, Any]:
    """The whole mix, both dialects interleaved, at the highest concurrency for ``args.soak`` s."""
    console.rule(f"soak: {dataset.label}, {args.soak:.0f}s")
    engine = make_engine(dataset.url)
    picks = mix.pick(engine)
    engine.dispose()
    token = create_token(dataset.url, picks.admin_id, "bench")
    headers = {"Authorization": f"Bearer {token}"}
    requests = mix.requests(picks)
    width = max(len(r.paths) for r in requests)
    paths = tuple(r.paths[i % len(r.paths)] for i in range(width) for r in requests)
    connections = max(args.concurrency)
    raw = report.RESULTS / f"{stamp}-soak.raw"
    with servers.roster_server(dataset, args.port, args.workers) as server:
        started_kib = server.rss_kib()
        with servers.MemoryWatch(server, interval=5) as watch:
            result = load.run(
                server.url,
                paths,
                headers,
                connections=connections,
                seconds=args.soak,
                threads=args.workers,
                raw_log=raw,
            )
        end_kib = server.rss_kib()
    # Baseline: the first sample a fifth of the way in, once pools, caches and thread pools have
    # filled; growth after that is what a leak would show.
    warm = next((kib for t, kib in watch.samples if t >= args.soak / 5), started_kib)
    return {
        "dataset": dataset.label,
        "seconds": args.soak,
        "connections": connections,
        "wrk": result.as_dict(),
        "rss_start_kib": started_kib,
        "rss_baseline_kib": warm,
        "rss_end_kib": end_kib,
        "rss_growth": end_kib / warm - 1 if warm else 0.0,
        "rss_samples": watch.samples,
    }


def main() -> None:
    # A terminated run still stops the servers it started (their context managers run on exit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = _arguments()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.only = {n for n in args.only.split(",") if n}
    args.json_server = {n for n in args.json_server.split(",") if n}
    labels = [label for label in args.datasets.split(",") if label]
    unknown = [label for label in labels if label not in DATASETS]
    if unknown:
        raise SystemExit(f"unknown datasets {unknown}; known: {', '.join(DATASETS)}")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    command = shlex.join([sys.executable.rsplit("/", 1)[-1], "-m", "bench.run", *sys.argv[1:]])
    machine = {
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0],
    }
    started = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    for label in labels:
        result = run_dataset(DATASETS[label], args, stamp)
        result["command"], result["machine"] = command, machine
        results[label] = result
        path = report.write(f"{stamp}-{label}", result)
        report.dataset_table(console, result)
        console.print(f"written {path.relative_to(datasets.ROOT)}")

    soaked = None
    if args.soak > 0 and labels:
        soak_label = args.soak_dataset or max(labels, key=lambda label: DATASETS[label].users)
        soaked = soak(DATASETS[soak_label], args, stamp)
        console.print(
            f"soak: RSS {soaked['rss_baseline_kib'] // 1024} MiB after warm-up, "
            f"{soaked['rss_end_kib'] // 1024} MiB at the end ({soaked['rss_growth']:+.1%})"
        )
    verdicts = targets.judge(results, soaked)
    report.targets_table(console, verdicts)
    summary = {
        "command": command,
        "machine": machine,
        "load_average_at_end": os.getloadavg(),
        "seconds": round(time.perf_counter() - started, 1),
        "datasets": labels,
        "soak": soaked,
        "targets": [v.as_dict() for v in verdicts],
        "databases": {
            label: make_url(DATASETS[label].url).render_as_string(hide_password=True)
            for label in labels
        },
    }
    path = report.write(f"{stamp}-summary", summary)
    console.print(f"written {path.relative_to(datasets.ROOT)} ({summary['seconds']:.0f}s in all)")


if __name__ == "__main__":
    main()

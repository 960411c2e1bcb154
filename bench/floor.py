"""The raw-SQL floor: the exact statements Roster sends for a request, replayed through the driver.

Capture runs each request once through the real application in-process (same code, same engine
settings) and records every statement with its parameters as the driver received them. Replay
executes them on a driver connection taken from an engine made by ``roster.db.make_engine`` (so
SQLite gets Roster's PRAGMAs), fetching every row, as Roster reads: on SQLite in one transaction
per request, on PostgreSQL each statement committing on its own on a read-only connection
(``roster.db.engine.reader_for``). That is what the database alone costs for that request.

On PostgreSQL the same statements are also explained (``EXPLAIN (ANALYZE, BUFFERS)``), and any
sequential scan of a table holding more than ``LARGE_TABLE`` rows is reported: at a million users
every request must reach its rows through indexes.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, text
from starlette.testclient import TestClient

from bench import mix
from bench.datasets import create_token
from bench.mix import Request
from roster.config import Settings
from roster.db import Database, make_engine
from roster.db.engine import reader_for
from roster.db.planning import PLAN_EACH_TIME
from roster.web.app import create_app

_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
LARGE_TABLE = 10_000
_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
_EXECUTION = re.compile(r"Execution Time: ([0-9.]+) ms")


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any
    # Sent unprepared (roster.db.planning.planned_each_time), so replayed unprepared too.
    unprepared: bool = False

    @property
    def is_query(self) -> bool:
        return not self.sql.lstrip().upper().startswith(_CONTROL)


@dataclass
class Captured:
    request: Request
    # One list of statements per variant of the request, in the order Roster sent them.
    variants: list[list[Statement]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    @property
    def queries_per_request(self) -> int:
        counts = [sum(s.is_query for s in variant) for variant in self.variants]
        return max(counts, default=0)


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def reading_like_roster(url: str, *, pool_size: int = 10) -> Engine:
    """An engine whose connections are set up as Roster's read requests' are."""
    return reader_for(url, pool_size=pool_size) or make_engine(url, pool_size=pool_size)


def capture(engine: Engine, requests: Sequence[Request], token: str) -> list[Captured]:
    # As a server worker reads (roster.db.session.Database.serving), so the statements are the
    # ones it sends, and on the engine it sends them on.
    reader = reader_for(url_of(engine))
    database = Database(engine, reader=reader)
    engines = [engine] if reader is None else [engine, reader]
    try:
        return _capture(database, engines, requests, token)
    finally:
        if reader is not None:
            reader.dispose()


def _capture(
    database: Database, engines: Sequence[Engine], requests: Sequence[Request], token: str
) -> list[Captured]:
    app = create_app(Settings(access_log=False), database)
    recorded: list[Statement] = []

    def record(
        _conn: Any, _cursor: Any, sql: str, parameters: Any, context: Any, _many: bool
    ) -> None:
        unprepared = bool(context is not None and context.execution_options.get(PLAN_EACH_TIME))
        recorded.append(Statement(sql, parameters, unprepared))

    headers = {"Authorization": f"Bearer {token}"}
    results = []
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for request in requests:
            captured = Captured(request)
            for path in request.paths:
                client.get(path, headers=headers)  # warm: first-use caches are not the floor
                recorded.clear()
                for engine in engines:
                    event.listen(engine, "before_cursor_execute", record)
                try:
                    response = client.get(path, headers=headers)
                finally:
                    for engine in engines:
                        event.remove(engine, "before_cursor_execute", record)
                captured.statuses.append(response.status_code)
                captured.variants.append(list(recorded))
            results.append(captured)
    return results


@dataclass(frozen=True)
class Floor:
    name: str
    statements: int
    iterations: int
    p50_ms: float
    mean_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "statements": self.statements,
            "iterations": self.iterations,
            "p50_ms": round(self.p50_ms, 3),
            "mean_ms": round(self.mean_ms, 3),
        }


def replay_once(driver: Any, statements: Sequence[Statement]) -> None:
    cursor = driver.cursor()
    try:
        for statement in statements:
            if statement.unprepared:
                cursor.execute(statement.sql, statement.parameters, prepare=False)
            else:
                cursor.execute(statement.sql, statement.parameters)
            if cursor.description is not None:
                cursor.fetchall()
    finally:
        cursor.close()
    driver.commit()


def replay(engine: Engine, captured: Sequence[Captured], *, budget: float) -> list[Floor]:
    """Per request, the time its statements take through the bare driver (``budget`` seconds of
    repetitions per request, rotating through its variants)."""
    reader = reading_like_roster(url_of(engine), pool_size=1)
    pooled = reader.raw_connection()
    driver: Any = pooled.driver_connection
    floors = []
    try:
        for item in captured:
            for variant in item.variants:
                replay_once(driver, variant)
            timings: list[float] = []
            deadline = time.perf_counter() + budget
            while time.perf_counter() < deadline or len(timings) < 3:
                variant = item.variants[len(timings) % len(item.variants)]
                started = time.perf_counter()
                replay_once(driver, variant)
                timings.append((time.perf_counter() - started) * 1000)
            floors.append(
                Floor(
                    item.request.name,
                    item.queries_per_request,
                    len(timings),
                    statistics.median(timings),
                    statistics.fmean(timings),
                )
            )
    finally:
        pooled.close()
        reader.dispose()
    return floors


def explain(engine: Engine, captured: Sequence[Captured]) -> dict[str, Any]:
    """PostgreSQL plans of each request's statements (first variant), and the large-table
    sequential scans among them."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT relname, reltuples::bigint FROM pg_class "
                "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
            )
        )
        sizes = {str(name): int(size) for name, size in rows}
    pooled = engine.raw_connection()
    driver: Any = pooled.driver_connection
    report: dict[str, Any] = {}
    try:
        cursor = driver.cursor()
        for item in captured:
            plans, scans = [], []
            for statement in item.variants[0]:
                if not statement.is_query:
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.parameters)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                for table in _SEQ_SCAN.findall(plan):
                    if sizes.get(table, 0) > LARGE_TABLE:
                        scans.append(f"{table} ({sizes[table]} rows)")
                took = _EXECUTION.search(plan)
                plans.append(
                    {
                        "sql": statement.sql,
                        "execution_ms": float(took.group(1)) if took else None,
                        "plan": plan,
                    }
                )
            report[item.request.name] = {"large_seq_scans": scans, "statements": plans}
        driver.rollback()
    finally:
        pooled.close()
    return report


def arguments(doc: str | None) -> argparse.ArgumentParser:
    """The command line that ``bench.floor`` and ``bench.ceiling`` share."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--database", required=True)
    parser.add_argument("--only", default="", help="comma list of request names")
    return parser


def capture_mix(database: str, only: str, purpose: str) -> tuple[Engine, list[Captured]]:
    """The dataset's engine and the captured statements of the mix's requests (``only``: a comma
    list of names, or all), asked with a new token of the dataset's usual requester."""
    engine = make_engine(database)
    wanted = {name for name in only.split(",") if name}
    picks = mix.pick(engine)
    chosen = [r for r in mix.requests(picks) if not wanted or r.name in wanted]
    token = create_token(database, picks.admin_id, purpose)
    return engine, capture(engine, chosen, token)


def main() -> None:
    """Print the floor of each request of the mix on one dataset, without the load runs:
    ``python -m bench.floor --database URL [--only k_list,t_owner] [--budget 1.0]``."""
    parser = arguments(main.__doc__)
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per request")
    args = parser.parse_args()
    engine, captured = capture_mix(args.database, args.only, "floor")
    for floor in replay(engine, captured, budget=args.budget):
        print(f"{floor.name:14} {floor.statements} statements  p50 {floor.p50_ms:8.3f} ms")


if __name__ == "__main__":
    main()

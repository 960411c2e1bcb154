"""The printed tables and the JSON files of a run.

``python -m bench.report <timestamp>`` prints a finished run's tables again, as Markdown (for
docs/benchmark.md), from its result files.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import orjson
from rich import box
from rich.console import Console
from rich.table import Table

from bench.targets import Verdict, judge

RESULTS = Path(__file__).resolve().parent / "results"


def write(name: str, body: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return save(RESULTS / f"{name}.json", body)


def save(path: Path, body: dict[str, Any]) -> Path:
    path.write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return path


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _cells(cells: dict[str, Any], concurrency: list[int]) -> list[str]:
    out = []
    for c in concurrency:
        cell = cells.get(str(c))
        if cell is None:
            out += ["", "", ""]
            continue
        flag = "" if cell["clean"] else " !"
        out += [f"{cell['rps']:.0f}{flag}", _ms(cell["p50_ms"]), _ms(cell["p99_ms"])]
    return out


def dataset_table(
    console: Console, result: dict[str, Any], style: box.Box = box.HEAVY_HEAD
) -> None:
    concurrency = [int(c) for c in result["settings"]["concurrency"]]
    table = Table(
        title=f"{result['dataset']['label']} ({result['dataset']['users']:,} users)", box=style
    )
    table.add_column("request")
    table.add_column("SQL", justify="right")
    table.add_column("SQL ms", justify="right")
    table.add_column("SQL ceiling", justify="right")
    for c in concurrency:
        table.add_column(f"c{c} req/s", justify="right")
        table.add_column(f"c{c} p50", justify="right")
        table.add_column(f"c{c} p99", justify="right")
    table.add_column("RSS MiB", justify="right")
    for name, request in result["requests"].items():
        floor = request.get("floor") or {}
        top = request.get("ceiling")
        rss = request.get("rss_peak_kib")
        table.add_row(
            name,
            str(floor.get("statements", "")),
            _ms(floor.get("p50_ms")),
            "" if top is None else f"{top['rps']:.0f}",
            *_cells(request.get("cells", {}), concurrency),
            "" if rss is None else str(rss // 1024),
        )
    extras = [("hello", result.get("hello"))]
    extras += list((result.get("json_server") or {}).items())
    for name, extra in extras:
        if extra:
            rss = extra.get("rss_peak_kib")
            table.add_row(
                name,
                "",
                "",
                "",
                *_cells(extra["cells"], concurrency),
                "" if rss is None else str(rss // 1024),
            )
    console.print(table)
    console.print(
        "latencies in ms; '!' marks a cell with errors or non-2xx answers; 'SQL ceiling' is "
        "the raw-SQL ceiling in req/s (bench.ceiling)"
    )


def targets_table(
    console: Console, verdicts: list[Verdict], style: box.Box = box.HEAVY_HEAD
) -> None:
    table = Table(title="Targets", box=style)
    for column in ("target", "scope", "value", "limit", "verdict", "detail", "bound"):
        table.add_column(column)
    for v in verdicts:
        mark = v.verdict
        if style is not box.MARKDOWN:
            mark = f"[green]{mark}[/green]" if v.passed else f"[red]{mark}[/red]"
        table.add_row(v.target, v.scope, f"{v.value:g}", f"{v.limit:g}", mark, v.detail, v.bound)
    console.print(table)
    passed = sum(v.passed for v in verdicts)
    beyond = sum(v.reachable is False and not v.passed for v in verdicts)
    console.print(
        f"{passed} of {len(verdicts)} target checks pass; {beyond} of the misses are out of reach "
        "on this machine by a bound measured in the same run"
    )


def main() -> None:
    """``python -m bench.report STAMP``: a finished run's tables again, as Markdown.
    ``--rejudge`` first judges the run's targets again from its dataset files (after
    ``python -m bench.ceiling --into`` re-measured their ceilings) and rewrites its summary."""
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=main.__doc__)
    parser.add_argument("stamp")
    parser.add_argument("--rejudge", action="store_true")
    args = parser.parse_args()
    console = Console(width=400, no_color=True)
    summary = orjson.loads((RESULTS / f"{args.stamp}-summary.json").read_bytes())
    results = {
        label: orjson.loads((RESULTS / f"{args.stamp}-{label}.json").read_bytes())
        for label in summary["datasets"]
    }
    if args.rejudge:
        summary["targets"] = [v.as_dict() for v in judge(results, summary.get("soak"))]
        write(f"{args.stamp}-summary", summary)
    for result in results.values():
        dataset_table(console, result, box.MARKDOWN)
    verdicts = [
        Verdict(**{k: v[k] for k in Verdict.__dataclass_fields__ if k in v})
        for v in summary["targets"]
    ]
    targets_table(console, verdicts, box.MARKDOWN)
    soak = summary.get("soak")
    if soak:
        console.print(orjson.dumps(soak, option=orjson.OPT_INDENT_2).decode()[:2000])


if __name__ == "__main__":
    main()

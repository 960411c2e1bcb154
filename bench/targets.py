"""The issue's targets, each judged from figures of one run as PASS or MISS with its ratio.

Where figures of the same run bound what any server could reach on this machine, a MISS also
says whether the target was within that bound (``reachable``):
- latency at c=1 can be no lower than hello's (an empty answer through the same HTTP stack) plus
  the request's raw SQL, so the target is out of reach where hello's p50 alone exceeds half the
  floor;
- throughput at 32 connections can be no higher than the request's raw-SQL ceiling
  (``bench.ceiling``), and by Little's law the mean wait is at least 32 / that ceiling; a p99
  under 50 ms is out of reach where that mean is 50 ms or more, and a tenth of hello's
  throughput where the ceiling is below it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bench.mix import JSON_SERVER_TWINS

JSON_SERVER_FACTOR = 10.0  # Roster's list and search throughput over json-server's
HELLO_SHARE = 0.10  # the default list page's throughput over the bare hello endpoint's
FLOOR_FACTOR = 1.5  # Roster's latency at concurrency 1 over the raw-SQL time
P99_LIMIT_MS = 50.0  # at 1M users and P99_CONNECTIONS, every request
P99_CONNECTIONS = 32
SCALING_FACTOR = 2.0  # p50 at 1M users over p50 at 10k
RSS_GROWTH = 0.10  # over the soak
HELLO_REQUEST = "k_list_role"  # the default list page with visibility, count and include=role


@dataclass(frozen=True)
class Verdict:
    target: str
    scope: str
    value: float
    limit: float
    passed: bool
    detail: str
    # Whether any server could meet the target on this machine, by a bound measured in the same
    # run (None where no such bound is measured), and that bound in words.
    reachable: bool | None = None
    bound: str = ""

    @property
    def verdict(self) -> str:
        if self.passed:
            return "PASS"
        return "MISS (out of reach here)" if self.reachable is False else "MISS"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


def _cell(result: dict[str, Any], request: str, concurrency: int) -> dict[str, Any] | None:
    cells: dict[str, Any] = result["requests"].get(request, {}).get("cells", {})
    return _usable(cells.get(str(concurrency)))


def _usable(cell: dict[str, Any] | None) -> dict[str, Any] | None:
    """A cell whose figures mean something; one with errors, or in which no request completed,
    is judged as missing data (MISS), never as a fast answer."""
    if cell is None:
        return None
    if not cell["clean"]:
        return {**cell, "rps": 0.0, "p50_ms": float("inf"), "p99_ms": float("inf")}
    return cell


def judge(results: dict[str, dict[str, Any]], soak: dict[str, Any] | None) -> list[Verdict]:
    verdicts: list[Verdict] = []
    for label, result in results.items():
        top = max(int(c) for c in result["settings"]["concurrency"])
        verdicts.extend(_json_server(label, result, top))
        verdicts.extend(_hello(label, result, top))
        verdicts.extend(_floor(label, result))
        if label == "pg-1m":
            verdicts.extend(_p99(label, result))
            verdicts.extend(_plans(label, result))
            for small in ("pg-10k", "sqlite-10k"):
                if small in results:
                    verdicts.extend(_scaling(result, results[small], small))
    if soak is not None:
        growth = soak["rss_growth"]
        verdicts.append(
            Verdict(
                "RSS flat over the soak",
                soak["dataset"],
                round(growth, 4),
                RSS_GROWTH,
                growth < RSS_GROWTH,
                f"{soak['rss_baseline_kib'] // 1024} MiB after warm-up -> "
                f"{soak['rss_end_kib'] // 1024} MiB after {soak['seconds']:.0f}s",
            )
        )
    return verdicts


def _json_server(label: str, result: dict[str, Any], top: int) -> list[Verdict]:
    out = []
    served: dict[str, Any] = result.get("json_server") or {}
    for ours, theirs in JSON_SERVER_TWINS.items():
        mine = _cell(result, ours, top)
        base = _usable(served.get(theirs, {}).get("cells", {}).get(str(top)))
        if mine is None or base is None:
            continue
        ratio = mine["rps"] / base["rps"] if base["rps"] else 0.0
        out.append(
            Verdict(
                f"throughput >= {JSON_SERVER_FACTOR:g}x json-server",
                f"{label} {ours} vs {theirs} (c={top})",
                round(ratio, 2),
                JSON_SERVER_FACTOR,
                ratio >= JSON_SERVER_FACTOR,
                f"{mine['rps']:.0f} vs {base['rps']:.1f} req/s",
            )
        )
    return out


def _hello(label: str, result: dict[str, Any], top: int) -> list[Verdict]:
    mine = _cell(result, HELLO_REQUEST, top)
    hello = _hello_cell(result, top)
    if mine is None or hello is None or not hello["rps"]:
        return []
    share = mine["rps"] / hello["rps"]
    ceiling = _ceiling(result, HELLO_REQUEST)
    needed = HELLO_SHARE * hello["rps"]
    return [
        Verdict(
            f"list page >= {HELLO_SHARE:.0%} of hello",
            f"{label} {HELLO_REQUEST} (c={top})",
            round(share, 4),
            HELLO_SHARE,
            share >= HELLO_SHARE,
            f"{mine['rps']:.0f} vs {hello['rps']:.0f} req/s",
            None if ceiling is None else ceiling >= needed,
            "" if ceiling is None else f"SQL alone {ceiling:.0f} req/s; needs {needed:.0f}",
        )
    ]


def least_wait_ms(rps: float) -> float:
    """Little's law: ``P99_CONNECTIONS`` connections served at ``rps`` wait this long on average."""
    return P99_CONNECTIONS * 1000 / rps


def _hello_cell(result: dict[str, Any], concurrency: int) -> dict[str, Any] | None:
    return _usable((result.get("hello") or {}).get("cells", {}).get(str(concurrency)))


def _ceiling(result: dict[str, Any], request: str) -> float | None:
    """The request's raw-SQL ceiling in requests per second, where the run measured it."""
    ceiling = result["requests"].get(request, {}).get("ceiling")
    return None if ceiling is None else float(ceiling["rps"])


def _floor(label: str, result: dict[str, Any]) -> list[Verdict]:
    out = []
    hello = _hello_cell(result, 1)
    for name, request in result["requests"].items():
        floor, cell = request.get("floor"), _usable(request.get("cells", {}).get("1"))
        if floor is None or cell is None or not floor["p50_ms"]:
            continue
        ratio = cell["p50_ms"] / floor["p50_ms"]
        least = None if hello is None else hello["p50_ms"] + floor["p50_ms"]
        out.append(
            Verdict(
                f"latency at c=1 <= {FLOOR_FACTOR:g}x raw SQL",
                f"{label} {name}",
                round(ratio, 2),
                FLOOR_FACTOR,
                ratio <= FLOOR_FACTOR,
                f"p50 {cell['p50_ms']:.2f} ms vs SQL {floor['p50_ms']:.2f} ms "
                f"({floor['statements']} statements)",
                None if least is None else least <= FLOOR_FACTOR * floor["p50_ms"],
                ""
                if least is None
                else f"hello + SQL = {least:.2f} ms; limit {FLOOR_FACTOR * floor['p50_ms']:.2f}",
            )
        )
    return out


def _p99(label: str, result: dict[str, Any]) -> list[Verdict]:
    out = []
    for name in result["requests"]:
        cell = _cell(result, name, P99_CONNECTIONS)
        if cell is None:
            continue
        ceiling = _ceiling(result, name)
        least = least_wait_ms(ceiling) if ceiling else None
        out.append(
            Verdict(
                f"p99 < {P99_LIMIT_MS:g} ms at {P99_CONNECTIONS} connections",
                f"{label} {name}",
                cell["p99_ms"],
                P99_LIMIT_MS,
                cell["p99_ms"] < P99_LIMIT_MS,
                f"{cell['rps']:.0f} req/s, p50 {cell['p50_ms']:.1f} ms",
                None if least is None else least < P99_LIMIT_MS,
                ""
                if least is None
                else f"SQL alone {ceiling:.0f} req/s: mean wait >= {least:.1f} ms",
            )
        )
    return out


def _plans(label: str, result: dict[str, Any]) -> list[Verdict]:
    out = []
    for name, plan in (result.get("plans") or {}).items():
        scans = plan["large_seq_scans"]
        out.append(
            Verdict(
                "no full scans (plans)",
                f"{label} {name}",
                float(len(scans)),
                0.0,
                not scans,
                ", ".join(scans) or "index access only",
            )
        )
    return out


def _scaling(big: dict[str, Any], small: dict[str, Any], small_label: str) -> list[Verdict]:
    out = []
    for name in big["requests"]:
        large, little = _cell(big, name, 1), _cell(small, name, 1)
        if large is None or little is None:
            continue
        ratio = large["p50_ms"] / little["p50_ms"] if little["p50_ms"] else float("inf")
        out.append(
            Verdict(
                f"p50 at 1M <= {SCALING_FACTOR:g}x p50 at 10k (c=1)",
                f"pg-1m vs {small_label} {name}",
                round(ratio, 2),
                SCALING_FACTOR,
                ratio <= SCALING_FACTOR,
                f"{large['p50_ms']:.2f} ms vs {little['p50_ms']:.2f} ms",
            )
        )
    return out

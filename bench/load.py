"""wrk, the load generator: a Lua script that rotates through a request's variants with the auth
header, a bounded run, and the parse of its ``--latency`` report."""

from __future__ import annotations

import re
import shlex
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = re.compile(r"([0-9.]+)(us|ms|s|m)$")
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+(\S+)\s*$", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m),", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([0-9.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass(frozen=True)
class WrkResult:
    command: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def clean(self) -> bool:
        return self.requests > 0 and self.non_2xx == 0 and self.socket_errors == 0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clean": self.clean}


def _milliseconds(text: str) -> float:
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(output: str, command: str = "") -> WrkResult:
    """The figures of one wrk run from its text report (wrk 4.1 with ``--latency``)."""
    percentiles = {int(p): _milliseconds(v) for p, v in _PERCENTILE.findall(output)}
    total, rate = _TOTAL.search(output), _RATE.search(output)
    if total is None or rate is None or set(percentiles) != {50, 75, 90, 99}:
        raise ValueError(f"unexpected wrk output:\n{output}")
    non_2xx = _NON_2XX.search(output)
    sockets = _SOCKET.search(output)
    return WrkResult(
        command=command,
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2) + total.group(3)) / 1000,
        rps=float(rate.group(1)),
        p50_ms=percentiles[50],
        p75_ms=percentiles[75],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def script(paths: Sequence[str], headers: dict[str, str]) -> str:
    """A wrk script sending ``paths`` in turn (each thread from its own start) with ``headers``."""
    listed = ",\n  ".join(_lua_string(p) for p in paths)
    header_items = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
    return (
        f"local paths = {{\n  {listed}\n}}\n"
        f"local headers = {{{header_items}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  return wrk.format("GET", paths[(n % #paths) + 1], headers)\n'
        "end\n"
    )


def run(
    base_url: str,
    paths: Sequence[str],
    headers: dict[str, str],
    *,
    connections: int,
    seconds: float,
    threads: int,
    raw_log: Path | None = None,
) -> WrkResult:
    threads = max(1, min(threads, connections))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script(paths, headers))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        lua.name,
        base_url,
    ]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        Path(lua.name).unlink(missing_ok=True)
    if raw_log is not None:
        with raw_log.open("a") as out:
            out.write(f"$ {shlex.join(command)}\n# paths: {list(paths)}\n{completed.stdout}\n")
    shown = shlex.join([*command[:-3], "<script rotating the paths>", base_url])
    return parse(completed.stdout, shown)

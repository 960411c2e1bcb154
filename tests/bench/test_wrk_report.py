"""The benchmark's parse of wrk's report and its judgement of cells (bench/, docs/benchmark.md).

The benchmark itself never runs in the suite; these pin the two pieces whose mistakes would turn
into wrong figures silently: reading wrk 4.1's text report, and refusing to judge a cell in which
requests failed or none completed.
"""

from __future__ import annotations

import pytest
from bench.load import parse, script
from bench.targets import judge

REPORT = """Running 10s test @ http://127.0.0.1:8810
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   515.25ms  268.55ms   1.56s    70.99%
    Req/Sec    34.35     21.87   111.00     62.42%
  Latency Distribution
     50%  454.42ms
     75%  656.95ms
     90%  911.08ms
     99%    1.39s{space}
  626 requests in 10.09s, 3.14MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:     62.06
Transfer/sec:    319.22KB
""".format(space=" ")  # wrk pads short values with a trailing space


def test_a_report_is_read_in_milliseconds() -> None:
    result = parse(REPORT, "wrk ...")
    assert result.requests == 626
    assert result.seconds == pytest.approx(10.09)
    assert result.rps == pytest.approx(62.06)
    assert (result.p50_ms, result.p75_ms, result.p90_ms) == (454.42, 656.95, 911.08)
    assert result.p99_ms == pytest.approx(1390.0)
    assert (result.non_2xx, result.socket_errors) == (3, 3)
    assert not result.clean


def test_microseconds_and_a_clean_run() -> None:
    clean = REPORT.replace("  Non-2xx or 3xx responses: 3\n", "").replace(
        "read 1, write 0, timeout 2", "read 0, write 0, timeout 0"
    )
    result = parse(clean.replace("454.42ms", "812.00us"))
    assert result.p50_ms == pytest.approx(0.812)
    assert result.clean


def test_a_report_without_its_latency_distribution_is_refused() -> None:
    with pytest.raises(ValueError, match="unexpected wrk output"):
        parse(REPORT.replace("     99%    1.39s \n", ""))


def test_the_script_rotates_through_every_path_with_the_headers() -> None:
    lua = script(['/a?x="1"', "/b"], {"Authorization": "Bearer t"})
    assert '"/a?x=\\"1\\""' in lua
    assert '"/b"' in lua
    assert '["Authorization"] = "Bearer t"' in lua
    assert "paths[(n % #paths) + 1]" in lua


def _cell(rps: float, p50: float, clean: bool = True) -> dict[str, object]:
    return {"rps": rps, "p50_ms": p50, "p99_ms": p50 * 2, "clean": clean}


def test_a_cell_with_errors_is_a_miss_never_a_fast_answer() -> None:
    result = {
        "settings": {"concurrency": [1, 32]},
        "requests": {
            "k_show": {
                "floor": {"p50_ms": 1.0, "statements": 2},
                "cells": {"1": _cell(900, 0.5, clean=False)},
            },
            "k_me": {"floor": {"p50_ms": 1.0, "statements": 2}, "cells": {"1": _cell(900, 1.2)}},
        },
    }
    verdicts = {v.scope: v for v in judge({"sqlite-10k": result}, None)}
    assert not verdicts["sqlite-10k k_show"].passed
    assert verdicts["sqlite-10k k_me"].passed
    assert verdicts["sqlite-10k k_me"].value == pytest.approx(1.2)

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


def test_a_miss_says_whether_the_same_run_put_it_out_of_reach() -> None:
    def request(floor_ms: float, c1_p50: float, ceiling_rps: float) -> dict[str, object]:
        return {
            "floor": {"p50_ms": floor_ms, "statements": 2},
            "ceiling": {"rps": ceiling_rps},
            "cells": {"1": _cell(500, c1_p50), "32": _cell(600, 40.0)},
        }

    result = {
        "settings": {"concurrency": [1, 32]},
        "hello": {"cells": {"1": _cell(5000, 0.2), "32": _cell(13000, 2.0)}},
        "requests": {
            # hello's 0.2 ms alone is more than half of a 0.1 ms floor: no server gets there.
            "k_show": request(0.1, 1.0, 60_000),
            # 0.2 + 2.0 ms is within 1.5 x 2.0 ms: reachable, though missed.
            "k_list_role": request(2.0, 4.0, 1_000),
            # 32 connections on a 400 req/s ceiling wait 80 ms on average: out of reach.
            "k_name": request(40.0, 45.0, 400),
        },
    }
    verdicts = {(v.target.split()[0], v.scope): v for v in judge({"pg-1m": result}, None)}
    show = verdicts[("latency", "pg-1m k_show")]
    assert (show.passed, show.reachable, show.verdict) == (
        False,
        False,
        "MISS (out of reach here)",
    )
    listed = verdicts[("latency", "pg-1m k_list_role")]
    assert (listed.passed, listed.reachable, listed.verdict) == (False, True, "MISS")
    assert verdicts[("latency", "pg-1m k_name")].passed
    # A tenth of hello is 1,300 req/s; the list's SQL alone gives 1,000.
    share = verdicts[("list", "pg-1m k_list_role (c=32)")]
    assert (share.passed, share.reachable) == (False, False)
    assert "needs 1300" in share.bound
    # Both miss the 50 ms (their p99 is 80 ms); only k_name's ceiling puts it out of reach.
    p99 = {name: verdicts[("p99", f"pg-1m {name}")] for name in ("k_show", "k_name")}
    assert (p99["k_show"].passed, p99["k_show"].reachable) == (False, True)
    assert (p99["k_name"].passed, p99["k_name"].reachable) == (False, False)
    assert "mean wait >= 80.0 ms" in p99["k_name"].bound


def test_without_a_bound_a_miss_is_only_a_miss() -> None:
    result = {
        "settings": {"concurrency": [1, 32]},
        "requests": {
            "k_me": {"floor": {"p50_ms": 1.0, "statements": 2}, "cells": {"1": _cell(9, 3)}}
        },
    }
    (verdict,) = judge({"sqlite-10k": result}, None)
    assert (verdict.passed, verdict.reachable, verdict.verdict) == (False, None, "MISS")

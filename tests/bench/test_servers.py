"""``bench.servers.tree_cpu_seconds``: the CPU time of a process and its descendants."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.servers import tree_cpu_seconds

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"


def test_a_descendants_cpu_counts_while_it_runs_and_after_it_exits() -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys, time\n"
            f"subprocess.run([sys.executable, '-c', {BURN!r}])\ntime.sleep(30)",
        ],
    )
    try:
        before = tree_cpu_seconds(holder.pid)
        time.sleep(0.1)
        deadline = time.monotonic() + 20
        # The grandchild burns 0.3 s of CPU and exits; then only the idle parent is left.
        while tree_cpu_seconds(holder.pid) - before < 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the grandchild has exited by now: counted in its parent's children
        assert tree_cpu_seconds(holder.pid) - before >= 0.25
    finally:
        holder.kill()
        holder.wait()

"""Server processes under test: start, wait until they answer, measure their memory, stop.

Each server runs in its own session (process group) so that stopping it reaches its workers; only
the processes started here are ever signalled, by their group id.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.datasets import DATA, ROOT, ROSTER, Dataset

JSON_SERVER = ROOT / "bench" / "json-server" / "node_modules" / ".bin" / "json-server"


@dataclass
class Server:
    name: str
    command: list[str]
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def rss_kib(self) -> int:
        return tree_rss_kib(self.process.pid)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # The command name may hold spaces and parentheses: fields follow the last ')'.
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (uvicorn's workers), in KiB."""
    children = _children()
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its descendants."""
    children = _children()
    ticks, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # Its own user and system time, and that of its children that have exited and been
        # waited for (a live child is counted as itself).
        ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def quiesce(server: Server, busy: Callable[[], bool] | None = None, limit: float = 90) -> float:
    """Wait until the server (and, through ``busy``, its database) has finished what the last
    load left running: requests a client gave up on still run to their end, and would be
    counted against the next cell. Returns the seconds waited."""
    started = time.monotonic()
    before = tree_cpu_seconds(server.process.pid)
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = tree_cpu_seconds(server.process.pid)
        idle = now - before < 0.05
        before = now
        if idle and (busy is None or not busy()):
            break
    return time.monotonic() - started


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {log}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not answering {url} after {timeout:.0f}s; see {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def running(
    name: str,
    command: Sequence[str],
    *,
    port: int,
    ready_path: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Iterator[Server]:
    log = DATA / f"server-{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(url + ready_path, process, log, timeout)
            yield Server(name, list(command), url, process, log)
        finally:
            _stop(process)


def roster_command(dataset: Dataset, port: int, workers: int) -> list[str]:
    return [
        str(ROSTER),
        "serve",
        "--database",
        dataset.url,
        "--workers",
        str(workers),
        "--port",
        str(port),
        "--no-access-log",
    ]


@contextmanager
def roster_server(dataset: Dataset, port: int, workers: int) -> Iterator[Server]:
    env = {"ROSTER_MEDIA_DIR": str(dataset.media_dir), "ROSTER_LOG_LEVEL": "warning"}
    with running(
        f"roster-{dataset.label}",
        roster_command(dataset, port, workers),
        port=port,
        ready_path="/readyz",
        env=env,
    ) as server:
        yield server


def hello_command(port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "bench.hello", "--port", str(port), "--workers", str(workers)]


@contextmanager
def hello_server(port: int, workers: int) -> Iterator[Server]:
    with running("hello", hello_command(port, workers), port=port, ready_path="/hello") as server:
        yield server


def json_server_command(db_file: Path, port: int) -> list[str]:
    # --quiet: no line per request, as Roster runs without its access log.
    return [
        str(JSON_SERVER),
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
        "--quiet",
        "--read-only",
        str(db_file),
    ]


@contextmanager
def json_server(db_file: Path, port: int) -> Iterator[Server]:
    with running(
        "json-server", json_server_command(db_file, port), port=port, ready_path="/users?_limit=1"
    ) as server:
        yield server


@dataclass
class MemoryWatch:
    """Samples a server's resident memory on a thread while a load runs."""

    server: Server
    interval: float = 0.5
    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MemoryWatch:
        started = time.monotonic()

        def sample() -> None:
            while not self._stop.is_set():
                self.samples.append((time.monotonic() - started, self.server.rss_kib()))
                self._stop.wait(self.interval)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def peak_kib(self) -> int:
        return max((kib for _t, kib in self.samples), default=0)

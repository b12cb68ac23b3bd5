"""A server process on a free loopback port, for tests and benchmarks: started, awaited, stopped.

The command runs in a process group of its own, and leaving the block stops that group and waits
for it. Every process the command started is recorded while it serves; one still alive after the
stop is killed and reported (LeftBehind), so that no test leaves a server running.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

STOP_TIMEOUT = 20  # seconds for a server to stop after SIGTERM (`pipeline serve` grants Datasette 10)


class NotServing(Exception):
    """The server exited or did not answer in time."""


class LeftBehind(AssertionError):
    """A process the server started was still running after the server stopped."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command_for: Callable[[int], list[str]], timeout: float = 120, **popen) -> Iterator[str]:
    """Run command_for(port) until the block ends; yields its base URL once /-/versions.json answers."""
    port = free_port()
    command = command_for(port)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, process_group=0,
                               **popen)
    base = f"http://127.0.0.1:{port}"
    started: set[tuple[int, str]] = set()
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise NotServing(f"{' '.join(command)}: exited with {process.returncode}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise NotServing(f"{' '.join(command)}: no answer on {base} within {timeout:.0f} s") from None
                time.sleep(0.2)
        started = descendants(process.pid)
        yield base
    finally:
        started |= descendants(process.pid)
        stop(process)
        survivors = {(pid, since) for pid, since in started if alive(pid, since)}
        for pid, _ in survivors:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + STOP_TIMEOUT
        while any(alive(pid, since) for pid, since in survivors) and time.monotonic() < deadline:
            time.sleep(0.05)
    if survivors:
        raise LeftBehind(f"{' '.join(command)}: left {len(survivors)} process(es) running: "
                         f"{sorted(pid for pid, _ in survivors)}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's group, SIGKILL if it has not exited in time; waits for it."""
    for number in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, number)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def descendants(pid: int) -> set[tuple[int, str]]:
    """The processes below pid (children, theirs, …) as (pid, start time); Linux's /proc."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        stat = _stat(entry.name) if entry.name.isdigit() else None
        if stat:
            children.setdefault(int(stat[1]), []).append((int(entry.name), stat[19]))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child[0])
    return found


def alive(pid: int, since: str) -> bool:
    """Whether the process that started at `since` still runs (a zombie has stopped; a new pid is another)."""
    stat = _stat(str(pid))
    return bool(stat) and stat[19] == since and stat[0] != "Z"


def _stat(pid: str) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name: state, ppid, …, start time at [19]."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def pipeline_serve(db: Path, **popen):
    """`pipeline serve` over a database, as users run it."""
    return serving(lambda port: [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
                   **popen)

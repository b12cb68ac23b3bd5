"""A server process on a free loopback port, for tests and benchmarks: started, awaited, stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


class NotServing(Exception):
    """The server exited or did not answer in time."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command_for: Callable[[int], list[str]], timeout: float = 120, **popen) -> Iterator[str]:
    """Run command_for(port) until the block ends; yields its base URL once /-/versions.json answers."""
    port = free_port()
    command = command_for(port)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)
    base = f"http://127.0.0.1:{port}"
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
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def pipeline_serve(db: Path, **popen):
    """`pipeline serve` over a database, as users run it."""
    return serving(lambda port: [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
                   **popen)

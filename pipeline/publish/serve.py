"""`pipeline serve`'s server process: the port checked first, then Datasette in a process group of its own.

A stop signal to `pipeline serve` (SIGTERM from `kill`, SIGINT from Ctrl+C, SIGHUP when the
terminal closes) is passed on to that whole group as SIGTERM; `pipeline serve` waits until the
server has gone, so that its port is free and its temporary folder can be removed. A server still
running after GRACE seconds, or a second stop signal, gets SIGKILL.

The group is Datasette's own, not `pipeline serve`'s: a shell script or CI job that runs
`pipeline serve` shares its group, and stopping that would stop the caller too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from pipeline import resources
from pipeline.errors import PipelineError, PortUnavailable

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
GRACE = 10.0  # seconds for open requests to finish after SIGTERM


def check_port(host: str, port: int) -> None:
    """Raise PortUnavailable unless a server could listen on host:port now (bound as uvicorn binds)."""
    if port == 0:
        return  # any free port
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PortUnavailable(f"{host}:{port}: unknown address ({exc.strerror})") from None
    problems = []
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            # As asyncio's server does: a port in TIME_WAIT is free, one that something listens on is not.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise PortUnavailable(f"{host}:{port}: port already in use (stop the server there or "
                                          "choose another --port)") from None
                problems.append(exc)
    # asyncio skips an address of a family the machine lacks ("localhost" without IPv6), as long as one binds.
    if [p for p in problems if p.errno != errno.EADDRNOTAVAIL] or len(problems) == len(addresses):
        raise PortUnavailable(f"{host}:{port}: cannot listen there ({problems[0].strerror})")


def run(command: list[str], cwd: Path | None = None, grace: float = GRACE) -> int:
    """Run the server until it exits or a stop signal has stopped its process group; returns its exit code."""
    stopper = _Stopper(grace)
    previous = {number: signal.signal(number, stopper.on_signal) for number in STOP_SIGNALS}
    try:
        process = subprocess.Popen(command, cwd=cwd, process_group=0)
        stopper.watch(process.pid)
        code = process.wait()
    finally:
        stopper.cancel()
        for number, handler in previous.items():
            signal.signal(number, handler)
    signal_group(process.pid, signal.SIGKILL)  # whatever the server started and left behind
    if stopper.received and code in (0, -signal.SIGTERM):
        return 0  # stopped as asked (uvicorn ends by raising the SIGTERM again)
    return code if code >= 0 else 128 - code  # killed by signal n: 128 + n, as a shell reports it


def signal_group(group: int, number: int) -> bool:
    """Send a signal to a process group; False if the group has gone."""
    try:
        os.killpg(group, number)
    except ProcessLookupError:
        return False
    return True


class _Stopper:
    """Passes stop signals on to the server's process group: SIGTERM, then SIGKILL after the grace time."""

    def __init__(self, grace: float):
        self.grace = grace
        self.group: int | None = None
        self.received = 0  # stop signals that came
        self.passed = 0  # of them, passed on to the group
        self.timer: threading.Timer | None = None

    def watch(self, group: int) -> None:
        """The server has started as this group; a signal that came while it started stops it now."""
        self.group = group
        self._pass_on()

    def on_signal(self, number: int, frame) -> None:
        """Signal handler: count the stop, and pass it on once the server runs."""
        self.received += 1
        if self.group is not None:
            self._pass_on()

    def _pass_on(self) -> None:
        # Counted before sending: the handler can run again in the middle of this loop.
        while self.passed < self.received:
            self.passed += 1
            if self.passed > 1:
                signal_group(self.group, signal.SIGKILL)
                continue
            signal_group(self.group, signal.SIGTERM)
            self.timer = threading.Timer(self.grace, signal_group, (self.group, signal.SIGKILL))
            self.timer.daemon = True
            self.timer.start()

    def cancel(self) -> None:
        """No SIGKILL pending any more: the server has exited."""
        if self.timer is not None:
            self.timer.cancel()


def prepare(db: Path, host: str, port: int) -> list[str]:
    """Check what serving needs before anything starts; returns warnings (a stale search index)."""
    from pipeline.store.reader import outdated, search_index_stale

    if not db.is_file():
        raise PipelineError(f"{db}: database not found (run 'pipeline ingest --demo' first)")
    older = outdated(db)
    stale = None if older else search_index_stale(db)
    check_port(host, port)
    return [older] if older else [f"{stale}; full-text search will miss passages."] if stale else []


def serve_database(db: Path, host: str, port: int, immutable: bool = False) -> int:
    """Serve a database read-only until stopped; returns Datasette's exit code."""
    with served_as_ratsinfo(db) as served:
        # Started in the database's folder under its bare name: the site shows no path of this machine.
        return run(datasette_command(Path(served.name), host, port, immutable), cwd=served.parent)


@contextlib.contextmanager
def served_as_ratsinfo(db: Path):
    """The database under the name the metadata, canned queries and dashboards use: `ratsinfo`."""
    if db.stem == "ratsinfo":
        yield db
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ratsinfo-serve-") as folder:
        link = Path(folder) / "ratsinfo.db"
        link.symlink_to(db.resolve())  # Datasette names a database after its file
        yield link


def datasette_command(db: Path, host: str, port: int, immutable: bool = False) -> list[str]:
    """The Datasette command line that serves a database read-only with our metadata.

    Datasette opens a database it may not write with mode=ro: readers see committed transactions
    only. `--immutable` promises SQLite that the file never changes, which is only true of a copy.
    `-P`: the working directory (the database's folder) is no place to import modules from.
    """
    return [
        sys.executable,
        "-P",
        "-m",
        "datasette",
        "serve",
        *(["--immutable", str(db)] if immutable else [str(db)]),
        "--metadata",
        str(resources.metadata()),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]

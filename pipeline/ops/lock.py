"""One writer run per database at a time: an OS file lock beside the database.

The lock is `flock` on `<db>.lock` (py-filelock), which the kernel releases when its process dies,
kill -9 included: a lock left by a dead process is recovered simply by taking it. Who holds it is
written to `<db>.lock.json` after taking it, so that a second start can say who, and the next
holder can say whose leftover it recovered.

The lock belongs to the real file, not to the name it was opened by: symlinks and `..` are resolved
and both files lie beside the real database, so runs through a symlink, a relative and an absolute
path exclude each other. (Two hard links to one file are two names the lock cannot tell apart.)
"""

from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import LockError, LockHeld

log = logging.getLogger(__name__)


def _holder(info: Path) -> dict | None:
    try:
        return json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _describe(holder: dict | None) -> str:
    if not holder:
        return "holder unknown"
    return f"'{holder.get('command', '?')}', pid {holder.get('pid', '?')}, since {holder.get('started', '?')}"


def real_path(db: Path | str) -> Path:
    """The file a database name leads to, symlinks and `..` resolved (also for a file not yet created)."""
    return Path(os.path.realpath(db))


@contextmanager
def writer_lock(db: Path | str, command: str):
    """Hold the database's writer lock while the block runs; raises LockHeld when another run has it.

    Yields the description of a leftover lock recovered from a dead run, or None.
    """
    db = Path(db)
    real = real_path(db)
    info = real.with_name(real.name + ".lock.json")
    lock = FileLock(str(real) + ".lock", timeout=0)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        if not os.access(real.parent, os.W_OK) or not Path(lock.lock_file).exists():
            # filelock reports a lock file it could not create as held (/proc, a read-only folder)
            raise LockError(f"{db}: cannot take the writer lock beside the database (the folder is not "
                            "writable)") from None
        raise LockHeld(f"{db}: another run is writing this database ({_describe(_holder(info))}); "
                       "try again when it has finished") from None
    except OSError as exc:  # a read-only or full file system, a folder we may not write
        raise LockError(f"{db}: cannot take the writer lock beside the database ({exc.strerror})") from None
    try:
        leftover = _holder(info)  # a holder that released normally removed its file
        recovered = None
        if leftover:
            recovered = f"recovered the lock left by a run that ended without releasing it ({_describe(leftover)})"
            log.warning(recovered, extra={"db": str(db)})
        started = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        try:
            info.write_text(json.dumps({"pid": os.getpid(), "command": command, "started": started}),
                            encoding="utf-8")
        except OSError as exc:
            raise LockError(f"{db}: cannot record the lock's holder ({exc.strerror})") from None
        try:
            yield recovered
        finally:
            info.unlink(missing_ok=True)
    finally:
        lock.release()

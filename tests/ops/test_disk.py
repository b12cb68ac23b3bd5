"""A full disk and a read-only file system, for real: a small tmpfs in a private mount namespace.

`unshare --map-root-user --mount` gives the test its own mounts without touching the machine's;
the ingest runs inside it against a copy of a database. Where unprivileged namespaces are not
allowed, the tests skip and say so.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.store.writer import Store

PROJECT = Path(__file__).resolve().parents[2]


def _namespaces_work() -> str | None:
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, text=True)
    return None if probe.returncode == 0 else f"no private mount namespace here ({probe.stderr.strip()[:80]})"


REASON = _namespaces_work()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")


@pytest.fixture(scope="module")
def herne_db(tmp_path_factory) -> Path:
    """A database holding Herne's demo paper, checkpointed into one file."""
    db = tmp_path_factory.mktemp("disk") / "ratsinfo.db"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "ingest", "--demo", "--city", "herne", "--db", str(db), "-s"],
                   check=True, cwd=PROJECT, capture_output=True)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _inside(mount: Path, size_kb: int, db: Path, read_only: bool = False) -> tuple[int, str, dict]:
    """Run `pipeline ingest --demo` on a copy of db in a tmpfs of size_kb at mount; exit code, output, state."""
    target = mount / db.name
    # A WAL database on a read-only file system opens only as immutable (there is no -shm to create).
    check = ("import json, sqlite3; c = sqlite3.connect('file:%s?%s', uri=True); "
             "print(json.dumps({'integrity': c.execute('PRAGMA integrity_check').fetchone()[0], "
             "'papers': [r[0] for r in c.execute('select id from papers order by id')]}))"
             ) % (target, "immutable=1" if read_only else "mode=ro")
    script = " && ".join([
        f"mount -t tmpfs -o size={size_kb}k tmpfs {shlex.quote(str(mount))}",
        f"cp {shlex.quote(str(db))} {shlex.quote(str(target))}",
        *([f"mount -o remount,ro {shlex.quote(str(mount))}"] if read_only else []),
        f"{{ {shlex.quote(sys.executable)} -m pipeline.cli ingest --demo --db {shlex.quote(str(target))} -s; "
        f"echo \"exit=$?\"; }}",
        f"{shlex.quote(sys.executable)} -c {shlex.quote(check)}",
    ])
    mount.mkdir(exist_ok=True)
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script], capture_output=True,
                          text=True, cwd=PROJECT, timeout=300)
    lines = done.stdout.strip().splitlines()
    code = int(next(line for line in lines if line.startswith("exit=")).split("=")[1])
    return code, done.stderr.strip(), json.loads(lines[-1])


def test_a_disk_that_fills_up_during_a_run_stops_it_with_one_line_and_loses_nothing(herne_db, tmp_path):
    with Store(herne_db) as store:
        before = sorted(row["id"] for row in store.db["papers"].rows)
    # Room for the database and its WAL index, and a little more: the run fills it with Rostock's papers.
    size_kb = herne_db.stat().st_size // 1024 + 128
    code, err, after = _inside(tmp_path / "full", size_kb, herne_db)
    assert code == 1
    assert err.splitlines()[-1] == f"Error: {tmp_path / 'full' / herne_db.name}: database error, run stopped " \
                                   "(database or disk is full)"
    assert "Traceback" not in err
    assert after["integrity"] == "ok"
    assert set(before) <= set(after["papers"]), "nothing stored before is lost"


def test_a_read_only_file_system_is_a_clear_error_and_the_database_is_untouched(herne_db, tmp_path):
    code, err, after = _inside(tmp_path / "ro", herne_db.stat().st_size // 1024 + 4096, herne_db, read_only=True)
    assert code == 1
    assert err == f"Error: {tmp_path / 'ro' / herne_db.name}: cannot take the writer lock beside the database " \
                  "(Read-only file system)"
    assert after["integrity"] == "ok" and len(after["papers"]) == 1

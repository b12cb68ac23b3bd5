"""Karlsruhe's whole OParl archive through the real `pipeline ingest`: time, memory, rows, rerun.

Run: python bench/bench_karlsruhe.py
The replay server (tests/oparl_replay.py) runs in its own process so that the ingest's memory is
measured alone; the ingest runs as `pipeline ingest` in a child process, measured with getrusage.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "karlsruhe"
TABLES = ("papers", "consultations", "meetings", "agenda_items", "files", "organizations", "mentions", "topic_links")


MEASURE = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write(r.stderr); print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else '')"
)


def ingest(cities: Path, db: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the ingest process alone, and its summary line."""
    command = [sys.executable, "-m", "pipeline.cli", "ingest", "--cities", str(cities), "--db", str(db), "-s"]
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    status_line, summary = (result.stdout.splitlines() + ["", ""])[:2]
    code, peak_kb = status_line.split()
    if code not in ("0", "1"):
        raise SystemExit(result.stderr[-2000:])
    return seconds, int(peak_kb) / 1024, summary


def main() -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    server = subprocess.Popen([sys.executable, "-m", "tests.oparl_replay", str(CORPUS)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as folder:
            cities = Path(folder) / "cities.toml"
            cities.write_text(f'[[city]]\nslug = "karlsruhe"\nname = "Karlsruhe"\nags = "08212000"\nstate = "BW"\n'
                              f'[city.ris]\nsystem = "oparl"\nurl = "{url}"\n', encoding="utf-8")
            db = Path(folder) / "karlsruhe.db"
            first = ingest(cities, db)
            second = ingest(cities, db)
            counts = {t: sqlite_utils.Database(db)[t].count for t in TABLES}
            size = db.stat().st_size / 1e6
    finally:
        server.terminate()
    print("| run | wall time | peak RSS | summary |\n|---|---|---|---|")
    print(f"| first (everything) | {first[0]:.0f} s | {first[1]:.0f} MB | {first[2]} |")
    print(f"| second (nothing changed) | {second[0]:.1f} s ({100 * second[0] / first[0]:.1f} %) | "
          f"{second[1]:.0f} MB | {second[2]} |")
    print("\n| table | rows |\n|---|---|")
    for table, count in counts.items():
        print(f"| {table} | {count:,} |")
    print(f"\nDatabase size: {size:.0f} MB")


if __name__ == "__main__":
    main()

"""Karlsruhe's whole OParl archive through the real `pipeline ingest`: time, memory, rows, rerun.

Run: python bench/bench_karlsruhe.py [--keep PATH]
(--keep leaves the indexed database at PATH, e.g. for bench/bench_datasette.py.)
The replay server (tests/helpers/oparl_replay.py) runs in its own process so that the ingest's memory is
measured alone; the ingest runs as `pipeline ingest` in a child process whose memory, with its NLP
worker processes, is sampled from /proc every half second.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "karlsruhe"
TABLES = ("papers", "consultations", "meetings", "agenda_items", "files", "organizations", "mentions", "topic_links",
          "passages")


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (workers included), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def ingest(cities: Path, db: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the ingest with its worker processes, and its summary line."""
    command = [sys.executable, "-m", "pipeline.cli", "ingest", "--cities", str(cities), "--db", str(db), "-s"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    output = process.stdout.read().strip().splitlines()
    if process.returncode not in (0, 1):
        raise SystemExit(f"ingest failed with exit code {process.returncode}")
    return seconds, peak / 1024, output[-1] if output else ""


def run(keep: Path | None = None) -> dict:
    """Both ingests, the table counts and the index build, measured now."""
    server = subprocess.Popen([sys.executable, "-m", "tests.helpers.oparl_replay", str(CORPUS)], cwd=ROOT,
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
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "pipeline.cli", "index", "--db", str(db), "-s"], cwd=ROOT, check=True)
            index_seconds = time.monotonic() - started
            indexed_size = db.stat().st_size / 1e6
            if keep:
                shutil.copy(db, keep)
    finally:
        server.terminate()
    return {"first": first, "second": second, "counts": counts, "size": size, "index_seconds": index_seconds,
            "indexed_size": indexed_size}


def figures(keep: Path | None = None) -> list[dict]:
    """The Karlsruhe ingest against its targets, and the rerun against the first run (for bench/run.py)."""
    if not CORPUS.is_dir():
        return []
    measured = run(keep)
    first, second = measured["first"], measured["second"]
    return [
        {"name": "Karlsruhe first ingest (whole OParl archive)", "value": first[0], "unit": "s",
         "baseline": 600, "baseline_name": "target 600 s", "ratio": first[0] / 600, "target": "ratio <= 1"},
        {"name": "Karlsruhe first ingest, peak memory with workers", "value": first[1], "unit": "MB",
         "baseline": 1024, "baseline_name": "target 1 GiB", "ratio": first[1] / 1024, "target": "ratio < 1"},
        {"name": "Karlsruhe rerun, nothing changed", "value": second[0], "unit": "s", "baseline": first[0],
         "baseline_name": "the first ingest in the same run", "ratio": second[0] / first[0], "target": "ratio < 0.05"},
        {"name": "pipeline index over the archive", "value": measured["index_seconds"], "unit": "s"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="copy the indexed database to this path")
    keep = parser.parse_args().keep
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    measured = run(keep)
    first, second, counts = measured["first"], measured["second"], measured["counts"]
    size, index_seconds, indexed_size = measured["size"], measured["index_seconds"], measured["indexed_size"]
    print("| run | wall time | peak RSS | summary |\n|---|---|---|---|")
    print(f"| first (everything) | {first[0]:.0f} s | {first[1]:.0f} MB | {first[2]} |")
    print(f"| second (nothing changed) | {second[0]:.1f} s ({100 * second[0] / first[0]:.1f} %) | "
          f"{second[1]:.0f} MB | {second[2]} |")
    print("\n| table | rows |\n|---|---|")
    for table, count in counts.items():
        print(f"| {table} | {count:,} |")
    print(f"\nDatabase size: {size:.0f} MB after the ingest; `pipeline index` (lemma and trigram search "
          f"indexes over the passages) took {index_seconds:.0f} s and brought it to {indexed_size:.0f} MB")


if __name__ == "__main__":
    main()

"""The benchmark suite: every figure beside the baseline measured in the same run, with machine and versions.

Run: python -m bench [--karlsruhe] [--datasette DB] [--quick]   (or: pipeline bench …)
Writes bench/results.json and the table between the result markers in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results.json"
REPORT = ROOT / "docs" / "BENCHMARKS.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
PACKAGES = ("spacy", "pypdfium2", "pdfplumber", "datasette", "sqlite-utils", "requests-cache")


def machine() -> dict:
    """What the figures were measured on."""
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), None) if Path("/proc/meminfo").exists() else None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 2**20, 1) if memory else None,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": {name: _version(name) for name in PACKAGES},
        "commit": commit,
    }


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def suite(args) -> list[dict]:
    """Run the selected benchmarks; each returns figures with the command that reproduces them."""
    from bench import bench_documents, bench_nlp

    quick = args.quick
    steps = [("python bench/bench_documents.py", lambda: bench_documents.figures(30 if quick else 120,
                                                                                 1 if quick else 3)),
             ("python bench/bench_nlp.py", lambda: bench_nlp.figures(300 if quick else 2000, 1 if quick else 3))]
    if args.karlsruhe:
        from bench import bench_karlsruhe

        steps.append(("python bench/bench_karlsruhe.py", bench_karlsruhe.figures))
    if args.datasette:
        from bench import bench_datasette

        steps.append((f"python bench/bench_datasette.py --db {args.datasette}",
                      lambda: bench_datasette.figures(Path(args.datasette), 50 if quick else 200)))
    figures = []
    for command, measure in steps:
        started = time.monotonic()
        for figure in measure():
            figures.append(figure | {"command": command, "seconds_taken": round(time.monotonic() - started, 1)})
        print(f"bench: {command} done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return figures


def table(results: dict) -> str:
    """The results as a Markdown table with the machine they were measured on."""
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines = [f"Measured {results['measured_at']} on {m['platform']}, {m['cores']} cores, {m['memory_gib']} GiB, "
             f"Python {m['python']}, SQLite {m['sqlite']}; {versions}; commit {m['commit']}"
             f"{' (quick sizes)' if results['quick'] else ''}.", "",
             "| figure | value | baseline (same run) | ratio | target | command |", "|---|---|---|---|---|---|"]
    for f in results["figures"]:
        baseline = f"{f['baseline']:,.1f} ({f['baseline_name']})" if "baseline" in f else "–"
        ratio = ("–" if "ratio" not in f else f"{f['ratio']:.2f}" if f["ratio"] >= 0.01 else f"{f['ratio']:.4f}")
        lines.append(f"| {f['name']} | {f['value']:,.1f} {f['unit']} | {baseline} | {ratio} | {f.get('target', '–')} "
                     f"| `{f['command']}` |")
    return "\n".join(lines)


def write_report(text: str, report: Path = REPORT) -> None:
    """Replace the table between the markers (appending the section the first time)."""
    current = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    block = f"{START}\n{text}\n{END}"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        updated = head + block + rest.split(END, 1)[1]
    else:
        updated = current.rstrip("\n") + "\n\n## Latest `pipeline bench` run\n\n" + block + "\n"
    report.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--karlsruhe", action="store_true", help="also ingest Karlsruhe's whole archive (~10 min)")
    parser.add_argument("--datasette", metavar="DB", help="also measure Datasette latency on this indexed database")
    parser.add_argument("--quick", action="store_true", help="smaller samples and one round (a smoke run)")
    args = parser.parse_args(argv)
    if args.datasette and not Path(args.datasette).is_file():
        print(f"Error: {args.datasette}: database not found (bench/bench_karlsruhe.py --keep PATH builds one)",
              file=sys.stderr)
        return 1
    results = {"measured_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(), "quick": args.quick,
               "machine": machine(), "figures": suite(args)}
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_report(table(results))
    missed = [f["name"] for f in results["figures"] if not _meets(f)]
    detail = f" ({'; '.join(missed)})" if missed else ""
    print(f"bench: {len(results['figures'])} figures in {RESULTS.relative_to(ROOT)} and "
          f"{REPORT.relative_to(ROOT)}; {len(missed)} missed their target{detail}")
    return 0


def _meets(figure: dict) -> bool:
    target = figure.get("target", "")
    if not target.startswith("ratio"):
        return True
    operator, limit = target.split()[1], float(target.split()[2])
    return {"<=": figure["ratio"] <= limit, "<": figure["ratio"] < limit, ">=": figure["ratio"] >= limit}[operator]

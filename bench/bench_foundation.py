"""Benchmarks of the foundation: ALLRIS parsing, NLP on real text, store writes, the demo ingest.

Run: python bench/bench_foundation.py [--rounds 3] [--docs 2000]
Reads ../shared/corpus in place when present; prints a Markdown table for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from pipeline.model import ConsultationRecord, PaperRecord  # noqa: E402
from pipeline.nlp import analyse  # noqa: E402
from pipeline.store.writer import Store  # noqa: E402
from scrapers import allris  # noqa: E402


def timed(function, rounds: int) -> float:
    """Median seconds of several rounds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_allris(rounds: int) -> tuple[str, str]:
    pages = [p.read_bytes() for p in sorted((CORPUS / "allris").glob("vo020_*.html"))]
    if not pages:
        return "ALLRIS vo020 parse", "skipped (corpus absent)"
    repeat = 20

    def run():
        for _ in range(repeat):
            for page in pages:
                allris.parse_paper(page, "https://example.org/bi/vo020.asp?VOLFDNR=1")

    seconds = timed(run, rounds)
    return "ALLRIS vo020 parse (8 real pages × 20)", f"{len(pages) * repeat / seconds:,.0f} pages/s"


def karlsruhe_texts(limit: int) -> list[str]:
    path = CORPUS / "karlsruhe" / "file_texts.jsonl.gz"
    texts = []
    if not path.exists():
        return texts
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def bench_nlp(rounds: int, docs: int) -> tuple[str, str]:
    texts = karlsruhe_texts(docs)
    if not texts:
        return "NLP first pass", "skipped (corpus absent)"
    analyse(["Warm-up 04.05.2015"])
    chars = sum(len(t) for t in texts)

    def run():
        for text in texts:
            analyse([text])

    seconds = timed(run, rounds)
    return (
        f"NLP first pass ({len(texts):,} Karlsruhe texts, {chars / 1e6:.1f} M chars)",
        f"{chars / seconds / 1e6:.2f} M chars/s, {len(texts) / seconds:,.0f} docs/s",
    )


def bench_store(rounds: int) -> tuple[str, str]:
    count = 2000

    def run():
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "b.db") as store:
            store.db.table("cities").insert({"slug": "bench", "name": "Bench"})
            for i in range(count):
                paper = PaperRecord(
                    url=f"https://x/vo020.asp?VOLFDNR={i}",
                    reference=f"2025/{i:04d}",
                    title=f"Vorlage {i} zur Integration",
                    text="Sachverhalt " * 100,
                    consultations=[ConsultationRecord("Rat der Stadt", "Entscheidung", "2025-01-01", "beschlossen")],
                )
                store.save_paper("bench", paper, [], [], [])

    seconds = timed(run, rounds)
    return f"Store: save_paper, one transaction each ({count:,} papers)", f"{count / seconds:,.0f} papers/s"


def bench_demo(rounds: int) -> tuple[str, str]:
    from click.testing import CliRunner

    from pipeline.cli import cli

    def run():
        with tempfile.TemporaryDirectory() as folder:
            result = CliRunner().invoke(cli, ["ingest", "--demo", "--db", str(Path(folder) / "d.db"), "-s"])
            assert result.exit_code == 0, result.output

    seconds = timed(run, rounds)
    return "`pipeline ingest --demo` (4 cities, 80 pages, 17 files)", f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (median is reported)")
    parser.add_argument("--docs", type=int, default=2000, help="Karlsruhe texts for the NLP benchmark")
    args = parser.parse_args()
    rows = [
        bench_allris(args.rounds),
        bench_nlp(args.rounds, args.docs),
        bench_store(args.rounds),
        bench_demo(args.rounds),
    ]
    print("| benchmark | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak RSS of the benchmark process: {peak:.0f} MB")


if __name__ == "__main__":
    main()

"""The full NLP stage against bare spaCy tokenisation, on Karlsruhe's file texts, in the same run.

Run: python bench/bench_nlp.py [--docs 2000] [--rounds 3]
Both sides see the same cleaned texts cut into the same passages. Bare is `spacy.blank("de")`'s
tokenizer (`make_doc`); the stage is `pipeline.nlp.analyse` (sentencizer, lookup and compound
lemmas, references, dates, organisations, action fields, Beratungsfolge, evidence sentences) plus
`topic_summary`. Target (issue 5): the stage costs no more than 3 times bare tokenisation.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.nlp import MAX_CHARS, analyse, get_nlp, topic_summary  # noqa: E402
from pipeline.text.documents import clean  # noqa: E402

TEXTS = ROOT.parent / "shared" / "corpus" / "karlsruhe" / "file_texts.jsonl.gz"


def load(count: int) -> list[list[str]]:
    """The first `count` non-empty file texts, cleaned and split into pages as the ingest does."""
    documents = []
    with gzip.open(TEXTS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            if text.strip():
                documents.append([clean(page) for page in text.split("\f")])
            if len(documents) >= count:
                break
    return documents


def bare(nlp, documents: list[list[str]]) -> int:
    tokens = 0
    for pages in documents:
        for page in pages:
            for offset in range(0, max(len(page), 1), MAX_CHARS):
                tokens += len(nlp.make_doc(page[offset:offset + MAX_CHARS]))
    return tokens


def stage(documents: list[list[str]]) -> int:
    """The NLP stage as the ingest runs it; the number of documents analysed."""
    for pages in documents:
        topic_summary(analyse(pages))
    return len(documents)


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def figures(docs: int = 2000, rounds: int = 3) -> list[dict]:
    """The NLP stage's seconds against bare tokenisation's, measured now (for bench/run.py)."""
    if not TEXTS.exists():
        return []
    documents = load(docs)
    blank = spacy.blank("de")
    blank.max_length = MAX_CHARS + 1000
    get_nlp()
    stage(documents[:20])
    tokens = bare(blank, documents)
    bare_s = statistics.median(timed(bare, blank, documents) for _ in range(rounds))
    stage_s = statistics.median(timed(stage, documents) for _ in range(rounds))
    return [{"name": f"NLP stage, {len(documents):,} Karlsruhe file texts ({tokens / 1e6:.2f} M tokens)",
             "value": stage_s, "unit": "s", "baseline": bare_s, "baseline_name": "bare spacy.blank('de') tokenisation",
             "ratio": stage_s / bare_s, "target": "ratio <= 3"}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="Karlsruhe file texts to use")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (median is reported)")
    args = parser.parse_args()
    if not TEXTS.exists():
        sys.exit(f"{TEXTS}: not found (the benchmark reads the shared corpus in place)")
    documents = load(args.docs)
    blank = spacy.blank("de")
    blank.max_length = MAX_CHARS + 1000
    get_nlp()  # loading the lookup tables is not part of the measurement
    stage(documents[:20])  # warm the per-word caches as a long ingest would have them
    tokens = bare(blank, documents)
    chars = sum(len(page) for pages in documents for page in pages)
    bare_s = statistics.median(timed(bare, blank, documents) for _ in range(args.rounds))
    stage_s = statistics.median(timed(stage, documents) for _ in range(args.rounds))
    print(f"{len(documents):,} documents, {chars / 1e6:.1f} M characters, {tokens / 1e6:.2f} M tokens")
    print("| measurement | seconds | tokens/s | relative |\n|---|---|---|---|")
    print(f"| bare `spacy.blank(\"de\")` tokenisation | {bare_s:.1f} | {tokens / bare_s:,.0f} | 1.00 |")
    print(f"| full NLP stage | {stage_s:.1f} | {tokens / stage_s:,.0f} | {stage_s / bare_s:.2f} (target ≤ 3) |")


if __name__ == "__main__":
    main()

"""Draw a fresh batch of Karlsruhe file texts for annotation, the way batches q to x were drawn.

Run: python -m dev.sample_batch SEED_RANDOM SEED_CUE OUT.json [--exclude PREVIOUS.json ...]
       python -m dev.sample_batch --show OUT.json N   (print item N's excerpt, as annotators read it)

Texts of at least 400 characters that no gold document uses: 22 at random (their first 4,000 characters, cut at a
line end) and 14 excerpts of 2,400 characters around a cue word of declared fields, starting at a line about 600
characters before a cue (tests/annotations/README.md, docs/BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

from dev.evaluate import CORPUS_DIR, GOLD_DIR

CUE = re.compile(r"Handlungsfeld|Schwerpunkt|Themenbereich|Themenfeld|Arbeitsfeld|Zielbereich")
MIN_CHARS, RANDOM_ITEMS, CUE_ITEMS = 400, 22, 14


def used_file_ids(gold: Path = GOLD_DIR) -> set[str]:
    """The Karlsruhe file ids any gold document (of any set or folder) reads."""
    used = set()
    for path in gold.rglob("*.json"):
        try:
            source = json.loads(path.read_text(encoding="utf-8")).get("source") or {}
        except (OSError, json.JSONDecodeError, AttributeError):
            continue
        if isinstance(source, dict) and "karlsruhe_file" in source:
            used.add(str(source["karlsruhe_file"]))
    return used


def _texts(corpus: Path, skip: set[str]):
    with gzip.open(corpus / "karlsruhe" / "file_texts.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text, file_id = record.get("text"), str(record.get("id")).rsplit("/", 1)[-1]
            if text and len(text) >= MIN_CHARS and file_id not in skip:
                yield file_id, text


def _cut_end(text: str, start: int, length: int, keep: int) -> int:
    end = min(len(text), start + length)
    if end < len(text):
        newline = text.rfind("\n", start, end)
        end = newline if newline > start + keep else end
    return end


def draw(seed_random: int, seed_cue: int, skip: set[str], corpus: Path = CORPUS_DIR) -> list[dict]:
    """36 items {id, span, how}: random ones first, then the excerpts around a cue word."""
    texts = dict(_texts(corpus, skip))
    ids = sorted(texts)
    items = [{"id": i, "span": [0, _cut_end(texts[i], 0, 4000, 2000)], "how": "random"}
             for i in random.Random(seed_random).sample(ids, RANDOM_ITEMS)]
    taken = {item["id"] for item in items}
    rng = random.Random(seed_cue)
    for file_id in rng.sample([i for i in ids if i not in taken and CUE.search(texts[i])], CUE_ITEMS):
        text = texts[file_id]
        hit = rng.choice([m.start() for m in CUE.finditer(text)])
        start = max(0, hit - 600)
        newline = text.rfind("\n", 0, start)
        start = newline + 1 if start > 0 and newline >= 0 else 0
        items.append({"id": file_id, "span": [start, _cut_end(text, start, 2400, 1200)], "how": "cue"})
    return items


def show(batch: Path, index: int, corpus: Path = CORPUS_DIR) -> str:
    item = json.loads(batch.read_text(encoding="utf-8"))[index]
    start, end = item["span"]
    for file_id, text in _texts(corpus, set()):
        if file_id == item["id"]:
            return f"== file {file_id} span [{start}, {end}] of {len(text)} chars\n{text[start:end]}"
    raise SystemExit(f"{batch}: file {item['id']} not in the corpus")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--exclude", action="append", default=[], type=Path, help="an earlier batch's items")
    parser.add_argument("--show", action="store_true", help="print the excerpt of item N of a batch")
    options = parser.parse_args(argv)
    if options.show:
        batch, index = options.args
        print(show(Path(batch), int(index)))
        return
    if len(options.args) != 3:
        parser.error("give SEED_RANDOM SEED_CUE OUT.json")
    skip = used_file_ids()
    for earlier in options.exclude:
        skip |= {item["id"] for item in json.loads(earlier.read_text(encoding="utf-8"))}
    items = draw(int(options.args[0]), int(options.args[1]), skip)
    Path(options.args[2]).write_text(json.dumps(items, indent=1), encoding="utf-8")
    print(f"{len(items)} items written to {options.args[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()

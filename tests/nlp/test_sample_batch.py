"""The sampler of fresh gold batches (dev/sample_batch.py): deterministic, and never a text the gold set uses."""

from __future__ import annotations

import gzip
import json

from dev.sample_batch import CUE_ITEMS, RANDOM_ITEMS, draw, used_file_ids


def _corpus(tmp_path, count=80):
    folder = tmp_path / "karlsruhe"
    folder.mkdir()
    with gzip.open(folder / "file_texts.jsonl.gz", "wt", encoding="utf-8") as out:
        for n in range(count):
            cue = "Die Handlungsfelder sind Sprache und Bildung.\n" if n % 2 else ""
            text = (f"Vorlage {n}\n" + "Ein Satz des Textes.\n" * 150 + cue + "Noch ein Satz.\n" * 150)
            out.write(json.dumps({"id": f"https://example.org/files/{n}", "text": text}) + "\n")
        out.write(json.dumps({"id": "https://example.org/files/999", "text": "zu kurz"}) + "\n")
        out.write(json.dumps({"id": "https://example.org/files/998", "text": None}) + "\n")
    return tmp_path


def test_a_batch_is_drawn_the_same_way_twice_and_skips_used_texts(tmp_path):
    corpus = _corpus(tmp_path)
    skip = {"1", "2", "3"}
    first = draw(7, 8, skip, corpus)
    assert first == draw(7, 8, skip, corpus)
    assert len(first) == RANDOM_ITEMS + CUE_ITEMS
    assert len({item["id"] for item in first}) == len(first)
    assert not {item["id"] for item in first} & (skip | {"998", "999"})
    assert all(item["how"] == "random" and item["span"][0] == 0 for item in first[:RANDOM_ITEMS])
    cued = first[RANDOM_ITEMS:]
    assert all(int(item["id"]) % 2 and 0 < item["span"][1] - item["span"][0] <= 2400 for item in cued)
    assert draw(9, 8, skip, corpus) != first


def test_the_gold_sets_karlsruhe_texts_are_known_as_used(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"source": {"karlsruhe_file": "650353"}}), encoding="utf-8")
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "b.json").write_text(json.dumps({"source": {"karlsruhe_file": 12}}), encoding="utf-8")
    (tmp_path / "c.json").write_text("not json", encoding="utf-8")
    assert used_file_ids(tmp_path) == {"650353", "12"}

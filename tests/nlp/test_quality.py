"""Measured NLP quality: the gold set's F1 floors (tests/annotations/), its own validity, and the Karlsruhe cross-check."""

from __future__ import annotations

import json

import pytest

from dev.evaluate import FLOORS, GOLD_DIR, crosscheck_karlsruhe, evaluate, load_gold

from ..conftest import CORPUS, corpus_file

REQUIRED_KEYS = {"source", "reference", "consultations", "dates", "organizations", "declared_topics"}


def test_gold_set_has_forty_documents_covering_every_field():
    gold = load_gold(only="foundation")
    assert len(gold) >= 40
    for name in ("consultations", "dates", "organizations", "declared_topics"):
        annotated = [d for d in gold if d[name]]
        assert len(annotated) >= 10, f"only {len(annotated)} documents annotate {name}"
    assert sum(1 for d in gold if d["reference"]) >= 20
    assert sum(1 for d in gold for c in (d["consultations"] or []) if c.get("outcome")) >= 15
    kinds = {next(iter(d["source"])) for d in gold}
    assert kinds == {"karlsruhe_file", "corpus"}


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.json")) + sorted((GOLD_DIR / "second").glob("*.json")),
                         ids=lambda p: p.parent.name + "/" + p.stem)
def test_gold_document_is_well_formed(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert REQUIRED_KEYS <= set(data)
    source = data["source"]
    assert set(source) in ({"karlsruhe_file"}, {"corpus"}, {"karlsruhe_object"})
    if "corpus" in source:
        assert not source["corpus"].startswith(("/", ".."))
    from pipeline.nlp.resources import load_topics

    keys = {t.key for t in load_topics()}
    assert set(data["declared_topics"] or []) <= keys
    for consultation in data["consultations"] or []:
        assert set(consultation) == {"organization", "date", "role", "outcome"}
    assert data.get("set", "foundation") in ("foundation", "breadth", "process")
    # the split is derived, except for process documents whose split was chosen when they were annotated
    assert "split" not in data or (data["set"] == "process" and data["split"] in ("dev", "test"))
    for step in data.get("process_steps") or []:
        assert {"date", "organization", "kind", "outcome"} <= set(step) <= {"date", "organization", "kind", "outcome",
                                                                             "text"}
        assert step["kind"] in ("decision", "commission", "consultation", "event", "plan")
        assert step["outcome"] is None or step["kind"] == "decision"
    if data.get("set") == "breadth":
        assert {"kind", "title", "paper_type", "votes"} <= set(data)
        kinds = data["kind"] if isinstance(data["kind"], list) else [data["kind"]]  # a list: accepted readings
        assert set(kinds) <= {"paper", "meeting", "agenda_item", "calendar", "paper_list", "committee", "document"}
        for vote in data["votes"] or []:
            assert set(vote) <= {"yes", "no", "abstain", "unanimous", "text"} and vote


def test_a_third_of_the_breadth_set_is_held_out_and_the_split_is_stable():
    from dev.evaluate import split_of

    assert split_of("karlsruhe_376_wohlfahrtspflege_six_consultations", {}) == "dev", "foundation: all dev"
    names = [f"breadth_{n}" for n in range(3000)]
    held_out = sum(split_of(name, {"set": "breadth"}) == "test" for name in names)
    assert 900 < held_out < 1100
    assert [split_of(n, {"set": "breadth"}) for n in names[:50]] == [split_of(n, {"set": "breadth"}) for n in names[:50]]


def test_an_annotated_spelling_the_gazetteer_lists_also_accepts_its_name():
    """The pipeline names "IHK" by the gazetteer's "Industrie- und Handelskammer"; the annotator wrote what is printed."""
    from dev.evaluate import _alternatives, _org_key

    assert _org_key("Industrie- und Handelskammer") in _alternatives(["IHK Karlsruhe", "IHK"])
    assert _alternatives("Stadtplanungsamt") == {"stadtplanungsamt"}


@pytest.mark.corpus
def test_f1_floors_on_the_gold_set():
    corpus_file("karlsruhe/file_texts.jsonl.gz")
    report = evaluate(load_gold(only="foundation"), CORPUS)
    scores = {name: round(report.scores[name].f1, 3) for name in FLOORS}
    below = {name: score for name, score in scores.items() if score < FLOORS[name]}
    assert not below, f"below the floor: {below}; errors: {report.errors}"


@pytest.mark.corpus
def test_beratungsfolge_from_text_agrees_with_karlsruhe_oparl_consultations():
    corpus_file("karlsruhe/papers.jsonl.gz")
    report = crosscheck_karlsruhe(CORPUS, limit=2000)
    assert report.papers == 2000
    # Measured: 0.98 on these 2,000 papers, 0.94 on all 9,041 (docs/BENCHMARKS.md); what remains is
    # mostly meetings the JSON dates differently from the printed Beratungsfolge.
    assert report.agreement >= 0.95, report.disagreements[:20]


# The issue-14 floors on the held-out test split that are met so far. Title (0.90) is not, since batch g's ten test
# documents joined the split (0.917 on the earlier 42, 0.880 on all 69; docs/BENCHMARKS.md, "Quality on unseen
# text"). Paper type has met its floor since batch h (0.954 on 69). Declared topics no longer since batch j's eight
# test documents joined (0.889 on the earlier 69, 0.727 on all 77: one of them declares four fields that none of the
# rules reads as declared; the split's errors were not read). Organisations have met theirs since the council
# system's own list of organisations is read (0.826 on 157, 0.824 on 183).
TEST_SPLIT_FLOORS_MET = ("reference", "consultations", "votes", "dates", "paper_type", "organizations")


@pytest.mark.corpus
def test_floors_on_the_held_out_test_split():
    from dev.evaluate import TEST_FLOORS

    corpus_file("karlsruhe/file_texts.jsonl.gz")
    report = evaluate(load_gold(split="test", only="breadth"), CORPUS)
    below = {name: round(report.scores[name].f1, 3) for name in TEST_SPLIT_FLOORS_MET
             if report.scores[name].f1 < TEST_FLOORS[name]}
    assert not below, f"below the floor on the test split: {below}"


@pytest.mark.corpus
def test_process_steps_on_the_development_split_do_not_fall_back():
    """A regression guard, not a quality claim: the dev split is what the process rules were written on (0.644 with
    163 excerpts, seven batches); the held-out test split's figure, far lower, is in docs/BENCHMARKS.md and is not yet
    at its floor."""
    corpus_file("karlsruhe/file_texts.jsonl.gz")
    report = evaluate(load_gold(split="dev", only="process"), CORPUS)
    assert report.documents >= 163 and report.scores["process_steps"].f1 >= 0.62, report.errors[:10]


def test_a_document_may_name_its_split():
    from dev.evaluate import GoldError, split_of

    assert split_of("breadth_0", {"set": "process", "split": "test"}) == "test"
    assert split_of("breadth_0", {"set": "process", "split": "dev"}) == "dev"
    with pytest.raises(GoldError, match="breadth_0: split must be"):
        split_of("breadth_0", {"set": "process", "split": "held-out"})


def test_two_annotations_agree_by_the_gold_sets_match_or_by_looser_ones():
    from dev.agreement import MATCHES

    strict = MATCHES["date, kind and body (the gold set's match)"]
    first = {"date": "2024-03-19", "kind": "decision", "organization": ["Gemeinderat", "Gemeinderates"]}
    assert strict(first, {"date": "2024-03-19", "kind": "decision", "organization": ["Gemeinderates"]})
    assert not strict(first, {"date": "2024-03-19", "kind": "commission", "organization": ["Gemeinderat"]})
    assert MATCHES["date and body"](first, {"date": "2024-03-19", "kind": "commission", "organization": "Gemeinderat"})
    assert not strict(first, {"date": "2024-03-19", "kind": "decision", "organization": None})
    assert strict({"date": None, "kind": "plan", "organization": None},
                  {"date": None, "kind": "plan", "organization": None})


def test_a_second_annotation_of_another_text_is_refused(tmp_path):
    from dev.agreement import pairs
    from dev.evaluate import GoldError

    gold, second = tmp_path / "gold", tmp_path / "second"
    gold.mkdir(), second.mkdir()
    document = {"source": {"karlsruhe_file": "1"}, "span": [0, 10], "set": "process", "reference": None,
                "consultations": None, "dates": None, "organizations": None, "declared_topics": None,
                "process_steps": []}
    (gold / "process_a.json").write_text(json.dumps(document), encoding="utf-8")
    (second / "process_a.json").write_text(json.dumps(document | {"span": [0, 12]}), encoding="utf-8")
    with pytest.raises(GoldError, match="process_a.json: not the same text as"):
        pairs(gold, second)


@pytest.mark.corpus
def test_annotators_agree_where_the_process_floor_is_set():
    """The floor of 0.80 sits at what two annotators reach under the same match (0.82 on the dev documents annotated
    twice); a fall below 0.75 would mean the annotation rules became unclear."""
    corpus_file("karlsruhe/file_texts.jsonl.gz")
    from dev.agreement import agreement, pairs

    result = agreement(pairs(split="dev"), CORPUS)
    between, first, _ = result.rows["date, kind and body (the gold set's match)"]
    assert result.documents >= 32 and between.f1 >= 0.75
    assert first.f1 >= 0.45, "the pipeline against the first annotator on these dev documents (0.52)"

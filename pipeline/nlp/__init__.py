"""German NLP: spaCy's blank German pipeline, a sentencizer, lookup lemmas and the project's rules.

No trained German model is needed. Where one is installed, PIPELINE_SPACY_MODEL (for example
de_core_news_sm) loads it instead of the blank pipeline and its ORG entities are added as
organisation candidates (kind "ner"); the rules run the same either way.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX, LEMMA, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ModelError
from pipeline.nlp import components  # noqa: F401 - registers the sentencizer and the lemmatizer
from pipeline.nlp.consultations import find_consultations
from pipeline.nlp.match import Match
from pipeline.nlp.process import find_process_steps
from pipeline.nlp.rules import (
    Spellings,
    find_dates,
    find_organizations,
    find_references,
    normalize_outcome,
    own_reference,
    own_reference_match,
)
from pipeline.nlp.topics import find_topics
from pipeline.text.cleaning import passages

__all__ = ["Analysis", "Finding", "ModelError", "analyse", "get_nlp", "normalize_outcome", "own_reference",
           "topic_summary"]

LABELS = ("reference", "date", "organization", "topic", "consultation")
MAX_CHARS = 200_000  # passage size handed to spaCy at once; longer pages are cut into passages
MAX_EVIDENCE = 400
WARM_DOCUMENTS = 300  # analysed outside a memory zone, per process, to fill the tokenizer cache
_warming = WARM_DOCUMENTS


def _store(doc: Doc, label: str, matches: list[Match]) -> Doc:
    """Keep a component's matches (exact characters) and the spans that cover them (for spaCy users)."""
    spans, kept = [], []
    for m in matches:
        span = doc.char_span(m.start, m.end, label=m.kind or label, alignment_mode="expand")
        if span is not None:
            span.id_ = m.value[:200]
            spans.append(span)
        kept.append((m, span))
    doc.user_data.setdefault("ratsinfo_matches", {})[label] = kept
    doc.spans[label] = spans
    return doc


def _text(doc: Doc) -> str:
    # doc.text is rebuilt from every token on each access; analyse() hands the passage in.
    return doc.user_data.get("passage") or doc.text


@Language.component("ratsinfo_references_v1")
def references_component(doc: Doc) -> Doc:
    """Proposal numbers; the document's own one is marked in analyse()."""
    return _store(doc, "reference", find_references(_text(doc)))


@Language.component("ratsinfo_dates_v1")
def dates_component(doc: Doc) -> Doc:
    """Dates with the precision written (day, month, year), ranges marked."""
    return _store(doc, "date", find_dates(_text(doc)))


@Language.component("ratsinfo_organizations_v1")
def organizations_component(doc: Doc) -> Doc:
    """Council bodies, offices and civil-society organisations (gazetteer and name patterns)."""
    found = find_organizations(_text(doc), doc.user_data.get("known_organizations", ()))
    taken = [(m.start, m.end) for m in found]
    for ent in doc.ents:  # only a trained pipeline has entities; its ORG spans add candidates
        if ent.label_ == "ORG" and all(ent.end_char <= s or ent.start_char >= e for s, e in taken):
            found.append(Match("organization", ent.text, ent.text, ent.start_char, ent.end_char, "ner"))
    return _store(doc, "organization", sorted(found, key=lambda m: m.start))


@Language.component("ratsinfo_topics_v1")
def topics_component(doc: Doc) -> Doc:
    """Action fields by lemma and phrase; declared inside a document's own list of fields."""
    return _store(doc, "topic", find_topics(doc, _text(doc)))


@Language.component("ratsinfo_consultations_v1")
def consultations_component(doc: Doc) -> Doc:
    """Beratungsfolge rows and "Beschlüsse" lines printed in the text."""
    matches = []
    for row in find_consultations(_text(doc)):
        value = " | ".join(str(row[k] or "") for k in ("organization", "date", "role", "outcome"))
        matches.append(Match("consultation", value, _text(doc)[row["start"]:row["end"]], row["start"], row["end"],
                             row["outcome"]))
        doc.user_data.setdefault("ratsinfo_consultations", []).append(row)
    return _store(doc, "consultation", matches)


@Language.component("ratsinfo_process_steps_v1")
def process_steps_component(doc: Doc) -> Doc:
    """Steps of a council process told in prose: decisions, commissions, consultations, events, plans."""
    text = _text(doc)
    found = doc.user_data["ratsinfo_matches"]
    # The sentence bounds are kept for the evidence sentences of every finding (_analyse_pages): one pass.
    sentences = doc.user_data["ratsinfo_sentences"] = _Sentences(doc)
    doc.user_data["ratsinfo_process_steps"] = find_process_steps(
        text, sentences.bounds(), [m for m, _ in found["date"]], [m for m, _ in found["organization"]])
    return doc


COMPONENTS = ("ratsinfo_lookup_lemmatizer_v1", "ratsinfo_references_v1", "ratsinfo_dates_v1",
              "ratsinfo_organizations_v1", "ratsinfo_topics_v1", "ratsinfo_consultations_v1",
              "ratsinfo_process_steps_v1")


def get_nlp(model: str | None = None) -> Language:
    """The pipeline: blank German (or a trained one), sentencizer, lookup lemmatizer, the project's components."""
    return _load(model if model is not None else os.environ.get("PIPELINE_SPACY_MODEL") or None)


@lru_cache(maxsize=2)
def _load(model: str | None) -> Language:
    if model:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError:
            raise ModelError(f"PIPELINE_SPACY_MODEL={model}: spaCy model not installed "
                             f"(python -m spacy download {model}, or unset it for the rule pipeline)") from None
    else:
        nlp = spacy.blank("de")
    if not {"parser", "senter"} & set(nlp.pipe_names):
        nlp.add_pipe("ratsinfo_sentencizer_v1")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    nlp.max_length = MAX_CHARS + 1000
    return nlp


@dataclass
class Finding:
    """A fact found in a document with its evidence: page, character span and sentence."""

    label: str
    value: str
    text: str
    page: int
    start: int
    end: int
    kind: str | None
    sentence: str
    passage: int = 0  # index of the paragraph on its page (pipeline.text.cleaning.passages)
    data: dict | None = None  # a process step's date, organization, kind and outcome (label "process_step")
    item: str | None = None  # a declared action field's list item, as printed


@dataclass
class Analysis:
    """Everything the pipeline found in one document."""

    findings: list[Finding] = field(default_factory=list)
    consultations: list[dict] = field(default_factory=list)
    lemmas: dict[tuple[int, int], str] = field(default_factory=dict)  # (page, passage start) -> its words' lemmas

    def of(self, label: str) -> list[Finding]:
        return [f for f in self.findings if f.label == label]

    @property
    def process_steps(self) -> list[dict]:
        """The steps of a council process the text tells (pipeline.nlp.process), with their evidence."""
        return [(f.data or {}) | {"text": f.sentence, "page": f.page, "start": f.start, "end": f.end}
                for f in self.of("process_step")]

    @property
    def reference(self) -> str | None:
        return next((f.value for f in self.findings if f.label == "reference" and f.kind == "own"), None)


def _chunks(pages: list[str]):
    for number, page in enumerate(pages, start=1):
        for offset in range(0, max(len(page), 1), MAX_CHARS):
            yield page[offset : offset + MAX_CHARS], (number, offset)


def _doc_with_text(nlp: Language, text: str, known: Spellings) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["passage"] = text
    if known:
        doc.user_data["known_organizations"] = known
    return doc


def analyse(pages: list[str], batch_size: int = 32, model: str | None = None, known: Spellings = ()) -> Analysis:
    """Run the pipeline over a document's pages, passage by passage; offsets are relative to each page.

    `known`: the spellings of the organisations the document's council system lists
    (pipeline.nlp.rules.organization_spellings), found besides the gazetteer's and the patterns'."""
    nlp = get_nlp(model)
    analysis = Analysis()
    # Words and lemmas a document adds to the vocab are dropped again when it is done, so a worker's
    # memory stays flat over an archive (spaCy 3.8 memory zones); findings are plain Python values.
    # Inside a zone the tokenizer's cache is not filled: the first documents run outside one, so
    # the cache holds the common words (spaCy's advice for memory zones).
    global _warming
    if _warming > 0:
        _warming -= 1
        _analyse_pages(nlp, pages, batch_size, analysis, known)
    else:
        with nlp.memory_zone():
            _analyse_pages(nlp, pages, batch_size, analysis, known)
    _mark_own_reference(analysis, pages[0] if pages else "")
    return analysis


def _analyse_pages(nlp: Language, pages: list[str], batch_size: int, analysis: Analysis, known: Spellings) -> None:
    paragraph_starts = {number: [s for s, _ in passages(page)] for number, page in enumerate(pages, start=1)}
    docs = ((_doc_with_text(nlp, text, known), where) for text, where in _chunks(pages))
    for doc, (page, offset) in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        text = doc.user_data["passage"]
        starts = paragraph_starts[page]
        sentences = doc.user_data.get("ratsinfo_sentences") or _Sentences(doc)
        for label in LABELS:
            for match, span in doc.user_data["ratsinfo_matches"][label]:
                analysis.findings.append(Finding(
                    label=label, value=match.value, text=match.text, page=page,
                    start=offset + match.start, end=offset + match.end, kind=match.kind,
                    sentence=_evidence(text, sentences.around(span), match),
                    passage=max(0, bisect_right(starts, offset + match.start) - 1), item=match.item,
                ))
        for row in doc.user_data.get("ratsinfo_consultations", []):
            analysis.consultations.append(row | {"page": page, "start": row["start"] + offset,
                                                 "end": row["end"] + offset})
        for step in doc.user_data.get("ratsinfo_process_steps", []):
            analysis.findings.append(Finding(
                label="process_step", value=step.kind, text=step.text[:MAX_EVIDENCE], page=page,
                start=offset + step.start, end=offset + step.end, kind=step.outcome, sentence=step.text[:MAX_EVIDENCE],
                passage=max(0, bisect_right(starts, offset + step.start) - 1),
                data={"date": step.date, "organization": step.organization, "kind": step.kind,
                      "outcome": step.outcome}))
        _passage_lemmas(doc, page, offset, starts, analysis.lemmas)


def _passage_lemmas(doc: Doc, page: int, offset: int, starts: list[int], out: dict) -> None:
    """Each paragraph's words as lowercased lemmas, for the lemmatised full-text index."""
    if not len(doc) or not starts:
        return
    values = doc.to_array([IDX, LEMMA])
    types, inverse = numpy.unique(values[:, 1], return_inverse=True)
    strings = doc.vocab.strings
    words = numpy.array([_index_word(strings[int(h)]) for h in types], dtype=object)[inverse]
    positions = values[:, 0] + offset
    paragraph = numpy.searchsorted(numpy.array(starts), positions, side="right") - 1
    for number in numpy.unique(paragraph).tolist():
        if number < 0:
            continue
        chosen = [w for w in words[paragraph == number].tolist() if w]
        key = (page, starts[number])
        out[key] = (out[key] + " " if key in out else "") + " ".join(chosen)


def _index_word(lemma: str) -> str:
    return lemma.lower() if any(c.isalnum() for c in lemma) else ""


def _mark_own_reference(analysis: Analysis, first_page: str) -> None:
    """The number the document carries in its header is its own; every other one is mentioned."""
    on_first = [f for f in analysis.of("reference") if f.page == 1]
    own = own_reference_match(first_page, [Match("reference", f.value, f.text, f.start, f.end) for f in on_first])
    for f in analysis.of("reference"):
        f.kind = "own" if own is not None and (f.page, f.start) == (1, own.start) else "mentioned"
    if own is not None and not any(f.kind == "own" for f in analysis.findings):
        # A plain number ("Vorlage Nr.: 1452") is a reference only where the header labels it so.
        analysis.findings.append(Finding("reference", own.value, own.text, 1, own.start, own.end, "own",
                                         _evidence(first_page, None, own)))


class _Sentences:
    """A doc's sentence bounds, looked up by bisection.

    spaCy's `span.sent` walks token by token to the sentence's start and end: on a page without
    sentence ends (a 40 MB title, a table dump) every finding walked the whole passage, and the NLP
    took 37 s a MB. The bounds are the same: the sentence of the span's first token (a span that
    crosses a sentence end gets its first sentence, as in spaCy).
    """

    def __init__(self, doc: Doc):
        self.length = len(doc)
        if not self.length:
            self.starts, self.idx, self.ends = [], [], []
            return
        values = doc.to_array([SENT_START, IDX, LENGTH]).astype(numpy.int64)
        marked = numpy.flatnonzero(values[:, 0] == 1)
        self.starts = marked.tolist() if len(marked) and marked[0] == 0 else [0] + marked.tolist()
        self.idx = values[:, 1].tolist()
        self.ends = (values[:, 1] + values[:, 2]).tolist()

    def bounds(self) -> list[tuple[int, int]]:
        """Character bounds of every sentence."""
        if not self.length:
            return []
        ends = self.starts[1:] + [self.length]
        return [(self.idx[first], self.ends[last - 1]) for first, last in zip(self.starts, ends, strict=True)]

    def around(self, span) -> tuple[int, int] | None:
        """Character bounds of the sentence(s) holding a span; None without a span."""
        if span is None or not self.length:
            return None
        following = bisect_right(self.starts, span.start)
        first = self.starts[following - 1]
        last = self.starts[following] if following < len(self.starts) else self.length
        return self.idx[first], self.ends[last - 1]


def _evidence(text: str, bounds: tuple[int, int] | None, match: Match) -> str:
    """The sentence holding the match (the sentencizer's), cut to MAX_EVIDENCE characters around it."""
    if bounds is not None:
        start, end = bounds
    else:
        start, end = match.start, match.end
    if end - start > MAX_EVIDENCE:
        start = max(start, match.start - MAX_EVIDENCE // 2)
        end = min(end, start + MAX_EVIDENCE)
    return " ".join(text[start:end].split())


def topic_summary(analysis: Analysis) -> list[dict]:
    """Per topic: declared or only mentioned, in how many passages, and up to three pieces of evidence."""
    from pipeline.nlp.resources import load_topics

    summary = []
    for topic in load_topics():
        hits = [f for f in analysis.of("topic") if f.value == topic.key]
        if not hits:
            continue
        ordered = sorted(hits, key=lambda h: (h.kind != "declared", h.page, h.start))
        summary.append({
            "key": topic.key,
            "label": topic.label,
            "declared": any(h.kind == "declared" for h in hits),
            "mentions": len({(h.page, h.passage) for h in hits}),
            "evidence": [{"text": h.sentence, "page": h.page, "start": h.start, "end": h.end} for h in ordered[:3]],
        })
    return summary

"""German NLP on spaCy's blank German pipeline plus the project's rules and data files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .rules import find_dates, find_organizations, find_references, find_topics, normalize_outcome, own_reference

__all__ = ["Analysis", "analyse", "get_nlp", "normalize_outcome", "own_reference"]

SPAN_KEYS = ("reference", "date", "organization", "topic")
MAX_CHARS = 200_000  # passage size handed to spaCy at once; longer pages are cut into passages


@Language.component("ratsinfo_rules_v1")
def ratsinfo_rules(doc: Doc) -> Doc:
    """Add references, dates, organisations and topics as span groups."""
    finders = {
        "reference": find_references,
        "date": find_dates,
        "organization": find_organizations,
        "topic": find_topics,
    }
    matches = doc.user_data.setdefault("ratsinfo_matches", {})
    # doc.text is rebuilt from every token on each access; analyse() hands the passage in.
    text = doc.user_data.get("passage") or doc.text
    for key, finder in finders.items():
        spans = []
        matches[key] = []
        for m in finder(text):
            # Token bounds may be wider than the match ("2012." is one token); the match keeps
            # its exact characters, the span serves spaCy users and the sentence lookup.
            span = doc.char_span(m.start, m.end, label=m.kind or key, alignment_mode="expand")
            if span is not None:
                span.id_ = m.value
                spans.append(span)
                matches[key].append((m, span))
        doc.spans[key] = spans
    return doc


@lru_cache(maxsize=1)
def get_nlp(model: str | None = None) -> Language:
    """The rule pipeline: blank German and the project's rule component.

    No sentencizer: it builds a Python object per token and cost as much as tokenizing on
    Karlsruhe's archive (docs/BENCHMARKS.md); evidence sentences come from sentence_around().
    """
    if model:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])  # a trained pipeline is optional
        except OSError:
            raise RuntimeError(f"spaCy model '{model}' is not installed") from None
    else:
        nlp = spacy.blank("de")
    nlp.add_pipe("ratsinfo_rules_v1")
    nlp.max_length = MAX_CHARS + 1000
    return nlp


@dataclass
class Finding:
    """A fact found in a document with its evidence."""

    label: str
    value: str
    text: str
    page: int
    start: int
    end: int
    kind: str | None
    sentence: str


@dataclass
class Analysis:
    """Everything the rules found in one document."""

    findings: list[Finding] = field(default_factory=list)

    def of(self, label: str) -> list[Finding]:
        return [f for f in self.findings if f.label == label]


def _passages(pages: list[str]):
    for number, page in enumerate(pages, start=1):
        for offset in range(0, max(len(page), 1), MAX_CHARS):
            yield page[offset : offset + MAX_CHARS], (number, offset)


def _doc_with_text(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["passage"] = text
    return doc


def analyse(pages: list[str], batch_size: int = 32) -> Analysis:
    """Run the pipeline over a document's pages; offsets are relative to each page."""
    nlp = get_nlp()
    analysis = Analysis()
    docs = ((_doc_with_text(nlp, text), where) for text, where in _passages(pages))
    for doc, (page, offset) in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        text = doc.user_data["passage"]
        for key in SPAN_KEYS:
            for match, _span in doc.user_data["ratsinfo_matches"][key]:
                sentence = sentence_around(text, match.start, match.end)
                analysis.findings.append(
                    Finding(
                        label=key,
                        value=match.value,
                        text=match.text,
                        page=page,
                        start=offset + match.start,
                        end=offset + match.end,
                        kind=match.kind,
                        sentence=" ".join(sentence.split())[:400],
                    )
                )
    return analysis


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ0-9\"„(])|\n\s*\n")
MAX_SENTENCE = 400


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]: from the previous sentence end to the next one."""
    window_start = max(0, start - MAX_SENTENCE)
    left = window_start
    for m in _SENTENCE_END.finditer(text, window_start, start):
        left = m.end()
    right_match = _SENTENCE_END.search(text, end, min(len(text), end + MAX_SENTENCE))
    right = right_match.end() if right_match else min(len(text), end + MAX_SENTENCE)
    return " ".join(text[left:right].split())[:MAX_SENTENCE]


def topic_summary(analysis: Analysis, title: str = "") -> list[dict]:
    """Per topic: declared or only mentioned, how often, and up to three pieces of evidence."""
    from .resources import load_topics

    title_hits = {m.value for m in find_topics(title)} if title else set()
    summary = []
    for topic in load_topics():
        hits = [f for f in analysis.of("topic") if f.value == topic.key]
        if not hits and topic.key not in title_hits:
            continue
        declared = topic.key in title_hits or any(h.kind == "declared" for h in hits)
        ordered = sorted(hits, key=lambda h: (h.kind != "declared", h.page, h.start))
        summary.append(
            {
                "key": topic.key,
                "label": topic.label,
                "declared": declared,
                "mentions": len(hits),
                "evidence": [{"text": h.sentence, "page": h.page, "start": h.start, "end": h.end} for h in ordered[:3]],
            }
        )
    return summary

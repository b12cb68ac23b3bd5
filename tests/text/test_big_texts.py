"""Huge texts (a 40 MB title, a File.text without line breaks): cleaning and NLP stay proportional to the size."""

from __future__ import annotations

import random
import time
import tracemalloc

from pipeline.nlp import _Sentences, analyse, get_nlp
from pipeline.text.cleaning import clean_pages, normalize

WORDS = ("Der Integrationsrat empfiehlt dem Rat der Stadt am 12.03.2025 die Vorlage 2025/0112 zu beschließen "
         "Sprachförderung Kindertagesstätten Ausschuss für Schule und Bildung Migrationsberatung Wohnraum").split()


def one_line(size: int) -> str:
    """Words without a line break or a sentence end, dense with dates, references and bodies."""
    rng = random.Random(1)
    words, length = [], 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return " ".join(words)


def test_one_line_of_a_megabyte_is_analysed_in_proportion():
    """Every finding's evidence sentence was found by walking the whole sentence (37 s a MB on one line)."""
    analyse(["Der Rat beschließt am 1. April 2025."])  # loads the tables outside the timing
    text = one_line(1_000_000)
    started = time.process_time()
    analysis = analyse([text])
    assert time.process_time() - started < 15  # about 2 s here; 30 s before
    assert len(analysis.of("date")) > 4000
    finding = analysis.of("date")[4000]
    assert text[finding.start:finding.end] == finding.text
    assert finding.text in finding.sentence and len(finding.sentence) <= 400


def test_sentence_bounds_are_those_of_spacy():
    nlp = get_nlp()
    text = ("Der Rat tagt. Am 12.03.2025 beschließt der Ausschuss für Schule und Bildung die Vorlage 2025/0112! "
            "Warum? Weil der Integrationsrat es empfiehlt … und die Stadt zahlt") * 3
    doc = nlp(text)
    sentences = _Sentences(doc)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 30) + 1):
            span = doc[start:end]
            assert sentences.around(span) == (span.sent.start_char, span.sent.end_char), (start, end)
    assert sentences.around(None) is None


def test_cleaning_a_giant_page_is_lean():
    text = one_line(4_000_000)
    tracemalloc.start()
    try:
        cleaned = clean_pages([text])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert cleaned == [text]
    assert peak < 24 * 2**20, f"cleaning peaked at {peak / 2**20:.0f} MB"  # 43 MB when every space was a match


def test_normalize_collapses_blanks_as_before():
    assert normalize("a  b\t\tc \n d\v\fe \n \n  f  ") == "a b c\nd e\n\nf"


def test_page_of_page_numbers_is_stripped_in_proportion():
    started = time.process_time()
    assert clean_pages(["1\n2\n3\n" * 300_000 + "Text"]) == ["Text"]
    assert time.process_time() - started < 10

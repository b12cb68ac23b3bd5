"""Lemmas from spaCy's German lookup table (spacy-lookups-data) and sentence starts, per array.

spaCy's own lookup Lemmatizer asks the table once per token in Python; on Karlsruhe's texts that
was a sixth of the whole NLP stage. This component asks it once per distinct word and writes all
lemmas in one array operation. The table is the same (`lemma_lookup` for German), so a word gets
the lemma spaCy's lookup lemmatizer would give it.

The table does not know most compounds ("Sprachkursen", "Wohnungsmärkte"). A word it does not
list is lemmatised by its longest listed last part: "Sprachkurs", "Wohnungsmarkt".
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import LEMMA, ORTH, SENT_START
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.tokens import Doc
from thinc.types import Ints2d  # what spaCy's stub wants for Doc.from_array: numpy arrays are cast to it

MIN_HEAD = 4  # the shortest last part tried
MIN_WORD = 7  # shorter words are not split
# Word types whose lemma is kept; cleared when full. 100,000 keeps a worker near 330 MB over Karlsruhe's
# 38,000 texts (500,000 let it grow past 360 MB after 6,000 texts) at no measurable cost in speed.
CACHE_LIMIT = 100_000


class LookupLemmatizer:
    """Assigns each token the lookup table's lemma of its word, or of the word's last part."""

    def __init__(self, lang: str):
        self.lang = lang
        self._table = None
        self.cache: dict[int, str] = {}  # orth hash -> lemma

    @property
    def table(self):
        if self._table is None:
            self._table = load_lookups(self.lang, ["lemma_lookup"]).get_table("lemma_lookup")
        return self._table

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths = doc.to_array([ORTH]).reshape(-1)
        types, inverse = numpy.unique(orths, return_inverse=True)
        strings = doc.vocab.strings
        lemmas = numpy.fromiter((self._lemma_id(int(orth), strings) for orth in types), dtype=numpy.uint64,
                                count=len(types))
        doc.from_array([LEMMA], cast(Ints2d, lemmas[inverse].reshape(-1, 1)))
        return doc

    def _lemma_id(self, orth: int, strings) -> int:
        # The cache keeps the lemma's text, not its hash's entry: inside a memory zone (pipeline.nlp.analyse)
        # the StringStore forgets strings added there, so each doc adds the ones it uses again.
        lemma = self.cache.get(orth)
        if lemma is None:
            lemma = self.lemma(strings[orth])
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.clear()
            self.cache[orth] = lemma
        return strings.add(lemma)

    def lemma(self, word: str, *forms: str) -> str:
        """The table's lemma of the word (or of the first other form it lists), else its compound lemma."""
        for form in (word, *forms):
            found = self.table.get(form)
            if isinstance(found, str):
                return found
        return self.compound_lemma(word)

    def compound_lemma(self, word: str) -> str:
        """The word with its longest listed last part lemmatised, or the word itself."""
        if len(word) < MIN_WORD or not word[0].isalpha():
            return word
        for cut in range(2, len(word) - MIN_HEAD + 1):
            head = word[cut:]
            if not head[0].isalpha():
                continue
            for form in (head.capitalize(), head):
                lemma = self.table.get(form)
                if not isinstance(lemma, str):
                    continue
                if lemma == form:
                    return word  # the last part is already a base form
                return word[:cut] + (lemma.lower() if word[cut - 1] != "-" else lemma)
        return word


@Language.factory("ratsinfo_lookup_lemmatizer_v1")
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    assert nlp.lang is not None  # a language's pipeline (spacy.blank("de")) has its code
    return LookupLemmatizer(nlp.lang)


class Sentencizer:
    """Sentence starts after . ! ? and … (spaCy's Sentencizer rule), set for the whole doc in one array.

    spaCy's Sentencizer makes a Python Token object per token; this one compares the ORTH array
    with the hashes of the punctuation, which is what the rule needs.
    """

    PUNCT = (".", "!", "?", "…", "...", "!?", "?!")

    def __init__(self, nlp: Language):
        self.punct = numpy.array([nlp.vocab.strings.add(p) for p in self.PUNCT], dtype=numpy.uint64)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths = doc.to_array([ORTH]).reshape(-1)
        is_punct = numpy.isin(orths, self.punct)
        starts = numpy.full(len(doc), -1, dtype=numpy.int32)  # -1: not a start
        starts[0] = 1
        starts[1:][is_punct[:-1] & ~is_punct[1:]] = 1
        doc.from_array([SENT_START], cast(Ints2d, starts.astype(numpy.uint64).reshape(-1, 1)))
        return doc


@Language.factory("ratsinfo_sentencizer_v1")
def make_sentencizer(nlp: Language, name: str) -> Sentencizer:
    return Sentencizer(nlp)

"""Lemmas for German compounds: the lookup table knows "Kurse", not "Sprachkursen".

spaCy's lookup lemmatizer (tables from spacy-lookups-data) leaves a word it does not know as it
is. This component lemmatises such a word by its longest known last part, so "Sprachkursen"
becomes "Sprachkurs" and "Wohnungsmärkte" "Wohnungsmarkt". Work is done once per word type.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

MIN_HEAD = 4  # the shortest last part tried ("Kurs", "Amt" is too short to be safe)
MIN_WORD = 7
CACHE_LIMIT = 500_000


class CompoundLemmatizer:
    """Fills in lemmas of compounds the lookup table does not list."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.table = None
        self.cache: dict[int, int] = {}  # orth hash -> lemma hash (the orth itself when nothing better)

    def _table(self):
        if self.table is None:
            lemmatizer = self.nlp.get_pipe("lemmatizer") if "lemmatizer" in self.nlp.pipe_names else None
            lookups = getattr(lemmatizer, "lookups", None)
            self.table = lookups.get_table("lemma_lookup", {}) if lookups is not None else {}
        return self.table

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array([ORTH, LEMMA])
        unknown = (values[:, 0] == values[:, 1]) | (values[:, 1] == 0)
        if not unknown.any():
            return doc
        lemmas = values[:, 1].copy()
        where = numpy.flatnonzero(unknown)
        types, inverse = numpy.unique(values[where, 0], return_inverse=True)
        found = numpy.array([self._lemma_id(int(orth), doc.vocab.strings) for orth in types], dtype=numpy.uint64)
        lemmas[where] = found[inverse]
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def _lemma_id(self, orth: int, strings) -> int:
        lemma = self.cache.get(orth)
        if lemma is None:
            lemma = strings.add(self.lemma_of(strings[orth]))
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.clear()
            self.cache[orth] = lemma
        return lemma


    def lemma_of(self, word: str) -> str:
        """The word with its longest known last part lemmatised, or the word itself."""
        if len(word) < MIN_WORD or not word[0].isalpha():
            return word
        table = self._table()
        for cut in range(2, len(word) - MIN_HEAD + 1):
            head = word[cut:]
            if not head[0].isalpha():
                continue
            for form in (head.capitalize(), head):
                lemma = table.get(form)
                if lemma is None:
                    continue
                if lemma == form:
                    return word  # the last part is already a base form
                return word[:cut] + (lemma.lower() if word[cut - 1] != "-" else lemma)
        return word


@Language.factory("ratsinfo_compound_lemmas_v1")
def make_compound_lemmatizer(nlp: Language, name: str) -> CompoundLemmatizer:
    return CompoundLemmatizer(nlp)

"""German search: the lemmas the indexes hold, FTS5 queries built from what people type, snippets.

Used on both sides: the store writes `lemmas_of(...)` into the lemma indexes of paper titles and
agenda items, and the Datasette plugin turns a search term into queries with the same `lemma()`.
Passages get their lemmas from the NLP pipeline, which uses the same lookup table.
"""

from __future__ import annotations

import re
from functools import lru_cache

SNIPPET = 240
_WORD = re.compile(r"\w+")

# Each searchable table and the columns its trigram index covers. Passages carry their lemmas in a
# column written by the NLP; the other tables' lemmas are derived from these columns when indexing.
SEARCHABLE = {
    "passages": ("text",),
    "papers": ("title", "text"),
    "agenda_items": ("name", "resolution_text"),
}


@lru_cache(maxsize=1)
def _lemmatizer():
    from .nlp.components import LookupLemmatizer

    return LookupLemmatizer("de")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """A word's lemma as the search indexes hold it (lowercased)."""
    # Queries are typed in lower case: "förderung" is looked up as "Förderung" too.
    return _lemmatizer().lemma(word, word.capitalize()).lower()


def lemmas_of(*texts: str | None) -> str:
    """Every word of the texts as its lemma, space-separated."""
    return " ".join(lemma(word) for text in texts if text for word in _WORD.findall(text))


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(term: str | None) -> str:
    """An FTS5 query for a `lemmas` column: every word of the term, lemmatised."""
    words = _WORD.findall(term or "")
    if not words:
        return '""'
    return "lemmas : (" + " ".join(_quoted(lemma(w)) for w in words) + ")"


def trigram_query(term: str | None) -> str:
    """An FTS5 query for a trigram index: words of three letters or more, as parts of words."""
    words = [w for w in _WORD.findall(term or "") if len(w) >= 3]
    return " ".join(_quoted(w.lower()) for w in words) if words else '""'


def highlight(text: str | None, term: str | None) -> str | None:
    """The text around the first hit, with every hit (same lemma, or containing a query word) marked [[so]]."""
    if not text:
        return text
    words = [w.lower() for w in _WORD.findall(term or "")]
    if not words:
        return text[:SNIPPET]
    lemmas = {lemma(w) for w in words}
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)
             if lemma(m.group(0)) in lemmas or any(w in m.group(0).lower() for w in words if len(w) >= 3)]
    if not spans:
        return text[:SNIPPET]
    start = max(0, spans[0][0] - SNIPPET // 3)
    end = min(len(text), start + SNIPPET)
    out, position = [], start
    for hit_start, hit_end in spans:
        if hit_start < start or hit_end > end:
            continue
        out += [text[position:hit_start], "[[", text[hit_start:hit_end], "]]"]
        position = hit_end
    out.append(text[position:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")

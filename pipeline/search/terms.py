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
# A word that starts where the scan starts is whole only if no letter precedes it; lookbehind sees
# the text before `pos`, so scanning from the middle of a text finds the same words as from its start.
_WHOLE_WORD = re.compile(r"(?<!\w)\w+")

# Bounds that keep every call well under a second, however long the text or term (a query's time
# limit only acts between calls). Real terms are a few words; no German word is 100 letters long.
MAX_TERM = 200  # characters of a search term that count
MAX_TERM_WORDS = 10  # words of a search term that count
MAX_SCAN = 100_000  # characters of a text searched for the first hit (a hit further on is not marked)
MAX_WORD = 100  # a longer "word" is no hit by lemma (it can still contain a query word)



@lru_cache(maxsize=1)
def _lemmatizer():
    from pipeline.nlp.components import LookupLemmatizer

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


def term_words(term: object) -> list[str]:
    """The words of a search term that count: at most MAX_TERM_WORDS of its first MAX_TERM characters."""
    if not isinstance(term, str):  # SQL may pass a number or a blob
        term = "" if term is None or isinstance(term, bytes) else str(term)
    return _WORD.findall(term[:MAX_TERM])[:MAX_TERM_WORDS]


def fts_query(term: str | None) -> str:
    """An FTS5 query for a `lemmas` column: every word of the term, lemmatised."""
    words = term_words(term)
    if not words:
        return '""'
    return "lemmas : (" + " ".join(_quoted(lemma(w)) for w in words) + ")"


def trigram_query(term: str | None) -> str:
    """An FTS5 query for a trigram index: words of three letters or more, as parts of words."""
    words = [w for w in term_words(term) if len(w) >= 3]
    return " ".join(_quoted(w.lower()) for w in words) if words else '""'


def highlight(text: str | None, term: str | None) -> str | None:
    """The text around the first hit, with every hit (same lemma, or containing a query word) marked [[so]].

    The work is bounded: the first hit is looked for in the first MAX_SCAN characters, and only the
    snippet's window is scanned for the hits it marks.
    """
    if not text or not isinstance(text, str):
        return text
    words = [w.lower() for w in term_words(term)]
    if not words:
        return text[:SNIPPET]
    lemmas = {lemma(w) for w in words}
    parts = [w for w in words if len(w) >= 3]

    def is_hit(word: str) -> bool:
        lower = word.lower()
        return any(w in lower for w in parts) or (len(word) <= MAX_WORD and lemma(word) in lemmas)

    first = next((m for m in _WORD.finditer(text, 0, MAX_SCAN) if is_hit(m.group(0))), None)
    if first is None:
        return text[:SNIPPET]
    start = max(0, first.start() - SNIPPET // 3)
    end = min(len(text), start + SNIPPET)
    out, position = [], start
    # A word running past the window's end is not marked; scanning a little further shows where it ends.
    for match in _WHOLE_WORD.finditer(text, start, min(len(text), end + MAX_WORD)):
        if match.start() >= end:
            break
        if match.end() > end or not is_hit(match.group(0)):
            continue
        out += [text[position:match.start()], "[[", match.group(0), "]]"]
        position = match.end()
    out.append(text[position:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")

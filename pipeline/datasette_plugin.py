"""Datasette plugin: German search helpers as SQL functions, and highlighted snippets.

Registered through the `datasette` entry point in pyproject.toml, so `pipeline serve` and a
published bundle both have it. Everything here reads; nothing writes.

- `ratsinfo_fts(term)`: an FTS5 query for the lemma column of `passages_fts`: every word of the
  term lemmatised as the index was ("Integrationskonzepte" -> "integrationskonzept",
  "beschlossen" -> "beschließen").
- `ratsinfo_trigram(term)`: an FTS5 query for `passages_trigram`, which finds parts of compounds
  ("konzept" in "Integrationskonzept"); words shorter than three letters are left out.
- `ratsinfo_highlight(text, term)`: a snippet of about 240 characters around the first hit, the hits
  marked [[like this]]; the `ausschnitt` column renders the marks as <mark>.
- A `belege` column holding a path within the site renders as a link to the evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from datasette import hookimpl
from markupsafe import Markup, escape

SNIPPET = 240
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _lemmatizer():
    from .nlp.components import LookupLemmatizer

    return LookupLemmatizer("de")


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """A word's lemma as the search index has it (lowercased)."""
    # Queries are typed in lower case: "förderung" is looked up as "Förderung" too.
    return _lemmatizer().lemma(word, word.capitalize()).lower()


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(term: str | None) -> str:
    words = _WORD.findall(term or "")
    if not words:
        return '""'
    return "lemmas : (" + " ".join(_quoted(lemma(w)) for w in words) + ")"


def trigram_query(term: str | None) -> str:
    words = [w for w in _WORD.findall(term or "") if len(w) >= 3]
    return " ".join(_quoted(w.lower()) for w in words) if words else '""'


def highlight(text: str | None, term: str | None) -> str | None:
    """The text around the first hit, with every hit (same lemma, or containing a query word) marked."""
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


@hookimpl
def startup(datasette):
    # The lookup table takes about a second to load: at startup, not inside a query's time limit.
    lemma("Integrationskonzepte")


@hookimpl
def prepare_connection(conn):
    conn.create_function("ratsinfo_fts", 1, fts_query, deterministic=True)
    conn.create_function("ratsinfo_trigram", 1, trigram_query, deterministic=True)
    conn.create_function("ratsinfo_highlight", 2, highlight, deterministic=True)


@hookimpl
def render_cell(value, column):
    if column == "ausschnitt" and isinstance(value, str):
        return Markup(str(escape(value)).replace("[[", "<mark>").replace("]]", "</mark>"))
    if column == "belege" and isinstance(value, str) and value.startswith("/"):
        return Markup(f'<a href="{escape(value)}">Belege</a>')
    return None

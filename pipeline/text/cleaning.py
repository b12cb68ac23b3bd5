"""Text cleaning so that NLP and search see real words: hyphenation, running heads, page numbers."""

from __future__ import annotations

import re
import unicodedata

from pipeline.text.running import PAGE_NUMBER, strip_running_lines

_SOFT = str.maketrans({"\u00ad": "", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\ufb01": "fi", "\ufb02": "fl",
                       "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl"})


def normalize(text: str) -> str:
    """NFC, words broken at marked line ends joined, no soft hyphens, ligatures or odd spaces, tidy blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if "\ufffe" in text or "\u00ad" in text:
        text = _MARKED_BREAK.sub(_join_marked, text).replace("\ufffe", "-")
    text = _BLANKS.sub(" ", text.translate(_SOFT))
    return _BLANKS_AROUND_NEWLINE.sub("\n", text).strip()


# Only what changes: a lone space matched too made re.sub build a piece per word (ten times the
# text's size in memory on a 40 MB page).
_BLANKS = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")
_BLANKS_AROUND_NEWLINE = re.compile(r" \n ?|\n ")

# pypdfium2 prints a hyphen that ends a line as U+FFFE and drops the line break: "Maß\ufffenahmen",
# "Ausbildungs\ufffeund Rekrutierungsprozess" (33 times in corpus pdf/koeln_swk_antwort_frauenfoerderplaene_382656.pdf).
# A soft hyphen before a line break marks the same ("Verwal\u00ad\ntung"); inside a line it is only dropped.
_MARKED_BREAK = re.compile(r"(\w)(?:\ufffe|\u00ad(?=[ \t]*\n))[ \t]*\n?[ \t]*(\w+)")


def _join_marked(m: re.Match) -> str:
    return _joined(m.group(1), m.group(2))


# A word broken at the line end: "Verwal-\ntung". Kept: "Bau- und Planungsausschuss" (the
# hyphen stands for a shared second part), "Kinder-\nJugend" (a capital goes on a compound) and
# "3-\nfach" (a digit keeps its hyphen).
_LINE_BREAK_HYPHEN = re.compile(r"(\w)-\n(\w+)")
_KEEP_AFTER = {"und", "oder", "bzw", "sowie", "als", "bis", "wie", "u"}


def _joined(left: str, following: str) -> str:
    """The two halves of a word broken at a line end, joined as the rule above says."""
    if following.lower() in _KEEP_AFTER:
        return f"{left}- {following}"
    if following[0].isupper() or left.isdigit():
        return f"{left}-{following}"
    return f"{left}{following}"


def dehyphenate(text: str) -> str:
    """Join words hyphenated across line breaks; a page number's dash ("- 3-") joins nothing."""

    def join(m: re.Match) -> str:
        if m.group(1).isdigit() and PAGE_NUMBER.match(text[text.rfind("\n", 0, m.start()) + 1 : m.end(1) + 1].strip()):
            return m.group(0)  # "- 3-\nStadtwerke" (Köln) was glued into "- 3-Stadtwerke"
        return _joined(m.group(1), m.group(2))

    return _LINE_BREAK_HYPHEN.sub(join, text)


def clean_pages(pages: list[str]) -> list[str]:
    """Everything above, page by page; page boundaries are kept. Running lines go before the words
    are joined, so a page number's dash cannot join the next line."""
    return [dehyphenate(page) for page in strip_running_lines([normalize(page) for page in pages])]


_LETTER = re.compile(r"[^\W\d_]")  # what str.isalpha() counts, found in C rather than a Python loop
_ODD = re.compile("[\ufffd\ue000-\uf8ff]")  # replacement characters and private-use glyphs


def looks_garbled(text: str) -> bool:
    """Text whose word spaces or characters got lost in extraction ('Punkt20derTagesordnung')."""
    spaces = text.count(" ") + text.count("\n")
    if spaces >= 0.06 * len(text) and _ODD.search(text) is None:
        return False  # spaced at least as often as the test below asks of the letters alone, no odd glyphs
    letters = len(_LETTER.findall(text))
    if letters < 200:
        return False
    odd = len(_ODD.findall(text))
    return spaces / letters < 0.06 or odd / letters > 0.05


MAX_PASSAGE = 1500  # characters; a longer paragraph is cut at a sentence end
_SENTENCE_END = re.compile(r"[.!?:]$")


def passages(page: str) -> list[tuple[int, int]]:
    """Paragraph spans (start, end) of one page: blank lines, or a line ending a sentence before a
    line that starts a new one; long paragraphs are cut at sentence ends. Offsets index the page."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    position = last_end = 0
    lines = page.split("\n")
    full_line = 0.8 * max(60, max(map(len, lines)))  # a line shorter than this may end a paragraph
    for i, line in enumerate(lines):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        if not line.strip():
            if start is not None:
                spans.append((start, last_end))
                start = None
            continue
        if start is None:
            start = line_start
        last_end = line_end
        following = lines[i + 1] if i + 1 < len(lines) else ""
        ends_paragraph = bool(_SENTENCE_END.search(line.rstrip())) and (
            not following[:1].islower() and len(line.strip()) < full_line)
        if ends_paragraph or last_end - start >= MAX_PASSAGE:
            spans.append((start, last_end))
            start = None
    if start is not None:
        spans.append((start, last_end))
    return spans

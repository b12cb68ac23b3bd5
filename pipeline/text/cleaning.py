"""Text cleaning so that NLP and search see real words: hyphenation, running heads, page numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_SOFT = str.maketrans({"\u00ad": "", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\ufb01": "fi", "\ufb02": "fl",
                       "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl"})


def normalize(text: str) -> str:
    """NFC, no soft hyphens, ligatures or odd spaces, tidy blanks."""
    text = unicodedata.normalize("NFC", text).translate(_SOFT).replace("\r\n", "\n").replace("\r", "\n")
    text = _BLANKS.sub(" ", text)
    return _BLANKS_AROUND_NEWLINE.sub("\n", text).strip()


# Only what changes: a lone space matched too made re.sub build a piece per word (ten times the
# text's size in memory on a 40 MB page).
_BLANKS = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")
_BLANKS_AROUND_NEWLINE = re.compile(r" \n ?|\n ")


# A word broken at the line end: "Verwal-\ntung". Kept: "Bau- und Planungsausschuss" (the
# hyphen stands for a shared second part) and "Kinder-\nJugend" (a capital goes on a compound).
_LINE_BREAK_HYPHEN = re.compile(r"(\w)-\n(\w+)")
_KEEP_AFTER = {"und", "oder", "bzw", "sowie", "als", "bis", "wie", "u"}


def dehyphenate(text: str) -> str:
    """Join words hyphenated across line breaks."""

    def join(m: re.Match) -> str:
        following = m.group(2)
        if following.lower() in _KEEP_AFTER:
            return f"{m.group(1)}- {following}"
        if following[0].isupper():
            return f"{m.group(1)}-{following}"
        return f"{m.group(1)}{following}"

    return _LINE_BREAK_HYPHEN.sub(join, text)


_PAGE_NUMBER = re.compile(r"^(?:-\s*\d+\s*-|Seite\s+\d+(?:\s*(?:von|/)\s*\d+)?|\d+\s*(?:/|von)\s*\d+|\d{1,4})$", re.I)
EDGE_LINES = 2  # lines at the top and bottom of a page that may be a running head or foot


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _edges(lines: list[str]) -> tuple[int, int]:
    """How many lines at the top and bottom count as the page's edge (a third of a short page at most)."""
    n = min(EDGE_LINES, len(lines) // 3)
    return n, len(lines) - n


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove headers, footers and page numbers that repeat across pages."""
    if len(pages) < 3:
        return [_strip_page_numbers(p) for p in pages]
    counts: Counter = Counter()
    for page in pages:
        lines = page.split("\n")
        top, bottom = _edges(lines)
        counts.update({_shape(line) for line in lines[:top] + lines[bottom:] if line.strip()})
    threshold = max(3, int(len(pages) * 0.6))
    running = {shape for shape, n in counts.items() if n >= threshold}
    cleaned = []
    for page in pages:
        lines = page.split("\n")
        top, bottom = _edges(lines)
        keep = [line for i, line in enumerate(lines)
                if not ((i < top or i >= bottom) and (_shape(line) in running or _PAGE_NUMBER.match(line.strip())))]
        cleaned.append(_strip_page_numbers("\n".join(keep)))
    return cleaned


def _strip_page_numbers(page: str) -> str:
    """The page without page numbers on its first and last lines."""
    lines = page.split("\n")
    end = len(lines)
    while end and _PAGE_NUMBER.match(lines[end - 1].strip()):
        end -= 1
    start = 0
    while start < end and _PAGE_NUMBER.match(lines[start].strip()):
        start += 1  # an index, not lines.pop(0): that moved the whole list for every number
    return "\n".join(lines[start:end]).strip()


def clean_pages(pages: list[str]) -> list[str]:
    """Everything above, page by page; page boundaries are kept."""
    return strip_running_lines([dehyphenate(normalize(page)) for page in pages])


def looks_garbled(text: str) -> bool:
    """Text whose word spaces or characters got lost in extraction ('Punkt20derTagesordnung')."""
    letters = sum(c.isalpha() for c in text)
    if letters < 200:
        return False
    spaces = text.count(" ") + text.count("\n")
    odd = sum(1 for c in text if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF)
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

"""Running heads, running feet and page numbers: lines a PDF repeats across its pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

# A line that is a page number and nothing else: "Seite 3", "Seite 2 von 7", "Seite 2/7", "- 3 -",
# "- 3-" (corpus: pdf/koeln_swk_antwort_frauenfoerderplaene_382656.pdf), "2 von 7", "2 / 7", "3".
PAGE_NUMBER = re.compile(r"^(?:[-–]\s*\d+\s*[-–]|Seite\s+\d+(?:\s*(?:von|/)\s*\d+)?|\d+\s*(?:/|von)\s*\d+|\d{1,4})$",
                         re.I)
# The forms no body line takes, so they go wherever they stand once two pages print them: the
# Köln tables end each page with "Seite 1 von 4" … "Seite 4 von 4", which pdfium reads mid-page.
_PAGE_MARK = re.compile(r"^[ \t]*(?:[-–][ \t]*\d+[ \t]*[-–]|Seite[ \t]+\d+(?:[ \t]*(?:von|/)[ \t]*\d+)?)[ \t]*$",
                        re.I | re.M)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

EDGE_LINES = 3  # text lines at the top and bottom of a page that may be a running head or foot
MIN_PAGES = 3  # a running line repeats on at least this many pages …
MIN_SHARE = 0.5  # … and on more than this share of the pages long enough to have edges,
MAX_BODY_SHARE = 0.1  # … and in the body of at most a tenth as many pages (pdfium may read a head mid-page)


def shape(line: str) -> str:
    """A line with its numbers made alike: "Seite 2 von 7" and "Seite 3 von 7" share one shape."""
    return _SPACE.sub(" ", _DIGITS.sub("#", line.strip().lower()))


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove headers, footers and page numbers that repeat across pages; body lines and the first
    page's copy of a running head (often the title or the letterhead with the reference) stay."""
    # Every line of every page is looked at by a regular expression over the page, never one by one
    # in Python: the document stage is measured against bare pdfium (bench/bench_documents.py).
    split = [page.split("\n") for page in pages]
    edges = [{i: shape(lines[i]) for i in _edges(lines)} for lines in split]
    running = _running(pages, edges)
    marks = [[(i, shape(text)) for i, text in _matches(_PAGE_MARK, page)] for page in pages]
    repeated = Counter(s for found in marks for s in {s for _, s in found})
    cleaned = []
    for index, (lines, edge) in enumerate(zip(split, edges, strict=True)):
        drop = {i for i, s in edge.items() if (index and s in running) or _is_page_number(lines[i], index)}
        drop.update(i for i, s in marks[index] if repeated[s] >= 2)
        cleaned.append(_kept(lines, drop, index))
    return cleaned


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the text lines at a page's top and bottom (a third of a short page's lines at most)."""
    n = min(EDGE_LINES, (len(lines) - lines.count("")) // 3)
    top: list[int] = []
    bottom: list[int] = []
    for i in range(len(lines)):
        if len(top) == n:
            break
        if lines[i].strip():
            top.append(i)
    for i in range(len(lines) - 1, top[-1] if top else -1, -1):
        if len(bottom) == n:
            break
        if lines[i].strip():
            bottom.append(i)
    return top + bottom


def _matches(pattern: re.Pattern, page: str) -> Iterator[tuple[int, str]]:
    """The line index and text of each match of a line pattern (re.M) in a page."""
    line = position = 0
    for m in pattern.finditer(page):
        line += page.count("\n", position, m.start())
        position = m.start()
        yield line, m.group()


def _running(pages: list[str], edges: list[dict[int, str]]) -> set[str]:
    """Shapes at the edges of most pages and (nearly) never in a page's body.

    A label that a table repeats ("Beauftragte:" at the foot of four of the seven pages of corpus
    pdf/koeln_swk_antwort_frauenfoerderplaene_382656.pdf) also stands in the middle of pages: body text.
    The first page's body does not count: a title there may be the running head of the pages after it.
    """
    at_edges = Counter(s for edge in edges for s in set(edge.values()))
    # Pages of a line or two (the end of a paragraph pushed over) have no edges, so they do not count.
    threshold = max(MIN_PAGES, int(sum(1 for edge in edges if edge) * MIN_SHARE) + 1)
    candidates = {s for s, n in at_edges.items() if n >= threshold and s}
    if not candidates:
        return candidates
    pattern = _lines_of_shapes(candidates)
    in_body: Counter = Counter()
    for page, edge in zip(pages[1:], edges[1:], strict=True):
        in_body.update({shape(text) for i, text in _matches(pattern, page) if i not in edge})
    return {s for s in candidates if in_body[s] <= at_edges[s] * MAX_BODY_SHARE}


def _lines_of_shapes(shapes: set[str]) -> re.Pattern:
    """A pattern of the whole lines that have one of the shapes."""
    def line(s: str) -> str:
        words = (r"(?:\d+|#)".join(map(re.escape, word.split("#"))) for word in s.split(" "))
        return r"[ \t]+".join(words)

    return re.compile(r"^[ \t]*(?:" + "|".join(map(line, shapes)) + r")[ \t]*$", re.I | re.M)


def _is_page_number(line: str, index: int) -> bool:
    """A page number standing alone; a bare number only near the page's own number ("14" on page 1 is a stamp)."""
    text = line.strip()
    if not PAGE_NUMBER.match(text):
        return False
    return not _BARE_NUMBER.match(text) or abs(int(text) - (index + 1)) <= 2


def _kept(lines: list[str], drop: set[int], index: int) -> str:
    """The page without the dropped lines, and without blank lines and page numbers at either end."""
    end = len(lines)
    while end and (end - 1 in drop or not lines[end - 1].strip() or _is_page_number(lines[end - 1], index)):
        end -= 1
    start = 0
    while start < end and (start in drop or not lines[start].strip() or _is_page_number(lines[start], index)):
        start += 1  # an index, not lines.pop(0): that moved the whole list for every number
    kept: list[str] = []
    for cut in sorted(i for i in drop if start < i < end):
        kept += lines[start:cut]
        start = cut + 1
    kept += lines[start:end]
    return "\n".join(kept).strip()

"""An HTML page's main text, its structure kept: headings, paragraphs, list items and table rows each on a line."""

from __future__ import annotations

import re

from bs4 import Tag

from scrapers.base import PARAGRAPH_BREAK, attribute, make_soup, wraps_content

_DROPPED = ["nav", "footer", "header", "aside", "script", "style", "form"]
_BOILERPLATE = re.compile(r"(nav|menu|footer|header|cookie|banner|breadcrumb|sidebar|skip)", re.I)
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# Text for screen readers only, never shown: an icon link's file name with its export date (SD.NET RIM's
# "hide-text" spans), "(öffnet in neuem Fenster)"; a heading for them names the page (Budenheim's "Gemeinderat").
_SCREEN_READER_ONLY = re.compile(r"\b(?:sr-only|visually-?hidden|hide-?text|text-hide|screen-?reader-?text|"
                                 r"element-invisible)\b", re.I)

# SessionNet 5.5 repeats a row's cells for narrow screens in cells classed both "smc-t-cl991" and
# "smc-table-cell-block-991" ("Letzte Sitzung: 27.03.2025" beside the date column, Eschweiler gr0040.php); a
# browser at desktop width shows one copy. A cell classed "smc-table-cell-block-991" alone is the party column.
_NARROW_SCREEN_COPY = re.compile(r"\bsmc-table-cell-block-\d+\b")
_NARROW_SCREEN_CELL = re.compile(r"\bsmc-t-cl\d+\b")


def html_main_text(content: bytes) -> str:
    """Main text of an HTML page, without navigation, banners and footers."""
    soup = make_soup(content)
    for tag in soup.find_all(_DROPPED):
        if tag.attrs is not None and not _article_header(tag) and not wraps_content(tag):
            tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None or tag.name in ("body", "html"):
            continue  # decomposed with an element above it
        classes = " ".join(tag.get("class") or [])
        marker = classes + " " + (attribute(tag, "id") or "")
        if marker.strip() and ((_BOILERPLATE.search(marker) and not _article_header(tag)
                                and not _table_header(tag, marker))
                               or (_SCREEN_READER_ONLY.search(classes) and tag.name not in _HEADINGS)
                               or _NARROW_SCREEN_COPY.search(classes) and _NARROW_SCREEN_CELL.search(classes)):
            tag.decompose()
    main = soup.find("main") or soup.find(id="rismain") or soup.find("article") or soup.body or soup
    return structured_text(main)


# A table's or a row's class that says "header" names its own head row or its sticky head ("calenderView hoverRow
# stickyHeader", ALLRIS 4's calendar), not the page's banner.
_TABLE_PARTS = {"table", "thead", "tbody", "tr", "th", "td", "caption"}


def _table_header(tag: Tag, marker: str) -> bool:
    """A table part whose only boilerplate word is "header"."""
    return tag.name in _TABLE_PARTS and {m.lower() for m in _BOILERPLATE.findall(marker)} == {"header"}


def _article_header(tag: Tag) -> bool:
    """A header with a heading inside the page's main part or an article: the document's own title, kept.

    "<article><header><h1>Integrationsrat</h1></header>…" (HTML5 CMS pages) lost its title with the site's banner.
    """
    return (tag.name == "header" or "header" in " ".join(tag.get("class") or []).lower()) \
        and tag.find(_HEADINGS) is not None and tag.find_parent(["main", "article"]) is not None


_BLOCK = {"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "dl",
          "section", "article", "aside", "header", "footer", "hr", "caption", "thead", "tbody", "tfoot", "blockquote",
          "pre", "form", "figure", "figcaption", "address", "main", "details", "summary", "center", "fieldset",
          "legend"}
_CELL = {"td", "th"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
_NOT_TEXT = {"Comment", "Declaration", "ProcessingInstruction", "Doctype", "CData"}
# A list item's marker waits between these until the item's first words: "<li><p>Sprache</p></li>"
# puts a line break between the two, and the marker belongs on the line of "Sprache". _ITEM_END
# closes the item, so that the marker of an empty one goes nowhere.
_MARK, _MARK_END, _ITEM_END = "\x1e", "\x1f", "\x1d"
_CONTROLS = str.maketrans("", "", _MARK + _MARK_END + _ITEM_END)
_MARKS = re.compile(_MARK + "([^" + _MARK_END + "]*)" + _MARK_END)
_END_LIST = object()
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2007\u202f]{2,}|[\t\r\f\v\u00a0\u2007\u202f]")
BULLET = "-"  # an unordered list item's marker, one the declared-list rule knows (pipeline.nlp.topics._BULLET)


def structured_text(element: Tag | None) -> str:
    """Text of an element: inline runs joined without spaces, each block on its own line, each list
    item on its own line after "- " (or "1.", "a)" in an ordered list), table cells apart by a space."""
    # Inline elements are joined without a separator: Word/Aspose HTML splits words across spans
    # ("Mobilitä</span><span>tsausschuss", see scrapers.base.block_text).
    if element is None:
        return ""
    parts: list[str] = []
    lists: list[list] = []  # per open list: [next number, style] (style "" for an unordered list)
    # An explicit stack, not recursion: markup can nest deeper than Python's recursion limit.
    stack: list = [iter(element.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child is _END_LIST:
            lists.pop()
        elif type(child) is str:  # a closing separator pushed below
            parts.append(child)
        elif isinstance(child, str):
            if type(child).__name__ not in _NOT_TEXT:
                parts.append(_text(child))
        elif isinstance(child, Tag) and child.name.lower() not in _SKIP:
            stack.extend(_open(child, parts, lists))
    text = _SPACES.sub(" ", "".join(parts))
    parts.clear()  # a 20 MB text node would otherwise be held four times over
    return _lines(text)


def _text(node: str) -> str:
    """A text node as HTML shows it: line breaks are spaces; a block cut by make_soup is a line break."""
    text = str(node).replace("\n", " ").replace(PARAGRAPH_BREAK, "\n")
    if _MARK in text or _MARK_END in text or _ITEM_END in text:
        text = text.translate(_CONTROLS)
    return text


def _open(tag: Tag, parts: list[str], lists: list[list]) -> list:
    """Write what opens an element; return what the walk takes next, last first: its closing, its children."""
    name = tag.name.lower()
    pushed: list = []
    if name in ("ul", "ol", "menu", "dir"):
        lists.append([_start(tag), (attribute(tag, "type") or "1") if name == "ol" else ""])
        pushed.append(iter((_END_LIST,)))
    if name == "li":
        parts.append("\n" + _MARK + _marker(lists) + _MARK_END)
        pushed.append(iter((_ITEM_END + "\n",)))
    elif name in _BLOCK or name in _CELL:
        separator = "\n" if name in _BLOCK else " "
        parts.append(separator)
        pushed.append(iter((separator,)))  # comes after the children: the closing separator
    pushed.append(iter(tag.children))
    return pushed


def _start(tag: Tag) -> int:
    start = attribute(tag, "start") or ""
    return int(start) if start.isdigit() and len(start) < 6 else 1


def _marker(lists: list[list]) -> str:
    """The next item's marker: "-" in an unordered list, "3." or "c)" in an ordered one."""
    if not lists or not lists[-1][1]:
        return BULLET
    number, style = lists[-1]
    lists[-1][0] += 1
    if style in ("a", "A") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return f"{letter.upper() if style == 'A' else letter})"
    return f"{number}."


def _lines(text: str) -> str:
    """Non-empty lines, stripped; an item's marker goes before its first words (an empty item is left out)."""
    out: list[str] = []
    pending = ""
    for raw in text.split("\n"):
        marks = _MARKS.findall(raw) if _MARK in raw else []
        line = _MARKS.sub("", raw) if marks else raw
        ends = _ITEM_END in line
        line = line.replace(_ITEM_END, "").strip() if ends else line.strip()
        if marks:
            pending = marks[0]
        if line:
            out.append(f"{pending} {line}" if pending else line)
            pending = ""
        if ends:
            pending = ""
    return "\n".join(out)

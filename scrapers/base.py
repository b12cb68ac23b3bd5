"""Shared base for RIS scrapers: records, errors and pure HTML helpers."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from urllib.parse import parse_qs, urljoin, urlsplit

import warnings

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder  # where bs4.builder's LXMLTreeBuilder is defined (and typed)

# ALLRIS serves XHTML with an XML declaration; it is HTML for our purposes.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
log = logging.getLogger(__name__)


_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def decode_html(content: bytes) -> str:
    """Decode page bytes; valid UTF-8 wins over a declared charset, which real pages get wrong."""
    # Quirk: ALLRIS "r" pages declare iso-8859-1 in the XML prolog and the meta tag but send
    # UTF-8, e.g. Landkreis Osnabrück's vo020_r.asp (corpus: allris/vo020_r_landkreis_osnabrueck_excerpt.html).
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(content[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "cp1252"
    # ISO-8859-1 pages routinely carry cp1252 quotes and dashes; cp1252 is the safe superset.
    if encoding in {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "utf-8", "utf8"}:
        encoding = "cp1252"
    try:
        return content.decode(encoding, errors="replace")
    except LookupError:
        return content.decode("cp1252", errors="replace")


ROW_CAP = 2000  # rows read per table; the largest table in the corpus has 61, a real Beratungsfolge a dozen
ELEMENT_CAP = 100_000  # elements built per page; the largest corpus page has 850
DEPTH_CAP = 256  # elements open at once; the deepest corpus page nests 21
# U+2029 stands for a block element cut from the tree: a newline in text is a space in HTML.
PARAGRAPH_BREAK = "\u2029"


class _CappedBuilder(LXMLTreeBuilder):
    """lxml's tree builder for Beautiful Soup, bounded: tables keep ROW_CAP rows, a page keeps
    ELEMENT_CAP elements, nesting stops at DEPTH_CAP.

    The cut happens as lxml reports the elements, so they never become Python objects (a soup costs
    about 1.3 kB an element): a Beratungsfolge of 100,000 rows took 1.2 GB and a minute. Rows past the
    cap are dropped whole; elements past the element or depth cap lose their tags but keep their text
    (a block element becomes PARAGRAPH_BREAK, a line break in block_text), so deep or endless markup
    reads as plain text. The counts are kept on the soup (`soup.rows_cut`, `soup.elements_cut`) for
    the parser to report (cut_note).
    """

    def __init__(self, *args, row_cap: int = ROW_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_cap = row_cap
        self.rows: list[int] = [0]  # rows seen per open table, innermost last ([0]: rows outside a table)
        self.open: list[bool] = []  # per open element: whether it was built
        self.depth = 0  # built elements open now
        self.built = 0
        self.skipping = 0  # depth inside a dropped row; 0 when building
        self.rows_cut = 0
        self.elements_cut = 0

    def start(self, tag, attrib, nsmap={}):  # noqa: B006 - the signature lxml calls
        """An element opens: dropped in a cut row, flattened past the caps, built otherwise."""
        if self.skipping:
            self.skipping += 1
            return
        if tag == "tr":
            self.rows[-1] += 1
            if self.rows[-1] > self.row_cap:
                self.skipping, self.rows_cut = 1, self.rows_cut + 1
                return
        if self.built >= ELEMENT_CAP or self.depth >= DEPTH_CAP:
            self.elements_cut += 1
            self.open.append(False)
            if tag in _BLOCK or tag in _CELL:
                super().data(PARAGRAPH_BREAK)
            return
        if tag == "table":
            self.rows.append(0)
        self.open.append(True)
        self.built += 1
        self.depth += 1
        super().start(tag, attrib, nsmap)

    def end(self, tag):
        """An element closes (lxml reports every one, auto-closed ones too)."""
        if self.skipping:
            self.skipping -= 1
            return
        if not self.open or not self.open.pop():
            return
        self.depth -= 1
        if tag == "table" and len(self.rows) > 1:
            self.rows.pop()
        super().end(tag)

    def data(self, content):
        """Text, unless inside a dropped row."""
        if not self.skipping:
            super().data(content)

    def comment(self, text):
        """A comment, unless inside a dropped row."""
        if not self.skipping:
            super().comment(text)

    def pi(self, target, data):
        """A processing instruction, unless inside a dropped row."""
        if not self.skipping:
            super().pi(target, data)


class CappedSoup(BeautifulSoup):
    """A soup that says what its _CappedBuilder left out."""

    rows_cut: int = 0
    elements_cut: int = 0


# Apache Wicket's partial-page answer wraps the HTML of each part in CDATA: ALLRIS 4's calendar month as its page
# loads it ("<ajax-response><component id=…><![CDATA[<div …><table class="calenderView">…", Trier's si010).
_AJAX_RESPONSE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<ajax-response\b")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def _unwrapped(text: str) -> str:
    """The HTML of a Wicket ajax-response's parts; any other page as it is."""
    if not _AJAX_RESPONSE.match(text[:300]):
        return text
    return "\n".join(_CDATA.findall(text)) or text


def make_soup(content: bytes, row_cap: int = ROW_CAP) -> CappedSoup:
    """Parse page bytes with lxml after decoding them ourselves; bounded as _CappedBuilder says."""
    builder = _CappedBuilder(row_cap=row_cap)
    soup = CappedSoup(_unwrapped(decode_html(content)), builder=builder)
    soup.rows_cut, soup.elements_cut = builder.rows_cut, builder.elements_cut
    return soup


def cut_note(soup: BeautifulSoup, url: str) -> str | None:
    """What make_soup left out of a page (logged as a warning), None when nothing was."""
    parts = []
    if getattr(soup, "rows_cut", 0):
        parts.append(f"{soup.rows_cut} table rows past the first {ROW_CAP} of a table left out")
    if getattr(soup, "elements_cut", 0):
        parts.append(f"{soup.elements_cut} elements past the first {ELEMENT_CAP:,} or deeper than {DEPTH_CAP} "
                     "read as plain text")
    if not parts:
        return None
    note = "; ".join(parts)
    log.warning("%s: %s", url, note)
    return note


def noted(record, soup: BeautifulSoup, url: str):
    """The record, with the note of what make_soup left out of its page (see cut_note), if anything."""
    note = cut_note(soup, url)
    if note:
        record.notes = (note,)
    return record


_BLOCK = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "dl",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "hr",
    "caption",
    "thead",
    "tbody",
    "blockquote",
    "pre",
    "form",
}
_CELL = {"td", "th"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
# Only what changes: runs of two or more, or one that is not a plain space. A lone space matched too
# made re.sub build a piece per word (228 MB for a 20 MB text node).
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2007\u202f]{2,}|[\t\r\f\v\u00a0\u2007\u202f]")


def wraps_content(form: Tag) -> bool:
    """Whether a form holds the page's content, not a search or login box: Domino XPages and ASP.NET pages are one
    form around everything (Reutlingen's "RIS Web" meeting_doc.xsp), its headings included."""
    return form.name == "form" and form.find(["h1", "h2", "main", "article"]) is not None


def block_text(element: Tag | None) -> str:
    """Text of an element: inline runs joined without spaces, blocks on their own lines."""
    # Quirk: Word/Aspose-generated Sachverhalt HTML splits words across spans ("Mobilitä</span>
    # <span>tsausschuss"), e.g. http://sitzungsdienst-altona.hamburg.de/bi/vo020.asp?VOLFDNR=1018473,
    # so inline elements must be joined without a separator.
    if element is None:
        return ""
    parts: list[str] = []
    # An explicit stack, not recursion: markup can nest deeper than Python's recursion limit.
    stack: list = [iter(element.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, str):  # a closing separator pushed below, or a NavigableString
            if type(child) is str:
                parts.append(child)
            elif type(child).__name__ not in {"Comment", "Declaration", "ProcessingInstruction", "Doctype", "CData"}:
                parts.append(str(child).replace("\n", " ").replace(PARAGRAPH_BREAK, "\n"))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _SKIP:
            continue
        separator = "\n" if name in _BLOCK else " " if name in _CELL else ""
        if separator:
            parts.append(separator)
            stack.append(iter((separator,)))  # comes after the children: the closing separator
        stack.append(iter(child.children))
    text = "".join(parts)
    parts.clear()  # a 20 MB text node would otherwise be held four times over
    text = _SPACES.sub(" ", text)
    return "\n".join(filter(None, (line.strip() for line in text.split("\n"))))


def line_text(element: Tag | None) -> str:
    """Text of an element on one line."""
    return " ".join(block_text(element).split("\n")).strip()


def without_count(heading: Tag, text: str) -> str:
    """A heading's text without the count a list prints beside it in an element of its own ("Alle Sitzungen
    <small>970</small>", bv-hh); a number among the heading's own words ("Kalender 2026") stays."""
    for piece in heading.find_all(string=True):
        count = str(piece).strip()
        if piece.parent is not heading and count.isdigit() and text.endswith(" " + count):
            return text[: -len(count) - 1].rstrip()
    return text


def german_date(text: str | None) -> str | None:
    """ISO date from a German numeric date such as 'Mo, 03.11.2025' or '3.4.18'."""
    if not text:
        return None
    m = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b", text)
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    year_i = int(year) if len(year) == 4 else 2000 + int(year) if int(year) < 70 else 1900 + int(year)
    try:
        return date(year_i, month, day).isoformat()
    except ValueError:
        return None


def german_datetime(day_text: str | None, time_text: str | None) -> str | None:
    """ISO date-time from a German date and an optional 'HH:MM' start time."""
    day = german_date(day_text)
    if not day:
        return None
    m = re.search(r"\b(\d{1,2}):(\d{2})\b", time_text or "")
    if not m:
        return day
    try:
        start = datetime.fromisoformat(day).replace(hour=int(m.group(1)), minute=int(m.group(2)))
    except ValueError:  # "24:00" (the end of a day, not a start) or a garbled cell: the day alone
        return day
    return start.isoformat(timespec="minutes")


_TIME_RANGE = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:Uhr\s*)?(?:-|–|bis)\s*(\d{1,2})[:.](\d{2})\b")


def german_end(day_text: str | None, time_text: str | None) -> str | None:
    """ISO date-time of a meeting's end from its day and a time range ("17:00 - 19:30 Uhr"); None without one."""
    day = german_date(day_text)
    m = _TIME_RANGE.search(time_text or "")
    if not day or not m:
        return None
    try:
        end = datetime.fromisoformat(day).replace(hour=int(m.group(1)), minute=int(m.group(2)))
    except ValueError:
        return None
    return end.isoformat(timespec="minutes")


def query_param(url: str, name: str) -> str | None:
    """A query parameter of a URL, matched case-insensitively."""
    for key, values in parse_qs(urlsplit(url).query).items():
        if key.lower() == name.lower() and values:
            return values[0]
    return None


def canonical(url: str | None, key: str) -> str | None:
    """A page URL reduced to its one identifying parameter, so links to the same page compare equal."""
    value = query_param(url, key) if url else None
    if not url or not value:
        return None
    return f"{re.sub(r'[?#].*$', '', url)}?{key}={value}"


AGENDA_NUMBER = re.compile(r"^(Ö|N|NÖ)?\s*([\d.]+[a-z]?)\s*$", re.I)


def file_role(name: str) -> str:
    """invitation, protocol or attachment, from a document's name."""
    lowered = name.lower()
    if "einladung" in lowered or "bekanntmachung" in lowered:
        return "invitation"
    if "niederschrift" in lowered or "protokoll" in lowered:
        return "protocol"
    return "attachment"


def is_cancelled(text: str) -> bool:
    """Council systems mark cancelled meetings in their name: 'ENTFÄLLT! Sitzung …', 'abgesagt'."""
    lowered = text.lower()
    return "entfällt" in lowered or "abgesagt" in lowered or "fällt aus" in lowered


def attribute(tag: Tag, name: str) -> str | None:
    """`tag.get(name)` as text: bs4 types every value as maybe a list, which only class, rel and a few others are."""
    value = tag.get(name)
    return " ".join(value) if isinstance(value, list) else value


def required_attribute(tag: Tag, name: str) -> str:
    """`tag[name]` as text (KeyError when absent), for an attribute the tag was found by."""
    value = tag[name]
    return " ".join(value) if isinstance(value, list) else value


def href(link: Tag) -> str:
    """A link's target, for links found by it (see required_attribute)."""
    return required_attribute(link, "href")


def absolute(base_url: str, href: str | None) -> str | None:
    """Resolve a link against the page URL."""
    if not href:
        return None
    return urljoin(base_url, href.strip())


def clean_label(text: str) -> str:
    """A label cell without its trailing colon."""
    return text.strip().rstrip(":").strip()


_PUBLICITY = re.compile(r"\b(?:nicht[\s-]?)?öffentlich(?:e[rsn]?)?\b", re.I)


def paper_type_name(text: str | None) -> str | None:
    """A paper's type as its value names it: no sort prefix ("02_"), no publicity ("öffentliche …", "… öffentlich")."""
    # Quirk: types carry a sort prefix ("02_Unterrichtungsvorlage") or the publicity the status field
    # already gives ("öffentliche Beschlussvorlage" in Landkreis Osnabrück's vo020_r.asp, "Antrag
    # öffentlich" in Hamburg's vo020.asp; corpus: allris/vo020_r_landkreis_osnabrueck_excerpt.html).
    if not text:
        return None
    name = re.sub(r"^\d+\s*_\s*", "", text.strip())
    name = " ".join(_PUBLICITY.sub(" ", name).split()).strip(" -,/")
    return name or text.strip() or None

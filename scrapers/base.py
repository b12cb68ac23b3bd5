"""Shared base for RIS scrapers: records, errors and pure HTML helpers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qs, urljoin, urlsplit

import warnings

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning

# ALLRIS serves XHTML with an XML declaration; it is HTML for our purposes.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)


class ParseError(Exception):
    """A page could not be parsed; the message names the source."""

    def __init__(self, url: str, problem: str):
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class LayoutChanged(ParseError):
    """A page no longer matches the layout its parser expects."""

    def __init__(self, url: str, missing: str, layout: str):
        self.missing = missing
        self.layout = layout
        super().__init__(url, f"page no longer matches the {layout} layout: {missing} not found")


@dataclass
class FileRef:
    """An attachment linked from a page."""

    url: str
    name: str
    role: str = "attachment"  # paper | attachment | invitation | protocol
    id: str | None = None  # the source system's id where it has one (OParl), else the URL
    text: str | None = None  # text the source already provides (OParl File.text)
    mime_type: str | None = None


@dataclass
class ConsultationRecord:
    """One row of a Beratungsfolge: a body taking up a paper."""

    organization: str
    role: str | None = None
    date: str | None = None
    result: str | None = None
    meeting_url: str | None = None
    meeting_name: str | None = None
    agenda_item_url: str | None = None
    status: str | None = None
    organization_url: str | None = None
    authoritative: bool | None = None
    id: str | None = None
    paper_url: str | None = None


@dataclass
class PaperRecord:
    """A proposal (Vorlage/Drucksache) as printed on its detail page."""

    url: str
    reference: str | None
    title: str
    paper_type: str | None = None
    status: str | None = None
    date: str | None = None
    author: str | None = None
    lead_office: str | None = None
    consultations: list[ConsultationRecord] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    text: str = ""
    web: str | None = None
    deleted: bool = False
    modified: str | None = None
    lead_office_urls: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AgendaItemRecord:
    """One agenda item (TOP) of a meeting."""

    url: str
    number: str
    position: int
    name: str
    public: bool = True
    result: str | None = None
    resolution_text: str | None = None
    paper_url: str | None = None
    paper_reference: str | None = None
    consultation_url: str | None = None
    deleted: bool = False


@dataclass
class MeetingRecord:
    """A meeting of a council body with its agenda."""

    url: str
    name: str
    start: str | None = None
    organization: str | None = None
    organization_url: str | None = None
    location: str | None = None
    cancelled: bool = False
    agenda_items: list[AgendaItemRecord] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    deleted: bool = False
    modified: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class OrganizationRecord:
    """A body, committee, faction or office."""

    url: str
    name: str
    short_name: str | None = None
    kind: str | None = None
    deleted: bool = False


@dataclass
class MeetingLink:
    """A meeting found in a calendar, before its page is fetched."""

    url: str
    name: str
    date: str | None = None
    start: str | None = None
    has_agenda: bool = True


@dataclass
class PaperLink:
    """A paper found in a list, before its page is fetched."""

    url: str
    reference: str | None = None
    title: str | None = None
    date: str | None = None
    paper_type: str | None = None


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


def make_soup(content: bytes) -> BeautifulSoup:
    """Parse page bytes with lxml after decoding them ourselves."""
    return BeautifulSoup(decode_html(content), "lxml")


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
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2007\u202f]+")


def block_text(element: Tag | None) -> str:
    """Text of an element: inline runs joined without spaces, blocks on their own lines."""
    # Quirk: Word/Aspose-generated Sachverhalt HTML splits words across spans ("Mobilitä</span>
    # <span>tsausschuss"), e.g. http://sitzungsdienst-altona.hamburg.de/bi/vo020.asp?VOLFDNR=1018473,
    # so inline elements must be joined without a separator.
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child).__name__ in {"Comment", "Declaration", "ProcessingInstruction", "Doctype", "CData"}:
                    continue
                parts.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name in _SKIP:
                    continue
                if name in _BLOCK:
                    parts.append("\n")
                    walk(child)
                    parts.append("\n")
                elif name in _CELL:
                    parts.append(" ")
                    walk(child)
                    parts.append(" ")
                else:
                    walk(child)

    walk(element)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def line_text(element: Tag | None) -> str:
    """Text of an element on one line."""
    return " ".join(block_text(element).split("\n")).strip()


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
    return (
        datetime.fromisoformat(day).replace(hour=int(m.group(1)), minute=int(m.group(2))).isoformat(timespec="minutes")
    )


def query_param(url: str, name: str) -> str | None:
    """A query parameter of a URL, matched case-insensitively."""
    for key, values in parse_qs(urlsplit(url).query).items():
        if key.lower() == name.lower() and values:
            return values[0]
    return None


def canonical(url: str | None, key: str) -> str | None:
    """A page URL reduced to its one identifying parameter, so links to the same page compare equal."""
    value = query_param(url, key) if url else None
    if not value:
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


def absolute(base_url: str, href: str | None) -> str | None:
    """Resolve a link against the page URL."""
    if not href:
        return None
    return urljoin(base_url, href.strip())


def clean_label(text: str) -> str:
    """A label cell without its trailing colon."""
    return text.strip().rstrip(":").strip()

"""A reader for any council page that no vendor parser claims (RIS München, PARLIS, PROVOX, Hannover SIM, TYPO3
council extensions, city CMS pages): what kind of page it is, its title, paper type, own number and Beratungsfolge.

Everything is read from what the page labels or heads: a field's label names its value ("Betreff", "Vorlageart",
"Drucksachen-Nr."), a heading that prints a number names the page's own ("Vorgang T 02/325/26", "Drucksache
Nr. 0728/2026: Umstrukturierungen …"), and the Beratungsfolge comes from scrapers.beratungsfolge. A site's
name (its h1 or <title>: "Sitzungsmanagement", "Bürger- und Ratsinformationssystem") is never a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from pipeline.model import ConsultationRecord
from scrapers import beratungsfolge, embedded
from scrapers.base import block_text, german_date, line_text, make_soup, noted, without_count, wraps_content
from scrapers.labels import (SITE_NAME, WEAK_REFERENCE_LABELS, body_of, field_of, label_key, number_value, short_text,
                             paper_type_of, type_heading)

PAPER, MEETING, AGENDA_ITEM, CALENDAR, PAPER_LIST, DOCUMENT = ("paper", "meeting", "agenda_item", "calendar",
                                                              "paper_list", "document")
_ABOUT_ONE = (PAPER, AGENDA_ITEM, DOCUMENT)  # kinds that have a title, type, number and Beratungsfolge of their own


@dataclass
class GenericPage:
    """What a page no vendor parser claims says about itself."""

    url: str
    kind: str = DOCUMENT  # paper | meeting | agenda_item | calendar | paper_list | document
    title: str | None = None
    paper_type: str | None = None
    reference: str | None = None
    date: str | None = None
    consultations: list[ConsultationRecord] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # the page's labelled fields, first of each label
    text: str = ""  # the texts of data the page embeds (a JSON island) when its HTML prints none
    notes: ClassVar[tuple[str, ...]] = ()


# A modal dialog is hidden until opened: KOMFA-RIS pages carry an empty one headed "Modal Body" (Delitzsch).
_HIDDEN = re.compile(r"\b(?:hideme|sr-only|visually-?hidden|screen-?reader\S*|d-none|hidden|invisible|offscreen|"
                     r"modal)\b", re.I)
_CHROME = ("nav", "header", "footer", "aside", "form", "button", "select")
_TITLE_SPLIT = re.compile(r"\s+[-|–—:]\s+|\s*\|\s*")
# Headings that name a part of the page, not its object.
_GENERIC_HEADING = re.compile(r"^(?:Beratungsfolge|Beratungsverlauf|Inhalt|Informationen|Details|Dokumente|Anlagen|"
                              r"Dateien|Navigation|Menü|Suche|Beschlusstext|Sachverhalt|Begründung|Ergebnisse?|"
                              r"Kontakt|Seiteninhalt|Übersicht|Zurück|Drucken|Inhalt der \w+|Verwandte \w+|"
                              r"Öffentliche Tagesordnung|Nichtöffentliche Tagesordnung|Tagesordnung)\W*$", re.I)
_AGENDA = re.compile(r"\b(?:Tagesordnung|Einladung zur|Sitzungsdetails)\b", re.I)
_CALENDAR_TITLE = re.compile(r"kalender|sitzungstermine|sitzungsplan|terminübersicht|sitzungsübersicht|"
                             r"terminplan|jahresplanung|^(?:Sitzungen|Termine)$", re.I)
_PAPER_LIST_TITLE = re.compile(r"\b(?:vorlagen|drucksachen|anträge|anfragen|vorlagenliste|vorlagenübersicht)\b", re.I)
_MEETING_ROW = re.compile(r"sitzung|tagung|versammlung|\w*(?:rat|ausschuss|beirat|kreistag|vertretung|senat|gremium)\b",
                          re.I)
_MINUTES_ROW = re.compile(r"^\W*(?:\d+\W+)*(?:\d{1,2}\.\d{1,2}\.\d{2,4}\W+)?"
                          r"(?:Niederschrift|Protokoll|Ergebnisprotokoll)", re.I)
_PAPER_ROW = re.compile(r"(?<![\d.])(?:\d{1,5}|[A-Z]{1,6})\s?[/-]\s?(?:[A-Z]{1,3}\s?)?\d{2,5}\b")
_DAY = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\s*(?:-\s*\d{1,2}:\d{2}\s*)?Uhr\b")
# Words before the number in a heading that prints it: "Vorgang T 02/325/26", "Vorlagendetails 114/2026",
# "Drucksache Nr. 0728/2026: Umstrukturierungen …", "DS 0728/2026", "Beschlussvorlage 2026/0123".
_NUMBER_WORD = re.compile(r"(?:Vorlagen|Drucksachen|Vorgangs|Antrags|Sitzungs)?details|Vorgang|DS|Drs\.|Nr\.?|Nummer|"
                          r"Vorlage|Drucksache|Sitzungsvorlage|Antrag|Anfrage", re.I)
_LABEL_LINE = re.compile(r"^(?P<label>[A-ZÄÖÜ][\wäöüß.\- /]{0,35}?)\s*:\s*(?P<value>.*)$")


def parse_page(content: bytes, url: str) -> GenericPage:
    """Read a page no vendor parser claims; never fails on an unknown layout (a page may simply say little)."""
    soup = make_soup(content)
    page = GenericPage(url=url)
    page_title = _page_title(soup)
    headings = _headings(soup, page_title)
    pairs = _fields(soup)
    page.fields = {}
    for label, value in pairs:
        page.fields.setdefault(label, value)
    (page.reference, heading_number), page.paper_type, numbered = _number_and_type(pairs, headings, page_title)
    data = embedded.read(soup)
    rows = _row_counts(soup)
    headed = bool(beratungsfolge.consultations(soup, headed_only=True))
    page.kind = _kind(page, pairs, headings, page_title, rows, data, headed)
    page.title = _title(page, pairs, headings, page_title, numbered, data)
    if page.kind == AGENDA_ITEM and (page.title is None or _BARE_ITEM.match(page.title)):
        # "TOP 6. - Entscheidung" (RIS München) names no subject: the item's text and its paper's number stand in
        # blocks of their own below it.
        subject, number = _item_blocks(soup)
        page.title = subject or page.title
        page.reference = page.reference or number
    if page.kind in _ABOUT_ONE:
        page.consultations = beratungsfolge.consultations(soup)
        if page.kind == AGENDA_ITEM and not page.consultations:
            # An agenda item's meeting, as its fields name it; a paper's "Datum" is the paper's own day.
            page.consultations = _field_consultation(pairs, _meeting_day(soup))
        if page.kind == PAPER and page.paper_type is None:
            page.paper_type = _standalone_type(soup)
    else:
        page.paper_type = None
    if page.kind == MEETING:
        page.reference = heading_number  # a "Vorlage" field on a meeting's page is one of its items' papers
    if data is not None:
        page.reference = page.reference or data.reference
        page.date = data.date
        page.text = data.text
    if page.kind not in _ABOUT_ONE + (MEETING,):
        page.reference = None
    return noted(page, soup, url)


# ---------------------------------------------------------------- what the page heads and labels


def _page_title(soup: BeautifulSoup) -> list[str]:
    """The parts of the <title> ('SIM - DS 0728/2026' -> ['SIM', 'DS 0728/2026'])."""
    title = soup.find("title")
    text = " ".join(title.get_text(" ").split()) if title is not None else ""
    return [part for part in _TITLE_SPLIT.split(text) if part]


def _own_title(page_title: list[str]) -> str | None:
    """The <title> without the site's name ('SessionNet | Sitzung des Marktgemeinderates - 13.08.2026')."""
    parts = [p for p in page_title if not is_site_name(p, page_title)]
    return " - ".join(parts) or None


# A meeting's name: a body or a session and its day ("Bildungsausschuss 01.09.2026", "Sitzung des
# Marktgemeinderates - 13.08.2026 - 19:30-22:03 Uhr", "Montag, 14. September 2026, 18:30 Uhr - BA 06 - Vollgremium").
_WRITTEN_DAY = re.compile(r"\b\d{1,2}\.\s*(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
                          r"November|Dezember)\s+\d{4}\b")
_SESSION_WORD = re.compile(r"sitzung|\w*(?:ausschuss|rat|beirat|kreistag|vertretung|versammlung|senat|gremium|"
                           r"konferenz)\b", re.I)


def _meeting_name(headings: list[tuple[int, str]], page_title: list[str]) -> str | None:
    for text in [t for _, t in headings[:3]] + [_own_title(page_title) or ""]:
        if ((_DAY.search(text) or _WRITTEN_DAY.search(text)) and _SESSION_WORD.search(text) and len(text) <= 200
                and not _CALENDAR_TITLE.search(text) and not _split_number_heading(text)):
            return _KIND_PREFIX.sub("", text, count=1)
    return None


def _hidden(tag: Tag) -> bool:
    """Hidden, or in a footer, an aside or a form (a site's name in its banner is told by its words)."""
    for node in [tag] + list(tag.parents)[:6]:
        if not isinstance(node, Tag) or node.attrs is None:
            continue
        if _hidden_itself(node):
            return True
        if node.name in ("nav", "footer", "aside") or node.get("role") == "contentinfo" \
                or node.name == "form" and not wraps_content(node):
            return True
    return False


def _chrome(node: Tag) -> bool:
    """Navigation, banner, footer or a form; a <header> inside main content is the content's own heading."""
    if node.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    if node.name == "header":
        return node.find_parent(["main", "article", "section"]) is None
    if node.name == "form":
        return not wraps_content(node)
    return node.name in _CHROME


def _headings(soup: BeautifulSoup, page_title: list[str]) -> list[tuple[int, str]]:
    """The visible headings (h1-h3 and role=heading) in page order, with their level; site names left out."""
    out = []
    for tag in soup.find_all(_is_heading):
        text = without_count(tag, " ".join(line_text(tag).split()))
        if not text or len(text) > 400 or _hidden(tag) or is_site_name(text, page_title):
            continue
        level = int(tag.name[1]) if tag.name in ("h1", "h2", "h3") else _aria_level(tag)
        out.append((level, text))
    return out


def _is_heading(tag: Tag) -> bool:
    return tag.name in ("h1", "h2", "h3") or (tag.get("role") == "heading" and _aria_level(tag) <= 3)


def _aria_level(tag: Tag) -> int:
    level = str(tag.get("aria-level") or "2")
    return int(level) if level.isdigit() else 2


def is_site_name(text: str, page_title: list[str]) -> bool:
    """Whether a heading is the site's name ('Sitzungsmanagement', 'Bürger- und Ratsinformationssystem')."""
    if SITE_NAME.search(text) and len(text) < 80 and not _DAY.search(text):
        return True
    return len(page_title) > 1 and text in page_title[:1] + page_title[-1:] and SITE_NAME.search(text) is not None


def _fields(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Label and value pairs in page order: table rows (one or more label cells, each before its value), dt/dd,
    label elements and key/value boxes, then the page's 'Label: value' lines (labels the vocabulary knows)."""
    out: list[tuple[str, str]] = []
    for tag in soup.find_all(["table", "tr", "dt", "label", "div", "span", "td", "th", "b", "strong", "p"]):
        pairs = _pairs(tag)
        if pairs and not _in_chrome(tag):
            out.extend(pairs)
    body = soup.body or soup
    lines = [line for line in block_text(body).split("\n") if line.strip()]
    for index, line in enumerate(lines[:2000]):
        m = _LABEL_LINE.match(line)
        if m is None or field_of(m.group("label")) is None:
            continue
        value = m.group("value").strip()
        if not value and index + 1 < len(lines) and not _LABEL_LINE.match(lines[index + 1]):
            value = lines[index + 1].strip()
        if value:
            out.append((m.group("label"), value))
    return out + _headed_subjects(soup)


def _headed_subjects(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """A subject under a heading that is its label: an h2 'Betreff' over a box with the text (RIS München's
    Sitzungsvorlage, https://risi.muenchen.de/risi/sitzungsvorlage/detail/…)."""
    out = []
    for heading in soup.find_all(["h2", "h3", "h4", "h5", "h6"], limit=200):
        label = _clean(short_text(heading, 60))
        if field_of(label) != "title" or _in_chrome(heading):
            continue
        node: Tag | None = heading
        for _ in range(4):  # the heading may sit in a header box whose next sibling holds the text
            if node is None:
                break
            following = next((s for s in node.find_next_siblings() if _visible_text(s)), None)
            if following is not None:
                value = _visible_text(following)
                if len(value) <= MAX_VALUE:
                    out.append((label, value))
                break
            node = node.parent if isinstance(node.parent, Tag) and node.parent.name not in ("body", "main") else None
    return out


def _visible_text(tag: Tag) -> str:
    """The text a reader sees in an element: not its buttons, scripts or hidden parts."""
    kept = []
    for string in tag.find_all(string=True):
        if isinstance(string, Comment) or not string.strip():
            continue
        inside = []
        for parent in string.parents:
            inside.append(parent)
            if parent is tag:
                break
        if not any(p.name in ("button", "script", "style", "template") or _hidden_itself(p) for p in inside):
            kept.append(str(string))
    return " ".join(" ".join(kept).split())


def _hidden_itself(tag: Tag) -> bool:
    """Hidden by its own class, attribute or style (not by its ancestors)."""
    return bool(_HIDDEN.search(" ".join(tag.get("class") or []))) or tag.get("hidden") is not None \
        or bool(re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", str(tag.get("style") or "")))


# Class names of a label cell or box: "keyvalue-key", "smc-cell-head vobetr_title", "field-label".
_LABEL_CLASS = re.compile(r"(?:^|[-_ ])(?:key|label|head|title|name|term|caption|fieldname)(?:$|[-_ ])", re.I)


def _pairs(tag: Tag) -> list[tuple[str, str]]:
    if tag.name == "tr":
        return _row_pairs(tag)
    if tag.name == "table":
        return _record_pairs(tag)
    if tag.name == "dt":
        value_tag = tag.find_next_sibling()
        return _labelled(tag, value_tag) if value_tag is not None and value_tag.name == "dd" else []
    if tag.name == "label" or (tag.name in ("div", "span", "td", "th", "b", "strong", "p")
                               and _LABEL_CLASS.search(" ".join(tag.get("class") or []))):
        value_tag = tag.find_next_sibling()
        if value_tag is None or value_tag.name in ("input", "select", "textarea", "button", "option"):
            return []
        return _labelled(tag, value_tag)
    return []


def _record_pairs(table: Tag) -> list[tuple[str, str]]:
    """A table of one record with its labels as column heads: 'DATUM | ORT | GREMIUM' over '24.09.2026 | … |
    Stadtrat' (KOMFA-RIS meeting page, Delitzsch)."""
    rows = [r for r in table.find_all("tr") if r.find_parent("table") is table]
    if len(rows) != 2:
        return []
    heads = rows[0].find_all("th", recursive=False)
    cells = rows[1].find_all("td", recursive=False)
    if len(heads) < 2 or len(heads) != len(cells) or not any(field_of(line_text(h)) for h in heads):
        return []
    return [(_clean(line_text(h)), line_text(c)) for h, c in zip(heads, cells, strict=True) if line_text(c)]


def _row_pairs(row: Tag) -> list[tuple[str, str]]:
    """'Betreff: | …' and 'Status | öffentlich | Drucksache-Art: | Beschlussempfehlung': each label cell (a th, a
    cell ending with a colon or a label the vocabulary knows) with the cells up to the next label cell."""
    cells = row.find_all(["td", "th"], recursive=False)
    if len(cells) < 2 or all(c.name == "th" for c in cells) or len(cells) > 12:
        return []
    texts = [line_text(c) for c in cells]
    out = []
    index = 0
    while index < len(cells) - 1:
        label = texts[index]
        is_label = _short_label(label) and (cells[index].name == "th" or label.endswith(":") or field_of(label))
        if not is_label:
            if index == 0:
                return []
            index += 1
            continue
        end = index + 1
        while end < len(cells) and not (texts[end].endswith(":") and _short_label(texts[end])):
            end += 1
        value = "\n".join(block_text(c) for c in cells[index + 1:end]).strip()
        if value:
            out.append((_clean(label), value))
        index = end
    return out


MAX_VALUE = 3000  # characters of a labelled value read as its lines; a longer one is read flat and cut


def _labelled(label_tag: Tag, value_tag: Tag) -> list[tuple[str, str]]:
    label = short_text(label_tag, 60)
    if not _short_label(label):
        return []
    flat = short_text(value_tag, MAX_VALUE)
    value = block_text(value_tag).strip() if len(flat) < MAX_VALUE else flat
    return [(_clean(label), value)] if value else []


def _in_chrome(tag: Tag) -> bool:
    return any(_chrome(parent) for parent in tag.parents if isinstance(parent, Tag) and parent.attrs is not None)


def _short_label(text: str) -> bool:
    return 0 < len(text) <= 50 and not _DAY.search(text)


def _clean(label: str) -> str:
    return " ".join(label.split()).rstrip(":").strip()


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _number_and_type(pairs: list[tuple[str, str]], headings: list[tuple[int, str]],
                     page_title: list[str]) -> tuple[tuple[str | None, str | None], str | None, int | None]:
    """The page's own number (from its fields or headings, and from its headings alone) and type from its fields
    and headings, and which heading printed the number."""
    labelled = weak = None
    paper_type = _type_of_fields(pairs)
    for label, value in pairs:
        kind = field_of(label)
        label_type = paper_type_of(label) if kind is None else None
        number = number_value(value)
        if number is None:
            continue
        if label_type is not None and _REFERENCE_LIKE.search(number):
            # "Vorlage zur Kenntnis: T 02/325/26" (SD.NET RIM): the label is the type; "BA-Unterrichtung: 09 -
            # Neuhausen-Nymphenburg" (RIS München) names a district, not a number of the paper
            paper_type = paper_type or label_type
            labelled = labelled or number
        elif kind == "reference":
            if label_key(label) in WEAK_REFERENCE_LABELS:
                weak = weak or number
            else:
                labelled = labelled or number
    numbered, headed = None, None
    for index, (_, text) in enumerate(headings):
        headed = _heading_number(text)
        if headed is not None:
            numbered = index
            break
    if headed is None:  # "SIM - DS 0728/2026", "Vorlage - 2024/0123 - Ratsinformationssystem"
        headed = next((n for n in (_heading_number(p) for p in [_own_title(page_title) or ""] + page_title) if n), None)
    return (labelled or headed or weak, headed), paper_type, numbered


def _type_of_fields(pairs: list[tuple[str, str]]) -> str | None:
    for label, value in pairs:
        if field_of(label) in ("paper_type", "reference"):
            found = paper_type_of(_one_line(value))
            if found:
                return found
    return None


def _heading_number(text: str) -> str | None:
    """The number a heading or title part prints after a label word ('Vorgang T 02/325/26' -> 'T 02/325/26')."""
    split = _split_number_heading(text)
    return split[0] if split else None


def _numbered_title(text: str) -> str | None:
    """The subject after the number ('Drucksache Nr. 0728/2026: Umstrukturierungen …' -> 'Umstrukturierungen …')."""
    split = _split_number_heading(text)
    return split[1] if split else None


_SEPARATORS = ("-", "–", "—", ":", "|")
_SUBJECT_SPLIT = re.compile(r"\s*:\s+|\s+[-–—|]\s+")


def _split_number_heading(text: str) -> tuple[str, str | None] | None:
    """A heading that prints a number after label words ('Drucksache - 22-2362', 'Vorgang T 02/325/26') or opens
    with it ('VO/2026/181 - öffentliche Beschlussvorlage'), and the subject after it, if any."""
    # A status in brackets after the number is no subject: "Sitzungsvorlage 26-32 / V 01121 (Endgültiger Beschluss)"
    # (RIS München, https://risi.muenchen.de/risi/sitzungsvorlage/detail/…).
    words = _STATUS_AFTER.sub("", " ".join(text.split())).split(" ")
    for count in range(0, min(4, len(words))):
        label = words[:count]
        if not all(_NUMBER_WORD.fullmatch(w) or paper_type_of(w) for w in label):
            break
        rest = words[count:]
        if count and rest and rest[0] in _SEPARATORS:
            rest = rest[1:]
        if not rest or _NUMBER_WORD.fullmatch(rest[0]):
            continue
        parts = _SUBJECT_SPLIT.split(" ".join(rest), maxsplit=1)
        number = number_value(parts[0])
        if number and number == " ".join(parts[0].split()).rstrip(".") and _REFERENCE_LIKE.search(number):
            subject = parts[1].strip() if len(parts) > 1 else None
            if subject and paper_type_of(subject) and len(subject.split()) <= 3:
                subject = None  # "VO/2026/181 - öffentliche Beschlussvorlage": the type, not a subject
            return number, subject
    return None


_STATUS_AFTER = re.compile(r"\s*\([^()]{1,60}\)$")
_REFERENCE_LIKE = re.compile(r"\d[/-]|[/-]\s?\S*\d|^\d{3,}$")
# "Auszug - Annahme von Zuwendungen …", "Tagesordnung - Öffentliche Sitzung …": the page's kind, then its object.
_KIND_PREFIX = re.compile(r"^(?:Auszug|Vorlage|Drucksache|Tagesordnung|Einladung|Niederschrift|Beschluss|Vorgang|"
                          r"Sitzung|Details?)\s+[-–—:|]\s+(?=\S)", re.I)


# ---------------------------------------------------------------- what kind of page


def _row_counts(soup: BeautifulSoup) -> dict[str, int]:
    """How many table rows or list items read as a meeting, a paper or minutes (lists of them)."""
    counts = {"meeting": 0, "paper": 0, "minutes": 0}
    for row in soup.find_all(["tr", "li"])[:3000]:
        if _in_chrome(row) or row.find(["tr", "li"]) is not None:
            continue
        text = line_text(row)
        if len(text) > 600 or not text:
            continue
        if _MINUTES_ROW.match(text) and _DAY.search(text):
            counts["minutes"] += 1
        elif (_DAY.search(text) or _TIME.search(text)) and _MEETING_ROW.search(_DAY.sub(" ", text)) \
                and not _PAPER_ROW.search(text):
            counts["meeting"] += 1
        elif _PAPER_ROW.search(_DAY.sub(" ", text)) and len(re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", text)) >= 3:
            counts["paper"] += 1
    return counts


def _kind(page: GenericPage, pairs: list[tuple[str, str]], headings: list[tuple[int, str]], page_title: list[str],
          rows: dict[str, int], data, headed: bool) -> str:
    keys = {field_of(label) for label, _ in pairs}
    titled = "title" in keys
    # "TOP 6. - Entscheidung" (RIS München's page of an item's decision) numbers the item in its heading.
    numbered_item = "agenda_number" in keys or any(_TOP_HEADING.match(t) for _, t in headings[:2])
    if numbered_item and ("body" in keys or "date" in keys):
        return AGENDA_ITEM
    if page.reference and (page.paper_type or titled or any(_numbered_title(t) for _, t in headings)
                           or _follows_number(headings)):
        return PAPER
    document_type = next((_one_line(v) for label, v in pairs if label_key(label) in ("dokumentart", "dokumenttyp")),
                         "")
    if re.match(r"(?:Tagesordnung|Einladung)\b", document_type):
        return MEETING
    if re.match(r"(?:Niederschrift|Protokoll)\b", document_type):
        return DOCUMENT
    if "meeting" in keys and ("body" in keys or "date" in keys) and not page.reference:
        return MEETING  # "Sitzungsname: … / Gremium: … / Geplanter Sitzungstermin: …" (Domino "RIS Web", Reutlingen)
    if data is not None and data.kind:
        return data.kind
    names = [t for _, t in headings[:4]] + page_title
    if any(_AGENDA.search(t) for t in names) and not any(_CALENDAR_TITLE.search(t) for t in names):
        return MEETING
    if not titled and _meeting_name(headings, page_title):
        return MEETING
    if any(_CALENDAR_TITLE.search(t) for t in names):
        return CALENDAR
    if titled or page.paper_type or headed:
        return DOCUMENT  # a page with a subject, a type or a Beratungsfolge is about one thing, not a list
    listed = max(rows.values())
    if listed >= 2 and rows["minutes"] == listed:
        return DOCUMENT
    if listed >= 2 and rows["meeting"] == listed:
        return CALENDAR
    if rows["paper"] >= 2 and (rows["paper"] == listed or any(_PAPER_LIST_TITLE.search(t) for t in names)):
        return PAPER_LIST
    return DOCUMENT


_TOP_HEADING = re.compile(r"^TOP\s*[ÖN]?\s*\d")
_BARE_ITEM = re.compile(r"^TOP\s*[ÖN]?\s*[\d.]+\s*(?:[-–:]\s*\w+|\(\w+\))?$")


def _item_blocks(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    """An agenda item page's subject (the first block of six words or more that is no field, heading or date) and
    the number of the paper it decides (a block 'Sitzungsvorlage 26-32 / V 01121')."""
    subject = number = None
    for tag in soup.find_all(["p", "div", "span", "td"], limit=3000):
        if tag.find(["p", "div", "table", "ul", "h1", "h2", "h3"]) is not None or _in_chrome(tag) or _hidden(tag):
            continue
        text = _visible_text(tag)
        if not text or len(text) > MAX_VALUE or _LABEL_LINE.match(text) or _TOP_HEADING.match(text):
            continue
        if number is None and len(text) <= 60 and (split := _split_number_heading(text)) and split[1] is None \
                and not _DAY.search(text):
            number = split[0]
        elif subject is None and len(re.findall(r"[A-Za-zÄÖÜäöüß]+", text)) >= 6 and not _DAY.search(text) \
                and not _WRITTEN_DAY.search(text):
            subject = text
        if subject and number:
            break
    return subject, number


def _follows_number(headings: list[tuple[int, str]]) -> bool:
    """A heading that prints the number, then one that reads as a subject (PROVOX: 'Vorlagendetails 114/2026')."""
    numbered = next((i for i, (_, t) in enumerate(headings) if _heading_number(t)), None)
    return numbered is not None and _next_subject(headings, numbered) is not None


def _next_subject(headings: list[tuple[int, str]], index: int) -> str | None:
    for _, text in headings[index + 1:index + 3]:
        if _subject_like(text):
            return text
    return None


def _subject_like(text: str) -> bool:
    return (len(re.findall(r"[A-Za-zÄÖÜäöüß]", text)) >= 8 and not _GENERIC_HEADING.match(text)
            and not text.rstrip().endswith(":") and type_heading(text) is None)


# ---------------------------------------------------------------- the title


def _title(page: GenericPage, pairs: list[tuple[str, str]], headings: list[tuple[int, str]], page_title: list[str],
           numbered: int | None, data) -> str | None:
    if page.kind in _ABOUT_ONE:
        labelled = next((_one_line(v) for label, v in pairs if field_of(label) == "title" and _subject_like(v)), None)
        if labelled:
            return labelled
        if numbered is not None:
            return _numbered_title(headings[numbered][1]) or _next_subject(headings, numbered)
    if data is not None and data.title:
        return data.title
    if page.kind == MEETING:
        named = _meeting_name(headings, page_title) or next(
            (_one_line(v) for label, v in pairs if field_of(label) in ("title", "meeting") and _subject_like(v)), None)
        if named:
            return named
        fields = {field_of(label): _one_line(v) for label, v in reversed(pairs)}
        if fields.get("body") and len(fields["body"]) <= 120 and german_date(fields.get("date")):
            return fields["body"]  # the meeting's body where its fields name it and its day (KOMFA-RIS)
    for level in (1, 2, 3):
        found = next((t for lv, t in headings if lv == level and _subject_like(t) and not _LABEL_LINE.match(t)), None)
        if found:
            return _KIND_PREFIX.sub("", found, count=1)
    own = _own_title(page_title)
    return own if own and _heading_number(own) is None else None


def _field_consultation(pairs: list[tuple[str, str]], meeting_day: str | None = None) -> list[ConsultationRecord]:
    """An agenda item's meeting as its fields name it: 'Gremium: …', 'Datum: Mo, 03.03.2025', 'Beschlussart: …';
    without a date field, the meeting's day the page prints ('Mittwoch, 30. September 2026, 09:00 Uhr')."""
    first: dict[str, str] = {}
    for label, value in pairs:
        first.setdefault(field_of(label) or "", _one_line(value))
    body, day = first.get("body"), german_date(first.get("date")) or (None if first.get("date") else meeting_day)
    if not body or not day or len(body) > 120:
        return []
    result = first.get("result")
    return [ConsultationRecord(organization=body_of(body) or body, date=day,
                               result=None if not result or result.strip("() ").lower() == "offen" else result)]


_MONTH_NUMBER = {name: number for number, name in enumerate(
    ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember"), start=1)}
_WEEKDAY_DAY = re.compile(r"\b(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+(?:(\d{1,2})\.\s*("
                          + "|".join(_MONTH_NUMBER) + r")\s+(\d{4})|(\d{1,2}\.\d{1,2}\.\d{4}))", re.I)


def _meeting_day(soup: BeautifulSoup) -> str | None:
    """The first day a page prints after a weekday ('Mittwoch, 30. September 2026'): its meeting's day."""
    m = _WEEKDAY_DAY.search(block_text(soup.body or soup)[:20_000])
    if m is None:
        return None
    if m.group(4):
        return german_date(m.group(4))
    return german_date(f"{int(m.group(1))}.{_MONTH_NUMBER[m.group(2).lower()]}.{m.group(3)}")


def _standalone_type(soup: BeautifulSoup) -> str | None:
    """A paper type printed as a block of its own outside links and menus ('Beschlussdrucksache')."""
    tried = 0
    for string in soup.find_all(string=True):
        if not isinstance(string, NavigableString) or len(string) > 60 or not string.strip():
            continue
        found = type_heading(str(string))
        if found is None or string.parent is None or string.parent.name in ("a", "option", "title", "script"):
            continue
        tried += 1
        if tried > 50:
            break
        if not _in_chrome(string.parent) and len(short_text(string.parent, 80)) <= 60:
            return found
    return None


# ---------------------------------------------------------------- a list of the council's bodies

# A link that names a body: "Ausschuss für Haushalt Finanzen Rechnungsprüfung Feuerwehr und öffentliche Ordnung"
# (Hannover's list of committees), "Arbeitsgruppe Ortsbesichtigung" (SessionNet gr0040), "Kommission Sanierung
# Limmer"; not a paper's title ("Beirat für Menschen mit Behinderung: Neubesetzung").
_BODY_LINK = re.compile(r"^(?:(?:Gemeinsame|Beschließende|Beratende|Technische|Internationale|Städtische)[rn]?\s)?"
                        r"(?:Ausschuss|Unterausschuss|Betriebsausschuss|Beirat|Kommission|Arbeitsgruppe|Arbeitskreis|"
                        r"Rat|Ratsversammlung|Kreistag|Bürgerschaft|Stadtverordnetenversammlung|Magistrat|Senat|"
                        r"[A-ZÄÖÜ][a-zäöüß]*(?:ausschuss|rat|beirat|kommission|versammlung|vertretung|konferenz))"
                        r"(?:,?\s[\wäöüßÄÖÜ()./-]+(?:-\s)?){0,14}$")
LISTED_BODIES_MIN = 3
MAX_LISTED_BODIES = 300
_NOT_A_BODY_LINK = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}|:|\b(?:Sitzung|Tagesordnung|Niederschrift|Protokoll|"
                              r"Mitglieder|Vorlage|Antrag|Anfrage)\b")


def listed_bodies(content: bytes) -> list[str]:
    """The bodies a page lists as links in table cells or list items (a list of a council's committees); none where
    fewer than three are listed."""
    soup = make_soup(content)
    # A city site's menu lists its council's bodies too (Taunusstein's mega-menu): where the page marks its main
    # content, only links there count.
    root = soup.find("main") or soup.find(role="main") or soup.find(id="rismain") or soup
    names: list[str] = []
    for link in root.find_all("a"):
        if link.find_parent(["td", "li"]) is None or _hidden(link):
            continue
        name = " ".join(link.get_text(" ").split())
        if _BODY_LINK.match(name) and not _NOT_A_BODY_LINK.search(name) and name not in names:
            names.append(name)
            if len(names) == MAX_LISTED_BODIES:  # a council has dozens; a hostile page may link thousands
                break
    # One or two such links are a menu's ("Bezirksversammlung" in ALLRIS's navigation table), not a list of bodies.
    return names if len(names) >= LISTED_BODIES_MIN else []

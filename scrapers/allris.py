"""ALLRIS net (classic `.asp` pages): URL builders and pure page parsers."""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup, Tag

from scrapers.base import (AGENDA_NUMBER, absolute, attribute, block_text, canonical, clean_label, cut_note,
                           file_role, german_date, german_datetime, german_end, href, is_cancelled, line_text,
                           make_soup, noted, paper_type_name, query_param, required_attribute)
from pipeline.model import (AgendaItemRecord, ConsultationRecord, FileRef, MeetingLink, MeetingRecord,
                            OrganizationRecord, PaperLink, PaperRecord)
from pipeline.errors import LayoutChanged

LAYOUT = "ALLRIS"

# ---------------------------------------------------------------- URLs


# ALLRIS classic pages end in ".asp"; ALLRIS 4 serves the same page names without it
# (e.g. vo020?VOLFDNR=1001540 of Trier, corpus: allris4/vo020_trier_allris4.1.7.html).
CLASSIC, ALLRIS4 = ".asp", ""


def paper_list_url(base: str, since: date | None = None, ext: str = CLASSIC) -> str:
    """The paper list (vo040), optionally filtered to papers filed since a date."""
    url = base + "vo040" + ext
    if since:
        # Quirk: vo040's date filter takes "07/2001-" style open ranges, documented in the
        # filter's own tooltip, e.g. https://sitzungsdienst-hamburg-nord.hamburg.de/bi/vo040.asp
        url += f"?VO040FIL4={since:%d.%m.%Y}-"
    return url


def calendar_url(base: str, year: int, month: int, ext: str = CLASSIC) -> str:
    """The meeting calendar of one month (si010_e.asp classic, si010 in ALLRIS 4)."""
    page = "si010_e.asp" if ext == CLASSIC else "si010"
    return f"{base}{page}?MM={month}&YY={year}"


def paper_url(base: str, volfdnr: str | int) -> str:
    """A paper's detail page (vo020)."""
    return f"{base}vo020.asp?VOLFDNR={volfdnr}"


def meeting_url(base: str, silfdnr: str | int) -> str:
    """A meeting's agenda page (to010)."""
    return f"{base}to010.asp?SILFDNR={silfdnr}"


def document_url(base: str, dolfdnr: str | int) -> str:
    """A document download (do027); options=64 asks for the PDF."""
    return f"{base}do027.asp?DOLFDNR={dolfdnr}&options=64"


def base_of(url: str) -> str:
    """The ALLRIS root of a page URL (everything up to the page name)."""
    return url[: url.rfind("/") + 1] if "/" in url else url


# ---------------------------------------------------------------- page kinds


def page_kind(soup: BeautifulSoup) -> str | None:
    """paper | meeting | agenda_item | paper_list | calendar: from the ALLRIS container class, else from what the
    page holds (ALLRIS 4 pages and pages embedded in a city's site have no class)."""
    container = soup.find(id="allriscontainer") or soup.find(id="allris")
    return kind_of_name(" ".join(container.get_attribute_list("class")) if container else "") or _kind_of_content(soup)


PAGE_KINDS = (("vo020", "paper"), ("to010", "meeting"), ("to020", "agenda_item"), ("vo040", "paper_list"),
              ("si010", "calendar"), ("au020", "committee"), ("gr020", "committee"), ("fr020", "committee"))


def kind_of_name(name: str) -> str | None:
    """The page kind a container class or a saved file's name names (ALLRIS 4 pages have no class)."""
    return next((kind for prefix, kind in PAGE_KINDS if prefix in name), None)


# ALLRIS 4 heads an agenda item's page with its meeting's day and its number: "11.12.2025 - 3.1.12 Entwurf der
# Haushaltssatzung …" (Taunusstein's to020, "Auszug" only in the breadcrumb).
_ITEM_HEADING = re.compile(r"^(?P<day>\d{1,2}\.\d{1,2}\.\d{4})\s+-\s+(?P<top>[ÖN]?\s?\d{1,3}(?:\.\d{1,3})*)\.?\s+"
                           r"(?P<name>\S.*)$")


def _kind_of_content(soup: BeautifulSoup) -> str | None:
    """The page kind from the page's own parts: its heading, header fields and tables."""
    heading = line_text(_heading_tag(soup))
    labels = {clean_label(line_text(td)) for td in soup.select("td.kb1")}
    if heading.startswith("Auszug") or ("TOP" in labels and soup.find("a", attrs={"name": re.compile(r"^allris")})) \
            or _ITEM_HEADING.match(heading):
        return "agenda_item"
    if soup.find(id="bfTable") is not None or soup.find(id="vobetreff") is not None or "Beratungsfolge" in labels:
        return "paper"
    if soup.find(id="sibetreff") is not None or soup.find(class_="toTable") is not None or \
            heading.startswith("Tagesordnung") or "Bezeichnung" in labels:
        return "meeting"
    if soup.find("table", class_="calenderView") is not None:
        return "calendar"
    if heading and soup.find("a", href=re.compile(r"kp020", re.I)) is not None and \
            soup.find("a", href=re.compile(r"si018", re.I)) is not None:
        return "committee"  # a body's members (kp020 links) and its meetings' overview (si018)
    return None


def version(soup: BeautifulSoup) -> str | None:
    """The ALLRIS version a page declares, e.g. '4.1.7' or '3.9.5'."""
    meta = soup.find("meta", attrs={"name": "description"})
    m = re.search(r"ALLRIS net Version ([\d.]+)", (attribute(meta, "content") or "") if meta is not None else "")
    return m.group(1) if m else None


def is_allris(soup: BeautifulSoup) -> bool:
    """Whether a page was generated by ALLRIS, on its own or embedded in a city's site."""
    meta = soup.find("meta", attrs={"name": "description"})
    if meta and "ALLRIS" in (meta.get("content") or ""):
        return True
    if soup.find(id="allriscontainer") is not None or soup.find(id="allris") is not None:
        return True
    # Quirk: a city's site can frame ALLRIS's content without any of its page markers, keeping only the
    # ids risname_raw/rismain_raw, the label cells (kb1) and the form buttons (il1_to, il1_vo), e.g.
    # https://www.stadt-hildesheim.de/allris/to020.asp (corpus: allris/to020_hildesheim_classic_in_city_cms.html).
    framed = soup.find(id=re.compile(r"^ris(?:name|main)")) is not None or soup.find(class_="allriscontent") is not None
    return framed and soup.find("td", class_="kb1") is not None


def _heading_tag(soup: BeautifulSoup) -> Tag | None:
    """ALLRIS's own page heading (never a framing site's h1)."""
    return soup.select_one("[id^=risname] h1") or soup.select_one("h1.title")


def _content(soup: BeautifulSoup) -> Tag:
    """The part of the page ALLRIS made: its main area where a city's site frames it, else the page."""
    return (soup.find(id=re.compile(r"^rismain")) or soup.find(class_="allriscontent")
            or soup.find(id="allriscontainer") or soup.find(id="allris") or soup)


# Header fields of ALLRIS 3.9 "r" pages and ALLRIS 4 are spans with stable ids (vobetreff, sigremium …);
# their labels sit in dt or div.label cells. Classic pages pair td.kb1 labels with the next cell.
def _labelled(soup: Tag) -> dict[str, Tag]:
    """Label (without its colon) -> value element, from kb1 cells, dt/dd and div.label/div.colEntry pairs."""
    fields: dict[str, Tag] = {}
    for label in soup.select("td.kb1"):
        value = label.find_next_sibling("td")
        if value is not None:
            fields.setdefault(clean_label(line_text(label)), value)
    for label in soup.select("dt, div.label"):
        value = label.find_next_sibling(["dd", "div"])
        name = clean_label(line_text(label))
        if value is not None and name:
            fields.setdefault(name, value)
    return fields


# ---------------------------------------------------------------- paper (vo020)

_HEADING = re.compile(r"^(?:Drucksache|Vorlage|Beschlussvorlage|Antrag|Anfrage|Mitteilung)\w*\s*-\s*(.+?)\s*$")
# Any type before the number: "Schriftliche Kenntnisgabe - K 2026/0725" (ALLRIS 4.1.7, Wolfsburg,
# https://ratsinfob.stadt.wolfsburg.de/vo020?VOLFDNR=…).
_TYPED_HEADING = re.compile(r"^[A-ZÄÖÜ][^\d\-–]{2,60}?\s+[-–]\s+(?![^\n]*\s[a-zäöüß])(\S{0,8}\s?\S*\d[\S ]{0,24}?)\s*$")
_LABELS = {
    "betreff": "title",
    "status": "status",
    "drucksache-art": "paper_type",
    "vorlage-art": "paper_type",
    "vorlageart": "paper_type",
    "vorlagenart": "paper_type",
    "federführend": "lead_office",
    "federführung": "lead_office",
    "verfasser": "author",
    "verfasser/-in": "author",
    "vorstand": "author",
    "bearbeiter/-in": "author",
    "bearbeiter": "author",
    "datum": "date",
    "erstellt": "date",
}
# ALLRIS 3.9 "r" pages and ALLRIS 4 carry the header fields in spans with stable ids.
_SPAN_IDS = {
    "vobetreff": "title",
    "vostatus": "status",
    "voart": "paper_type",
    "voamt": "lead_office",
    "vofamt": "lead_office",
    "voverfasser": "author",
    "vodatum": "date",
}


def parse_paper(content: bytes, url: str) -> PaperRecord:
    """Parse a paper detail page (vo020) into a PaperRecord."""
    soup = make_soup(content)
    if not is_allris(soup):
        raise LayoutChanged(url, "ALLRIS page marker", LAYOUT)
    fields = _parse_header_fields(soup)
    if not fields.get("title"):
        raise LayoutChanged(url, "'Betreff' field", LAYOUT)
    reference = _parse_reference(soup)
    files = _parse_paper_files(soup, url)
    # Classic or ALLRIS 4 is decided per page: version 4 (declared in the meta description) and
    # 3.9 "r" pages carry a bfTable; classic pages a label table. Rostock served both over the years.
    table = soup.find(id="bfTable")
    if table is not None:
        consultations = _parse_bf_table(table, url)
    elif (version(soup) or "").startswith("4"):
        consultations = []  # an ALLRIS 4 paper without consultations has no bfTable
    else:
        consultations = _parse_classic_beratungsfolge(soup, url)
    paper = PaperRecord(
        url=url,
        reference=reference,
        title=fields["title"],
        paper_type=paper_type_name(fields.get("paper_type")),
        status=fields.get("status"),
        date=german_date(fields.get("date")),
        author=fields.get("author"),
        lead_office=fields.get("lead_office"),
        consultations=consultations,
        files=files,
        text=_parse_body_text(soup),
    )
    return noted(paper, soup, url)



def _parse_reference(soup: BeautifulSoup) -> str | None:
    text = line_text(_heading_tag(soup))
    m = _HEADING.match(text) or _TYPED_HEADING.match(text)
    if m:
        return m.group(1).strip()
    # "VO/2026/181 - öffentliche Beschlussvorlage": the reference comes first.
    m = re.match(r"^(\S+)\s+-\s+\S", text)
    return m.group(1) if m and re.search(r"\d", m.group(1)) else None


def _parse_header_fields(soup: BeautifulSoup) -> dict[str, str]:
    fields: dict[str, str] = {}
    spans: dict[str, Tag] = {}
    for span in soup.find_all(id=list(_SPAN_IDS)):  # one walk over the page, not one per id
        spans.setdefault(required_attribute(span, "id"), span)
    for span_id, key in _SPAN_IDS.items():
        found = spans.get(span_id)
        if found is not None and key not in fields:
            value = (
                " ".join(block_text(found).split("\n")) if key != "author" else ", ".join(block_text(found).split("\n"))
            )
            if value:
                fields[key] = value.strip()
    for label in soup.select("td.kb1"):
        name = _LABELS.get(clean_label(line_text(label)).lower())
        value_cell = label.find_next_sibling("td")
        if not name or name in fields or value_cell is None:
            continue
        lines = [v for v in block_text(value_cell).split("\n") if v]
        value = (", " if name == "author" else " ").join(lines).strip()
        if value:
            fields[name] = value
    return fields


def _parse_classic_beratungsfolge(soup: BeautifulSoup, url: str) -> list[ConsultationRecord]:
    label = next((td for td in soup.select("td.kb1") if clean_label(line_text(td)) == "Beratungsfolge"), None)
    if label is None:
        return []
    row = label.find_parent("tr")
    holder = row.find_next_sibling("tr") if row is not None else None
    table = holder.find("table") if holder else None
    if table is None:
        raise LayoutChanged(url, "Beratungsfolge table", LAYOUT)
    consultations: list[ConsultationRecord] = []
    group: ConsultationRecord | None = None
    group_used = False
    for row in table.find_all("tr", recursive=False) or table.find_all("tr"):
        cells = row.find_all("td")  # once per row: each search below was a walk of its own
        body_cell = _first_of_class(cells, "text1")
        date_cell = _first_of_class(cells, "text2")
        status = _row_status(cells)
        if body_cell is not None and date_cell is None:
            if group is not None and not group_used:
                consultations.append(group)
            bodies = [cell for cell in cells if "text1" in (cell.get("class") or ())]
            role = line_text(bodies[1]) if len(bodies) > 1 else ""
            group = ConsultationRecord(organization=line_text(body_cell), role=role or None, status=status)
            group_used = False
        elif date_cell is not None and group is not None:
            consultations.append(_consultation_from_meeting_row(row, cells, group, date_cell, url, status))
            group_used = True
    if group is not None and not group_used:
        consultations.append(group)
    return consultations


def _first_of_class(cells: list[Tag], name: str) -> Tag | None:
    """The first cell with the class, as row.find("td", class_=name) gives it."""
    return next((cell for cell in cells if name in (cell.get("class") or ())), None)


def _row_status(cells: list[Tag]) -> str | None:
    """The status a row's first titled cell gives ("Erledigt", "Geplant")."""
    marker = next((cell for cell in cells if cell.get("title") is not None), None)
    return (attribute(marker, "title") or None) if marker is not None else None


def _consultation_from_meeting_row(
    row: Tag, cells: list[Tag], group: ConsultationRecord, date_cell: Tag, url: str, status: str | None
) -> ConsultationRecord:
    links = row.find_all("a", href=True)
    meeting = next((a for a in links if _TO010.search(href(a))), None)
    item = next((a for a in links if _TO020.search(href(a))), None)
    result_cell = _first_of_class(cells, "text3")
    result = line_text(result_cell) or (line_text(item) if item is not None else "")
    meeting_name = line_text(meeting) if meeting is not None else ""
    if not meeting_name:
        names = [line_text(td) for td in cells if not td.get("class") and line_text(td)]
        meeting_name = names[0] if names else ""
    return ConsultationRecord(
        organization=group.organization,
        role=group.role,
        date=german_date(line_text(date_cell)),
        result=result or None,
        meeting_url=canonical(absolute(url, href(meeting)), "SILFDNR") if meeting is not None else None,
        meeting_name=meeting_name or None,
        agenda_item_url=canonical(absolute(url, href(item)), "TOLFDNR") if item is not None else None,
        status=status or group.status,
    )


_TO010, _TO020 = re.compile(r"to010", re.I), re.compile(r"to020", re.I)


def _parse_bf_table(holder: Tag, url: str) -> list[ConsultationRecord]:
    """Beratungsfolge of ALLRIS 3.9 'r' pages and ALLRIS 4: body rows followed by meeting rows."""
    tbody = holder.find("tbody") or holder
    consultations: list[ConsultationRecord] = []
    group: ConsultationRecord | None = None
    group_used = False
    for row in tbody.find_all("tr"):
        cells = row.find_all("td", recursive=False)
        if len(cells) < 4:
            continue
        first = cells[0]
        # name=None (any tag) is passed positionally: bs4's overloads take attrs only after a name.
        status_el = first.find(None, {"aria-label": True}) or first.find(class_="wfcolorDesc")
        status = (attribute(status_el, "aria-label") or line_text(status_el)) if status_el is not None else None
        is_group = "colorCol" in (first.get("class") or []) and not line_text(cells[1])
        if is_group:
            if group is not None and not group_used:
                consultations.append(group)
            group = ConsultationRecord(
                organization=line_text(cells[2]), role=line_text(cells[3]) or None, status=status or None
            )
            group_used = False
        elif group is not None:
            meeting = cells[2].find("a", href=re.compile(r"to010", re.I))
            item = row.find("a", href=re.compile(r"to020", re.I))
            consultations.append(
                ConsultationRecord(
                    organization=group.organization,
                    role=group.role,
                    date=german_date(line_text(cells[1])) or _english_date(line_text(cells[1])),
                    result=line_text(cells[3]) or None,
                    meeting_url=canonical(absolute(url, href(meeting)), "SILFDNR")
                    if meeting is not None
                    else None,
                    meeting_name=line_text(cells[2]) or None,
                    agenda_item_url=canonical(absolute(url, href(item)), "TOLFDNR") if item is not None else None,
                    status=group.status,
                )
            )
            group_used = True
    if group is not None and not group_used:
        consultations.append(group)
    return consultations


def _english_date(text: str) -> str | None:
    """ALLRIS 4 prints some dates in English: '2026 Oct 21' (Trier, corpus: allris4/vo020_trier_allris4.1.7.html)."""
    from datetime import datetime

    # Wolfsburg's ALLRIS 4.1.7 prints "Jan 29, 2026" (https://ratsinfob.stadt.wolfsburg.de/vo020?VOLFDNR=…).
    for form in ("%Y %b %d", "%b %d, %Y", "%B %d, %Y", "%d %b %Y"):
        try:
            return datetime.strptime(" ".join(text.split()), form).date().isoformat()
        except ValueError:
            continue
    return None


def _parse_paper_files(soup: Tag, url: str) -> list[FileRef]:
    files: list[FileRef] = []
    seen: set[str] = set()

    def add(file_url: str | None, name: str, role: str) -> None:
        # Quirk: the "Drucksache-Sammeldokument" (typ=130) is a generated bundle of the paper
        # and its attachments, so storing it would duplicate every text, e.g.
        # http://sitzungsdienst-hamburg-mitte.hamburg.de/bi/vo020.asp?VOLFDNR=1020365
        if not file_url or file_url in seen or "sammeldokument" in name.lower():
            return
        seen.add(file_url)
        files.append(FileRef(url=file_url, name=name, role=role))

    base = base_of(url)
    for form in soup.find_all("form", action=re.compile(r"do027", re.I)):
        dolfdnr = form.find("input", attrs={"name": "DOLFDNR"})
        button = form.find("input", attrs={"type": "submit"})
        if dolfdnr is None or not dolfdnr.get("value"):
            continue
        name = _button_name(button) if button is not None else "Dokument"
        add(document_url(base, required_attribute(dolfdnr, "value")), name, "paper")
    for link in soup.find_all("a", href=re.compile(r"do027", re.I)):
        number = query_param(absolute(url, href(link)) or "", "DOLFDNR")
        if number:
            add(document_url(base, number), line_text(link) or "Dokument", "paper")
    for link in soup.find_all("a", href=True):
        target = href(link)
        if re.search(r"\.(pdf|docx?|odt|rtf|xlsx?)$", target, re.I) or "getfile" in target.lower():
            name = re.sub(r"\s*\(\d[\d.,]*\s*[KMG]?B\)\s*$", "", line_text(link))
            add(absolute(url, target), name or target.rsplit("/", 1)[-1], "attachment")
    return files


def _button_name(button: Tag) -> str:
    """A document button's name: its label, or its title where the label is an abbreviation."""
    # Quirk: agendas label the minutes' button "Pro" and say what it is in the title, "Niederschrift öffent.
    # Teil (Öffnet PDF-Datei in neuem Fenster)", e.g. Hamburg-Nord's to010.asp (corpus:
    # allris/to010_hamburg_nord_bezirksversammlung.html).
    label = attribute(button, "value") or ""
    title = re.sub(r"\s*\(Öffnet[^)]*\)\s*$", "", attribute(button, "title") or "")
    return (title if len(label) <= 3 and title else label) or "Dokument"


def _parse_body_text(soup: BeautifulSoup) -> str:
    """Sachverhalt, Beschlussvorschlag and the like: the prose below the header."""
    sections: list[str] = []
    for anchor in soup.find_all("a", attrs={"name": re.compile(r"^allris(SV|BV|AN|BS|WP)$")}):
        chunk: list[str] = []
        for sibling in anchor.next_siblings:
            if isinstance(sibling, Tag) and sibling.name == "a" and str(sibling.get("name", "")).startswith("allris"):
                break
            if isinstance(sibling, Tag):
                if sibling.name == "table" and sibling.find("td", class_="kb1"):
                    break
                chunk.append(block_text(sibling))
            elif str(sibling).strip() and type(sibling).__name__ == "NavigableString":
                chunk.append(str(sibling).strip())
        text = "\n".join(c for c in chunk if c)
        if text:
            sections.append(text)
    if not sections:
        for part in soup.select(".docPart"):
            sections.append(block_text(part))
    return "\n\n".join(sections)


# ---------------------------------------------------------------- paper list (vo040)


def parse_paper_list(content: bytes, url: str) -> list[PaperLink]:
    """Papers linked from a paper list (vo040)."""
    soup = make_soup(content)
    if not is_allris(soup):
        raise LayoutChanged(url, "ALLRIS page marker", LAYOUT)
    links: list[PaperLink] = []
    seen: set[str] = set()
    for a in soup.find_all("a", href=re.compile(r"vo020", re.I)):
        target = canonical(absolute(url, href(a)), "VOLFDNR")
        if not target or target in seen:
            continue
        seen.add(target)
        lines = block_text(a).split("\n")
        first = lines[0] if lines else ""
        reference, _, title = first.partition(" ")
        row = a.find_parent("tr")
        cells = row.find_all("td", class_="text2") if row is not None else []
        links.append(
            PaperLink(
                url=target,
                reference=reference or None,
                title=" ".join([title] + lines[1:]).strip() or None,
                date=german_date(line_text(cells[0])) if cells else None,
                paper_type=line_text(cells[1]) if len(cells) > 1 else None,
            )
        )
    if not links and soup.find("table", class_="tl1") is None:
        raise LayoutChanged(url, "paper list table", LAYOUT)
    cut_note(soup, url)
    return links


# ---------------------------------------------------------------- calendar (si010)

_MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember")
_WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")


def parse_calendar(content: bytes, url: str) -> list[MeetingLink]:
    """Meetings of a month of the meeting calendar: classic si010/si010_e, responsive si010_r, ALLRIS 4 si010."""
    soup = make_soup(content)
    if not is_allris(soup):
        raise LayoutChanged(url, "ALLRIS page marker", LAYOUT)
    rows = [row for row in soup.find_all("tr") if row.find("table") is None]  # not the layout rows around it
    days = [_row_day(row) for row in rows]
    year, month = _calendar_month(soup, url, [d for d in days if d[0] is not None])
    meetings: list[MeetingLink] = []
    seen: set[str] = set()
    day = None
    for row, (number, _) in zip(rows, days, strict=True):
        day = number if number is not None else day  # a second meeting on a day leaves its day cells empty
        found = _calendar_entry(row, url)
        if found is None:
            continue
        target, name, has_agenda = found
        if not target or target in seen or not name:
            continue
        seen.add(target)
        when = _iso_day(year, month, day)
        time_cell = row.find("td", class_="time")
        cells = row.find_all("td", recursive=False)
        time = line_text(time_cell) if time_cell is not None else line_text(cells[2]) if len(cells) > 2 else ""
        meetings.append(MeetingLink(url=target, name=name, date=when,
                                    start=german_datetime(_german(when), time) if when else None,
                                    has_agenda=has_agenda))
    cut_note(soup, url)
    return meetings


def _row_day(row: Tag) -> tuple[int | None, str | None]:
    """A calendar row's day of the month and weekday ("Mi", "2"), (None, None) where it continues the day above."""
    dom, dow = row.find("span", class_="dom"), row.find("span", class_="dow")
    if dom is not None:  # responsive si010_r: <span class="dow">Mi</span><span class="dom">2</span>
        text = line_text(dom)
        return (int(text), line_text(dow).lower()[:2] or None) if text.isdigit() else (None, None)
    cells = row.find_all("td", recursive=False)
    if len(cells) >= 2 and re.fullmatch(r"\d{1,2}", line_text(cells[1])):
        return int(line_text(cells[1])), line_text(cells[0]).lower()[:2] or None
    return None, None


def _calendar_entry(row: Tag, url: str) -> tuple[str | None, str, bool] | None:
    """(meeting URL, name, has an agenda) of a calendar row, None for a row without a meeting."""
    link = row.find("a", href=_TO010)
    if link is not None:
        return canonical(absolute(url, href(link)), "SILFDNR"), line_text(link), True
    silfdnr = row.find("input", attrs={"name": "SILFDNR"})
    if silfdnr is None or not silfdnr.get("value"):
        return None  # e.g. a Kreissparkasse board in LK Osnabrück's si010_r: no page of its own
    # Meetings without a published agenda (faction meetings, closed sessions) carry only an iCal export
    # form, e.g. si010_e.asp of Hamburg-Nord's district assembly.
    cells = row.find_all("td", recursive=False)
    name = next((line_text(c) for c in cells[4:] if line_text(c)), "")
    return meeting_url(base_of(url), required_attribute(silfdnr, "value")), name, False


def _iso_day(year: int | None, month: int | None, day: int | None) -> str | None:
    """The ISO date of a calendar cell; None for a day the month lacks (a cell "31" in February)."""
    try:
        return date(year, month, day).isoformat() if (year and month and day) else None
    except ValueError:
        return None


def _german(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def _calendar_month(soup: BeautifulSoup, url: str, days: list[tuple[int | None, str | None]]
                    ) -> tuple[int | None, int | None]:
    """The calendar's month: from the URL (MM, YY), a "Oktober 2023" on the page, else the month beside the
    month links whose weekdays fit the rows' ("Mi 2", "Mo 7")."""
    month = query_param(url, "MM")
    year = query_param(url, "YY")
    if month and year and month.isdigit() and year.isdigit():
        return int(year), int(month)
    text = block_text(soup.find(id="rismain") or soup.body)
    m = re.search(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", text, re.I)
    if m:
        return int(m.group(2)), _MONTHS.index(m.group(1).lower()) + 1
    return _month_from_links(soup, days)


def _month_from_links(soup: BeautifulSoup, days: list[tuple[int | None, str | None]]) -> tuple[int | None, int | None]:
    """The month next to the calendar's links to other months whose weekdays agree with the rows.

    Quirk: responsive calendars name their month nowhere but in links to neighbouring months, e.g.
    Giesen's si010_r.asp links only "August" on a page of September meetings (corpus:
    allris/si010_r_giesen_iso8859-15_excerpt.html); the weekdays printed beside the days decide.
    """
    linked: set[tuple[int, int]] = set()
    for link in soup.find_all("a", href=re.compile(r"si010\w*(?:\.asp)?\?[^\"']*MM=\d", re.I)):
        target = href(link)
        mm, yy = query_param(target, "MM"), query_param(target, "YY")
        if mm and yy and mm.isdigit() and yy.isdigit() and 1 <= int(mm) <= 12:
            linked.add((int(yy), int(mm)))
    candidates: set[tuple[int, int]] = set()
    for year, month in linked:
        index = year * 12 + month - 1
        candidates.update(divmod(index + step, 12) for step in (-1, 0, 1))
    fitting = [(y, m + 1) for y, m in sorted(candidates) if _weekdays_fit(y, m + 1, days)]
    if len(fitting) == 1 and days:
        return fitting[0]
    between = [c for c in fitting if c not in linked]  # linked to its previous and next month, not to itself
    return between[0] if len(between) == 1 and days else (None, None)


def _weekdays_fit(year: int, month: int, days: list[tuple[int | None, str | None]]) -> bool:
    for day, weekday in days:
        try:
            actual = date(year, month, day or 0).weekday()
        except ValueError:
            return False
        if weekday in _WEEKDAYS and _WEEKDAYS.index(weekday) != actual:
            return False
    return True


# ---------------------------------------------------------------- meeting agenda (to010)

_TOP = AGENDA_NUMBER
# Header fields of a meeting, by the labels and span ids pages print them under.
_MEETING_FIELDS = {"name": ("Bezeichnung", "Betreff", "Sitzung", "sibetreff", "sibezeichnung"),
                   "body": ("Gremium", "sigremium"), "date": ("Datum", "sidatum"),
                   "time": ("Zeit", "Uhrzeit", "sizeit", "siuhrzeit"), "room": ("Raum", "siraum"),
                   "place": ("Ort", "siort"), "occasion": ("Anlass", "sianlass")}


def parse_meeting(content: bytes, url: str) -> MeetingRecord:
    """A meeting with its agenda items: classic to010, responsive to010_r and ALLRIS 4 to010."""
    soup = make_soup(content)
    if not is_allris(soup):
        raise LayoutChanged(url, "ALLRIS page marker", LAYOUT)
    fields = _meeting_fields(soup)
    name = line_text(fields.get("name")) or _meeting_name(soup, fields)
    if not name:
        raise LayoutChanged(url, "meeting name ('Bezeichnung', heading or 'Gremium')", LAYOUT)
    body = fields.get("body")
    body_link = body.find("a", href=True) if body is not None else None
    body_url = absolute(url, href(body_link)) if body_link is not None else None
    day = line_text(fields.get("date")) or line_text(_heading_tag(soup))
    meeting = MeetingRecord(
        url=canonical(url, "SILFDNR") or url,
        name=name,
        start=german_datetime(day, line_text(fields.get("time"))),
        end=german_end(day, line_text(fields.get("time"))),
        organization=line_text(body) or None,
        organization_url=(canonical(body_url, "AULFDNR") or canonical(body_url, "GRLFDNR")) if body_url else None,
        location=", ".join(x for x in (line_text(fields.get("room")), line_text(fields.get("place"))) if x) or None,
        cancelled=is_cancelled(line_text(fields.get("occasion")) + " " + name),
    )
    meeting.agenda_items = _parse_agenda_rows(soup, url) or _parse_agenda_table(soup, url)
    for table in soup.select("table.tl1, table.toTable"):
        for row in table.find_all("tr"):  # the items' documents are theirs; a row without a number is the meeting's
            first = row.find("td", class_="tonr") or row.find("td")
            if first is not None and _TOP.match(line_text(first)):
                row.extract()
    meeting.files = [FileRef(url=f.url, name=f.name, role=file_role(f.name)) for f in _parse_paper_files(soup, url)]
    return noted(meeting, soup, url)


def _meeting_fields(soup: Tag) -> dict[str, Tag]:
    labelled = _labelled(soup)
    spans = {required_attribute(tag, "id"): tag for tag in soup.find_all(id=re.compile(r"^si[a-z]+$"))}
    fields: dict[str, Tag] = {}
    for key, names in _MEETING_FIELDS.items():
        value = next((found for n in names if (found := spans.get(n) or labelled.get(n)) is not None
                      and line_text(found)), None)
        if value is not None:
            fields[key] = value
    return fields


def _meeting_name(soup: BeautifulSoup, fields: dict[str, Tag]) -> str:
    """The name where no field gives it: the heading without "Tagesordnung -" and the date, else the body."""
    # Quirk: agendas without a 'Bezeichnung' row head the page "Tagesordnung - Sitzung des Kreistages" or
    # "Schulausschuss - 01.09.2026" (ALLRIS 4, corpus: allris4/to010_laatzen_allris4.1.5.html).
    heading = re.sub(r"^Tagesordnung\s*-?\s*", "", line_text(_heading_tag(soup)))
    heading = re.sub(r"\s*-?\s*\b\d{1,2}\.\d{1,2}\.\d{2,4}\b.*$", "", heading).strip(" -")
    title = re.sub(r"^ALLRIS\s*-?\s*", "", line_text(soup.find("title")))
    generic = re.compile(r"^(?:Sitzung|Tagesordnung|ALLRIS.*|)$", re.I)
    return next((t for t in (heading, line_text(fields.get("body")), title) if not generic.match(t)), "")


def _parse_agenda_rows(soup: BeautifulSoup, url: str) -> list[AgendaItemRecord]:
    items: list[AgendaItemRecord] = []
    table = soup.find("table", class_="tl1")
    if table is None:
        return items
    for row in table.find_all("tr"):
        cells = row.find_all("td", recursive=False)
        if not cells:
            continue
        m = _TOP.match(line_text(cells[0]))
        if not m:
            continue
        prefix, number = (m.group(1) or "Ö").upper(), m.group(2).rstrip(".")
        item_link = row.find("a", href=re.compile(r"to020", re.I))
        paper_link = row.find("a", href=re.compile(r"vo020", re.I))
        status_button = row.find("input", class_=re.compile(r"il1_"), attrs={"title": True})
        result = attribute(status_button, "title") if status_button is not None else None
        texts = [line_text(c) for c in cells[1:]]
        name = (
            line_text(item_link)
            if item_link is not None
            else next((t for t in texts if t and not re.fullmatch(r"[\d\-./]+", t)), "")
        )
        item_url = canonical(absolute(url, href(item_link)), "TOLFDNR") if item_link is not None else None
        items.append(
            AgendaItemRecord(
                url=item_url or f"{canonical(url, 'SILFDNR') or url}#TOP{prefix}{number}",
                number=f"{prefix} {number}",
                position=len(items) + 1,
                name=name,
                public=prefix == "Ö",
                result=None if result in (None, "", "(offen)") else result,
                paper_url=canonical(absolute(url, href(paper_link)), "VOLFDNR") if paper_link is not None else None,
                paper_reference=_reference_of(paper_link),
                files=_row_files(row, url),
            )
        )
    return items


def _row_files(row: Tag, url: str) -> list[FileRef]:
    """The documents an agenda row links (the item's own, e.g. a presentation)."""
    return [FileRef(url=f.url, name=f.name, role=file_role(f.name)) for f in _parse_paper_files(row, url)]


def _parse_agenda_table(soup: BeautifulSoup, url: str) -> list[AgendaItemRecord]:
    """Agenda rows of responsive (to010_r) and ALLRIS 4 pages: cells classed tonr, tobetreff, tovonr, a result
    column headed "Beschluss" or "Ergebnis" where the installation shows one."""
    items: list[AgendaItemRecord] = []
    suffix = _page_suffix(soup, url)
    columns: dict[int, int | None] = {}
    for number_cell in soup.find_all("td", class_="tonr"):
        row = number_cell.find_parent("tr")
        m = _TOP.match(line_text(number_cell))
        if row is None or not m:
            continue  # "Öffentlicher Teil" and other group rows carry no number
        prefix, number = (m.group(1) or "Ö").upper(), m.group(2).rstrip(".")
        subject = row.find("td", class_="tobetreff")
        for extra in subject.find_all(class_="zusatzinfo") if subject is not None else []:
            extra.extract()
        paper_link = row.find("a", href=re.compile(r"vo020", re.I))
        item_link = row.find("a", href=re.compile(r"to020", re.I))
        # Quirk: ALLRIS 4 opens an item in place, its number's link carries the TOLFDNR as id="link_1001059",
        # e.g. Laatzen's to010?SILFDNR=1000073 (corpus: allris4/to010_laatzen_allris4.1.5.html).
        anchor = number_cell.find("a", id=re.compile(r"^link_\d+$"))
        if item_link is not None:
            item_url = canonical(absolute(url, href(item_link)), "TOLFDNR")
        elif anchor is not None:
            item_url = absolute(url, f"to020{suffix}?TOLFDNR={required_attribute(anchor, 'id')[5:]}")
        else:
            item_url = None
        result = _result_cell(row, columns)
        items.append(AgendaItemRecord(
            url=item_url or f"{canonical(url, 'SILFDNR') or url}#TOP{prefix}{number}",
            number=f"{prefix} {number}",
            position=len(items) + 1,
            name=line_text(subject),
            public=prefix == "Ö",
            result=None if result in (None, "", "(offen)") else result,
            paper_url=canonical(absolute(url, href(paper_link)), "VOLFDNR") if paper_link is not None else None,
            paper_reference=_reference_of(paper_link),
            files=_row_files(row, url),
        ))
    return items


def _result_cell(row: Tag, columns: dict[int, int | None]) -> str | None:
    """The text of a row's result column (a cell classed or headed Beschluss/Ergebnis), if the table has one.

    `columns` keeps each table's result column, found once: looking it up per row read the table once per row.
    """
    cells = row.find_all("td", recursive=False)
    cell = next((c for c in cells if re.search(r"beschluss|ergebnis|tobart", " ".join(c.get("class") or []), re.I)),
                None)
    if cell is None:
        table = row.find_parent("table")
        if table is None:
            return None
        if id(table) not in columns:
            heads = [line_text(th).lower() for th in table.find_all("th")]
            columns[id(table)] = next((i for i, h in enumerate(heads) if re.search(r"beschluss|ergebnis", h)), None)
        index = columns[id(table)]
        cell = cells[index] if index is not None and index < len(cells) else None
    return line_text(cell) or None if cell is not None else None


def _page_suffix(soup: BeautifulSoup, url: str) -> str:
    """How this installation ends its page names: ".asp" (classic), "_r.asp" (responsive) or "" (ALLRIS 4)."""
    m = re.search(r"/(?:to010|to020|vo020|si010)(_r)?(\.asp)?(?:\?|$)", url)
    if m is None:
        link = soup.find("a", href=re.compile(r"(?:vo020|to020|to010)(?:_r)?(?:\.asp)?\?", re.I))
        m = re.search(r"(?:vo020|to020|to010)(_r)?(\.asp)?\?", href(link)) if link is not None else None
    return f"{m.group(1) or ''}{m.group(2) or ''}" if m else CLASSIC


# ---------------------------------------------------------------- agenda item (to020)


def parse_agenda_item(content: bytes, url: str) -> AgendaItemRecord:
    """An agenda item page (to020, 'Auszug') with its result, resolution text and documents."""
    soup = make_soup(content)
    if not is_allris(soup):
        raise LayoutChanged(url, "ALLRIS page marker", LAYOUT)
    main = _content(soup)
    heading = line_text(_heading_tag(soup))
    fields = {label: line_text(value) for label, value in _labelled(main).items()}
    if not heading and "TOP" not in fields:
        raise LayoutChanged(url, "agenda item heading", LAYOUT)
    m = _TOP.match(fields.get("TOP", ""))
    prefix, number = ((m.group(1) or "Ö").upper(), m.group(2)) if m else ("Ö", fields.get("TOP", ""))
    if not number and (dated := _ITEM_HEADING.match(heading)) is not None:
        number = dated.group("top")
    result = fields.get("Beschlussart") or fields.get("Ergebnis") or fields.get("Beschluss")
    paper_link = main.find("a", href=re.compile(r"vo020", re.I))
    item = AgendaItemRecord(
        url=canonical(url, "TOLFDNR") or url,
        number=f"{prefix} {number}".strip(),
        position=0,
        name=_item_name(heading, paper_link) or fields.get("Betreff", ""),
        public=prefix == "Ö",
        result=None if result in (None, "", "(offen)") else result,
        resolution_text=_resolution(soup) or None,
        paper_url=canonical(absolute(url, href(paper_link)), "VOLFDNR") if paper_link is not None else None,
        paper_reference=_reference_of(paper_link),
        files=[FileRef(url=f.url, name=f.name, role=file_role(f.name)) for f in _parse_paper_files(main, url)],
        paper_type=paper_type_name(next((v for k, v in fields.items() if _LABELS.get(k.lower()) == "paper_type"),
                                        None)),
    )
    item.consultation = _item_meeting(main, url, item)
    return noted(item, soup, url)


def _item_name(heading: str, paper_link: Tag | None) -> str:
    """The item's subject: its heading without "Auszug -" or ALLRIS 4's day and number; where ALLRIS 4 cut the heading
    short ("… der Stadt Taunusst..."), the title its paper's link prints in full."""
    dated = _ITEM_HEADING.match(heading)
    name = dated.group("name") if dated else re.sub(r"^Auszug\s*-\s*", "", heading)
    if name.endswith("...") and paper_link is not None:
        linked = line_text(paper_link)
        number = _reference_of(paper_link) or ""
        full = linked[linked.find(number) + len(number):].strip() if number and number in linked else linked
        if full.startswith(name[:-3].rstrip()):
            return full
    return name


def _item_meeting(main: Tag, url: str, item: AgendaItemRecord) -> ConsultationRecord | None:
    """The meeting an agenda item page names (its link, body and day) with the item's result."""
    fields = _meeting_fields(main)
    body, day = line_text(fields.get("body")), german_date(line_text(fields.get("date")))
    meeting = main.find("a", href=_TO010)
    if not body and day is None:
        return None
    return ConsultationRecord(
        organization=body,
        date=day,
        result=item.result,
        meeting_url=canonical(absolute(url, href(meeting)), "SILFDNR") if meeting is not None else None,
        meeting_name=line_text(meeting) or None if meeting is not None else None,
        agenda_item_url=item.url,
        paper_url=item.paper_url,
    )


def _resolution(soup: BeautifulSoup) -> str:
    """The Beschluss and the Abstimmungsergebnis; the Wortprotokoll where no Beschluss is printed."""
    # Quirk: the vote is a section of its own (allrisAE), e.g. "einstimmig mit zwei Enthaltungen" on
    # https://www.stadt-hildesheim.de/allris/to020.asp (corpus: allris/to020_hildesheim_classic_in_city_cms.html).
    decision = _section_after(soup, "allrisBS") or _section_after(soup, "allrisWP")
    vote = _section_after(soup, "allrisAE")
    if not decision and not vote:
        parts = _document_parts(soup)
        decision, vote = parts.get("Beschluss") or parts.get("Wortprotokoll", ""), parts.get("Abstimmungsergebnis", "")
    return "\n\n".join(part for part in (decision, vote) if part)


MAX_DOCUMENT_PARTS = 20


def _document_parts(soup: BeautifulSoup) -> dict[str, str]:
    """ALLRIS 4's parts of an item printed on its page, by name: each in a box whose fold link says "Beschluss
    ausblenden", its text in a "docPart" (Taunusstein's to020: "Abstimmung: Dafür: 25 Dagegen: 8 Enthaltung: 0")."""
    parts: dict[str, str] = {}
    # A real item prints a handful; the cap keeps nested boxes of a hostile page from being read over and over.
    for box in soup.find_all("div", class_="compFull", limit=MAX_DOCUMENT_PARTS):
        fold = box.find("a", id=re.compile(r"^showHideLink"))
        tip = (fold.get("data-simpletooltip-text") or "") if fold is not None else ""
        name = re.sub(r"\s+(?:ausblenden|einblenden)$", "", str(tip)).strip()
        text = "\n".join(block_text(part) for part in box.find_all("div", class_="docPart"))
        if name and text.strip():
            parts.setdefault(name, text.strip())
    return parts


def _reference_of(link: Tag | None) -> str | None:
    """The paper number of a link that may go on with the paper's title."""
    text = line_text(link) if link is not None else ""
    # ALLRIS 4 prints the type's abbreviation first: "DRS. 25/161 Entwurf der Haushaltssatzung …" (Taunusstein).
    words = text.split(" ", 2)
    if len(words) > 1 and not re.search(r"\d", words[0]) and re.search(r"\d", words[1]):
        return words[1]
    return words[0] or None


def _section_after(soup: BeautifulSoup, anchor_name: str) -> str:
    anchor = soup.find("a", attrs={"name": anchor_name})
    if anchor is None:
        return ""
    chunk: list[str] = []
    for sibling in anchor.next_siblings:
        if isinstance(sibling, Tag):
            if sibling.name == "a" and str(sibling.get("name", "")).startswith("allris"):
                break
            chunk.append(block_text(sibling))
    return "\n".join(c for c in chunk if c)


# ---------------------------------------------------------------- committee and faction (au020, gr020, fr020)


def parse_committee(content: bytes, url: str) -> OrganizationRecord:
    """A body's page: a committee (au020, ALLRIS 4 gr020) or a faction (fr020), named by its heading."""
    soup = make_soup(content)
    if not is_allris(soup):
        raise LayoutChanged(url, "ALLRIS page marker", LAYOUT)
    name = line_text(_heading_tag(soup))
    if not name:
        raise LayoutChanged(url, "body name (heading)", LAYOUT)
    faction = re.search(r"fr020", url, re.I) is not None or query_param(url, "FRLFDNR") is not None
    key = next((k for k in ("AULFDNR", "GRLFDNR", "FRLFDNR") if query_param(url, k)), None)
    return OrganizationRecord(url=(canonical(url, key) if key else None) or url, name=name,
                              kind="Fraktion" if faction else "Gremium")

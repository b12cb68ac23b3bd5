"""`pipeline extract`: what the pipeline finds in one local file, in the documented JSON shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.errors import ExtractError, LayoutChanged, ParseError
from pipeline.fetch.sniff import sniff_mime
from pipeline.model import MeetingRecord
from pipeline.nlp import Analysis, analyse, topic_summary
from pipeline.crawl.systems import AGENDA_ITEM, CALENDAR, COMMITTEE, MEETING, PAPER, PAPER_LIST, classify
from pipeline.nlp.header import read_head
from pipeline.nlp.layout import read_layout
from pipeline.nlp.resources import check_data_files
from pipeline.nlp.rules import (
    MONTHS,
    Spellings,
    find_organizations,
    normalize_outcome,
    organization_key,
    organization_spellings,
)
from pipeline.nlp.votes import document_votes, result_votes
from pipeline.text.documents import clean
from pipeline.text.documents import extract as extract_text
from pipeline.text.webpage import html_main_text
from scrapers import apijson
from scrapers.base import make_soup, without_count
from scrapers.generic import GenericPage, listed_bodies, parse_page
from scrapers.labels import paper_type_of
from pipeline.text.tables import tables

MAX_BYTES = 200 * 1024 * 1024


def extract_file(path: Path, with_tables: bool = False, known: Spellings = ()) -> dict:
    """Everything extracted from one saved page, PDF or text file; with_tables adds a PDF's ruled tables, `known`
    the spellings of the organisations the file's council system lists (read_organization_list).

    A page one of the registered council systems reads (pipeline.crawl.systems) is parsed by that
    system's parser, whatever its kind; anything else is read as a document.
    """
    content = _read(path)
    check_data_files()
    mime = sniff_mime(content)
    source = str(path)
    if with_tables and mime != "application/pdf":
        raise ExtractError(f"{path}: --tables needs a PDF, this is {mime}")
    note = None
    if mime in ("text/html", "application/json"):
        found = classify(content, path.name)
        if found is not None:
            system, kind = found
            try:
                record = system.parsers[kind](content, source)
            except LayoutChanged as exc:
                # A variant of a known system's page its parser does not know: read it like any page, and say so.
                note = f"{system.label} {kind} layout not recognised ({exc.missing} not found); read as a generic page"
            except ParseError as exc:
                raise ExtractError(f"{path}: {exc.problem}") from None
            else:
                result = {**_BY_KIND[kind](source, record), "system": system.name}
                if kind != PAPER or mime == "application/json":  # an HTML paper's findings come from its own text
                    _page_findings(result, content, mime, listed=known)
                return _with_listed_bodies(result, content) if mime == "text/html" else result
        if mime == "application/json":
            return _noted(_api_json(content, source), note)
    # A page no council system's parser claims is read by the generic reader (scrapers.generic).
    page = parse_page(content, source) if mime == "text/html" else None
    document = extract_text(content, mime)
    pages = document.pages
    if page is not None and page.text and not any(p.strip() for p in pages):
        pages = [clean(page.text)]  # a page that prints nothing itself: the texts of the data it embeds
    elif document.status != "ok" and not any(pages):
        raise ExtractError(f"{path}: {document.reason or document.status}")
    result = _document(source, pages, read_layout(content, document.head), page, known)
    if page is not None:
        _with_listed_bodies(result, content)
    result["text_method"] = document.method
    result["page_methods"] = document.page_methods
    _noted(result, "; ".join(n for n in (note, document.reason) if n) or None)
    if with_tables:
        try:
            result["tables"] = tables(content)
        except Exception as exc:  # noqa: BLE001 - pdfminer's errors are many; the message names the file
            raise ExtractError(f"{path}: cannot read the PDF's tables ({exc.__class__.__name__})") from None
    return result


# The system's or site's name in a page's <title>: "SessionNet | Kalender 2026 September", "ALLRIS - Kalender".
_SITE_PART = re.compile(r"^(?:ALLRIS(?: net)?|SessionNet|Ratsinformationssystem|Bürgerinformationssystem|"
                        r"Ratsinfo|RIS|BI|(?:Stadt|Gemeinde|Kreis|Landkreis|Markt) [A-ZÄÖÜ][\w. -]*)$", re.I)


# A calendar's month as its heading ("Oktober 2023", ALLRIS si010_e), the page's name printed above its main part
# ("Sitzungskalender").
_PERIOD = re.compile(r"^(?:" + "|".join(MONTHS) + r")\s+\d{4}$|^\d{1,2}\.\d{1,2}\.\d{2,4}$", re.I)


def page_title(content: bytes) -> str | None:
    """A list page's own name: its first heading, else its <title> without the system's or site's name."""
    soup = make_soup(content)
    main = soup.find("main") or soup.find(id="rismain") or soup.body or soup
    # The first heading that is not the system's name (SessionNet's start page: h1 "SessionNet", h2 "Aktuelle
    # Sitzungen").
    headings = main.find_all(["h1", "h2"], limit=3) if main is not None else []
    for heading in headings + [h for h in soup.find_all("h1", limit=2) if h not in headings]:
        text = without_count(heading, " ".join(heading.get_text(" ").split()))
        if text and not _SITE_PART.match(text) and not _PERIOD.match(text):
            return text
    title = " ".join(soup.title.get_text(" ").split()) if soup.title is not None else ""
    parts = [part for part in re.split(r"\s+[|–-]\s+", title) if part and not _SITE_PART.match(part)]
    return parts[0] if parts else None


_API_PARSERS = {apijson.MEETING: (MEETING, apijson.parse_meeting), apijson.CALENDAR: (CALENDAR, apijson.parse_calendar),
                apijson.PAPER: (PAPER, apijson.parse_paper)}


def _api_json(content: bytes, source: str) -> dict:
    """JSON no council system claims: a meeting, calendar or paper when its keys say so, else a document
    (an OParl body, system or person list) named by its `name`."""
    data = _json_or_none(content)
    found = apijson.kind_of(data)
    if found is not None:
        kind, parser = _API_PARSERS[found]
        try:
            record = parser(content, source)
        except ParseError as exc:
            raise ExtractError(f"{source}: {exc.problem}") from None
        result = _BY_KIND[kind](source, record)
    else:
        result = empty(source, "document")
        name = data.get("name") if isinstance(data, dict) else None
        result["title"] = " ".join(name.split()) if isinstance(name, str) and name.strip() else None
    _page_findings(result, content, "application/json", data)
    return result


def _page_findings(result: dict, content: bytes, mime: str, data: object = None, listed: Spellings = ()) -> None:
    """Dates, bodies and topics printed on a meeting, agenda item, calendar, list or committee page,
    or in an API response (its strings, and its objects' own date, start and end values)."""
    own_dates: list[dict] = []
    if mime == "text/html":
        text = html_main_text(content)
        result["title"] = result["title"] or page_title(content)
    else:
        texts: list[str] = []
        _json_texts(data if data is not None else _json_or_none(content), texts, own_dates)
        text = "\n".join(texts)
    known, bodies, parsed_dates = result["references"], result["organizations"], result["dates"]
    _findings(result, analyse([clean(text)[:MAX_PAGE_TEXT]], known=listed), result["reference"])
    # Dates in the parsed records (agenda titles) stay where the main text leaves them out: a SessionNet card
    # layout keeps its item titles in "smc-card-header-…" boxes, which read as page chrome (Speyer's si0057).
    _with_missing_dates(result, parsed_dates)
    result["references"] = known or result["references"]
    # The bodies the parsed records name (agenda items' titles) stay where the page's main text leaves them out
    # (ALLRIS 4 to010: "Antrag der CDU/FDP-Gruppe im Rat der Stadt Laatzen" stands in the agenda only).
    named = {o["name"] for o in result["organizations"]}
    result["organizations"] += [o for o in bodies if o["name"] not in named]
    result["dates"] = own_dates + result["dates"]
    _with_bodies(result)


def _with_bodies(result: dict, offices: str | None = None) -> dict:
    """Add the bodies a page names in its structured parts (its title, its meeting's body, a calendar's meeting
    names, the Beratungsfolge's bodies, a paper's lead offices), which its running text may not repeat."""
    organization = result.get("organization")
    names = [result["title"], organization.get("name") if isinstance(organization, dict) else organization]
    names += [m.get("name") for m in result.get("meetings", [])]
    names += [c.get("organization") for c in result["consultations"]]
    known = {o["name"] for o in result["organizations"]}
    keys = {organization_key(name) for name in known}
    for match in find_organizations("\n".join(n for n in names if isinstance(n, str))):
        # "Gemeinderat" in the Beratungsfolge is the "Gemeinderat der Stadt Karlsruhe" the text names
        key = organization_key(match.value)
        if key not in keys and not any(k.startswith(match.value + " der ") for k in known):
            known.add(match.value)
            keys.add(key)
            result["organizations"].append({"name": match.value, "kind": match.kind, "mentions": 1})
    # A Beratungsfolge row's body is a body even where no rule knows its name ("Vollversammlung", RIS München).
    for c in result["consultations"]:
        name = c.get("organization")
        if (isinstance(name, str) and name not in known and _BODY_NAME.match(name)
                and not any(k in name or name in k for k in known)):
            known.add(name)
            result["organizations"].append({"name": name, "kind": "council", "mentions": 1})
    # The lead office field names units ("Federführend: 61.1 Stadterneuerung", "… ; Dezernat I" in Wolfsburg).
    for office in re.split(r"\s*[;\n]\s*", offices or ""):
        found = [m.value for m in find_organizations(office)]
        for name in found or ([office] if _OFFICE_NAME.match(office) and not _COMPANY.search(office)
                              and not _PERSON_TITLE.match(office) else []):
            if name not in known:
                known.add(name)
                result["organizations"].append({"name": name, "kind": "administration", "mentions": 1})
    return result


def _with_listed_bodies(result: dict, content: bytes) -> dict:
    """Add the bodies a page lists as links (scrapers.generic.listed_bodies): each link is one body's whole name, so a
    shorter name the rules read from its start ("Beirat für Inklusion" of "Beirat für Inklusion und gesellschaftliche
    Teilhabe") is the same body, and a link naming less than the text ("Bezirksversammlung" beside "Bezirksversammlung
    Bergedorf") adds none."""
    listed = listed_bodies(content)
    if not listed:
        return result
    result["organizations"] = [o for o in result["organizations"]
                               if not any(n != o["name"] and n.startswith(o["name"] + " ") for n in listed)]
    known = {o["name"] for o in result["organizations"]}
    result["organizations"] += [{"name": n, "kind": "council", "mentions": 1} for n in listed
                                if n not in known and not any(k.startswith(n + " ") for k in known)]
    return result


_COMPANY = re.compile(r"\b(?:GmbH|mbH|AG|eG|KG|gGmbH|AöR)\b")  # an enterprise, not an office
# A person in the lead office field ("Federführend: Oberbürgermeister"), not a unit.
_PERSON_TITLE = re.compile(r"^(?:Ober)?[Bb]ürgermeister(?:in)?$|^Landr(?:at|ätin)$|^\w*[Dd]ezernent(?:in)?$")
_OFFICE_NAME = re.compile(r"^(?:\d[\d.]*\s+)?[A-ZÄÖÜ][\w.\- ,/äöüßÄÖÜ]{3,79}$")

_BODY_NAME = re.compile(r"^[A-ZÄÖÜ][\w.\- ,()/äöüßÄÖÜ]{2,119}$")


def _with_row_dates(result: dict) -> dict:
    """Add the days of Beratungsfolge rows to a paper page's dates where its text does not print them: the
    rows are printed on the page but are not part of the text the NLP reads."""
    days = [{"value": c["date"][:10], "text": c["date"][:10], "start": None, "end": None, "page": None,
             "kind": "consultation"} for c in result["consultations"] if isinstance(c.get("date"), str)]
    return _with_missing_dates(result, days)


def _with_missing_dates(result: dict, printed: list[dict]) -> dict:
    """Add the dates a page's parsed parts print (its Beratungsfolge, its agenda's titles) as often as the text
    the NLP read leaves them out."""
    counted: dict[str, int] = {}
    for d in result["dates"]:
        counted[d["value"]] = counted.get(d["value"], 0) + 1
    for d in printed:
        if counted.get(d["value"], 0) > 0:
            counted[d["value"]] -= 1
        else:
            result["dates"].append(d)
    return result


MAX_PAGE_TEXT = 2_000_000  # characters of a page's text the NLP reads (a 45 MB page must not take minutes)
# Keys of an API object that hold no text a reader sees: ids, links, system timestamps, file names.
_NOT_TEXT = {"id", "type", "url", "web", "accessUrl", "downloadUrl", "created", "modified", "license", "mimeType",
             "fileName", "sha1Checksum", "sha512Checksum", "size"}
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def _json_or_none(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return None


def _json_texts(value: object, texts: list[str], dates: list[dict], key: str = "", depth: int = 0) -> None:
    """Collect an API response's strings, and the date part of its objects' own date values."""
    if depth > 20:
        return
    if isinstance(value, str):
        if apijson.is_date_key(key) and (m := _ISO_DATE.fullmatch(value.strip())):
            dates.append({"value": m.group(1), "text": value, "start": None, "end": None, "page": None,
                          "kind": key})
        elif not value.startswith(("http://", "https://")):
            texts.append(value)
    elif isinstance(value, list):
        for item in value:
            _json_texts(item, texts, dates, key, depth + 1)
    elif isinstance(value, dict):
        seen: set[str] = set()
        for name, item in value.items():
            # An object that gives one text twice prints it once (SessionNet 6's "text" and "textLang").
            if name not in _NOT_TEXT and not (isinstance(item, str) and item in seen):
                _json_texts(item, texts, dates, name, depth + 1)
            if isinstance(item, str):
                seen.add(item)


def _noted(result: dict, note: str | None) -> dict:
    if note:
        result["text_note"] = note
    return result


MAX_ORGANIZATION_LIST = 20 * 1024 * 1024


def read_organization_list(path: Path) -> Spellings:
    """The spellings of the organisations an OParl organisation list names (a JSON list of Organization objects,
    or a list page with them under "data", as `/bodies/…/organizations` serves it)."""
    if path.exists() and path.is_file() and path.stat().st_size > MAX_ORGANIZATION_LIST:
        raise ExtractError(f"{path}: larger than {MAX_ORGANIZATION_LIST // (1024 * 1024)} MB")
    content = _read(path)
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise ExtractError(f"{path}: not JSON (an OParl organisation list is expected)") from None
    items = data.get("data") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ExtractError(f"{path}: not an OParl organisation list (a JSON list of Organization objects)")
    rows = tuple((item.get("name"), item.get("shortName")) for item in items
                 if isinstance(item.get("name"), str) and isinstance(item.get("shortName"), (str, type(None))))
    if not rows:
        raise ExtractError(f"{path}: no organisation with a name")
    return organization_spellings(rows)


def _read(path: Path) -> bytes:
    if not path.exists():
        raise ExtractError(f"{path}: file not found")
    if path.is_dir():
        raise ExtractError(f"{path}: is a folder, not a file")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ExtractError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror})") from None


def empty(source: str, kind: str) -> dict:
    return {
        "source": source,
        "kind": kind,
        "reference": None,
        "title": None,
        "paper_type": None,
        "consultations": [],
        "references": [],
        "dates": [],
        "organizations": [],
        "topics": [],
        "votes": [],
        "process_steps": [],
    }


def _findings(result: dict, analysis: Analysis, own: str | None) -> dict:
    refs = []
    for f in analysis.of("reference"):
        if f.value != own and f.value not in refs:
            refs.append(f.value)
    result["references"] = refs
    result["dates"] = [
        {"value": f.value, "text": f.text, "start": f.start, "end": f.end, "page": f.page, "kind": f.kind}
        for f in analysis.of("date")
    ]
    names: dict[str, dict] = {}
    for f in analysis.of("organization"):
        names.setdefault(f.value, {"name": f.value, "kind": f.kind, "mentions": 0})["mentions"] += 1
    result["organizations"] = list(names.values())
    result["topics"] = [
        {k: t[k] for k in ("key", "declared", "mentions", "evidence")} | {"label": t["label"]}
        for t in topic_summary(analysis)
    ]
    result["process_steps"] = [{k: step[k] for k in ("date", "organization", "kind", "outcome", "text", "page", "start",
                                                     "end")} for step in analysis.process_steps]
    return result


def _id_part(url: str) -> str:
    """The part of an object's URL that tells it from its siblings."""
    path, _, query = url.partition("?")
    return query or path.rstrip("/").rpartition("/")[2]


def _consultation(c) -> dict:
    return {
        # A body given only by its id (OParl) is named by the id's last part ("…/organization/1-2": "1-2"), or its
        # query where the id is one ("…/organizations.asp?typ=gr&id=2346": "typ=gr&id=2346", ALLRIS's OParl 1.0).
        "organization": c.organization or _id_part(c.organization_url or ""),
        "date": c.date,
        "role": c.role,
        "result": c.result,
        "outcome": normalize_outcome(c.result),
        "votes": result_votes(c.result),
        "meeting": c.meeting_url,
        "agenda_item": c.agenda_item_url,
    }


def _paper(source: str, paper) -> dict:
    result = empty(source, "paper")
    result.update(
        reference=paper.reference,
        title=paper.title,
        paper_type=paper.paper_type,
        consultations=[_consultation(c) for c in paper.consultations],
    )
    result["votes"] = [vote for c in result["consultations"] for vote in c["votes"]]
    result["files"] = [{"url": f.url, "name": f.name} for f in paper.files]
    found = _findings(result, analyse([paper.title + "\n" + paper.text]), paper.reference)
    return _with_row_dates(_with_bodies(found, paper.lead_office))


def _meeting(source: str, meeting) -> dict:
    result = empty(source, "meeting")
    result.update(title=meeting.name or None)
    result["start"] = meeting.start
    result["organization"] = meeting.organization
    result["agenda_items"] = [
        {
            "number": i.number,
            "name": i.name,
            "public": i.public,
            "result": i.result,
            "outcome": normalize_outcome(i.result),
            "votes": result_votes(i.result, i.resolution_text),
            "reference": i.paper_reference,
        }
        for i in meeting.agenda_items
    ]
    result["votes"] = [vote for item in result["agenda_items"] for vote in item["votes"]]
    text = "\n".join(i.name for i in meeting.agenda_items)
    result = _findings(result, analyse([text]), None)
    result["reference"] = meeting.number
    result["references"] = sorted({i.paper_reference for i in meeting.agenda_items if i.paper_reference})
    return result


def _agenda_item(source: str, item) -> dict:
    result = empty(source, "agenda_item")
    result.update(title=item.name, reference=item.paper_reference, paper_type=paper_type_of(item.paper_type))
    result["result"] = item.result
    result["outcome"] = normalize_outcome(item.result)
    result["resolution_text"] = item.resolution_text
    result["votes"] = result_votes(item.result, item.resolution_text)
    if item.consultation is not None:  # the meeting's body and day the item's page prints, with its result
        result["consultations"] = [_consultation(item.consultation)]
    return _findings(result, analyse([item.name + "\n" + (item.resolution_text or "")]), item.paper_reference)


def _calendar(source: str, links) -> dict:
    """A list of meetings: links (HTML calendars), or whole meetings with their agenda and its votes (OParl)."""
    result = empty(source, "calendar")
    result["meetings"] = [_calendar_entry(m) for m in links]
    result["votes"] = [vote for m in links if isinstance(m, MeetingRecord) for i in m.agenda_items
                       for vote in result_votes(i.result, i.resolution_text)]
    return result


def _calendar_entry(m) -> dict:
    if isinstance(m, MeetingRecord):
        return {"name": m.name, "date": (m.start or "")[:10] or None, "start": m.start, "url": m.url,
                "has_agenda": bool(m.agenda_items)}
    return {"name": m.name, "date": m.date, "start": m.start, "url": m.url, "has_agenda": m.has_agenda}


def _paper_list(source: str, links) -> dict:
    result = empty(source, "paper_list")
    result["papers"] = [{"reference": p.reference, "title": p.title, "date": p.date, "paper_type": p.paper_type,
                         "url": p.url} for p in links]
    result["references"] = [p.reference for p in links if p.reference]
    return result


def _committee(source: str, organization) -> dict:
    result = empty(source, "committee")
    result.update(title=organization.name)
    result["organization"] = {"name": organization.name, "short_name": organization.short_name,
                              "kind": organization.kind, "url": organization.url}
    return result


_BY_KIND = {PAPER: _paper, MEETING: _meeting, AGENDA_ITEM: _agenda_item, CALENDAR: _calendar,
            PAPER_LIST: _paper_list, COMMITTEE: _committee}


def _document(source: str, pages: list[str], layout: dict | None = None, page: GenericPage | None = None,
              known: Spellings = ()) -> dict:
    """A document's findings: its head (pipeline.nlp.header), a Vorlage's header block and Beratungsfolge read by
    position (layout), and for an HTML page what scrapers.generic reads from its fields, headings and tables."""
    result = empty(source, "document")
    analysis = analyse(pages, known=known)
    header = (layout or {}).get("header") or {}
    own = header.get("reference") or analysis.reference
    at = next((f.start for f in analysis.of("reference") if f.kind == "own" and f.page == 1 and f.value == own), None)
    head = read_head(pages[0] if pages else "", own, at, pages[1:])
    if head.minutes:
        own = None  # minutes list the papers of their items; none is their own
    result["reference"] = own
    # Read by position, the header block's Betreff and type beat the lines of the text.
    result["title"] = header.get("title") or head.title
    result["paper_type"] = (None if head.minutes else paper_type_of(header.get("paper_type"))) or head.paper_type
    result["kind"] = head.kind
    consultations = [_without_extras(c) for c in analysis.consultations]
    for row in head.consultations:
        same = next((c for c in consultations if (c["organization"], c["date"]) == (row["organization"], row["date"])),
                    None)
        if same is None:
            consultations.append(_without_extras(row))
        elif same["result"] is None and row["result"]:
            same.update(result=row["result"], outcome=row["outcome"])
    result["consultations"] = consultations
    if layout and layout["consultations"]:
        result["consultations"] = [_without_extras(c) for c in layout["consultations"]]
    # A typed paper with its number, or without one where it names where it is consulted: an Anfrage of a local
    # council whose "Vorlage Nr." field is empty, with "Gremium … Termin" (Karlsruhe 609929), is a paper all the same.
    if (result["kind"] == "document" and not head.minutes and result["paper_type"]
            and (own or result["consultations"])):
        result["kind"] = "paper"
    if result["kind"] in ("meeting", "calendar"):
        result["consultations"] = []  # an agenda or a plan names meetings; it is consulted in none of them
    if page is not None:
        _page_head(result, page)
    result["votes"] = document_votes(pages)  # votes (issue 14): the whole text's
    return _with_bodies(_findings(result, analysis, result["reference"]))


def _page_head(result: dict, page: GenericPage) -> None:
    """What an HTML page's fields, headings and tables say (scrapers.generic) beats what its text suggests."""
    from_text = result["kind"]  # what the head of the page's text says (pipeline.nlp.header)
    result["kind"] = page.kind
    if page.kind in ("paper", "agenda_item", "document"):
        # A number the text merely prints first is no page's own; one its head labels is.
        result["reference"] = page.reference or (result["reference"] if from_text == "paper" else None)
        result["title"] = page.title or result["title"]
        result["paper_type"] = page.paper_type or result["paper_type"]
        if page.consultations:
            result["consultations"] = [_page_consultation(c) for c in page.consultations]
        if result["kind"] == "document" and result["reference"] and result["paper_type"]:
            result["kind"] = "paper"
    else:
        result.update(reference=page.reference, title=page.title, paper_type=None, consultations=[])


def _page_consultation(c) -> dict:
    return {"organization": c.organization, "date": c.date, "role": c.role, "result": c.result,
            "outcome": normalize_outcome(c.result), "page": 1}


def _without_extras(row: dict) -> dict:
    return {k: row[k] for k in ("organization", "date", "role", "result", "outcome", "page")}


def as_text(result: dict) -> str:
    """The result as readable text (`--format text`)."""
    lines = [
        f"Source:      {result['source']}",
        f"Kind:        {result['kind']}",
        f"Reference:   {result['reference'] or '-'}",
        f"Title:       {result['title'] or '-'}",
        f"Type:        {result['paper_type'] or '-'}",
    ]
    if result["consultations"]:
        lines.append("Beratungsfolge:")
        for c in result["consultations"]:
            lines.append(
                f"  {c['date'] or '          '}  {c['organization']}  [{c['role'] or '-'}]  "
                f"{c['result'] or ''}{' -> ' + c['outcome'] if c['outcome'] else ''}"
            )
    if result["references"]:
        lines.append("References:  " + ", ".join(result["references"]))
    if result["dates"]:
        lines.append(
            "Dates:       " + ", ".join(f"{d['value']} ({' '.join(d['text'].split())})" for d in result["dates"][:20])
        )
    if result["organizations"]:
        lines.append("Bodies:      " + ", ".join(o["name"] for o in result["organizations"]))
    for t in result["topics"]:
        lines.append(f"Topic:       {t['key']} ({'declared' if t['declared'] else 'mentioned'}, {t['mentions']}x)")
    lines.extend(f"Vote:        {_vote_line(vote)}" for vote in result.get("votes", []))
    lines.extend(f"Step:        {_step_line(step)}" for step in result.get("process_steps", []))
    for table in result.get("tables", []):
        lines.append(f"Table on page {table['page']}:")
        lines.extend("  " + " | ".join(" ".join(cell.split()) for cell in row) for row in table["rows"])
    return "\n".join(lines)


def _step_line(step: dict) -> str:
    """'2007-03-27 decision (beschlossen), Rat der Stadt Herne, page 1': when, what, who and where."""
    outcome = f" ({step['outcome']})" if step["outcome"] else ""
    return (f"{step['date'] or 'undated'} {step['kind']}{outcome}, {step['organization'] or 'no body named'}, "
            f"page {step['page']}")


def _vote_line(vote: dict) -> str:
    """'yes 41, no 4, abstain 3, not unanimous ("Bei 41 Ja-Stimmen, …")': the counts printed, then the text."""
    counts = [f"{name} {vote[name]}" for name in ("yes", "no", "abstain") if vote[name] is not None]
    flag = {True: ["unanimous"], False: ["not unanimous"], None: []}[vote["unanimous"]]
    return f"{', '.join(counts + flag)} (\"{vote['text']}\")"


def summary(result: dict) -> str:
    """One line saying what was found."""
    return (f"{result['kind']} {result['reference'] or '(no reference)'}: {len(result['consultations'])} "
            f"consultations, {len(result['dates'])} dates, {len(result['organizations'])} organisations, "
            f"{len(result['topics'])} topics" + (f", {len(result['tables'])} tables" if "tables" in result else ""))

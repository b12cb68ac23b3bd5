"""`pipeline extract`: what the pipeline finds in one local file, in the documented JSON shape."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import ExtractError, ParseError
from pipeline.fetch.sniff import sniff_mime
from pipeline.nlp import Analysis, analyse, topic_summary
from pipeline.crawl.systems import AGENDA_ITEM, CALENDAR, COMMITTEE, MEETING, PAPER, PAPER_LIST, classify
from pipeline.nlp.layout import read_layout
from pipeline.nlp.resources import check_data_files
from pipeline.nlp.rules import normalize_outcome
from pipeline.text.documents import extract as extract_text
from pipeline.text.tables import tables

MAX_BYTES = 200 * 1024 * 1024


def extract_file(path: Path, with_tables: bool = False) -> dict:
    """Everything extracted from one saved page, PDF or text file; with_tables adds a PDF's ruled tables.

    A page one of the registered council systems reads (pipeline.crawl.systems) is parsed by that
    system's parser, whatever its kind; anything else is read as a document.
    """
    content = _read(path)
    check_data_files()
    mime = sniff_mime(content)
    source = str(path)
    if with_tables and mime != "application/pdf":
        raise ExtractError(f"{path}: --tables needs a PDF, this is {mime}")
    if mime in ("text/html", "application/json"):
        found = classify(content, path.name)
        if found is not None:
            system, kind = found
            try:
                record = system.parsers[kind](content, source)
            except ParseError as exc:
                raise ExtractError(f"{path}: {exc.problem}") from None
            return {**_BY_KIND[kind](source, record), "system": system.name}
        if mime == "application/json":
            raise ExtractError(f"{path}: JSON that no council system's parser reads (OParl papers, meetings, "
                               "organisations and lists of papers or meetings are read)")
    document = extract_text(content, mime)
    if document.status != "ok" and not any(document.pages):
        raise ExtractError(f"{path}: {document.reason or document.status}")
    result = _document(source, document.pages, read_layout(content, document.head))
    result["text_method"] = document.method
    result["page_methods"] = document.page_methods
    if document.reason:
        result["text_note"] = document.reason
    if with_tables:
        try:
            result["tables"] = tables(content)
        except Exception as exc:  # noqa: BLE001 - pdfminer's errors are many; the message names the file
            raise ExtractError(f"{path}: cannot read the PDF's tables ({exc.__class__.__name__})") from None
    return result


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
    return result


def _consultation(c) -> dict:
    return {
        "organization": c.organization,
        "date": c.date,
        "role": c.role,
        "result": c.result,
        "outcome": normalize_outcome(c.result),
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
    result["files"] = [{"url": f.url, "name": f.name} for f in paper.files]
    return _findings(result, analyse([paper.title + "\n" + paper.text]), paper.reference)


def _meeting(source: str, meeting) -> dict:
    result = empty(source, "meeting")
    result.update(title=meeting.name)
    result["start"] = meeting.start
    result["organization"] = meeting.organization
    result["agenda_items"] = [
        {
            "number": i.number,
            "name": i.name,
            "public": i.public,
            "result": i.result,
            "outcome": normalize_outcome(i.result),
            "reference": i.paper_reference,
        }
        for i in meeting.agenda_items
    ]
    text = "\n".join(i.name for i in meeting.agenda_items)
    result = _findings(result, analyse([text]), None)
    result["references"] = sorted({i.paper_reference for i in meeting.agenda_items if i.paper_reference})
    return result


def _agenda_item(source: str, item) -> dict:
    result = empty(source, "agenda_item")
    result.update(title=item.name, reference=item.paper_reference)
    result["result"] = item.result
    result["outcome"] = normalize_outcome(item.result)
    result["resolution_text"] = item.resolution_text
    return _findings(result, analyse([item.name + "\n" + (item.resolution_text or "")]), item.paper_reference)


def _calendar(source: str, links) -> dict:
    result = empty(source, "calendar")
    result["meetings"] = [{"name": m.name, "date": m.date, "start": m.start, "url": m.url,
                           "has_agenda": m.has_agenda} for m in links]
    return result


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


PAPER_TYPES = (
    "Beschlussvorlage",
    "Mitteilungsvorlage",
    "Informationsvorlage",
    "Verwaltungsvorlage",
    "Dringlichkeitsvorlage",
    "Änderungsantrag",
    "Ergänzungsantrag",
    "Antrag",
    "Anfrage",
    "Stellungnahme",
    "Niederschrift",
    "Bericht",
    "Beschlussempfehlung",
    "Vorlage",
)


def _document(source: str, pages: list[str], layout: dict | None = None) -> dict:
    result = empty(source, "document")
    text = pages[0] if pages else ""
    analysis = analyse(pages)
    result["reference"] = analysis.reference
    header = (layout or {}).get("header") or {}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = lines[:12]
    result["paper_type"] = next((t for line in head for t in PAPER_TYPES if line.startswith(t)), None)
    title_line = next((line for line in head if line.lower().startswith("betreff")), None)
    if title_line:
        result["title"] = title_line.split(":", 1)[-1].strip() or None
    else:
        result["title"] = next(
            (
                line
                for line in head
                if not re.match(r"^(Vorlage|Drucksache|Gedruckt)\b", line)
                and line not in PAPER_TYPES
                and not line.endswith(":")
                and len(line) > 8
                and not line.startswith("BEISPIELDATEN")
            ),
            None,
        )
    result["consultations"] = [_without_extras(c) for c in analysis.consultations]
    # Read by position, the header block and the Beratungsfolge table beat the line heuristics above.
    for key in ("reference", "title", "paper_type"):
        result[key] = header.get(key) or result[key]
    if layout and layout["consultations"]:
        result["consultations"] = [_without_extras(c) for c in layout["consultations"]]
    return _findings(result, analysis, result["reference"])


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
    for table in result.get("tables", []):
        lines.append(f"Table on page {table['page']}:")
        lines.extend("  " + " | ".join(" ".join(cell.split()) for cell in row) for row in table["rows"])
    return "\n".join(lines)


def summary(result: dict) -> str:
    """One line saying what was found."""
    return (f"{result['kind']} {result['reference'] or '(no reference)'}: {len(result['consultations'])} "
            f"consultations, {len(result['dates'])} dates, {len(result['organizations'])} organisations, "
            f"{len(result['topics'])} topics" + (f", {len(result['tables'])} tables" if "tables" in result else ""))

"""API responses no vendor parser claims: a meeting, a meeting calendar or a paper, read by what the keys mean.

Council systems with their own JSON (KIC's RIS API, regisafe's calendar feed, in-house portals)
name the same things differently: `meetingdate` or `start` or `datum`, `agendaitems` or
`tagesordnung`, `committeename` or `gremium`. Keys are compared without case, digits and
punctuation. Anything that is not recognisably a meeting, a calendar or a paper is left to the
caller (kind None), which reads it as a document.
"""

from __future__ import annotations

import json
import re

from pipeline.errors import LayoutChanged
from pipeline.model import AgendaItemRecord, MeetingLink, MeetingRecord, PaperRecord
from scrapers import oparl
from scrapers.base import ROW_CAP, german_date, make_soup

MEETING, CALENDAR, PAPER = "meeting", "calendar", "paper"
MAX_DEPTH = 6

_NAME = ("name", "title", "titel", "bezeichnung", "betreff", "subject", "sitzungsname", "label")
_DATE = ("start", "startdate", "startdatetime", "begin", "beginn", "meetingdate", "sitzungsdatum", "datum", "date",
         "termin")
_AGENDA = ("agendaitems", "agendaitem", "agenda", "tagesordnung", "tagesordnungspunkte", "tops", "topliste")
_LISTS = ("data", "items", "events", "results", "sitzungen", "meetings", "termine", "entries", "records")
_BODY = ("committeename", "organizationname", "gremiumname", "gremium", "committee", "bodyname", "ausschuss")
_NUMBER = ("number", "numbering", "nummer", "topnummer", "topnr", "top", "num", "order", "position")
_REFERENCE = ("reference", "vorlagennummer", "vorlagenummer", "drucksachennummer", "drucksachennr", "vorlagenr",
              "dsnr", "aktenzeichen")
_URL = ("url", "link", "sessionlink", "web", "href", "weburl", "detailurl")
_RESULT = ("result", "ergebnis", "beschluss", "beschlussergebnis", "decision")
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?)?")


def load(content: bytes, url: str) -> object:
    """The parsed JSON; a LayoutChanged when it is none."""
    try:
        return json.loads(content)
    except ValueError:
        raise LayoutChanged(url, "JSON", "API") from None


def kind_of(data: object) -> str | None:
    """meeting, calendar or paper, when the keys say so; else None (OParl objects are the OParl parser's:
    what it does not read, such as a list of organisations with their startDate, is no calendar)."""
    for probe in (data, next(iter(_entries(data)), {})):
        if isinstance(probe, dict) and isinstance(probe.get("type"), str) and "oparl.org" in probe["type"]:
            return None
    if isinstance(data, dict):
        if _agenda(data) is not None and _value(data, _DATE) is not None:
            return MEETING
        if _value(data, _REFERENCE) and _value(data, _NAME):
            return PAPER
    entries = _entries(data)
    if entries and sum(1 for e in entries if _value(e, _DATE) and (_value(e, _NAME) or _value(e, _BODY))) \
            >= max(1, len(entries) // 2):
        return CALENDAR
    return None


def parse_meeting(content: bytes, url: str) -> MeetingRecord:
    """A meeting object with its agenda (KIC: `parts[].agendaitems[]`)."""
    data = load(content, url)
    if not isinstance(data, dict) or (items := _agenda(data)) is None:
        raise LayoutChanged(url, "agenda items", "API meeting")
    day, time = _when(_value(data, _DATE))
    agenda = []
    for position, item in enumerate(items[:ROW_CAP], start=1):
        name = _text(_value(item, _NAME))
        if not name:
            continue
        number = _text(_value(item, _NUMBER)) or str(position)
        agenda.append(AgendaItemRecord(url=f"{url}#top-{_text(item.get('id')) or position}", number=number,
                                       position=position, name=name, result=_text(_value(item, _RESULT))))
    return MeetingRecord(url=_text(_value(data, _URL)) or url, name=_text(_value(data, _NAME)) or "",
                         start=f"{day}T{time}" if day and time else day, organization=_text(_value(data, _BODY)),
                         agenda_items=agenda)


def parse_calendar(content: bytes, url: str) -> list[MeetingLink]:
    """The meetings of a calendar feed (regisafe: `label`, `start`, `sessionLink` and an HTML snippet)."""
    entries = _entries(load(content, url))
    if not entries:
        raise LayoutChanged(url, "list of meetings", "API calendar")
    links = []
    for number, entry in enumerate(entries[:ROW_CAP], start=1):
        day, time = _when(_value(entry, _DATE))
        name = _text(_value(entry, _BODY)) or _text(_value(entry, _NAME))
        if not name or not day:
            continue
        links.append(MeetingLink(url=_text(_value(entry, _URL)) or f"{url}#{number}", name=name, date=day,
                                 start=f"{day}T{time}" if time else None))
    return links


def parse_paper(content: bytes, url: str) -> PaperRecord:
    """A paper object: its number, subject and type."""
    data = load(content, url)
    if not isinstance(data, dict) or not _value(data, _REFERENCE):
        raise LayoutChanged(url, "reference", "API paper")
    day, _ = _when(_value(data, ("date", "datum", "publisheddate")))
    # OParl's consultations in a paper that lost its "type" (an archive's copy: levino/nordstemmen-ai keeps SD.NET
    # RIM's papers as metadata.json without it).
    consultations = [oparl.parse_consultation(item) for item in (data.get("consultation") or [])[:ROW_CAP]
                     if isinstance(item, dict) and str(item.get("type", "")).endswith("/Consultation")] \
        if isinstance(data.get("consultation"), list) else []
    return PaperRecord(url=_text(_value(data, _URL)) or url, reference=_text(_value(data, _REFERENCE)),
                       title=_text(_value(data, _NAME)) or "",
                       paper_type=_text(_value(data, ("papertype", "vorlagenart", "vorlageart", "art", "typ", "type"))),
                       date=day, consultations=consultations)


def is_date_key(name: str) -> bool:
    """Whether a key holds its object's own date (start, end, meetingdate, datum …), not a system timestamp."""
    return _key(name) in _DATE or _key(name) in ("end", "enddate", "ende", "enddatetime")


def _key(name: str) -> str:
    return re.sub(r"[^a-zäöüß]", "", name.lower())


def _value(data: object, names: tuple[str, ...]):
    """The first of the named keys that holds something (keys compared without case and punctuation)."""
    if not isinstance(data, dict):
        return None
    found: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(key, str) and value not in (None, "", [], {}):
            found.setdefault(_key(key), value)
    return next((found[name] for name in names if name in found), None)


def _agenda(data: dict, depth: int = 0) -> list[dict] | None:
    """The agenda items: a list under an agenda key, here or in a part of the meeting (KIC's `parts`)."""
    if depth > 2:
        return None
    for key, value in data.items():
        if isinstance(key, str) and _key(key) in _AGENDA and isinstance(value, list):
            return [item for item in value if isinstance(item, dict)]
    gathered: list[dict] | None = None
    for value in data.values():
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, dict):
                found = _agenda(part, depth + 1)
                if found is not None:
                    gathered = (gathered or []) + found
    return gathered


def _entries(data: object, depth: int = 0) -> list[dict]:
    """The objects of a list response: a bare array, or the array under data/items/events …."""
    if isinstance(data, list):
        return [e for e in data if isinstance(e, dict)]
    if isinstance(data, dict) and depth < MAX_DEPTH:
        for key, value in data.items():
            if isinstance(key, str) and _key(key) in _LISTS:
                return _entries(value, depth + 1)
    return []


def _when(value: object) -> tuple[str | None, str | None]:
    """Day and time of a date value: ISO ("2026-07-15T00:00:00": no time) or German ("15.07.2026")."""
    text = _text(value) or ""
    m = _ISO.match(text)
    if m:
        time = m.group(2)
        return m.group(1), time if time and time != "00:00" else None
    return german_date(text), None


def _text(value: object) -> str | None:
    """A value as one line of text; HTML snippets lose their tags."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return None
    if "<" in value and ">" in value:
        value = make_soup(value.encode("utf-8")).get_text(" ")
    return " ".join(value.split()) or None

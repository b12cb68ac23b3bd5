"""SessionNet 6 (Somacos): its JSON interface (api/v1/) read into records; pure, bytes and URL in.

The app (an Angular page, see sessionnet.is_app_shell) reads everything from <base>api/v1/: the
meetings of a period (sitzungen?von=…&bis=…), a meeting's agenda (sitzungen/{siNr}/tagesordnung),
the documents of its items (…/tagesordnung/dokumente) and the committees (gremien). Examples:
corpus sessionnet/sessionnet6_sangerhausen_sitzungen.json and sessionnet6_sangerhausen_tagesordnung_2217.json.
"""

from __future__ import annotations

import json
import re
from datetime import date

from pipeline.errors import LayoutChanged, ParseError
from pipeline.model import AgendaItemRecord, FileRef, MeetingLink, MeetingRecord
from scrapers.base import ROW_CAP, file_role, german_datetime, is_cancelled

LAYOUT = "SessionNet 6"
PUBLIC = 1  # oSt of a public agenda item; the interface serves the public part only, checked anyway
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"


def meetings_url(base: str, since: date, until: date) -> str:
    """The meetings between two days (both included)."""
    return f"{base}api/v1/sitzungen?von={since.isoformat()}&bis={until.isoformat()}"


def agenda_url(base: str, sinr: str | int) -> str:
    """A meeting's agenda."""
    return f"{base}api/v1/sitzungen/{sinr}/tagesordnung"


def documents_url(base: str, sinr: str | int) -> str:
    """The documents of a meeting's agenda items."""
    return f"{agenda_url(base, sinr)}/dokumente"


def committees_url(base: str) -> str:
    """The committees (grNr and name)."""
    return f"{base}api/v1/gremien"


def meeting_page(base: str, sinr: str | int) -> str:
    """The app's page of a meeting: the meeting's identity."""
    return f"{base}sitzungen/{sinr}"


def base_of(url: str) -> str:
    """The app's folder of an interface URL (everything before api/v1/)."""
    return url.split("api/v1/", 1)[0] if "api/v1/" in url else url[: url.rfind("/") + 1]


def is_json(content: bytes) -> bool:
    """Whether a response is JSON rather than a page (the interface's answers are lists)."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


def kind_of(content: bytes) -> str | None:
    """'calendar' for a meeting list, 'meeting' for an agenda, 'documents' or 'committees'; None for other JSON."""
    try:
        rows = _rows(content, "")
    except ParseError:
        return None
    first = rows[0] if rows else {}
    if "siNr" in first and ("dat" in first or "beginn" in first):
        return "calendar"
    if "toNr" in first and "doNr" in first:
        return "documents"
    if "toNr" in first and ("nummer" in first or "text" in first):
        return "meeting"
    if "grNr" in first and "name" in first:
        return "committees"
    return None


def _rows(content: bytes, url: str) -> list[dict]:
    """The objects of a list answer, at most ROW_CAP of them."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise ParseError(url, "not JSON (outside api/v1/, SessionNet 6 answers with its app page)") from None
    if not isinstance(data, list):
        raise LayoutChanged(url, "a list of objects", LAYOUT)
    return [row for row in data[:ROW_CAP] if isinstance(row, dict)]


def _number(value) -> str | None:
    """A positive id as text; 0, empty or anything else is no id."""
    text = str(value if value is not None else "").strip()
    return text if text.isdigit() and int(text) > 0 else None


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def parse_meetings(content: bytes, url: str) -> list[MeetingLink]:
    """The meetings of a list answer (sitzungen?von=…&bis=…), with their local start times."""
    base = base_of(url)
    links: list[MeetingLink] = []
    for row in _rows(content, url):
        sinr, day = _number(row.get("siNr")), _text(row.get("dat"))[:10]
        if sinr is None or not re.fullmatch(_ISO_DAY, day):
            continue
        # Quirk: "beginn" is UTC ("2026-09-09T16:00:00Z"); "sb" is the local time the app shows ("18:00").
        start = german_datetime(_german(day), _text(row.get("sb"))) or day
        links.append(MeetingLink(url=meeting_page(base, sinr), name=_text(row.get("name")) or "Sitzung", date=day,
                                 start=start, has_agenda=bool(row.get("freigabeDatum"))))
    return links


def meeting_record(row: dict, base: str, agenda: list[AgendaItemRecord], committee: str | None = None) -> MeetingRecord:
    """A meeting of the list answer (one object of it) with its agenda."""
    sinr = _number(row.get("siNr")) or "0"
    name = _text(row.get("name")) or "Sitzung"
    day = _text(row.get("dat"))[:10]
    return MeetingRecord(
        url=meeting_page(base, sinr),
        name=name,
        start=german_datetime(_german(day), _text(row.get("sb"))) if re.fullmatch(_ISO_DAY, day) else None,
        # "se" is the local end time as the app shows it ("ende" is UTC, like "beginn").
        end=german_datetime(_german(day), _text(row.get("se"))) if re.fullmatch(_ISO_DAY, day) and _text(row.get("se"))
        else None,
        organization=committee,
        location=", ".join(x for x in (_text(row.get("raum")), _text(row.get("ort"))) if x) or None,
        cancelled=is_cancelled(name),
        agenda_items=agenda,
    )


def meeting_rows(content: bytes, url: str) -> dict[str, dict]:
    """The objects of a list answer by siNr, for meeting_record."""
    return {sinr: row for row in _rows(content, url) if (sinr := _number(row.get("siNr")))}


def parse_agenda(content: bytes, url: str) -> list[AgendaItemRecord]:
    """The public items of an agenda answer (sitzungen/{siNr}/tagesordnung) in their order."""
    rows = [row for row in _rows(content, url) if _number(row.get("toNr"))]
    rows.sort(key=_sort_key)
    page = _meeting_of(url)
    items: list[AgendaItemRecord] = []
    for row in rows:
        if row.get("oSt") not in (PUBLIC, str(PUBLIC)):
            continue  # not public: the interface should not serve it, the store must not hold it
        name = _text(row.get("text")) or _text(row.get("textLang"))
        if not name:
            continue
        number = _text(row.get("nummer")).rstrip(".")
        items.append(AgendaItemRecord(
            url=f"{page}#top-{_number(row['toNr'])}",
            number=f"Ö {number}".strip(),
            position=len(items) + 1,
            name=name,
            public=True,
            result=_result(row),
            # voNr names the paper; the interface has no paper page to link.
        ))
    return items


def _result(row: dict) -> str | None:
    """The decision as printed ("mehrheitlich beschlossen"), with the vote where the answer gives one."""
    decision = _text(row.get("beschluss"))
    votes = row.get("abstimmungErgebnis")
    counted = ""
    if isinstance(votes, dict):
        # abstimmungErgebnis counts {"ja", "nein", "enthaltung", "befangen"}; kept in the words the app prints.
        parts = [(label, votes.get(key)) for key, label in (("ja", "Ja"), ("nein", "Nein"),
                                                              ("enthaltung", "Enthaltungen"), ("befangen", "Befangen"))]
        counted = ", ".join(f"{label}: {value}" for label, value in parts
                            if isinstance(value, int) and not isinstance(value, bool))
    if decision and counted:
        return f"{decision}; Abstimmung: {counted}"
    return decision or (f"Abstimmung: {counted}" if counted else None)


def _meeting_of(url: str) -> str:
    """The app's page of the meeting an agenda or documents answer belongs to."""
    m = re.search(r"sitzungen/(\d+)/tagesordnung", url)
    return meeting_page(base_of(url), m.group(1)) if m else url


def parse_meeting(content: bytes, url: str) -> MeetingRecord:
    """An agenda answer on its own (`pipeline extract`): its items; it prints no name, body or day of its meeting."""
    return MeetingRecord(url=_meeting_of(url), name="", agenda_items=parse_agenda(content, url))


def parse_documents(content: bytes, url: str) -> dict[str, list[FileRef]]:
    """The documents of an agenda's items (…/tagesordnung/dokumente): by the item's URL, in their order."""
    page = _meeting_of(url)
    rows = [row for row in _rows(content, url) if _number(row.get("toNr")) and _number(row.get("doNr"))]
    rows.sort(key=_sort_key)
    files: dict[str, list[FileRef]] = {}
    for row in rows:
        ref = _text(row.get("ref"))
        if not ref:
            continue
        name = _text(row.get("name")) or "Dokument"
        target = ref if re.match(r"https?://", ref) else base_of(url) + ref.lstrip("/")
        item = f"{page}#top-{_number(row['toNr'])}"
        files.setdefault(item, []).append(FileRef(url=target, name=name, role=file_role(name)))
    return files


def parse_committees(content: bytes, url: str) -> dict[str, str]:
    """Committee names by grNr (gremien)."""
    return {grnr: _text(row.get("name")) for row in _rows(content, url)
            if (grnr := _number(row.get("grNr"))) and _text(row.get("name"))}


def committee_of(content: bytes, url: str, committees: dict[str, str]) -> str | None:
    """The committee an agenda answer's items name (grNr), if the committees are known."""
    numbers = [_number(row.get("grNr")) for row in _rows(content, url)]
    return next((committees[n] for n in numbers if n and n in committees), None)


def _sort_key(row: dict) -> int:
    """The order the app shows (sort), 0 where it is missing."""
    value = row.get("sort")
    return value if isinstance(value, int) else 0


def _german(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"

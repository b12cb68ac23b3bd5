"""The Beratungsfolge of any council page: the tables and lists whose headers or rows carry body, date and result.

Read are
- tables with a header row naming a body and a date column ("Termin | Gremium | Beschluss | Abstimmung" of SD.NET
  RIM, "Beratungsfolge | Datum | TOP | … | Ja | Nein | Enth." of PROVOX, "Status | Datum | Gremium | Beschluss" of
  ALLRIS 4, whose workflow rows name body and role and whose session rows below them date and result);
- tables without a header and lists under a heading that names consultations ("Beratungsverlauf", "Ergebnisse",
  "Zugehörige Sitzungen"), one row or item per session: "04.05.2026: Stadtbezirksrat Vahrenwald-List: Einstimmig".
A row is read only where it prints a body; nothing is inferred that the page does not print.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from pipeline.model import ConsultationRecord
from scrapers.base import block_text, german_date, line_text
from scrapers.labels import body_of, short_text

_COLUMNS = (
    ("body", re.compile(r"^(?:Gremi(?:um|en)|Beratungsfolge|Beratungsgremi\w*|Ausschuss|Organ|Körperschaft|"
                        r"Sitzung|Sitzungen)$", re.I)),
    ("date", re.compile(r"^(?:Datum|Termin|Sitzungstermin|Sitzungsdatum|Sitzung am|Beratungsdatum|Tag|Beginn)$", re.I)),
    ("role", re.compile(r"^(?:Zuständigkeit|Beratungsart|Rolle|Art der Beratung|Beratung|Behandlung|Funktion|"
                        r"Beratungszweck)$", re.I)),
    ("result", re.compile(r"^(?:Ergebnis|Beschluss|Beschlussart|Beschlussergebnis|Abstimmung|Abstimmungsergebnis|"
                          r"Entscheidung|Beratungsergebnis)$", re.I)),
    ("yes", re.compile(r"^(?:Ja|Ja-Stimmen|Dafür)$", re.I)),
    ("no", re.compile(r"^(?:Nein|Nein-Stimmen|Dagegen)$", re.I)),
    ("abstain", re.compile(r"^(?:Enth\.?|Enthaltung(?:en)?|Stimmenthaltung(?:en)?)$", re.I)),
)
# What a table or list without a header row must be headed by to be read as consultations.
CONTEXT = re.compile(r"Beratungsfolge|Beratungsverlauf|Beratungen|Beratungsergebnis|Ergebnisse|Beschlüsse|"
                     r"Zugehörige Sitzungen|Behandelt in|Sitzungsverlauf|Gremienlauf|Beratungsweg", re.I)
# The role a body has in the sequence, where a row prints it in place of a result (ALLRIS 4 workflow rows).
ROLE = re.compile(r"^(?:Vorberatung|Entscheidung|Anhörung|Kenntnisnahme|Beschlussfassung|Beratung|Vorbehandlung|"
                  r"Mitteilung|Behandlung|Vorlage zur Kenntnis|Empfehlung|Zur Kenntnisnahme|Zur Beratung)$", re.I)
# Words of a printed result, for rows without a header that would say which cell holds it (the NLP's full list
# is data/nlp/beratungsfolge.toml; a parser reads no data files): a place or a link text is no result.
RESULT = re.compile(r"beschlossen|abgelehnt|vertagt|zurückgezogen|zurückgestellt|kenntnis|empfohlen|verwiesen|"
                    r"geändert|zugestimmt|angenommen|erledigt|abgesetzt|genehmigt|einstimmig|mehrheitlich|zustimmung|"
                    r"ablehnung|vorberaten|nach antrag|beschluss|in die fraktionen? gezogen", re.I)
_DAY = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b")
_WEEKDAY = re.compile(r"^(?:Mo|Di|Mi|Do|Fr|Sa|So|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\.?,?\s+",
                      re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*-\s*\d{1,2}[:.]\d{2})?\s*(?:Uhr)?\b|\bUhr\b")
_SEPARATOR = re.compile(r"\s*(?::|\||–|—|\s-\s|;)\s*")
_BODY_TEXT = re.compile(r"^[A-ZÄÖÜ0-9][^\n]{1,119}$")
MAX_ROWS = 200  # rows read per table or list: a real Beratungsfolge has a dozen


def consultations(soup: BeautifulSoup, headed_only: bool = False) -> list[ConsultationRecord]:
    """Every consultation the page's tables and lists print, in page order (tables first); `headed_only` reads only
    those under a caption or heading that names consultations ('Beratungsfolge', 'Zugehörige Sitzungen')."""
    rows: list[ConsultationRecord] = []
    for table in soup.find_all("table"):
        if table.find("table") is None and (not headed_only or CONTEXT.search(_context(table))):
            rows.extend(_table(table))  # layout tables that hold tables are read through their inner ones
    for items in soup.find_all(["ul", "ol"]):
        rows.extend(_list(items))
    taken: set[int] = set()  # the boxes read: a row of one is not read again as a list of its own
    for box in soup.find_all(["div", "section"], limit=5000):
        if id(box) not in taken and not any(id(parent) in taken for parent in box.parents):
            rows.extend(_boxes(box, taken))
    return rows


def _cells(row: Tag) -> list[Tag]:
    """A row's cells, each repeated by its colspan, so that cells line up with the header's columns."""
    out: list[Tag] = []
    for cell in row.find_all(["td", "th"], recursive=False):
        try:
            span = max(1, min(int(str(cell.get("colspan") or 1)), 20))
        except ValueError:
            span = 1
        out.extend([cell] * span)
    return out


def _rows(table: Tag) -> list[Tag]:
    rows: list[Tag] = []
    for part in [table] + table.find_all(["thead", "tbody", "tfoot"], recursive=False):
        rows.extend(part.find_all("tr", recursive=False))
    return rows[:MAX_ROWS]


def _column_map(texts: list[str]) -> dict[str, list[int]]:
    columns: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        text = text.strip().rstrip(":").strip()
        for key, pattern in _COLUMNS:
            if pattern.match(text):
                if index not in columns.get(key, []):
                    columns.setdefault(key, []).append(index)
                break
    return columns


def _table(table: Tag) -> list[ConsultationRecord]:
    rows = _rows(table)
    for index, row in enumerate(rows[:3]):
        texts = [line_text(c) for c in _cells(row)]
        if any(t.endswith(":") for t in texts):
            continue  # label cells of a form ("Gremium: | Ausschuss …"), not a table's header
        columns = _column_map(texts)
        if "body" in columns and {"date", "role", "result"} & set(columns) and not _DAY.search(line_text(row)):
            found = _by_columns(rows[index + 1:], columns)
            return found if any(c.date or c.role for c in found) else []
    if rows and CONTEXT.search(_context(table)):
        lines = (_line(" | ".join(line_text(c) for c in row.find_all(["td", "th"], recursive=False))) for row in rows)
        return [found for found in lines if found is not None]
    return []


def _by_columns(rows: list[Tag], columns: dict[str, list[int]]) -> list[ConsultationRecord]:
    out: list[ConsultationRecord] = []
    workflow: ConsultationRecord | None = None  # an ALLRIS 4 workflow row: body and role; sessions follow
    used = False
    for row in rows:
        cells = [line_text(c) for c in _cells(row)]
        get = _getter(cells, columns)
        body, day = get("body"), _date(get("date") or (get("body") if "date" not in columns else ""))
        result = "; ".join(cells[i] for i in columns.get("result", []) if i < len(cells) and cells[i]) or None
        role = get("role") or None
        if not body or not _BODY_TEXT.match(body) or body.endswith(":"):
            continue
        if day is None and result and ROLE.match(result) and not role:
            if workflow is not None and not used:
                out.append(workflow)
            workflow, used, role, result = ConsultationRecord(organization=body, role=result), False, None, None
            continue
        result = result or _votes(get("yes"), get("no"), get("abstain"))
        name = body_of(_DAY.sub("", body).strip(" ,-")) or body
        if day is not None and workflow is not None and _session_of(body, workflow.organization):
            out.append(ConsultationRecord(organization=workflow.organization, role=workflow.role, date=day,
                                          result=result))
            used = True
            continue
        if workflow is not None and not used:
            out.append(workflow)
        workflow = None  # a row of its own ends the workflow row's sessions
        out.append(ConsultationRecord(organization=name, role=role, date=day, result=result))
    if workflow is not None and not used:
        out.append(workflow)
    return out


def _session_of(body: str, workflow_body: str) -> bool:
    """Whether a dated row is a session of the workflow row above it ('Sitzung des Schulausschusses' under
    'Schulausschuss'), not a body's row of its own."""
    named = body_of(body) or body
    return body.lower().startswith(("sitzung", "öffentliche sitzung")) or named.lower() in workflow_body.lower() \
        or workflow_body.lower() in named.lower()


def _getter(cells: list[str], columns: dict[str, list[int]]):
    """The text of a row's cells under one header (several columns of one kind joined)."""

    def get(key: str) -> str:
        return " ".join(cells[i] for i in columns.get(key, []) if i < len(cells) and cells[i]).strip()

    return get


def _votes(yes: str, no: str, abstain: str) -> str | None:
    """The result the vote columns print: 'Einstimmig' across them, or 'Ja 38, Nein 0, Enthaltung 0'."""
    if yes and not yes.isdigit():
        return yes  # one cell spanning the three columns
    counts = [f"{name} {value}" for name, value in (("Ja", yes), ("Nein", no), ("Enthaltung", abstain)) if value]
    return ", ".join(counts) or None


def _date(text: str) -> str | None:
    return german_date(m.group(0)) if (m := _DAY.search(text or "")) else None


def _context(element: Tag) -> str:
    """The caption or the nearest heading-like text before a table or list (within three levels up)."""
    caption = element.find("caption", recursive=False) if element.name == "table" else None
    if caption is not None:
        return short_text(caption, 100)
    node: Tag | None = element
    for _ in range(3):
        if node is None:
            break
        before = node.find_previous_sibling()
        for _ in range(5):  # empty elements between a heading and its table are passed over, a few of them
            if before is None or short_text(before, 100):
                break
            before = before.find_previous_sibling()
        if before is not None and (text := short_text(before, 100)):
            return text if len(text) <= 80 else ""
        node = node.parent if isinstance(node.parent, Tag) else None
    return ""


def _list(items: Tag) -> list[ConsultationRecord]:
    if items.find_parent(["nav", "header", "footer"]) is not None or not CONTEXT.search(_context(items)):
        return []
    out = []
    for item in items.find_all("li", recursive=False)[:MAX_ROWS]:
        row = _line(line_text(item))
        if row is not None:
            out.append(row)
    return out


def _boxes(box: Tag, taken: set[int]) -> list[ConsultationRecord]:
    """A list built of boxes under a consultations heading, a session per box: its day on one line, its body on
    the next ('30.09.2026' / 'Vollversammlung' under 'Ergebnisse', RIS München's Sitzungsvorlage,
    https://risi.muenchen.de/risi/sitzungsvorlage/detail/…)."""
    items = [c for c in box.find_all(["div", "li", "article"], recursive=False)
             if any(re.search(r"item|entry|row", name) for name in c.get("class") or [])]
    if not items or len(items) < len(box.find_all(recursive=False)) / 2 or box.find_parent(["nav", "footer"]):
        return []
    if not CONTEXT.search(_context(box)):
        return []
    out = []
    for item in items[:MAX_ROWS]:
        lines = [line.strip() for line in block_text(item).split("\n") if line.strip()]
        at = next((i for i, line in enumerate(lines) if _DAY.search(line)), None)
        if at is None:
            continue
        day = lines[at]
        if not re.search(r"[A-Za-zÄÖÜäöüß]{3}", _DAY.sub(" ", day)) and at + 1 < len(lines):
            day = f"{day} | {lines[at + 1]}"  # the day alone on its line: the body is the next line
        row = _line(day)
        if row is not None:
            out.append(row)
            taken.add(id(item))
    return out


def _line(text: str) -> ConsultationRecord | None:
    """One session as a line prints it: '04.05.2026: Stadtbezirksrat Vahrenwald-List: Einstimmig',
    'Di, 29.09.2026 16:30 Uhr Rat', 'Öffentliche Gemeinderatssitzung am 21.10.2026'."""
    day = _DAY.search(text)
    if day is None or german_date(day.group(0)) is None:
        return None
    rest = (text[: day.start()] + " | " + text[day.end():]).strip()
    rest = _TIME.sub(" ", _WEEKDAY.sub("", rest))
    parts = [p.strip(" ,.-–|") for p in _SEPARATOR.split(rest)]
    parts = [re.sub(r"\s+(?:am|vom)$|^(?:am|vom)\s+", "", p).strip() for p in parts]
    parts = [p for p in parts if p and not _WEEKDAY.fullmatch(p + " ")]
    if not parts:
        return None
    body, others = parts[0], parts[1:]
    if not _BODY_TEXT.match(body) or not re.search(r"[A-Za-zÄÖÜäöüß]{3}", body) or ROLE.match(body):
        return None
    role = next((p for p in others if ROLE.match(p)), None)
    result = "; ".join(p for p in others if p != role and RESULT.search(p)) or None
    return ConsultationRecord(organization=body_of(body) or body, role=role, date=german_date(day.group(0)),
                              result=result)

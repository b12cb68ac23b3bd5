"""The Beratungsfolge as printed in free text: one consultation per body, with date, role and result.

Three printed forms are read:
- a table pdfium prints row by row ("Planungsausschuss 18.06.2026 2 Ö Vorberatung");
- the same spread over lines ("Sozialausschuss Vorberatung" / "04.05.2015" / "des Sozialausschusses beschlossen");
- a "Beschlüsse" list ("12.09.2019 - Ausschuss für Schule und Bildung - ungeändert beschlossen").
"""

from __future__ import annotations

import re

from scrapers.base import german_date

from ..cleaning import normalize
from .rules import normalize_organization, normalize_outcome

ROLES = ("Vorlage zur Kenntnis", "Vorberatung", "Entscheidung", "Anhörung", "Kenntnisnahme", "Beratung",
         "Behandlung", "Beschlussfassung", "Vorbehandlung", "Mitteilung")
_DAY = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b")
_ROLE = re.compile(r"\b(?:" + "|".join(ROLES) + r")\b")
HINT = re.compile(r"Beratungsfolge|Gremi(?:um|en)\b[^\n]{0,80}\b(?:Termin|Datum|Sitzung)", re.I)
SECTION = re.compile(r"^(Beratungsfolge|Beschlussvorschlag|Beschlussentwurf|Sachverhalt|Begründung|Sachdarstellung"
                     r"|Kurzfassung|Finanzielle Auswirkungen|Anlage|Beschluss\b|Empfehlung|Antrag\b)", re.I)
_RESULT_WORDS = re.compile(r"beschlossen|abgelehnt|vertagt|zurückgestellt|zurückgezogen|zur Kenntnis|empfohlen|"
                           r"verwiesen|geändert|zugestimmt|angenommen|erledigt|abgesetzt|genehmigt", re.I)
# Words of a Beratungsfolge table's header row, which pdfium may print over several lines.
_TABLE_HEADER_WORDS = ("beratungsfolge", "gremium", "gremien", "sitzungstermin", "sitzung", "termin", "datum",
                       "zuständigkeit", "beratungsart", "rolle", "ergebnis", "beschluss", "top", "ö", "n", "/",
                       "status", "art", "der", "beratung", "abstimmung")
# "12.09.2019 - Ausschuss für Schule und Bildung - ungeändert beschlossen"
_DECISION_LINE = re.compile(r"^(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})\s+[-–]\s+(?P<org>[A-ZÄÖÜ][^\n]*?)\s+[-–]\s+"
                            r"(?P<result>[^\n]+?)\s*$")


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line's start offset and its tidied text (white space collapsed)."""
    out, position = [], 0
    for raw in text.split("\n"):
        out.append((position, " ".join(normalize(raw).split())))
        position += len(raw) + 1
    return out


def consultation_lines(lines: list[str], page: int) -> tuple[list[dict], bool]:
    """Beratungsfolge rows of a page's lines, and whether every line of the block was read as a row.

    A block is not clean when a line between its rows carries no date (a wrapped cell, or
    columns pdfium interleaved); pipeline.layout then reads the table by position.
    """
    text = "\n".join(lines)
    rows, clean = _block(text, page)
    return rows, clean


def find_consultations(text: str, page: int = 1) -> list[dict]:
    """Every consultation a page prints: its Beratungsfolge block and any "Beschlüsse" list lines."""
    rows, _ = _block(text, page)
    seen = {(r["organization"], r["date"]) for r in rows}
    for start, line in _lines(text):
        m = _DECISION_LINE.match(line)
        if not m or german_date(m.group("date")) is None:
            continue
        result = m.group("result")
        if not _RESULT_WORDS.search(result):
            continue
        row = _record(m.group("org"), m.group("date"), None, result, page, start, start + len(line))
        if (row["organization"], row["date"]) not in seen:
            seen.add((row["organization"], row["date"]))
            rows.append(row)
    return rows


def _record(org: str, day: str | None, role: str | None, result: str | None, page: int, start: int, end: int) -> dict:
    result = (result or "").strip(" -–|") or None
    return {"organization": normalize_organization(org.strip(" -–|")), "date": german_date(day) if day else None,
            "role": role, "result": result, "outcome": normalize_outcome(result), "agenda_number": None,
            "page": page, "start": start, "end": end}


def _block(text: str, page: int) -> tuple[list[dict], bool]:
    rows: list[dict] = []
    clean = True
    inside = False
    pending: list[tuple[int, str]] = []  # lines after the heading that are not rows (yet)
    waiting: dict | None = None  # "Sozialausschuss Vorberatung" seen; its date and result follow
    for start, line in _lines(text)[:400]:
        if not line:
            continue
        if not inside:
            inside = bool(HINT.search(line))
            continue
        if waiting is not None:
            if waiting["date"] is None and _DAY.fullmatch(line.split(" ")[0]) and len(line) <= 12:
                waiting["date"] = german_date(_DAY.search(line).group(0))
                waiting["end"] = start + len(line)
                continue
            if waiting["date"] is not None and waiting["result"] is None and not _ROLE.search(line) \
                    and _RESULT_WORDS.search(line) and not _DAY.search(line):
                waiting["result"] = _result_of(line)
                waiting["outcome"] = normalize_outcome(waiting["result"])
                waiting["end"] = start + len(line)
                rows.append(waiting)
                waiting = None
                continue
            if waiting["date"] is not None:
                rows.append(waiting)
            waiting = None
        row = _row(line, page, start)
        if row is None:
            spread = _role_line(line, page, start)
            if spread is not None:
                waiting = spread
                continue
            if rows and (SECTION.match(line) or len(pending) >= 2):
                break
            pending.append((start, line))
            continue
        if pending and (rows or not all(_header_like(p) for _, p in pending)):
            clean = False
        pending = []
        rows.append(row)
    if waiting is not None and waiting["date"] is not None:
        rows.append(waiting)
    if rows and pending and len(pending[0][1]) < 40 and not SECTION.match(pending[0][1]):
        clean = False  # the last row's cell may run on to the next line
    return rows, clean


def _result_of(line: str) -> str:
    """'des Sozialausschusses beschlossen' -> 'beschlossen'; the body's genitive is not the result."""
    m = re.match(r"^(?:des|der|im|vom)\s+\S+\s+(.*)$", line)
    return (m.group(1) if m and _RESULT_WORDS.search(m.group(1)) else line).strip()


_TOP_AND_PUBLIC = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})?(?:\s+|$))?(?:(?:Ö|N|NÖ|ö|nö)\b\s*)*")


def _row(line: str, page: int, start: int) -> dict | None:
    """'Planungsausschuss 18.06.2026 2 Ö Vorberatung' or, without a role column,
    'Planungsausschuss 01.04.2008 4 Zustimmung zum VEP' (Karlsruhe before 2015)."""
    day, role = _DAY.search(line), _ROLE.search(line)
    if not day or not line[0].isupper() or german_date(day.group(0)) is None:
        return None
    if role is not None and role.start() < day.start() and line[role.end():day.start()].strip():
        role = None  # a role word inside the body's name ("Ausschuss zur Beratung ...")
    organization = line[: min(day.start(), role.start() if role else day.start())].strip(" -–|")
    if not organization or len(organization) > 120 or ":" in organization \
            or not re.search(r"[a-zäöüß]{3}", organization):
        return None
    result = line[max(day.end(), role.end() if role else 0):]
    # TOP number and the Ö / N (ö / nö) columns come before any result.
    result = _TOP_AND_PUBLIC.sub("", result).strip(" -–|") or None
    return _record(organization, day.group(0), role.group(0) if role else None, result, page, start, start + len(line))



def _role_line(line: str, page: int, start: int) -> dict | None:
    """'Sozialausschuss Vorberatung': a body and its role, with the date on the next line."""
    role = _ROLE.search(line)
    if not role or _DAY.search(line) or not line[0].isupper() or line[role.end():].strip():
        return None
    organization = line[: role.start()].strip(" -–|")
    if not organization or len(organization) > 120 or _header_like(line):
        return None
    return _record(organization, None, role.group(0), None, page, start, start + len(line))


def _header_like(line: str) -> bool:
    """A line of a table's header row (or a fragment of one that wrapped)."""
    return all(len(word) <= 2 or any(known.startswith(word) for known in _TABLE_HEADER_WORDS)
               for word in line.lower().replace(":", " ").split())

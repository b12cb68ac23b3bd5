"""The Beratungsfolge as printed in free text: one consultation per body, with date, role and result.

Three printed forms are read:
- a table pdfium prints row by row ("Planungsausschuss 18.06.2026 2 Ö Vorberatung");
- the same spread over lines ("Sozialausschuss Vorberatung" / "04.05.2015" / "des Sozialausschusses beschlossen");
- a "Beschlüsse" list ("12.09.2019 - Ausschuss für Schule und Bildung - ungeändert beschlossen").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.nlp.resources import load_beratungsfolge
from pipeline.nlp.rules import (
    MONTHS,
    find_dates,
    find_organizations,
    label_columns,
    normalize_organization,
    normalize_outcome,
)
from pipeline.text.cleaning import dehyphenate, normalize
from scrapers.base import german_date

_DAY = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b")
HINT = re.compile(r"Beratungsfolge|Gremi(?:um|en)\b[^\n]{0,80}\b(?:Termin|Datum|Sitzung)", re.I)


@dataclass(frozen=True)
class _Words:
    role: re.Pattern  # a role of the Beratungsfolge ("Vorberatung", "Entscheidung")
    section: re.Pattern  # a heading that ends the Beratungsfolge block
    result: re.Pattern  # a word of a result ("beschlossen", "vertagt")


@lru_cache(maxsize=1)
def words() -> _Words:
    """The patterns made of data/nlp/beratungsfolge.toml, read on first use (a broken file: DataFileError)."""
    loaded = load_beratungsfolge()
    return _Words(role=re.compile(r"\b(?:" + "|".join(map(re.escape, loaded.roles)) + r")\b"),
                  section=re.compile(r"^(?:" + "|".join(map(re.escape, loaded.sections)) + r")\b", re.I),
                  result=re.compile("|".join(map(re.escape, loaded.result_words)), re.I))
# "26. Sitzung des Gemeinderates am 25.07.2006", "Niederschrift 28. Plenarsitzung des Gemeinderates\n28. September 2021"
_SESSION_LINE = re.compile(r"(?:\d+\.\s*)?(?:öffentlichen?\s+)?(?:Plenar)?[Ss]itzung\s+(?:des|der)\s+"
                           r"(?P<org>[A-ZÄÖÜ][\wäöüß-]*(?:[ \t]+[A-ZÄÖÜ][\wäöüß-]*){0,2})[ \t]*(?:am\s+|,\s*|\n\s*)")
# The same in capitals, a body of one word: "22. ÖFFENTLICHE PLENARSITZUNG DES GEMEINDERATES AM 28. MÄRZ 2006"
# (Karlsruhe's Anfragen of 2006).
_SESSION_LINE_CAPS = re.compile(r"(?:\d+\.\s*)?(?:ÖFFENTLICHEN?\s+)?(?:PLENAR)?SITZUNG\s+(?:DES|DER)\s+"
                                r"(?P<org>[A-ZÄÖÜ]{4,}(?:-[A-ZÄÖÜ]+)?)[ \t]+AM\s+")
SESSION_CHARS = 1200
# A line of its own naming the session and item a paper goes to: "BV 3 am 30.01.2012 TOP 7.2.7" (Köln's
# Anfragen), "Rat am 20.03.2012 TOP 10.1".
_SESSION_ITEM_LINE = re.compile(r"(?m)^[ \t]*(?P<org>[A-ZÄÖÜ][\wäöüß-]*"
                                r"(?:[ \t]+(?:[A-ZÄÖÜ][\wäöüß-]*|\d{1,2}(?!\.))){0,4})[ \t]+am[ \t]+"
                                r"(?=\d{1,2}\.\d{1,2}\.\d{4}[ \t]+(?:TOP|TO|Tagesordnungspunkt)\b)")
_BODY_CODE = re.compile(r"[A-ZÄÖÜ]{2,6}(?: \d{1,2})?")  # "BV 3", "AVR"
# Words of a Beratungsfolge table's header row, which pdfium may print over several lines.
_TABLE_HEADER_WORDS = ("beratungsfolge", "gremium", "gremien", "sitzungstermin", "sitzung", "termin", "datum",
                       "zuständigkeit", "beratungsart", "rolle", "ergebnis", "beschluss", "top", "ö", "n", "/",
                       "status", "art", "der", "beratung", "abstimmung", "dieser", "vorlage")
# "12.09.2019 - Ausschuss für Schule und Bildung - ungeändert beschlossen"
_DECISION_LINE = re.compile(r"^[ \t]*(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})[ \t]+[-–][ \t]+(?P<org>[A-ZÄÖÜ][^\n]*?)"
                            r"[ \t]+[-–][ \t]+(?P<result>[^\n]+?)[ \t]*$", re.M)


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line's start offset and its text with white space collapsed (the text is cleaned already)."""
    out, position = [], 0
    for raw in text.split("\n"):
        out.append((position, " ".join(raw.split())))
        position += len(raw) + 1
    return out


def consultation_lines(lines: list[str], page: int) -> tuple[list[dict], bool]:
    """Beratungsfolge rows of a page's lines, and whether every line of the block was read as a row.

    A block is not clean when a line between its rows carries no date (a wrapped cell, or
    columns pdfium interleaved); pipeline.nlp.layout then reads the table by position.
    """
    return _block(normalize("\n".join(lines)), page)


def find_consultations(text: str, page: int = 1) -> list[dict]:
    """Every consultation a page prints: the header's Gremium and Termin, its Beratungsfolge block
    and any "Beschlüsse" list lines."""
    rows, _ = _block(text, page)
    for session in _session_lines(text, page):
        if not any(r["date"] == session["date"] for r in rows):
            rows.append(session)
    header = _header_consultation(text, page) or _body_on_day(text, page)
    if header is not None and not any((r["organization"], r["date"]) == (header["organization"], header["date"])
                                      for r in rows):
        rows.insert(0, header)
    seen = {(r["organization"], r["date"]) for r in rows}
    for m in _DECISION_LINE.finditer(text):
        start, line = m.start(), m.group(0)
        if german_date(m.group("date")) is None:
            continue
        result = m.group("result")
        if not words().result.search(result):
            continue
        row = _record(m.group("org"), m.group("date"), None, result, page, start, start + len(line))
        if (row["organization"], row["date"]) not in seen:
            seen.add((row["organization"], row["date"]))
            rows.append(row)
    return rows


def _session_lines(text: str, page: int) -> list[dict]:
    """'Sitzung des Gemeinderates am 25.07.2006' or 'BV 3 am 30.01.2012 TOP 7.2.7' near the top of a page: the
    session it goes to."""
    out: list[dict] = []
    items = [m for m in _SESSION_ITEM_LINE.finditer(text, 0, SESSION_CHARS)
             if _BODY_CODE.fullmatch(m.group("org")) or _looks_like_body(m.group("org"))]
    capitals = list(_SESSION_LINE_CAPS.finditer(text, 0, SESSION_CHARS))
    for m in [*_SESSION_LINE.finditer(text, 0, SESSION_CHARS), *items, *capitals]:
        following = find_dates(text[m.end():m.end() + 25])
        if not following or following[0].start != 0 or len(following[0].value) != 10:
            continue
        day = following[0]
        if any(r["date"] == day.value for r in out):
            continue
        org = m.group("org").capitalize() if m in capitals else m.group("org")
        row = _record(org, None, None, None, page, m.start(), m.end() + day.end)
        row["date"] = day.value
        out.append(row)
    return out


def _header_consultation(text: str, page: int) -> dict | None:
    """'Gremium: 52. Plenarsitzung Gemeinderat' and 'Termin: 15.07.2008' in a Vorlage's header."""
    fields = label_columns(text)
    if "Gremium" not in fields or "Termin" not in fields:
        return None
    body, start = fields["Gremium"]
    day = _DAY.search(fields["Termin"][0])
    body = _SESSION_PREFIX.sub("", body).strip()
    if not day or german_date(day.group(0)) is None or not body[:1].isupper() or len(body) > 120:
        return None
    when = day.group(0)
    # "21./22.04.2009": a session of two days, listed under its first (as a Beratungsfolge row is)
    first = re.search(r"(\d{1,2})\.?\s?/\s?$", fields["Termin"][0][: day.start()])
    if first and german_date(first.group(1) + when[when.index("."):]):
        when = first.group(1) + when[when.index("."):]
    return _record(body, when, None, None, page, start, fields["Termin"][1] + len(fields["Termin"][0]))


# "Ortschaftsrat am:    24. Juni 2008" in a Vorlage's header (Karlsruhe 4942): the session it goes to, as a label.
_BODY_ON_DAY = re.compile(r"^[ \t]*(?P<body>[A-ZÄÖÜ][\wäöüß-]+(?:[ \t]+[A-ZÄÖÜ][\wäöüß-]+)?)[ \t]+am[ \t]*:[ \t]*"
                          r"(?P<date>[^\n]{6,40})$", re.M)


# A word that names a body by its last part: "Ortschaftsrat", "Sozialausschuss", "Bezirksvertretung".
BODY_WORD = re.compile(r"(?:ausschuss|rat|beirat|vertretung|versammlung|kreistag|senat|konferenz|kommission)\b",
                       re.I)


def _body_on_day(text: str, page: int) -> dict | None:
    """The session a header names as a label of its body: "Ortschaftsrat am: 24. Juni 2008"."""
    for m in _BODY_ON_DAY.finditer(text, 0, SESSION_CHARS):
        found = find_dates(m.group("date"))
        body = m.group("body")
        if (found and found[0].start == 0 and len(found[0].value) == 10
                and (_names_one_body(body) or BODY_WORD.search(body.split()[0]))):
            row = _record(m.group("body"), None, None, None, page, m.start("body"), m.end("date"))
            row["date"] = found[0].value
            return row
    return None


def _closed(name: str) -> str:
    """A body's name without a parenthesis that OCR left open: 'Bezirksvertretung 6 (Chorweiler' (the scan of
    pdf/koeln_bv6_anfrage_linke_2012_345174.pdf lost its ')') -> 'Bezirksvertretung 6'."""
    at = name.rfind("(")
    return name[:at].rstrip(" -–") if at > 0 and ")" not in name[at:] else name


# "52. Plenarsitzung Gemeinderat", "42. Plenarsitzung des Gemeinderates", "Sitzung des Planungsausschusses"
_SESSION_PREFIX = re.compile(r"^(?:\d+\.\s*)?(?:öffentliche\s+)?(?:Plenar)?[Ss]itzung\s+(?:des|der)?\s*")


def _record(org: str, day: str | None, role: str | None, result: str | None, page: int, start: int, end: int) -> dict:
    result = (result or "").strip(" -–|") or None
    return {"organization": normalize_organization(_closed(org.strip(" -–|"))),
            "date": german_date(day) if day else None, "role": role, "result": result,
            "outcome": normalize_outcome(result), "agenda_number": None, "page": page, "start": start, "end": end}


# A Beratungsfolge whose spaces the PDF's text lost: "GremiumTerminTOPönöErgebnis" over
# "Ortschaftsrat17.12.20199xVorbesprechung Anträge" (Karlsruhe 620127), "BeratungsfolgeSitzung amTOPönöErgebnis" over
# "Jugendhilfeausschuss07.07.20107" (Karlsruhe 8889): body, date, TOP number, the Ö / N cross and result glued.
_GLUED_HEADER = re.compile(r"(?:Gremium|Beratungsfolge)(?:Termin|Sitzung)[^\n]{0,12}TOP(?:ö|Ö)", re.I)
_GLUED_ROW = re.compile(r"(?:(?<=[A-Za-zäöüß])|^)(?P<date>\d{1,2}\.\d{1,2}\.\d{4})(?P<top>\d{1,3}(?:\.\d{1,2})?)?"
                        r"(?P<cross>[xX](?=[A-ZÄÖÜ]|$))?", re.M)


def _unglued(text: str) -> tuple[str, list[int]]:
    """The text with spaces put back around a glued row's date, TOP and cross, and for each of its characters where it
    stood in the original (an inserted space maps to the character it precedes)."""
    parts: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _GLUED_ROW.finditer(text):
        pieces = [(m.start("date"), m.end("date"))]
        pieces += [(m.start(name), m.end(name)) for name in ("top", "cross") if m.group(name)]
        if len(pieces) == 1 and (m.start() == 0 or text[m.start() - 1] == "\n") and (
                m.end() == len(text) or not text[m.end()].isalpha()):
            continue  # a date standing apart already
        for begin, end in pieces:
            parts.append(text[last:begin])
            origin.extend(range(last, begin))
            if begin > 0 and text[begin - 1] != "\n":
                parts.append(" ")
                origin.append(begin)
            parts.append(text[begin:end])
            origin.extend(range(begin, end))
            last = end
        if m.group("cross") and last < len(text) and text[last].isalpha():
            parts.append(" ")
            origin.append(last)
    parts.append(text[last:])
    origin.extend(range(last, len(text)))
    origin.append(len(text))
    return "".join(parts), origin


def _block(text: str, page: int) -> tuple[list[dict], bool]:
    if _GLUED_HEADER.search(text) is None:
        return _rows(text, page)
    spaced, origin = _unglued(text)
    rows, clean = _rows(spaced, page)
    for row in rows:
        row["start"], row["end"] = origin[min(row["start"], len(origin) - 1)], origin[min(row["end"], len(origin) - 1)]
    return rows, clean


def _rows(text: str, page: int) -> tuple[list[dict], bool]:
    hint = HINT.search(text)
    if hint is None:
        return [], True
    rows: list[dict] = []
    clean = True
    inside = False
    pending: list[tuple[int, str]] = []  # lines after the heading that are not rows (yet)
    waiting: dict | None = None  # "Sozialausschuss Vorberatung" seen; its date and result follow
    bodies: tuple[int, str] | None = None  # "Planungsausschuss, Naturschutzbeirat": their date follows
    cell: _Cell | None = None  # the table row last read, while its cells may still wrap onto the next lines
    begin = text.rfind("\n", 0, hint.start()) + 1
    numbered = _lines(text[begin:])[:400]
    skip = False
    result_open = False  # the last row's result ended where its phrase runs on
    for index, (start, line) in enumerate(numbered):
        start += begin
        if skip:
            skip = False
            continue
        if not line or _TICKS.fullmatch(line):
            continue  # the Ö / N columns as checkboxes on lines of their own ("☐", "☒"), Karlsruhe since 2020
        if not inside:
            inside = bool(HINT.search(line))
            continue
        line = _numeric_day(line)
        if cell is not None and (taken := cell.takes(line, page, start)) is not None:
            rows.extend(taken)
            continue
        cell = None
        if waiting is not None:
            if waiting["date"] is None and _DAY.fullmatch(line.split(" ")[0]) and len(line) <= 12:
                day = _DAY.search(line)
                assert day is not None  # the first word is a day (fullmatch above)
                waiting["date"] = german_date(day.group(0))
                waiting["end"] = start + len(line)
                continue
            if waiting["date"] is not None and waiting["result"] is None and not words().role.search(line) \
                    and words().result.search(line) and not _DAY.search(line):
                waiting["result"] = _result_of(line)
                waiting["outcome"] = normalize_outcome(waiting["result"])
                waiting["end"] = start + len(line)
                rows.append(waiting)
                waiting = None
                continue
            if waiting["date"] is not None:
                rows.append(waiting)
            waiting = None
        row = _row(line, page, start) or _dated_row(line, page, start)
        following = numbered[index + 1] if index + 1 < len(numbered) else None
        if row is None and pending and following and (split := _split_body(pending[-1], line, following[1], page,
                                                                               start)):
            rows.append(split)  # "Fachausschuss Klimaschutz, Bau" / "23.01.2025 Beratung und Empfehlung" / "und Umwelt"
            pending, skip = [], True
            continue
        if row is None and pending and (wrapped := _wrapped_body(pending, line, page, start)):
            rows.extend(wrapped)  # "Ausschuss für Umwelt und" / "Gesundheit" / "29.06.2021 2 X"
            pending = []
            cell = _Cell(wrapped, open=line.endswith("/"))
            continue
        if row is None and bodies is not None:
            rows.extend(_joint_rows(bodies, line, page, start))
            bodies = None
            if rows and rows[-1]["date"] is not None:
                pending = []
                continue
        if row is None:
            spread = _role_line(line, page, start)
            if spread is not None:
                waiting = spread
                continue
            if (rows and result_open and not pending and len(line) <= 80 and not words().section.match(line)
                    and not BODY_WORD.search(line.split()[0])):  # the next row's body, wrapped above its date
                # a result cell wrapped over lines while its phrase runs on: "Zustimmung vorbehaltlich der Ver-" /
                # "ringerung des Zuschussbedarfs um" / "200.000 € durch" / … / "Freundeskreises." (Karlsruhe 592159)
                result_open = _OPEN_TAIL.search(line) is not None
                continue
            if rows and _absorbed(rows[-1], line):
                result_open = _OPEN_TAIL.search(line) is not None
                continue
            # OCR prints each cell on a line of its own: "Gremium / Termin / … / Planungsausschuss / 20.07.2017"
            if (rows and not pending or all(_header_like(p) for _, p in pending)) and _is_body_list(line):
                bodies = (start, line)
                continue
            if rows and (words().section.match(line) or len(pending) >= 2):
                break
            pending.append((start, line))
            continue
        if pending and (rows or not all(_header_like(p) for _, p in pending)):
            clean = False
        pending = []
        rows.append(row)
        result_open = row["result"] is not None and _OPEN_TAIL.search(line) is not None
        cell = _Cell([row], open=line.endswith("/"))
    if waiting is not None and waiting["date"] is not None:
        rows.append(waiting)
    if bodies is not None and "," not in bodies[1]:
        rows.append(_record(bodies[1], None, None, None, page, bodies[0], bodies[0] + len(bodies[1])))
    if rows and pending and len(pending[0][1]) < 40 and not words().section.match(pending[0][1]):
        clean = False  # the last row's cell may run on to the next line
    return rows, clean


class _Cell:
    """A table row whose cells wrap onto the lines below it (Karlsruhe since 2024, file 656671):

        Ortschaftsrat Grötzingen 15.05.2024 /
        17.07.2024
        2 Ö Erneute
        Anhörung

    A date cell ending in "/" holds a second session on the next line: one more consultation of the same
    body and role. A line of TOP number, Ö / N and role alone gives the role the row line left out; a
    role's first word may stand on a line of its own ("Erneute" / "Anhörung")."""

    def __init__(self, rows: list[dict], open: bool):
        self.rows, self.open = rows, open
        self.prefix = ""

    def takes(self, line: str, page: int, start: int) -> list[dict] | None:
        """The rows a line continuing this row's cells adds (often none); None when it does not continue them."""
        day = _LEADING_DATE.match(line)
        if self.open and day and german_date(day.group(1)):
            first = self.rows[0]
            row = _record(first["organization"], day.group(1), first["role"], None, page, start, start + len(line))
            self.rows.append(row)
            self.open = line.endswith("/")
            self._tail(line[day.end():].strip())  # the line is the row's, whether or not it prints more cells
            return [row]
        self.open = False
        return [] if self._tail(line) else None

    def _tail(self, line: str) -> bool:
        stripped = _TOP_AND_PUBLIC.sub("", line).strip()
        if line and not stripped:
            return True  # "3 N": the row's TOP and Ö / N cells
        if any(row["role"] for row in self.rows):
            return False
        role = words().role.search(stripped)
        # a word before the role only after the TOP and Ö / N cells: "Sozialausschuss Vorberatung" is a row of its own
        before = stripped[: role.start()].split() if role else []
        if role is not None and role.end() == len(stripped) and (not before or (len(before) == 1 and stripped != line)):
            printed = " ".join((self.prefix + " " + stripped).split())
            for row in self.rows:
                row["role"] = printed
            return True
        if stripped != line and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{2,14}", stripped):
            self.prefix = stripped  # "2 Ö Erneute": the role's first word; the role follows
            return True
        return False


# A date cell's next session: "17.07.2024", "08.07.2024 3 N Vorberatung"
_LEADING_DATE = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{4})(?=\s|/|$)\s*/?")


_TICKS = re.compile(r"[☐☒☑✓✗□■]+")
_WRITTEN_DAY = re.compile(r"^(\d{1,2})\.\s?(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)


def _numeric_day(line: str) -> str:
    """'25. November 2020 6' -> '25.11.2020        6': a row's date written out, as numbers and of the same length
    (offsets stay), Karlsruhe 622197."""
    m = _WRITTEN_DAY.match(line)
    if m is None:
        return line
    numeric = f"{int(m.group(1)):02d}.{MONTHS[m.group(2).lower()]:02d}.{m.group(3)}"
    return numeric.ljust(m.end()) + line[m.end():]


def _wrapped_body(pending: list[tuple[int, str]], line: str, page: int, start: int) -> list[dict]:
    """A row whose body's name wrapped onto the lines above its date: the last one or two lines without a date,
    joined, when they name a body ("Ausschuss für Umwelt und" / "Gesundheit"), or bodies that met together
    ("Planungsausschuss, Ausschuss" / "für Umwelt und Gesundheit", Karlsruhe 2011: a row each)."""
    day = _LEADING_DATE.match(line)
    if day is None or german_date(day.group(1)) is None:
        return []
    rest = _TOP_AND_PUBLIC.sub("", line[day.end():]).strip(" -–|")
    rest = re.sub(r"^[xX☒]\s*", "", rest)  # the Ö / N column's cross
    if rest and not words().result.search(rest) and not words().role.fullmatch(rest):
        return []
    for count in (2, 1):
        if len(pending) < count:
            continue
        parts = [text for _, text in pending[-count:]]
        if any(_header_like(part) or _DAY.search(part) for part in parts):
            continue
        name = _joined(parts)
        names = [n.strip() for n in name.split(",")] if "," in name and _is_body_list(name) else [name]
        if len(names) > 1 or _looks_like_body(name) and (_names_one_body(name) or _BOARD_OF.fullmatch(name)
                                                         or _COMMISSION.fullmatch(name)):
            role, result = _role_or_result(rest)
            return [_record(n, day.group(1), role, result, page, pending[-count][0], start + len(line)) for n in names]
    return []


# A body of another body or institution, named in a Beratungsfolge's cell: "Finanzausschuss des Ortschaftsrates
# Wettersbach" (Karlsruhe 620127), "Verwaltungsrat des Badischen KONServatoriums" (Karlsruhe 15682).
_BOARD_OF = re.compile(r"[A-ZÄÖÜ][a-zäöüß-]*(?:rat|ausschuss|kommission|konferenz|kuratorium)\s+(?:des|der)\s+"
                       r"[A-ZÄÖÜ][\wäöüß-]*(?:\s+[A-ZÄÖÜ][\wäöüß-]*){0,3}")


# A line that ends where its phrase cannot: a word broken at its hyphen, an article, a preposition or conjunction.
_OPEN_TAIL = re.compile(r"(?:[a-zäöüß]-|\b(?:der|des|dem|den|die|das|um|durch|und|oder|sowie|eine[snmr]?|mit|von|"
                        r"vom|für|zur|zum|bei|auf|in|im|an|am|nach|gegen|ohne|über|unter))$")


# A commission of the council by its subject's short name: "Gemeinderätliche" / "Kommission KEG" (Karlsruhe 592159).
_COMMISSION = re.compile(r"(?:[A-ZÄÖÜ][a-zäöüß]+(?:e|er)\s+)?(?:Kommission|Beirat|Arbeitskreis)\s+"
                         r"[A-ZÄÖÜ][\wÄÖÜäöüß-]*")


def _joined(parts: list[str]) -> str:
    """A cell's lines as one name, a word broken at a line's end made whole again ("Verwaltungsrat des Badi-" /
    "schen KONServatoriums", Karlsruhe 15682)."""
    return dehyphenate("\n".join(parts)).replace("\n", " ")


_CONTINUES_NAME = re.compile(r"(?:und|sowie|für)\s+[A-ZÄÖÜ][\wäöüß-]*(?:\s+[\wäöüß-]+){0,4}")


def _split_body(before: tuple[int, str], line: str, after: str, page: int, start: int) -> dict | None:
    """A body's name in a cell of two lines with its date line between them, as a PDF's text prints a table whose
    cells are centred (SD.NET RIM's Vorlagen: "Fachausschuss Klimaschutz, Bau" / "23.01.2025 Beratung und
    Empfehlung" / "und Umwelt"): one row, when the two parts name one body."""
    day = _LEADING_DATE.match(line)
    if day is None or german_date(day.group(1)) is None or not _CONTINUES_NAME.fullmatch(after.strip()):
        return None
    rest = _TOP_AND_PUBLIC.sub("", line[day.end():]).strip(" -–|")
    if rest and not words().result.search(rest) and not words().role.search(rest):
        return None
    name = " ".join((before[1] + " " + after).split())
    if _header_like(before[1]) or _DAY.search(name) or not _names_one_body(name):
        return None
    role, result = _role_or_result(rest)
    return _record(name, day.group(1), role, result, page, before[0], start + len(line) + 1 + len(after))


def _role_or_result(rest: str | None) -> tuple[str | None, str | None]:
    """What a row prints after its date: a role alone ("Entscheidung"), else its result ("Beratung und Empfehlung")."""
    if rest and words().role.fullmatch(rest):
        return rest, None
    return None, rest or None


def _absorbed(row: dict, line: str) -> bool:
    """A short line under a row: its TOP number, or its result when the cell wrapped."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})?", line):
        return True
    if (row["result"] is None and not _DAY.search(line) and words().result.search(line)
            and (len(line) <= 40 or len(line) <= 80 and words().result.match(line))):
        row["result"] = line
        row["outcome"] = normalize_outcome(line)
        return True
    return False


def _is_body_list(line: str) -> bool:
    """'Gemeinderat' or 'Planungsausschuss, Ausschuss für Umwelt und Gesundheit, Naturschutzbeirat'."""
    if _DAY.search(line) or len(line) > 160 or not line[:1].isupper():
        return False
    parts = [p.strip() for p in line.split(",")]
    return all(p and len(p.split()) <= 6 and _names_one_body(p) for p in parts)


def _names_one_body(text: str) -> bool:
    found = find_organizations(text)
    return len(found) == 1 and (found[0].start, found[0].end) == (0, len(text)) and found[0].kind == "council"


def _joint_rows(bodies: tuple[int, str], line: str, page: int, start: int) -> list[dict]:
    """Bodies that met together, their date and result on the next line ('19.05.2011 3 mehrheitliche Ablehnung')."""
    day = _DAY.match(line)
    names = [p.strip() for p in bodies[1].split(",")]
    if not day or german_date(day.group(0)) is None:
        return [_record(name, None, None, None, page, bodies[0], bodies[0] + len(bodies[1]))
                for name in names if "," not in bodies[1]]
    role, result = _role_or_result(_TOP_AND_PUBLIC.sub("", line[day.end():]).strip(" -–|"))
    return [_record(name, day.group(0), role, result, page, bodies[0], start + len(line)) for name in names]


def _result_of(line: str) -> str:
    """'des Sozialausschusses beschlossen' -> 'beschlossen'; the body's genitive is not the result."""
    m = re.match(r"^(?:des|der|im|vom)\s+\S+\s+(.*)$", line)
    return (m.group(1) if m and words().result.search(m.group(1)) else line).strip()


# The Ö / N columns as letters, or as the cross in one of them ("1 x Zustimmung").
_TOP_AND_PUBLIC = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})?(?:\s+|$))?(?:(?:Ö|N|NÖ|ö|nö|x|X)\b\s*)*")


def _row(line: str, page: int, start: int) -> dict | None:
    """'Planungsausschuss 18.06.2026 2 Ö Vorberatung' or, without a role column,
    'Planungsausschuss 01.04.2008 4 Zustimmung zum VEP' (Karlsruhe before 2015)."""
    day, role = _DAY.search(line), words().role.search(line)
    if not day or not line[0].isupper() or german_date(day.group(0)) is None:
        return None
    if role is not None and role.start() < day.start() and line[role.end():day.start()].strip():
        role = None  # a role word inside the body's name ("Ausschuss zur Beratung ...")
    organization = line[: min(day.start(), role.start() if role else day.start())].strip(" -–|")
    if not _looks_like_body(organization):
        return None
    first_day = re.search(r"\s(\d{1,2})\.?\s*/(?:\s*\d{1,2}\.?\s*/)?$", organization)
    # "Gemeinderat 21./" + "22.04.2009", "Gemeinderat 07/08.12.2021", "Gemeinderat 16./17./18.12.2025" (Karlsruhe
    # 674150): a session of two or three days, listed under its first day
    if first_day:
        organization = organization[: first_day.start()]
        day_text = first_day.group(1) + day.group(0)[day.group(0).index("."):]
        if german_date(day_text):
            return _record(organization, day_text, role.group(0) if role else None, None, page, start,
                           start + len(line))
    rest = line[max(day.end(), role.end() if role else 0):]
    # TOP number and the Ö / N (ö / nö) columns come before any result.
    result = _TOP_AND_PUBLIC.sub("", rest).strip(" -–|") or None
    return _record(organization, day.group(0), role.group(0) if role else None, result, page, start, start + len(line))



_LEADING_DAY = re.compile(r"^(?:(?:Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+)?(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))\s+(?=[A-ZÄÖÜ])")


def _dated_row(line: str, page: int, start: int) -> dict | None:
    """'18.03.2024 Hauptausschuss Vorberatung', '22.05.2025 Bezirksversammlung Entscheidung ungeändert beschlossen':
    the date first, as SessionNet's and ALLRIS's Vorlagen print the Beratungsfolge (Datum | Gremium | Zuständigkeit)."""
    day = _LEADING_DAY.match(line)
    if day is None or german_date(day.group(1)) is None:
        return None
    rest = line[day.end():]
    role = words().role.search(rest)
    if role is not None:
        body, result = rest[: role.start()], rest[role.end():]
    else:
        found = words().result.search(rest)
        body, result = (rest[: found.start()], rest[found.start():]) if found else (rest, "")
    body = body.strip(" -–|")
    if not _looks_like_body(body) or _DAY.search(body):
        return None
    printed = _TOP_AND_PUBLIC.sub("", result).strip(" -–|") or None
    return _record(body, day.group(1), role.group(0) if role else None, printed, page, start, start + len(line))


def _looks_like_body(name: str) -> bool:
    """A body's name, not a piece of prose that happens to precede a date ('Über den Antrag ... vom')."""
    words = name.split()
    return (0 < len(words) <= 9 and len(name) <= 120 and ":" not in name and "„" not in name
            and re.search(r"[a-zäöüß]{3}", name) is not None
            and words[-1] not in {"am", "vom", "bis", "zum", "ab", "seit", "den", "dem", "der", "im"}
            and not re.match(r"(?:Über|Nach|Seit|Bis|In|Im|Am|Mit|Die|Der|Das|Dies)\b", name))


def _role_line(line: str, page: int, start: int) -> dict | None:
    """'Sozialausschuss Vorberatung': a body and its role, with the date on the next line."""
    role = words().role.search(line)
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

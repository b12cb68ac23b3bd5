"""Rule-based finders over plain text: references, dates, organisations, topics, outcomes."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from pipeline.nlp.match import Match
from pipeline.nlp.resources import load_gazetteer, load_org_patterns, load_outcome_rules
from pipeline.nlp.votes import read_votes

# ---------------------------------------------------------------- outcomes


def normalize_outcome(result: str | None) -> str | None:
    """Map a raw result ('ungeändert beschlossen') onto the outcome vocabulary.

    A result that prints only a vote ("Ja 38, Nein 0, Enthaltung 0") is decided by its counts; a mark
    in a table cell ("x") says nothing about the outcome.
    """
    if not result or not _SAYS_SOMETHING.search(result):
        return None
    _, rules = load_outcome_rules()
    for rule in rules:
        if rule.pattern.search(result):
            return rule.outcome
    return _by_counts(result) or "sonstiges"


_SAYS_SOMETHING = re.compile(r"\w\w")  # two letters or digits in a row: more than a tick or a cross


def _by_counts(result: str) -> str | None:
    """beschlossen or abgelehnt, when the result prints exactly one vote with both yes and no counts."""
    votes = read_votes(result[:2000])
    if len(votes) != 1 or votes[0].yes is None or votes[0].no is None:
        return None
    return "beschlossen" if votes[0].yes > votes[0].no else "abgelehnt"


# ---------------------------------------------------------------- proposal numbers

_W = r"(?<![\w/.-])"
_E = r"(?![\w/]|[.-]\d)"
# Each pattern below starts with a lookahead for its first character: Python's re then rejects
# most positions at once instead of trying every alternative (4x faster on long texts).
_REFERENCE = re.compile(
    r"(?=[0-9A-Z])(?:"
    + "|".join(
        [
            _W
            + r"(?:19|20)\d{2}/(?:[A-ZÄÖÜ]{1,6}/)?\d{2,5}(?:-\d{1,3})?(?:/\d{1,2})?(?:\s\([A-ZÄÖÜ]{1,4}\))?"
            + _E,  # 2019/0931, 2022/BV/3187, 2024/0884/1 (a part of a paper)
            _W + r"[A-Z]{1,6}/(?:19|20)\d{2}/\d{1,6}" + _E,  # VO/2026/181, DHH/2023/0004
            _W + r"[A-Z]{1,6}/\d{2,5}/(?:19|20)\d{2}" + _E,  # UV/0190/2026, SUM/003/2026, V/0287/2026
            _W + r"[A-Z]{1,4}[ -]\d{1,3}/\d{2,5}/\d{2,4}" + _E,  # T 02/325/26, T-02/325/26 (SD.NET RIM)
            _W + r"\d{1,5}/\d{1,4}/(?:19|20)\d{2}" + _E,  # 6131/67/2022
            _W + r"\d{2,4}/\d{2}/\d{2}/\d{2}" + _E,  # 142/22/20/12 (Köln)
            _W + r"\d{2}-\d{2} ?/ ?[A-Z] ?\d{4,6}" + _E,  # 26-32 / V 01121 (München: term / kind number)
            _W + r"(?:19|20)\d{2}-[A-Z]{2,6}-\d{1,5}" + _E,  # 2026-STR-240 (more! rubin)
            _W + r"\d{1,5} ?/ ?[IVX]{1,5}\.(?!\w)",  # 926 /XI. (number / legislative term)
            _W + r"\d{3,5}/\d{2}(?:-[A-Z]{1,4})?" + _E,  # 0738/05-BV, 039/26
            _W + r"\d{1,5}/(?:19|20)\d{2}" + _E,  # 469/2026
            _W + r"\d{2}-\d{3,5}(?:\.\d{1,2}){0,2}(?:-\d{2})?[A-Z]?" + _E,  # 22-2362, 22-1940.01, 26-29090-02
        ]
    )
    + ")"
)
# A labelled number that could read as a month ("DS 1/2025", SD.NET RIM's Vorlagen in Nordstemmen).
_DRUCKSACHE = re.compile(r"(?:Drucksache|Drs\.|\bDS|Vorlage)(?:\s*-?\s*Nr\.?)?\s*:?\s*(\d{1,2}/\d{3,6})" + _E)
# A law paragraph, a phone number (digits then a space) or an amount is never a reference.
# A parcel's number is no paper's: "Flst. Nr. 1176/18", "Flur.Str. 1176/18" (sic, Karlsruhe 611144), "Flurstück 12/3".
_NOT_REFERENCE_BEFORE = re.compile(r"(?:§|Tel\.?|Telefon|Fax|Abs\.|Art\.|€|EUR|\d[ /]|"
                                   r"Fl(?:ur)?\.?\s?St(?:r)?\.(?:\s?Nr\.)?|Flurstück(?:s|e)?(?:\s?Nr\.)?)\s*$", re.I)


def find_references(text: str) -> list[Match]:
    """Proposal numbers written in a text."""
    found: dict[tuple[int, int], Match] = {}
    for m in _REFERENCE.finditer(text):
        value = m.group(0)
        before = text[max(0, m.start() - 16) : m.start()]
        if _NOT_REFERENCE_BEFORE.search(before) or _looks_like_date(value):
            continue
        found[(m.start(), m.end())] = Match("reference", value, value, m.start(), m.end())
    for m in _DRUCKSACHE.finditer(text):
        found.setdefault((m.start(1), m.end(1)), Match("reference", m.group(1), m.group(1), m.start(1), m.end(1)))
    return sorted(found.values(), key=lambda x: x.start)


def _looks_like_date(value: str) -> bool:
    """'05/2019' is a month, '2026/2027' a double budget year and '12/05/2020' a day, not a reference."""
    m = re.fullmatch(r"(\d{1,2})/((?:19|20)\d{2})", value)
    if m and 1 <= int(m.group(1)) <= 12:
        return True
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})", value)
    if m and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
        return True
    m = re.fullmatch(r"((?:19|20)\d{2})/((?:19|20)?\d{2})", value)
    return bool(m and int(m.group(2)[-2:]) == (int(m.group(1)) + 1) % 100)


_OWN_REFERENCE_LABEL = re.compile(r"(?:Vorlage|Drucksache|Drucksachen|Vorlagen)[-\s]*(?:Nr\.?|Nummer)?\s*:?\s*$", re.I)


def own_reference(text: str, references: list[Match]) -> str | None:
    """The document's own number: labelled as such, or the first one in its header."""
    found = own_reference_match(text, references)
    return found.value if found else None


# "Vorlage Nr.: 1452": a plain number counts as a reference only where it is labelled as one.
# OCR puts each word on a line of its own: "Vorlage\nNr.:\n202".
# The label printed twice: "Vorlage Nr.: Nr. 52" (Karlsruhe 622197).
_LABELLED_NUMBER = re.compile(r"(?:Vorlage|Drucksache)n?[-\s]*(?:Nr\.?|Nummer)[ \t]*:?[ \t]*\n?[ \t]*"
                              r"(?:Nr\.[ \t]*)?(\d{1,6})(?![\d/.-])", re.I)
# A budget motion's number on the line below its type: "STELLUNGNAHME zu Antrag" / "51", "ANTRAG" / "132-133"
# (Karlsruhe's Haushalt forms, where the motions of a budget are numbered in one series).
_NUMBER_BELOW_TYPE = re.compile(r"^[ \t]*(?:Stellungnahme[ \t]+zu[rm]?[ \t]+)?(?:Änderungs|Ergänzungs)?"
                                r"(?:Antrag|Anfrage)[ \t]*\n[ \t]*(\d{1,4}(?:[ \t]*[-–][ \t]*\d{1,4})?)[ \t]*$",
                                re.I | re.M)
_LABEL_LINE = re.compile(r"^[ \t]*[A-ZÄÖÜ][\wäöüß. /-]{0,30}:[ \t]*$")
_INLINE_LABEL = re.compile(r"^[ \t]*([A-ZÄÖÜ][\wäöüß. /-]{0,30}):[ \t]+(\S[^\n]*?)[ \t]*$")
HEADER_CHARS = 600
_STATUS_VALUE = re.compile(r"(?:nicht\s*)?öffentlich", re.I)


# Minutes and agendas list the papers they deal with; none of those numbers is the document's own.
_NOT_A_PAPER = re.compile(r"^\W*(?:Niederschrift|Protokoll|Tagesordnung|Einladung|Ergebnisniederschrift|"
                          r"Sitzungsniederschrift|Ergebnisprotokoll|Beschlussprotokoll|Sitzungsprotokoll)\b", re.I)
# "Punkt 20 der Tagesordnung: …", "TOP 10 / 10.1: …": the minutes of one agenda item.
AGENDA_ITEM_LINE = re.compile(r"^[ \t]*(?:Punkt\s*\d+(?:\.\d+)*[a-z]?\s*der\s*Tagesordnung|"
                              r"Tagesordnungspunkt\s*\d+[\d.]*|TOP\s*\d+[\d.]*(?:\s*/\s*\d+[\d.]*)?)\s*:[ \t]*(?=\S)",
                              re.I | re.M)
HEAD_LINES = 8  # lines of a page's head where its heading stands (after letterhead and page numbers)


def opens_as_minutes(text: str) -> bool:
    """Minutes or an agenda: a heading among the first lines says so ('Stadt Braunschweig / Der Oberbürgermeister /
    1 / Protokoll'), or the page opens with an agenda item ('18. / Punkt 20 der Tagesordnung: …')."""
    lines = [line.strip() for line in text[:HEADER_CHARS * 2].split("\n") if line.strip()]
    if any(_NOT_A_PAPER.match(line) for line in lines[:HEAD_LINES]):
        return True
    return AGENDA_ITEM_LINE.search(text, 0, 400) is not None


def own_reference_match(text: str, references: list[Match]) -> Match | None:
    """Where the document's own number is: labelled, in a label column, or first in the header."""
    if opens_as_minutes(text):
        return None
    # A header printed as label and value columns names the number before any text can mention another
    # ("… gemäß Vorlage Nr. 2013/0189" in the question of an Anfrage whose own number is 2015/0131).
    column = _label_column_value(text)
    if column:
        return column
    for ref in references:
        label_zone = text[max(0, ref.start - 30) : ref.start]
        if _OWN_REFERENCE_LABEL.search(label_zone):
            return ref
    m = _LABELLED_NUMBER.search(text, 0, HEADER_CHARS * 3) or _NUMBER_BELOW_TYPE.search(text, 0, HEADER_CHARS)
    if m:
        return Match("reference", m.group(1), m.group(1), m.start(1), m.end(1))
    return next((ref for ref in references if ref.start < HEADER_CHARS), None)


def label_columns(text: str) -> dict[str, tuple[str, int]]:
    """A header printed as a column of labels, then a column of values (Karlsruhe before 2015).

    "Gremium:\n52. Plenarsitzung Gemeinderat\nTermin:\nVorlage Nr.:\nTOP:\n\n15.07.2008\n1452\n10"
    gives {"Gremium": ("52. Plenarsitzung Gemeinderat", ...), "Termin": ("15.07.2008", ...),
    "Vorlage Nr.": ("1452", ...), "TOP": ("10", ...)}: the empty labels of a run take the values
    that follow it, in order; an "öffentlich" among them is the status column's, unless a label names the status.
    Values are (text, offset).
    """
    lines, position = [], 0
    for raw in text[: HEADER_CHARS * 3].split("\n"):
        lines.append((position, raw))
        position += len(raw) + 1
    out: dict[str, tuple[str, int]] = {}
    i = 0
    while i < len(lines):
        if not _LABEL_LINE.match(lines[i][1]):
            # A label with its value on the same line joins the header too: "Gremium:  11. Plenarsitzung
            # Gemeinderat" above "Termin:" with its value in the column below (Karlsruhe 2015).
            inline = _INLINE_LABEL.match(lines[i][1])
            if inline:
                out.setdefault(inline.group(1).strip(), (inline.group(2).strip(), lines[i][0] + inline.start(2)))
            i += 1
            continue
        labels = []  # a run of labels, blank lines allowed between them
        while i < len(lines) and (_LABEL_LINE.match(lines[i][1]) or not lines[i][1].strip()):
            if lines[i][1].strip():
                labels.append(lines[i][1].strip().rstrip(":").strip())
            i += 1
        values: list[tuple[str, int] | None] = []
        # "öffentlich" between the values is the status column's, unless a label names the status
        status_labelled = any("status" in label.lower() or "öffentlich" in label.lower() for label in labels)
        top = labels.index("TOP") if "TOP" in labels else None
        while i < len(lines) and len(values) < len(labels) and not _LABEL_LINE.match(lines[i][1]):
            start, raw = lines[i]
            value = raw.strip()
            if value and (status_labelled or not _STATUS_VALUE.fullmatch(value)):
                values.append((value, start + raw.index(value)))
            elif (value and top is not None and len(values) <= top and (last := values[-1] if values else None)
                  and _TOP_VALUE.fullmatch(last[0])):
                # The status is printed right after the TOP's number: a label before TOP left empty.
                # "Termin: / Vorlage Nr.: / TOP: / Verantwortlich:" over "16.11.2010 / 7 / öffentlich / Dez. 3"
                # (Karlsruhe 8889): 7 is the TOP, the Vorlage's number is empty and "Dez. 3" is Verantwortlich.
                values[len(values) - 1:len(values) - 1] = [None] * (top + 1 - len(values))
            i += 1
        for label, found in zip(labels, values, strict=False):
            if found is not None:
                out.setdefault(label, found)
    return out


_TOP_VALUE = re.compile(r"\d{1,2}(?:\.\d{1,2})*[a-z]?")


def _label_column_value(text: str) -> Match | None:
    """The Vorlage number of a label-column header (see label_columns)."""
    for label, (value, start) in label_columns(text).items():
        labelled = re.fullmatch(r"Vorlagen?[-\s]*(?:Nr\.?|Nummer)", label)
        if labelled and re.fullmatch(r"\d{1,6}|" + _REFERENCE.pattern, value):
            return Match("reference", value, value, start, start + len(value))
    return None


# ---------------------------------------------------------------- dates

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_MONTH = "(" + "|".join(MONTHS) + ")"
# Two-digit years only with two-digit day and month ("20.07.26"), so "Punkt 1.2.10" is no date.
# Not inside a code of slashed parts: a plan's number "(16.47/16.09.25/01.01c)" (Koblenz) holds no date.
_NUMERIC = re.compile(r"(?=\d)(?<![\d.])(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{2})\.(\d{2})\.(\d{2}))(?![\d]|/\d)")
# "15.Oktober2015": PDF text without spaces
_WRITTEN = re.compile(r"(?=\d)(?<![\d.])(\d{1,2})\.\s?" + _MONTH + r"\s*(\d{4})\b", re.I)
_MONTH_YEAR = re.compile(r"(?<![\w.])" + _MONTH + r"\s+(\d{4})\b", re.I)
# A calendar's heading puts the year first: "Kalender 2026 Oktober" (SessionNet si0040, Gerolstein).
_YEAR_MONTH = re.compile(r"(?<=Kalender )((?:19|20)\d{2})\s+" + _MONTH + r"(?![\w.])", re.I)
_YEAR_RANGE = re.compile(r"(?=[12])(?<![\d./-])((?:19|20)\d{2})\s*(?:-|–|—|bis)\s*((?:19|20)\d{2})(?![\d./-])")
_PERIOD_CUE = re.compile(r"(?:[Zz]eitraum|[Ll]aufzeit|\b[Vv]on|\b[Vv]om)\s*(?:de[nm]\s+)?(?:Jahren?\s+)?$")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|bis(?: zum| einschließlich)?)\s*")
_PART_YEAR = re.compile(r"\b(Anfang|Mitte|Ende|Frühjahr|Sommer|Herbst|Winter|Beginn|Anfang|Mitte|Ende"
                        r"(?=\s+des\s+Jahres)|(?:\d\.|ersten|zweiten|dritten|vierten)\s+(?:Quartal|Halbjahr)(?:e?s)?)"
                        r"(?:\s+des\s+Jahres)?\s+((?:19|20)\d{2})\b")
# "Jan. 2006", "JAN 2006", "Sept. 2019": abbreviated months (Karlsruhe forms print "Fassung: JAN 2006").
_ABBREVIATED = {"jan": 1, "feb": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "okt": 10, "nov": 11, "dez": 12}
_MONTH_ABBREVIATED = re.compile(r"(?<![\w.])(" + "|".join(_ABBREVIATED) + r")\.?\s+((?:19|20)\d{2})\b", re.I)
# "16. JAN. 2012", "3. Sept. 2019": an office's receipt stamp, a letter's date line.
_DAY_ABBREVIATED = re.compile(r"(?=\d)(?<![\d.])(\d{1,2})\.\s?(" + "|".join(_ABBREVIATED) + r")\.\s?((?:19|20)\d{2})\b",
                              re.I)
# "vom 23.02. bis 23.03.2015", "vom 23. August bis 24. September 2021": a range's first day takes the year of its last.
_OPEN_START = re.compile(r"(?=\d)(?<![\d./])(\d{1,2})\.\s?(?:(\d{1,2})\.|" + _MONTH + r")"
                         r"(?=\s*(?:-|–|—|bis(?: zum| einschließlich)?|und)\s*(?:zum\s+|dem\s+)?\d)", re.I)
OPEN_START_REACH = 40  # characters from the first day to the full date that closes the range
# "am 20/21.06.26": the night of two days.
# Two or three days of one session: "07/08.12.2021", "21./22.04.2009", "16./17./18.12.2025", "06./07. April 2009"
# (each is a date).
_DAY_PAIR = re.compile(r"(?=\d)(?<![\d./])(\d{1,2})\.?\s?/\s?(?:(\d{1,2})\.?\s?/\s?)?"
                       r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")
_WRITTEN_PAIR = re.compile(r"(?=\d)(?<![\d./])(\d{1,2})\.?\s?/\s?(\d{1,2})\.\s?" + _MONTH + r"\s*(\d{4})\b", re.I)


def find_dates(text: str) -> list[Match]:
    """Dates with the precision they are written in (day, month or year)."""
    found: list[Match] = []
    taken = _Taken()
    free = taken.free

    for m in _DAY_PAIR.finditer(text):
        year = int(m.group(5)) + (0 if len(m.group(5)) == 4 else 2000 if int(m.group(5)) < 70 else 1900)
        days = [_iso(year, int(m.group(4)), int(day)) for day in m.group(1, 2, 3) if day]
        if all(days):
            found.extend(Match("date", day, m.group(0), m.start(), m.end()) for day in days if day)
            taken.add(m.start(), m.end())
    for m in _WRITTEN_PAIR.finditer(text):
        year, written = int(m.group(4)), MONTHS[m.group(3).lower()]
        first, second = _iso(year, written, int(m.group(1))), _iso(year, written, int(m.group(2)))
        if first and second and free(m.start(), m.end()):
            found.append(Match("date", first, m.group(0), m.start(), m.end()))
            found.append(Match("date", second, m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _NUMERIC.finditer(text):
        if not free(m.start(), m.end()):
            continue
        day, month, year_text = m.group(1, 2, 3) if m.group(3) else m.group(4, 5, 6)
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < 70 else 1900
        value = _iso(year, int(month), int(day))
        if value:
            found.append(Match("date", value, m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _WRITTEN.finditer(text):
        value = _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if value and free(m.start(), m.end()):
            found.append(Match("date", value, m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _DAY_ABBREVIATED.finditer(text):
        value = _iso(int(m.group(3)), _ABBREVIATED[m.group(2).lower()], int(m.group(1)))
        if value and free(m.start(), m.end()):
            found.append(Match("date", value, m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _MONTH_YEAR.finditer(text):
        if free(m.start(), m.end()):
            found.append(
                Match("date", f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}", m.group(0), m.start(), m.end())
            )
            taken.add(m.start(), m.end())
    for m in _YEAR_MONTH.finditer(text):
        if free(m.start(), m.end()):
            value = f"{int(m.group(1)):04d}-{MONTHS[m.group(2).lower()]:02d}"
            found.append(Match("date", value, m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _MONTH_ABBREVIATED.finditer(text):
        if free(m.start(), m.end()):
            value = f"{int(m.group(2)):04d}-{_ABBREVIATED[m.group(1).lower()]:02d}"
            found.append(Match("date", value, m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _PART_YEAR.finditer(text):
        if free(m.start(), m.end()):
            found.append(Match("date", m.group(2), m.group(0), m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _YEAR_RANGE.finditer(text):
        first_year, last_year = int(m.group(1)), int(m.group(2))
        # Two bare years are a period only where the text calls them one ("Förderzeitraum 2012 - 2015"); a
        # programme's or a term's years ("Investitionsprogramm 2026 – 2030", "der Jahre 2016-2019") are not dates.
        if (first_year < last_year <= first_year + 30 and free(m.start(), m.end())
                and _PERIOD_CUE.search(text, max(0, m.start() - 30), m.start())):
            found.append(Match("date", m.group(1), m.group(1), m.start(1), m.end(1), "range_start"))
            found.append(Match("date", m.group(2), m.group(2), m.start(2), m.end(2), "range_end"))
    found.sort(key=lambda x: x.start)
    found = _open_starts(text, found, free)
    return _mark_ranges(text, found)


def _open_starts(text: str, found: list[Match], free) -> list[Match]:
    """The first days of ranges written without their year, dated by the full date that ends the range."""
    starts = [m.start for m in found]
    added = []
    for m in _OPEN_START.finditer(text):
        if not free(m.start(), m.end()):
            continue
        i = bisect.bisect_left(starts, m.end())
        if i == len(found) or found[i].start - m.end() > OPEN_START_REACH or len(found[i].value) != 10:
            continue
        month = int(m.group(2)) if m.group(2) else MONTHS[m.group(3).lower()]
        value = _iso(int(found[i].value[:4]), month, int(m.group(1)))
        if value and value <= found[i].value:
            added.append(Match("date", value, m.group(0), m.start(), m.end()))
    return sorted(found + added, key=lambda x: x.start) if added else found


class _Taken:
    """Disjoint character spans, sorted; whether a span is free is a bisection, not a scan of them all
    (a page of 10,000 dates made the scan quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps no span taken."""
        before = bisect.bisect_left(self.starts, end) - 1  # the last span starting before end
        return before < 0 or self.ends[before] <= start

    def add(self, start: int, end: int) -> None:
        """Take a span (a free one: the spans stay disjoint)."""
        at = bisect.bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


_BETWEEN = re.compile(r"\bzwischen(?:\s+dem)?\s*$")


def _mark_ranges(text: str, found: list[Match]) -> list[Match]:
    """'01.02.2010 bis 30.06.2011', "zwischen dem 24.05. und 24.06.2019": the dates become range_start and range_end."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        between = text[a.end:b.start].strip() == "und" and _BETWEEN.search(text, max(0, a.start - 15), a.start)
        if a.kind or b.kind or not (_RANGE_JOIN.fullmatch(text[a.end:b.start]) or between) or b.value < a.value:
            continue
        out[i] = Match(a.label, a.value, a.text, a.start, a.end, "range_start")
        out[i + 1] = Match(b.label, b.value, b.text, b.start, b.end, "range_end")
    return out


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- organisations


@lru_cache(maxsize=1)
def _gazetteer_pattern() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    lookup: dict[str, tuple[str, str]] = {}
    for entry in load_gazetteer():
        for variant in entry.variants:
            lookup[variant] = (entry.name, entry.kind)
    # Longest first, so "Deutsches Rotes Kreuz" wins over a shorter variant.
    alternatives = sorted(lookup, key=len, reverse=True)
    # A name broken over two lines or spaced twice (PDF text) is still the name: spaces match any whitespace.
    # Every variant starts with a capital (resources.load_gazetteer), so other positions are skipped at once.
    pattern = re.compile(r"(?<![\wäöüß])(?=[A-ZÄÖÜ])(?:"
                         + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alternatives) + r")(?![\wäöüß])")
    return pattern, lookup


def normalize_organization(name: str) -> str:
    """One spelling for one body: genitive endings dropped, spaces tidied."""
    name = " ".join(name.split())
    name = re.sub(r"^Dez\. ?(?=\d|[IVX])", "Dezernat ", name)
    name = re.sub(r"([Aa]usschuss|[Aa]rbeitskreis)es\b", r"\1", name)
    name = re.sub(r"^((?:[A-ZÄÖÜ][a-zäöüß]+)?(?:[Rr]at|[Bb]eirat|vorstand|senat))e?s\b", r"\1", name)
    name = re.sub(r"((?:[Aa]mt|[Mm]inisterium|präsidium|^Polizeirevier|^Polizeiposten))e?s\b", r"\1", name)
    name = re.sub(r"(gericht(?:shof)?)e?s\b", r"\1", name)
    name = re.sub(r"^([A-ZÄÖÜ][a-zäöüß]+verband)e?s\b", r"\1", name)
    name = re.sub(r"^(Staatliche|Statistische|Städtische)[nm]? (?=[A-ZÄÖÜ][a-zäöüß]+amt$)", r"\1s ", name)
    name = re.sub(r"^(Institut|Zentrum|Forum|Netzwerk|Verband|Verein|Bündnis)e?s\b", r"\1", name)
    name = re.sub(r"^Freiwilligen Feuerwehr", "Freiwillige Feuerwehr", name)
    name = re.sub(r"^Runde[n]? Tisch(?:es)?\b", "Runder Tisch", name)  # "am Runden Tisch Inklusion"
    name = re.sub(r"^OV (?=[A-ZÄÖÜ][a-zäöüß]{3,}(?:-|$))", "Ortsverwaltung ", name)  # Karlsruhe's "OV Grötzingen"
    name = re.sub(r"^(Technische|Gemeinsame|Beschließende|Beratende)[rn]? Ausschuss", r"\1r Ausschuss", name)
    name = re.sub(r"^Magistrate?s\b", "Magistrat", name)
    name = re.sub(r"\s+\S+-$", "", name)  # a word broken at the line's end is not the name's last
    name = re.sub(r"^(?:Städtische[sn]?|Städt\.) Klinikums?", "Städtisches Klinikum", name)
    name = re.sub(r"^((?:Städtische[sn]? )?(?:Bauhof|Stadtarchiv|Klinikum|Staatstheater|Stadttheater|Eigenbetrieb|"
                  r"[A-ZÄÖÜ][a-zäöüß]*verein))e?s\b", r"\1", name)
    return name.rstrip(",;: ")


# "Stadtrat Tom Høyem", "Stadtrat Pfannkuch (CDU):", "Zuruf Stadtrat Ehlgötz/CDU", "Herr Stadtrat!",
# "CDU-Stadtrat Albert Käuflein": a person's title, not the council.
_TITLE_BEFORE_NAME = re.compile(r"[ \t]+(?:(?:Dr|Prof)\.[ \t]+)*[A-ZÄÖÜ][a-zäöüßøé'-]+"
                                r"(?:(?: [A-ZÄÖÜ]\.)? [A-ZÄÖÜ]|[ \t]*[(/]|[ \t]*:[ \t])|!")
_TITLE_AFTER = re.compile(r"(?:\b(?:Herrn?|Frau)\s+|[A-ZÄÖÜ]{2,}[a-zäöüß]*-)$")
# "wurden von Stadtrat  Wenzel folgende Fragen gestellt": a preposition without an article, then a name; the council
# always has its article ("vom Stadtrat", "im Gemeinderat").
_PREPOSITION_BEFORE = re.compile(r"\b(?:von|durch|mit|für|an|laut|seitens)\s+$")
_NAME_AFTER = re.compile(r"[ \t]+[A-ZÄÖÜ][a-zäöüßøé'-]+\b")
_PERSONAL_TITLES = {"Stadtrat", "Gemeinderat", "Ortschaftsrat", "Kreisrat", "Bezirksrat"}


HINT_WINDOW = 160  # characters a name may reach before or after its hint word


def _pattern_matches(org, text: str):
    """The pattern's matches; with a hint, the pattern runs only in windows around the hint's hits
    (patterns that start with any capitalised word are slow to try at every position)."""
    if org.hint is None:
        yield from org.pattern.finditer(text)
        return
    seen: set[tuple[int, int]] = set()
    covered = -1
    for hit in org.hint.finditer(text):
        if hit.start() < covered:
            continue
        low, high = max(0, hit.start() - HINT_WINDOW), min(len(text), hit.end() + HINT_WINDOW)
        covered = high - HINT_WINDOW
        for m in org.pattern.finditer(text, low, high):
            if m.start() <= hit.start() < m.end() and (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                yield m


# A line printed in capitals ("BEZIRKSVERSAMMLUNG HARBURG", a letterhead): read as if written in mixed case.
_CAPS_LINE = re.compile(r"^(?=[^\n]*[A-ZÄÖÜ]{4}[^\n]* [^\n]*[A-ZÄÖÜ]{3})[^a-zäöüß\n]+$", re.M)
_SMALL_WORDS = {"für", "und", "der", "die", "das", "des", "den", "dem", "von", "vom", "im", "am", "zur", "zum", "in",
                "an", "auf", "mit", "über"}


def _caps_written_mixed(text: str) -> str:
    """The text with its lines in capitals written in mixed case, every character where it was."""
    def mixed(m: re.Match) -> str:
        words = re.split(r"(\W+)", m.group(0))
        line = "".join(w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in words)
        return line if len(line) == len(m.group(0)) else m.group(0)

    return _CAPS_LINE.sub(mixed, text) if _CAPS_LINE.search(text) else text


Spellings = tuple[tuple[str, str], ...]  # (as printed, the organisation's name)


def find_organizations(text: str, known: Spellings = ()) -> list[Match]:
    """Council bodies, offices and civil-society organisations named in a text; `known` adds the names and short
    names of the organisations the text's council system lists (organization_spellings)."""
    printed, text = text, _caps_written_mixed(text)
    if printed is not text:
        return [replace(m, text=printed[m.start:m.end]) for m in _find_organizations(text, known)]
    return _find_organizations(text, known)


# An organisation list's short name that a text may print for it: an acronym ("TBA", "ZJD", "SuS", "BfI",
# "OR-Durlach"), not a word ("Zoo", "Kultur", "Klin") and not two letters ("IT", "BA": too many other meanings).
_ACRONYM = re.compile(r"(?=(?:[^A-ZÄÖÜ]*[A-ZÄÖÜ]){2})[A-ZÄÖÜ]"
                      r"(?:[A-Za-zÄÖÜäöü]{2,7}|[A-Za-zÄÖÜäöü]{1,7}-[A-ZÄÖÜ][a-zäöüß]+)")
# A town's companies are not its bodies, by their legal form ("Karlsruher Fächer GmbH") or by what they are
# ("Stadtwerke", "Verkehrsbetriebe Karlsruhe", "Karlsruher Verkehrsverbund", "Volkswohnung"); "_Fachbereich
# Datenübernahme" and "Offen" are a vendor's placeholders (Karlsruhe's OParl organisation list).
_NOT_A_BODY = re.compile(r"(?<![\wäöüß])(?:GmbH|AG|KG|mbH|SE)(?![\wäöüß])|^[_\W]|^\S{0,7}$"
                         r"|(?:werke|betriebe|verbund|wohnung|bahn|bahnen|gesellschaft|[Hh]olding)(?![\wäöüß])")
_SHORT_IN_NAME = re.compile(r"\s*\(([A-ZÄÖÜ][\wäöüß-]{1,9})\)$")  # "… Klimaschutzagentur gGmbH (KEK)"


MAX_KNOWN = 2000  # organisations of one list whose names are looked for (a hostile list stays a bounded pattern)


@lru_cache(maxsize=8)
def organization_spellings(rows: tuple[tuple[str, str | None], ...]) -> Spellings:
    """The spellings by which a text names the organisations its council system lists: (name, short name) rows
    of an OParl organisation list or a committee list; names of one word shorter than eight letters, companies
    and short names that are no acronyms are left out."""
    out: dict[str, str] = {}
    shorts: dict[str, list[str]] = {}
    for name, short in rows[:MAX_KNOWN]:
        name = " ".join((name or "").split())
        inner = _SHORT_IN_NAME.search(name)
        if inner:
            name, short = name[: inner.start()], short or inner.group(1)
        if not name[:1].isupper() or _NOT_A_BODY.search(name) or len(name) > 120:
            continue
        out.setdefault(name, name)
        bare = _LEGAL_FORM.sub("", name)  # "Karlsruher Energie- und Klimaschutzagentur" without its "gGmbH"
        if bare != name and " " in bare:
            out.setdefault(bare, name)
        if short and _ACRONYM.fullmatch(short.strip()):
            shorts.setdefault(short.strip(), []).append(name)
    for short, names in shorts.items():
        # One short name for two bodies ("SJB": the Sozial- und Jugendbehörde and, in Karlsruhe's list, its
        # Behindertenbeauftragte): the name whose words begin with the short name's capitals.
        out.setdefault(short, max(names, key=lambda n: sum(c in _INITIALS.findall(n) for c in short)))
    return tuple(sorted(out.items()))


_LEGAL_FORM = re.compile(r"\s+(?:gGmbH|e\.\s?V\.|gUG|gAG)$")
_INITIALS = re.compile(r"(?<![\wäöüß])[A-ZÄÖÜ]|(?<=-)[A-ZÄÖÜ]")


@lru_cache(maxsize=8)
def _known_pattern(known: Spellings) -> re.Pattern:
    # Longest first; a name broken over two lines is still the name; no part of a longer word or a compound
    # ("SJB-Leitung" names the office's head, "ZJDs" is no acronym).
    spellings = sorted((s for s, _ in known), key=len, reverse=True)
    return re.compile(r"(?<![\wäöüß-])(?:" + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spellings)
                      + r")(?![\wäöüß-])")


_COUNCIL_HEAD = re.compile(r"(?:[Aa]usschuss|[Rr]at|[Kk]ommission|[Vv]ersammlung|[Vv]ertretung|[Tt]ag)(?:\s|$)")


def _known_names(text: str, known: Spellings) -> list[Match]:
    names = dict(known)
    out = []
    for m in _known_pattern(known).finditer(text):
        name = names[" ".join(m.group(0).split())]
        kind = "council" if _COUNCIL_HEAD.search(name) else "administration"
        out.append(Match("organization", name, m.group(0), m.start(), m.end(), kind))
    return out


def _find_organizations(text: str, known: Spellings = ()) -> list[Match]:
    found: list[Match] = []
    pattern, lookup = _gazetteer_pattern()
    candidates: list[Match] = []
    for org in load_org_patterns():
        # A pattern with a group `name` (a labelled field) takes only that group as the name.
        group = "name" if "name" in org.pattern.groupindex else 0
        for m in _pattern_matches(org, text):
            if m.group(group):
                candidates.append(Match("organization", normalize_organization(m.group(group)), m.group(group),
                                        m.start(group), m.end(group), org.kind))
    candidates.extend(_wrapped_names(text))
    for m in pattern.finditer(text):
        name, kind = lookup[" ".join(m.group(0).split())]
        if name in _PERSONAL_TITLES and (_TITLE_BEFORE_NAME.match(text, m.end())
                                         or _TITLE_AFTER.search(text, max(0, m.start() - 8), m.start())
                                         or (_PREPOSITION_BEFORE.search(text, max(0, m.start() - 10), m.start())
                                             and _NAME_AFTER.match(text, m.end()))):
            continue
        candidates.append(Match("organization", name, m.group(0), m.start(), m.end(), kind))
    # A listed name comes last: where a rule reads the same words, its name and kind stand (the ingest reads a file
    # before or after its system's list is stored, `pipeline reprocess` after: both give the same).
    candidates += _known_names(text, known) if known else []
    if any(c.value == "Bürgerschaft" for c in candidates) and not _COUNCIL_BUERGERSCHAFT.search(text):
        # "Anregungen aus der Bürgerschaft" are the citizens'; the council of that name sits in Hanseatic cities
        candidates = [c for c in candidates if c.value != "Bürgerschaft"]
    candidates = [_with_place_suffix(_coordinated(c, text), text) for c in candidates]
    # Candidates come by start, so one overlaps a name taken exactly when it starts before the
    # furthest end taken (a scan of every name taken made a page of 10,000 names quadratic).
    reach = 0
    for cand in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        if cand.start >= reach:
            found.append(cand)
            reach = cand.end
    return _one_spelling(_placed(found))


# A line break inside a name: the line before it ends in a word that cannot end one (a preposition or conjunction, an
# adjective, a hyphen) and the next starts with the name's next word ("Badischer Landesverein für Innere\nMission e.
# V.", "Zentraler\nJuristischer Dienst", "Netzwerk Karlsruhe gegen\nRechts", "DJK Grün-\nWeiß-Rüppurr e.V.").
_SOFT_WRAP = re.compile(r"(?:(?<![\wäöüß])(?:für|und|gegen|der|des|von|vom|mit|im|in|am|zur|zum|sowie|an|auf|bei)"
                        r"|(?<![\wäöüß])(?:[A-ZÄÖÜ][a-zäöüß]*(?:isch|lich|ig|al|ell|iv|är)|Inner|Äußer|Ober|Unter)"
                        r"(?:e|er|es|en|em)|(?<=[a-zäöüß])-)(?P<wrap>[ \t]*\n)"
                        # the name's next word: a noun, a quote, or an adjective before its noun ("Ausschuss für\n"
                        # "öffentliche Einrichtungen"); a line that goes on in lower case is prose, not tried
                        r"(?=[ \t]?(?:[A-ZÄÖÜ„\"]|[a-zäöüß]+(?:e|er|es|en|em)[ \t]+[A-ZÄÖÜ]))")


WRAP_REACH = 80  # characters a name broken by a line break may reach on either side of it


def _wrapped_names(text: str) -> list[Match]:
    """Names that a line break cuts in two, found on the text with those breaks read as one space; only the matches
    that span one (the others are found on the text as printed)."""
    parts: list[str] = []
    wraps: list[int] = []  # where each break stands in the joined text
    shifts: list[int] = []  # characters dropped up to and including each break
    at = length = dropped = 0
    for m in _SOFT_WRAP.finditer(text):
        parts += (text[at:m.start("wrap")], " ")
        length += m.start("wrap") - at
        wraps.append(length)
        length += 1
        at = m.end("wrap")
        dropped += len(m.group("wrap")) - 1
        shifts.append(dropped)
    if not wraps:
        return []
    joined = "".join(parts) + text[at:]

    def printed(position: int) -> int:
        index = bisect.bisect_left(wraps, position) - 1  # wraps strictly before position
        return position + (shifts[index] if index >= 0 else 0)

    windows: list[tuple[int, int]] = []  # the joined text around each break, overlapping ones merged
    for wrap in wraps:
        low, high = max(0, wrap - WRAP_REACH), min(len(joined), wrap + WRAP_REACH)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    out = []
    for org, (low, high) in itertools.product(load_org_patterns(), windows):
        if org.hint is not None and not org.hint.search(joined, low, high):
            continue
        group = "name" if "name" in org.pattern.groupindex else 0
        for m in org.pattern.finditer(joined, low, high):
            start, end = m.start(group), m.end(group)
            nearest = bisect.bisect_left(wraps, start)
            if m.group(group) and nearest < len(wraps) and wraps[nearest] < end:
                start, end = printed(start), printed(end)
                out.append(Match("organization", normalize_organization(m.group(group)), text[start:end], start, end,
                                 org.kind))
    return out


_COUNCIL_BUERGERSCHAFT = re.compile(r"Hansestadt|Hamburg|Bremen|Bürgerschaftssitzung|Bürgerschaftsbeschlu|"
                                    r"(?:Sitzung|Beschlu(?:ss|ß)|Präsident(?:in)?|Mitglied(?:er)?) der Bürgerschaft|"
                                    r"Bürgerschaft (?:hat|beschließt|beschloss|stimmte)\b")
# The first parts of a coordinated compound before a name: "Städte- und Gemeindetag", "Sozial- und Jugendbehörde",
# "Kultur-, Sport- und Bäderamt".
_COORDINATED = re.compile(r"(?:[A-ZÄÖÜ][a-zäöüß]+-,\s*)*[A-ZÄÖÜ][a-zäöüß]+-\s*(?:und|oder|sowie|&)\s+$")


def _coordinated(match: Match, text: str) -> Match:
    """A name with the coordinated first parts printed before it; the name itself where there are none."""
    before = _COORDINATED.search(text, max(0, match.start - 60), match.start)
    if before is None or not match.text[:1].isupper():
        return match
    printed = text[before.start():match.end]
    return replace(match, value=normalize_organization(printed), text=printed, start=before.start())


# A place told apart by its river or region: "Lauffen a.N.", "Frankfurt a. M.", "Freiburg i.Br.", "Neumarkt
# i.d.OPf.", "Kirchen (Sieg)", "Halle (Saale)"; "a. D." (retired) is a person's, "(Entwurf)" no river's.
_PLACE_SUFFIX = re.compile(r"[ \t]+(?:(?!a\.[ \t]?D\.)[ai]\.[ \t]?(?:d\.[ \t]?)?[A-ZÄÖÜ][A-Za-zäöüß]{0,8}\.?"
                           r"(?![\wäöüß])|"
                           r"\((?!(?:[A-ZÄÖÜ][a-zäöüß]*(?:ung|heit|keit|schaft|tion|nis)|Entwurf|Neu|Alt)\))"
                           r"[A-ZÄÖÜ][a-zäöüß]{2,10}\))")


def _with_place_suffix(match: Match, text: str) -> Match:
    """A name ending in a place keeps the place's suffix printed after it."""
    suffix = _PLACE_SUFFIX.match(text, match.end)
    if suffix is None or not _PLACE_WORD.fullmatch(match.text.rsplit(None, 1)[-1]):
        return match
    printed = text[match.start:suffix.end()]
    return replace(match, value=normalize_organization(printed), text=printed, end=suffix.end())


_PLACE_WORD = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*")
# The adjective that belongs to an authority's name: "Staatliches Schulamt", "untere Naturschutzbehörde"; not "obere"
# ("Oberer Gutachterausschuss" and a town's "Gutachterausschuss" are two bodies).
_NAMING_ADJECTIVE = re.compile(r"(?:[Ss]taatlich|[Ss]tatistisch|[Ss]tädtisch|[Uu]nter)e[snmr]?")


_COUNCIL_OF_TOWN = re.compile(r"^(\S+) der (?:Stadt|Gemeinde|Hansestadt|Kreisstadt|Landeshauptstadt|Samtgemeinde|"
                              r"Verbandsgemeinde|Ortsgemeinde|Marktgemeinde)$")


def _placed(found: list[Match]) -> list[Match]:
    """A body named once with its place and then without it is one body: "die Abfallwirtschaftsbetriebe Münster
    (awm) … die Abfallwirtschaftsbetriebe" (Münster minutes), "Rat der Stadt Herne … der Rat", and one named with its
    adjective ("Staatliches Schulamt … des Schulamtes"); with two places named, the bare name stays."""
    values = {m.value for m in found}
    longer: dict[str, set[str]] = {}
    for value in values:
        head, _, place = value.rpartition(" ")
        if _NAMING_ADJECTIVE.fullmatch(head):  # "das Staatliche Schulamt … des Schulamtes"
            longer.setdefault(place, set()).add(value)
        elif head and _PLACE_WORD.fullmatch(place):
            longer.setdefault(head, set()).add(value)
            # "Der Rat hat …" after "Rat der Stadt Herne", "des Gemeinderates" after "Gemeinderat der Stadt Karlsruhe":
            # the same council
            council = _COUNCIL_OF_TOWN.match(head)
            if council:
                longer.setdefault(council.group(1), set()).add(value)
    return [replace(m, value=next(iter(longer[m.value]))) if len(longer.get(m.value, ())) == 1 else m
            for m in found]


_ENDING = re.compile(r"(?<=\w{4})(?:e[nsrm]?|s)$")


_SHORT_NAME = re.compile(r"^(?P<name>(?P<head>\w+) .+?) [-–] .*?(?P<again>\w+)$")


def organization_key(value: str) -> str:
    """What the spellings of one organisation's name have in common: "die Vereinigten Stiftungen der Stadt
    Karlsruhe" and "Vereinigte Stiftungen der Stadt Karlsruhe" have one key."""
    value = value.replace("e. V.", "e.V.")  # "… e. V." and "… e.V." are one club
    # "Stiftung für … - Calmbach Stiftung" is the "Stiftung für …" named again by its short name
    short = _SHORT_NAME.match(value)
    if short and short.group("head") == short.group("again"):
        value = short.group("name")
    # "allein erziehende" and "alleinerziehende", "Bismarck-Gymnasium" and "Bismarckgymnasium": one name, spaced or
    # hyphenated two ways (Karlsruhe 594266 prints both)
    return "".join(_ENDING.sub("", word) for word in value.lower().replace("-", "").split())


def _one_spelling(found: list[Match]) -> list[Match]:
    """Inflected forms of one name are one organisation, under the form printed most often."""
    key = organization_key
    counts: dict[str, dict[str, int]] = {}
    for m in found:
        spellings = counts.setdefault(key(m.value), {})
        spellings[m.value] = spellings.get(m.value, 0) + 1
    chosen = {k: max(spellings, key=spellings.__getitem__) for k, spellings in counts.items()}
    return [m if chosen[key(m.value)] == m.value else replace(m, value=chosen[key(m.value)]) for m in found]

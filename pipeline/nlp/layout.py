"""A Vorlage's header block and Beratungsfolge table, and tables on request.

pdfplumber (pdfminer) parses a dense page in about 0.1 s where pdfium takes 1 ms, so the first
pages of a Vorlage are read from pdfium's lines when every table row stands on a line of its own,
and by position with pdfplumber only when cells wrap or columns interleave.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from io import BytesIO

from pipeline.nlp.consultations import HINT, consultation_lines, words
from pipeline.nlp.resources import load_beratungsfolge
from pipeline.nlp.rules import find_references, normalize_outcome
from pipeline.text.cleaning import dehyphenate, normalize
from scrapers.base import german_date

log = logging.getLogger(__name__)

FIRST_PAGES = 2  # a Vorlage's header and Beratungsfolge sit on its first pages

# Header cells of a Beratungsfolge table, by the field they hold.
_COLUMNS = {
    "organization": re.compile(r"^(Gremi(um|en)|Beratungsfolge|Beratungsgremi|Ausschuss|Organ)", re.I),
    "date": re.compile(r"(Datum|Termin|Sitzung(stag)?$)", re.I),
    "role": re.compile(r"^(Zuständigkeit|Beratungsart|Rolle|Art der Beratung|Beratung$|Status)", re.I),
    "result": re.compile(r"^(Ergebnis|Beschluss|Abstimmung|Entscheidung)", re.I),
    "agenda_number": re.compile(r"^TOP\b", re.I),
    "public": re.compile(r"^Ö\s*/\s*N", re.I),
}



@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    """The labels of a Vorlage's header block, as printed (data/nlp/beratungsfolge.toml); the value follows
    the colon. Read on first use, so that a broken data file is an error of the command that needs it."""
    labels = sorted(load_beratungsfolge().header_labels, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(label) for label in labels) + r")\s*:\s*")
_DAY = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_PAPER_TYPE = re.compile(r"\b(\w*(?:vorlage|antrag|anfrage|mitteilung|empfehlung))\b", re.I)


def read_layout(content: bytes, head: list[str]) -> dict | None:
    """A Vorlage PDF's header fields and Beratungsfolge rows from its first pages (raw text), if it prints one."""
    return vorlage_layout(content, head) if head and wants_layout(head) else None


def wants_layout(page_texts: list[str]) -> bool:
    """Whether the first pages print a Beratungsfolge, so pdfplumber should read them."""
    return any(HINT.search(text) for text in page_texts[:FIRST_PAGES])


def vorlage_layout(content: bytes, page_texts: list[str]) -> dict | None:
    """Header fields and Beratungsfolge rows of a Vorlage PDF; None when it has neither."""
    indexes = [i for i, text in enumerate(page_texts[:FIRST_PAGES]) if HINT.search(text)]
    if not indexes:
        return None
    rows, clean = consultation_lines(page_texts[indexes[0]].splitlines(), indexes[0] + 1)
    if rows and clean:
        header = _header([normalize(line) for line in page_texts[0].splitlines()])
        return {"header": header, "consultations": rows, "read_by": "pdfium"}
    found = _by_position(content, max(indexes) + 1)
    if found is None:
        return {"header": {}, "consultations": rows, "read_by": "pdfium"} if rows else None
    header, table_rows = found
    if not header and not table_rows and not rows:
        return None
    return {"header": header, "consultations": table_rows or rows, "read_by": "pdfplumber" if table_rows else "pdfium"}


def _by_position(content: bytes, pages: int) -> tuple[dict, list[dict]] | None:
    """Header block and Beratungsfolge rows of the first pages, read with pdfplumber."""
    import pdfplumber

    header: dict = {}
    consultations: list[dict] = []
    try:
        with pdfplumber.open(BytesIO(content)) as pdf:
            for index in range(min(FIRST_PAGES, len(pdf.pages), pages)):
                page = pdf.pages[index]
                rows_found = []
                table_top = None
                for table in page.find_tables():
                    rows = _consultation_rows(table.extract(), index + 1)
                    if rows:
                        rows_found.extend(rows)
                        table_top = table.bbox[1] if table_top is None else min(table_top, table.bbox[1])
                consultations.extend(rows_found)
                if index == 0:
                    region = page.crop((0, 0, page.width, table_top)) if table_top else page
                    header = _header([line["text"] for line in region.extract_text_lines(return_chars=False)])
                page.close()
    except Exception as exc:  # noqa: BLE001 - pdfminer fails on some files pdfium reads; keep pdfium's text
        log.info("pdfplumber layout failed: %s", exc)
        return None
    return header, consultations


def _cell(value: str | None) -> str:
    """A table cell as one line: words a cell border split are joined, line breaks become spaces."""
    return " ".join(dehyphenate(normalize(value or "")).split())


def _consultation_rows(table: list[list[str | None]], page: int) -> list[dict]:
    """Rows of a Beratungsfolge table, or [] when the table is another one."""
    header = next((position for position, row in enumerate(table[:3])
                   if _is_consultation_header(_column_map([_cell(c) for c in row]))), None)
    if header is None:
        return []
    columns = _column_map([_cell(c) for c in table[header]])
    out = []
    for row in table[header + 1:]:
        cells = [_cell(c) for c in row]
        get = {key: (cells[i] if i < len(cells) else "") for key, i in columns.items()}
        if not get.get("organization"):
            continue
        day = _DAY.search(get.get("date", ""))
        result = get.get("result") or None
        out.append({
            "organization": get["organization"],
            "date": german_date(day.group(0)) if day else None,
            "role": get.get("role") or None,
            "result": result,
            "outcome": normalize_outcome(result),
            "agenda_number": get.get("agenda_number") or None,
            "page": page,
        })
    return out


def _is_consultation_header(columns: dict[str, int]) -> bool:
    return "organization" in columns and ("date" in columns or "role" in columns)


def _column_map(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for key, pattern in _COLUMNS.items():
            if key not in columns and pattern.search(cell):
                columns[key] = index
                break
    return columns


def _header(lines: list[str]) -> dict:
    """Label/value pairs of the header block; values that run on to the next line are joined."""
    fields: dict[str, str] = {}
    paper_type = None
    last = None
    for line in lines:
        text = " ".join(normalize(line).split())
        if words().section.match(text):
            break  # the header block ends where the first section begins
        matches = list(_label_pattern().finditer(text))
        if not matches:
            if not text:
                last = None
            elif last == "Betreff" and len(fields["Betreff"]) < 300:
                fields["Betreff"] += " " + text
            if paper_type is None:
                paper_type = _paper_type(text)
            continue
        if paper_type is None:
            paper_type = _paper_type(text[: matches[0].start()])
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
            value = text[match.end():end].strip()
            if value:
                fields.setdefault(match.group(1), value)
                last = match.group(1)
    if not fields:
        return {}
    out: dict = {"fields": fields}
    for label in ("Vorlage Nr.", "Vorlagen-Nr.", "Vorlagennummer", "Drucksache Nr.", "Drucksachen-Nr.", "Drucksache"):
        if label in fields:
            refs = find_references(fields[label])
            out["reference"] = refs[0].value if refs else fields[label]
            break
    if "Datum" in fields:
        day = _DAY.search(fields["Datum"])
        out["date"] = german_date(day.group(0)) if day else None
    if "Betreff" in fields:
        out["title"] = fields["Betreff"]
    if paper_type:
        out["paper_type"] = paper_type
    return out


def _paper_type(text: str) -> str | None:
    match = _PAPER_TYPE.search(text)
    return match.group(1) if match and match.group(1)[0].isupper() else None

"""Data a page embeds instead of printing it: a JSON island in a script or a data attribute.

Quirk: more! rubin pages print nothing; the meeting sits in a script as
`window.components["MeetingPage__…"] = {props: {"passed-meeting": {…}}}` (corpus:
other/rubin_eibenstock_meeting_page_vue_props_excerpt.html), and the TYPO3 extension hwratssystem keeps its
calendar in an entity-encoded `data-json` attribute (corpus: other/typo3_hwratssystem_gaiberg_kalender_excerpt.html).
Such data is read only where the page's HTML prints almost no text of its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

from scrapers.base import block_text
from scrapers.labels import number_value

MAX_SCRIPT = 5_000_000  # characters of one script searched for data
MAX_STRINGS = 20_000  # strings of the data kept as the page's text
MAX_ISLANDS = 50  # places a page's JSON may start that are tried (each parse may read to the script's end)
PRINTED = 200  # a page that prints more characters than this is read from its HTML

_START = re.compile(r"(?:props|data|meeting|sitzung|events|items|termine)\"?\s*[:=]\s*(?=[\[{])", re.I)
_TITLE_KEYS = ("titel", "title", "name", "bezeichnung", "betreff", "label")
_DATE_KEYS = ("datum", "date", "start", "beginn", "sitzungsdatum", "termin")
_NUMBER_KEY = re.compile(r"(?:^|_)(?:nummer|number|reference|aktenzeichen|az)(?:_|$)|nummer", re.I)
_AGENDA_KEY = re.compile(r"agenda|tagesordnung|^tops?$|tagesordnungspunkte", re.I)
_ISO = re.compile(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NOT_TEXT = re.compile(r"^(?:https?://|/|#)|^\w+\.(?:php|asp|pdf)\b|^[0-9a-f-]{8,}$|^\d+$|^\S*[_|]\S*$", re.I)


@dataclass
class Embedded:
    """What a page's embedded data says: a meeting or a calendar, its title, number and date, and its texts."""

    kind: str | None
    title: str | None
    reference: str | None
    date: str | None
    text: str


def read(soup: BeautifulSoup) -> Embedded | None:
    """The data of a page that prints (almost) nothing itself, read from its largest JSON island; else None."""
    if len(block_text(soup.body or soup)) > PRINTED:
        return None
    best, size = None, 0
    for attempt, (text, start) in enumerate(_islands(soup)):
        if attempt >= MAX_ISLANDS:
            break
        value, end = _decode(text, start)
        if value is not None and end - start > size:
            best, size = value, end - start
    return interpret(best) if best is not None else None


def _islands(soup: BeautifulSoup):
    """Where JSON may start: data attributes that hold it, and the assignments in scripts (text, offset)."""
    for tag in soup.find_all(True):
        for name, value in (tag.attrs or {}).items():
            if name.startswith("data-") and isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
                yield value, len(value) - len(value.lstrip())
    for script in soup.find_all("script"):
        text = script.string or ""
        if len(text) > MAX_SCRIPT:
            continue
        for m in _START.finditer(text):
            yield text, m.end()


def _decode(text: str, start: int):
    try:
        value, end = json.JSONDecoder().raw_decode(text, start)
    except ValueError:
        return None, start
    return (value, end) if isinstance(value, (dict, list)) and value else (None, start)


def interpret(value) -> Embedded | None:
    """A meeting (an object with an agenda list and a date) or a calendar (a list of dated events)."""
    while isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), (dict, list)):
        value = next(iter(value.values()))
    text = "\n".join(_strings(value))
    if isinstance(value, list):
        events = [v for v in value if isinstance(v, dict) and _date_of(v)]
        if events and len(events) == len(value):
            return Embedded("calendar", None, None, None, text)
        return None
    if not isinstance(value, dict):
        return None
    agenda = any(_AGENDA_KEY.search(k) and isinstance(v, list) for k, v in value.items())
    day = _date_of(value)
    title = next((v.strip() for k in _TITLE_KEYS for key, v in value.items()
                  if key.lower() == k and isinstance(v, str) and v.strip()), None)
    return Embedded("meeting" if agenda and day else None, title, _number_of(value), day, text)


def _date_of(value: dict) -> str | None:
    for key in _DATE_KEYS:
        for name, item in value.items():
            if name.lower() == key and isinstance(item, str) and (m := _ISO.match(item.strip())):
                return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


def _number_of(value: dict) -> str | None:
    """The object's own number: a number-named key whose value reads as one ('2026-STR-240', not 'ni_2026-STR-240')."""
    for name, item in value.items():
        if _NUMBER_KEY.search(name) and isinstance(item, str) and "_" not in item:
            number = number_value(item)
            if number and re.search(r"\d", number) and re.search(r"[/-]", number):
                return number
    return None


def _strings(value, depth: int = 0, out: list[str] | None = None) -> list[str]:
    """The data's texts in order, ISO dates written the German way so that the date rules read them;
    addresses, ids and file names left out."""
    out = [] if out is None else out
    stack = [(value, depth)]
    while stack and len(out) < MAX_STRINGS:
        item, level = stack.pop()
        if isinstance(item, str):
            text = item.strip()
            iso = _ISO.match(text)
            if iso:
                out.append(f"{iso.group(3)}.{iso.group(2)}.{iso.group(1)}")
            elif text and not _NOT_TEXT.search(text):
                out.append(text)
        elif isinstance(item, list) and level < 20:
            stack.extend((v, level + 1) for v in reversed(item))
        elif isinstance(item, dict) and level < 20:
            stack.extend((v, level + 1) for k, v in reversed(list(item.items())) if not str(k).lower().endswith("url"))
    return out

"""What every record passes before it is stored: text SQLite can store, fields within their caps,
ids and URLs that belong to the city's own hosts, and no credentials.

Records come from servers, and servers are hostile until proven otherwise: an OParl id is only a
string, and a string may hold a lone surrogate (`"\\ud800"` in JSON), forty megabytes, a CR/LF, or
the id of another city's paper. `admit` makes a record storable or refuses it with a reason.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import TypeVar, overload

from pipeline.errors import RecordRefused, UrlRefused
from pipeline.fetch.policy import HostPolicy, target
from pipeline.limits import Budgets
from pipeline.redact import public_url

Record = TypeVar("Record")  # any record dataclass: admitted in place
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NUL = re.compile(r"\x00")
# C0 controls and DEL, and what turns text around or breaks a line for some reader without being a control:
# the bidirectional overrides and isolates (an id that reads "fdp.exe" backwards), NEL and the line separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
TEXT_FIELDS = frozenset({"text", "resolution_text"})  # long texts: capped at Budgets.text_chars
OWN_ID_FIELDS = ("url", "id")  # a record's identity: must name one of the city's hosts
READER_LINKS = frozenset({"web"})  # a page for people (OParl `web`), often on the city's main site: any http(s) URL
UNCHECKED = frozenset({"files"})  # attachments: checked when fetched (pipeline.http), stored as FileDocs
MAX_LINK = 2048
# Days and times: a server's "2024-13-45", "0000-00-00" or "9999-99-99T99:99" is dropped, not stored as a date.
DATE_FIELDS = frozenset({"date", "start", "end", "modified", "created"})
YEARS = range(1800, 2201)


def storable_text(value: str) -> str:
    """Text SQLite and every reader can take: lone surrogates replaced, NUL characters removed."""
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return _NUL.sub("", value) if "\x00" in value else value


def _is_link(name: str) -> bool:
    return name in OWN_ID_FIELDS or name == "web" or name.endswith("_url") or name.endswith("_urls")


class Gate:
    """Admits the records of one city: cleans them, caps them and checks their ids and links."""

    def __init__(self, policy: HostPolicy | None, budgets: Budgets):
        self.policy = policy
        self.budgets = budgets
        self.cuts: list[str] = []  # what was cut from the last record admitted, for the report

    def admit(self, record: Record) -> Record:
        """The record made storable in place (and returned); RecordRefused when its identity is foreign."""
        self.cuts = []
        self._walk(record)
        return record

    @overload
    def field(self, value: str) -> str: ...
    @overload
    def field(self, value: None) -> None: ...
    def field(self, value: str | None) -> str | None:
        """A one-line field (a file's name) made storable and cut at its cap."""
        if value is None:
            return None
        value = storable_text(value)
        if len(value) > self.budgets.field_chars:
            self.cuts.append(f"name: {len(value):,} characters, cut to {self.budgets.field_chars:,}")
            value = value[: self.budgets.field_chars]
        return value

    def text(self, pages: list[str]) -> list[str]:
        """A document's pages made storable and cut where their text passes the cap."""
        limit, total, kept = self.budgets.text_chars, 0, []
        for page in pages:
            page = storable_text(page)
            if total + len(page) > limit:
                kept.append(page[: limit - total])
                self.cuts.append(f"text: more than {limit:,} characters, cut on page {len(kept)}")
                break
            total += len(page)
            kept.append(page)
        return kept

    def file_problem(self, ref) -> str | None:
        """Why an attachment's id (or, for a text the server gives, its URL) may not be the city's, or None."""
        if ref.id and (problem := self.link_problem(ref.id)):
            return f"file id: {problem}"
        if ref.text is not None and (problem := self.link_problem(ref.url)):
            return f"file URL: {problem}"
        return None

    def link_problem(self, url: str, any_host: bool = False) -> str | None:
        """Why a URL or id may not be stored as one of this city's (None when it may)."""
        if problem := _plain_problem(url):
            return problem
        if self.policy is None or any_host:
            try:
                target(url)
            except UrlRefused as exc:
                return exc.problem
            return None
        return self.policy.problem(url)

    def _walk(self, record) -> None:
        for field in dataclasses.fields(record):
            value = getattr(record, field.name)
            if field.name in UNCHECKED:
                continue
            if isinstance(value, str):
                setattr(record, field.name, self._string(field.name, value))
            elif isinstance(value, list):
                setattr(record, field.name, self._list(field.name, value))

    def _list(self, name: str, items: list) -> list:
        if len(items) > self.budgets.rows:
            self.cuts.append(f"{name}: {len(items)} entries, only the first {self.budgets.rows} kept")
            items = items[: self.budgets.rows]
        kept: list[object] = []
        for item in items:
            if dataclasses.is_dataclass(item):
                try:
                    self._walk(item)
                except RecordRefused as exc:
                    self.cuts.append(f"{name}: an entry dropped ({exc.problem})")
                    continue
                kept.append(item)
            elif isinstance(item, str):
                cleaned = self._link(name, storable_text(item), own=False) if _is_link(name) else item
                if cleaned is not None:
                    kept.append(cleaned)
            else:
                kept.append(item)
        return kept

    def _string(self, name: str, value: str) -> str | None:
        value = storable_text(value)
        if name in DATE_FIELDS and value and not _is_time(value):
            self.cuts.append(f"{name} '{clipped(value)}' dropped: not a date")
            return None
        if _is_link(name):
            return self._link(name, value, own=name in OWN_ID_FIELDS)
        limit = self.budgets.text_chars if name in TEXT_FIELDS else self.budgets.field_chars
        if len(value) > limit:
            self.cuts.append(f"{name}: {len(value):,} characters, cut to {limit:,}")
            value = value[:limit]
        return value

    def _link(self, name: str, value: str, own: bool) -> str | None:
        """An id or URL: refused when it is the record's own and foreign, dropped when a foreign link."""
        if not value:
            return value
        problem = self.link_problem(value, any_host=name in READER_LINKS)
        if problem:
            if own:
                raise RecordRefused(f"{name} '{clipped(value)}' refused: {problem}")
            self.cuts.append(f"{name} '{clipped(value)}' dropped: {problem}")
            return None
        return public_url(value)


@overload
def stored_link(value: str) -> str: ...
@overload
def stored_link(value: None) -> None: ...
def stored_link(value: str | None) -> str | None:
    """A URL as it may be stored even when it was refused: unsafe characters escaped, capped, no credentials."""
    if value is None:
        return None
    value = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "replace")),
                        storable_text(value))
    return public_url(value[:MAX_LINK])


def _is_time(value: str) -> bool:
    """Whether a value is an ISO day or time of a plausible year ('2025-03-05', '2025-03-05T17:00:00+01:00')."""
    try:
        when = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    except ValueError:
        return False
    return when.year in YEARS


def _plain_problem(value: str) -> str | None:
    """What no id or link may hold, whatever its host: control characters, excessive length."""
    if _CONTROL.search(value):
        return "it holds control characters"
    if len(value) > MAX_LINK:
        return f"it is longer than {MAX_LINK} characters"
    return None


def clipped(value: str) -> str:
    """A value for a message: control characters escaped, at most 120 characters."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return text if len(text) <= 120 else text[:117] + "…"

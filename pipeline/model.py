"""The records that flow from parsers to the store, and the names of statuses, kinds and systems.

Parsers (scrapers) make records from bytes; the crawl fills in what is derived (outcome,
authoritative, passages, findings) and the store writes them as they are.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import ClassVar, Literal

# A council system is named by its key in the one registry, pipeline.crawl.systems.SYSTEMS.
SystemName = str
# What became of a file (files.status).
FileStatus = Literal["ok", "empty", "encrypted", "corrupt", "truncated", "too_large", "unsupported", "error",
                     "fetch_failed", "blocked", "wrong_type"]
# What failed in a city's run, as its summary line counts it (ingest_run_cities.failures_by_kind).
FailureKind = Literal["fetch", "layout", "error", "file", "blocked", "robots", "cut", "budget", "list",
                      "unreachable"]
# How a run or a city's part of it ended (ingest_runs.status, ingest_run_cities.status).
RunStatus = Literal["running", "ok", "failed", "crashed", "interrupted"]
# The normalised outcome of a consultation or agenda item (data/nlp/outcomes.toml).
Outcome = Literal["beschlossen", "geaendert_beschlossen", "abgelehnt", "vertagt", "kenntnisnahme", "zurueckgezogen",
                  "verwiesen", "sonstiges"]



@dataclass
class FileRef:
    """An attachment linked from a page."""

    url: str
    name: str
    role: str = "attachment"  # paper | attachment | invitation | protocol | resolution
    id: str | None = None  # the source system's id where it has one (OParl), else the URL
    text: str | None = None  # text the source already provides (OParl File.text)
    mime_type: str | None = None


@dataclass
class ConsultationRecord:
    """One row of a Beratungsfolge: a body taking up a paper."""

    organization: str
    role: str | None = None
    date: str | None = None
    result: str | None = None
    meeting_url: str | None = None
    meeting_name: str | None = None
    agenda_item_url: str | None = None
    status: str | None = None
    organization_url: str | None = None
    authoritative: bool | None = None
    id: str | None = None
    paper_url: str | None = None
    outcome: str | None = None  # derived from result (pipeline.nlp.rules.normalize_outcome) before storing


@dataclass
class PaperRecord:
    """A proposal (Vorlage/Drucksache) as printed on its detail page."""

    url: str
    reference: str | None
    title: str
    paper_type: str | None = None
    status: str | None = None
    date: str | None = None
    author: str | None = None
    lead_office: str | None = None
    consultations: list[ConsultationRecord] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    text: str = ""
    web: str | None = None
    deleted: bool = False
    modified: str | None = None
    lead_office_urls: list[str] = field(default_factory=list)
    # What the parser left out, e.g. "3001 table rows past the first 2000 of a table left out" (see
    # scrapers.base.ROW_CAP). A class-level default, not a field: to_dict() and so the content hashes
    # stay as they were.
    notes: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AgendaItemRecord:
    """One agenda item (TOP) of a meeting."""

    url: str
    number: str
    position: int
    name: str
    public: bool = True
    result: str | None = None
    resolution_text: str | None = None
    paper_url: str | None = None
    paper_reference: str | None = None
    consultation_url: str | None = None
    deleted: bool = False
    paper_type: str | None = None  # the type of the paper it treats, where its own page prints it (ALLRIS to020)
    # Its own attachments and resolution (OParl auxiliaryFile and resolutionFile; ALLRIS to020's documents).
    files: list[FileRef] = field(default_factory=list)
    outcome: str | None = None  # derived from result before storing
    # Its meeting's body, day and name with the item's result, where the item's own page prints them (ALLRIS
    # to020, SessionNet to0050): what `pipeline extract` shows as the item's consultation. Not stored: the
    # store keeps the item under its meeting.
    consultation: ConsultationRecord | None = None
    notes: ClassVar[tuple[str, ...]] = ()  # see PaperRecord.notes


@dataclass
class MeetingRecord:
    """A meeting of a council body with its agenda."""

    url: str
    name: str
    start: str | None = None
    end: str | None = None  # when it ended or is to end, where the system says (OParl end, "17:00-19:30 Uhr")
    organization: str | None = None
    organization_url: str | None = None
    location: str | None = None
    cancelled: bool = False
    number: str | None = None  # its own number as printed ("SUM/003/2026"); shown by `pipeline extract`, not stored
    agenda_items: list[AgendaItemRecord] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    deleted: bool = False
    modified: str | None = None
    notes: ClassVar[tuple[str, ...]] = ()  # see PaperRecord.notes

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class OrganizationRecord:
    """A body, committee, faction or office."""

    url: str
    name: str
    short_name: str | None = None
    kind: str | None = None
    deleted: bool = False


@dataclass
class MeetingLink:
    """A meeting found in a calendar, before its page is fetched."""

    url: str
    name: str
    date: str | None = None
    start: str | None = None
    has_agenda: bool = True


@dataclass
class PaperLink:
    """A paper found in a list, before its page is fetched."""

    url: str
    reference: str | None = None
    title: str | None = None
    date: str | None = None
    paper_type: str | None = None


@dataclass
class FileDoc:
    """A downloaded file with its text and findings, ready to store."""

    url: str
    name: str
    role: str
    mime_type: str | None
    sha256: str | None
    size: int | None
    pages: list[str]
    text_method: str
    status: FileStatus
    status_reason: str | None
    fetched_at: str
    findings: list
    topics: list[dict]
    id: str | None = None  # the source system's file id (OParl); the URL otherwise
    lemmas: dict = field(default_factory=dict)  # (page, paragraph start) -> lemmas, for the search index
    page_methods: list[str] = field(default_factory=list)  # text method of each page
    layout: dict | None = None  # header fields and Beratungsfolge table read by position (pipeline.nlp.layout)
    passages: list[tuple[int, int, int]] = field(default_factory=list)  # (page, start, end) of each paragraph

    unchanged: bool = False  # same bytes as stored: keep the stored text and evidence

    @property
    def needs_analysis(self) -> bool:
        return not self.unchanged and any(self.pages)


def paper_fingerprint(paper: PaperRecord, files: list[FileDoc]) -> str:
    """A paper as its source gave it, and its files' bytes, as one hash: what says whether it changed.

    Taken before the crawl derives anything (outcomes, the authoritative flag), so that a better
    rule there does not make every paper look changed at its source.
    """
    record = {key: value for key, value in paper.to_dict().items() if key != "files"}
    for consultation in record["consultations"]:
        consultation.pop("outcome", None)  # derived, and not a field before it was
    parts = (record, [(f.url, f.sha256) for f in files])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()

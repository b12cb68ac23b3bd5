"""The one registry of council systems: for each, its loader, its page kinds, its probe and its windows.

Adding a system means a parser module in scrapers/, a loader in pipeline/crawl/loaders/, an entry
here and their tests (docs/architecture.md has the checklist). Loaders are named, not imported,
so that reading the city list does not load the NLP.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from pipeline.crawl import probe
from pipeline.model import MeetingRecord, PaperLink
from scrapers import allris, oparl, rim, sessionnet, sessionnet6
from scrapers.base import make_soup

# A page's kind, as `pipeline extract` reports it; each maps to what the system's parser makes of it.
PAPER, MEETING, AGENDA_ITEM, CALENDAR, PAPER_LIST, COMMITTEE = (
    "paper", "meeting", "agenda_item", "calendar", "paper_list", "committee")


@dataclass(frozen=True)
class System:
    """A council system the pipeline reads."""

    name: str  # as the city list's `ris.system` names it
    label: str
    loader: str  # "module:function" walking one city's site
    parsers: Mapping[str, Callable[[bytes, str], object]]  # page kind -> parser (bytes, URL) -> record(s)
    classify: Callable[[bytes, str], str | None]  # the kind of a saved page of this system, else None
    probe: Callable  # (client, url) -> one line saying what answered; raises ProbeFailed
    first_run: timedelta | None  # how far back a city's first run reads; None: everything
    rerun_margin: timedelta  # reruns start this much before the last successful run began
    folder_url: bool = False  # the configured URL is a folder: a trailing '/' is added
    options: dict = field(default_factory=dict)  # passed to the loader (e.g. ALLRIS 4's page names)

    def load(self, ctx) -> None:
        """Walk one city's site with this system's loader."""
        module, _, function = self.loader.partition(":")
        getattr(importlib.import_module(module), function)(ctx, **self.options)


def _allris_kind(content: bytes, name: str) -> str | None:
    soup = make_soup(content)
    if not allris.is_allris(soup):
        return None
    # ALLRIS 4 pages carry no container class; the saved file's name still says vo020/to010/to020.
    return allris.page_kind(soup) or allris.kind_of_name(name)


_SESSIONNET_KINDS = (("vo0050", PAPER), ("vo0053", PAPER), ("si0050", MEETING), ("si0057", MEETING),
                     ("si0056", MEETING), ("to0040", MEETING), ("to0050", AGENDA_ITEM), ("si0040", CALENDAR),
                     ("vo0040", PAPER_LIST), ("kp0040", COMMITTEE), ("kp0050", COMMITTEE))


def _sessionnet_kind(content: bytes, name: str) -> str | None:
    if sessionnet6.is_json(content):  # SessionNet 6's interface: a list of meetings or an agenda
        return {"calendar": CALENDAR, "meeting": MEETING}.get(sessionnet6.kind_of(content) or "")
    soup = make_soup(content)
    if not sessionnet.is_sessionnet(soup):
        return None
    if sessionnet.is_app_shell(soup):
        return CALENDAR  # SessionNet 6's app page holds no data; its parser says where the data is
    # The page's own marker class (smc_page_vo0050_contenttitle) says what it is; else the file's name.
    markers = " ".join(" ".join(tag.get("class") or []) for tag in soup.find_all(class_=re.compile(r"^smc_page_")))
    if "smc_page_info" in markers and soup.find("a", href=re.compile(r"si00[45]\d\.(?:php|asp)\?__ksinr=")) is not None:
        return CALENDAR  # the start page (info.php) lists the next meetings ("Aktuelle Sitzungen", Norderstedt)
    return next((kind for page, kind in _SESSIONNET_KINDS if page in markers), None) or \
        next((kind for page, kind in _SESSIONNET_KINDS if page in name), None)


def _rim_kind(content: bytes, name: str) -> str | None:
    soup = make_soup(content)
    return rim.page_kind(soup) if rim.is_rim(soup) else None


def _oparl_kind(content: bytes, name: str) -> str | None:
    try:
        data = oparl.load_json(content, name)
    except Exception:  # noqa: BLE001 - not JSON, not OParl: another system's page
        return None
    # A page of a list (objects in `data`, or a bare array as some servers answer): what it lists.
    listed = data.get("data") if isinstance(data, dict) else data
    if isinstance(listed, list):
        first = next((item for item in listed if isinstance(item, dict)), {})
        return {"Paper": PAPER_LIST, "Meeting": CALENDAR}.get(oparl.object_kind(first))
    kind = oparl.object_kind(data) if isinstance(data, dict) else ""
    return {"Paper": PAPER, "Meeting": MEETING, "Organization": COMMITTEE}.get(kind)


def _oparl_papers(content: bytes, url: str) -> list[PaperLink]:
    """The papers of an OParl list page, as a paper list shows them."""
    papers = [oparl.parse_paper(item, item.get("id", url)) for item in oparl.parse_list(content, url).items]
    return [PaperLink(url=p.url, reference=p.reference, title=p.title, date=p.date, paper_type=p.paper_type)
            for p in papers if not p.deleted]


def _oparl_meetings(content: bytes, url: str) -> list[MeetingRecord]:
    """The meetings of an OParl list page, whole: a list embeds each one with its agenda and the results
    printed there (pipeline extract shows them as a calendar, with their votes)."""
    meetings = [oparl.parse_meeting(item, item.get("id", url)) for item in oparl.parse_list(content, url).items]
    return [m for m in meetings if not m.deleted]


_ALLRIS_PARSERS = {PAPER: allris.parse_paper, MEETING: allris.parse_meeting, AGENDA_ITEM: allris.parse_agenda_item,
                   CALENDAR: allris.parse_calendar, PAPER_LIST: allris.parse_paper_list,
                   COMMITTEE: allris.parse_committee}
_SESSIONNET_PARSERS = {PAPER: sessionnet.parse_paper, MEETING: sessionnet.parse_meeting,
                       AGENDA_ITEM: sessionnet.parse_agenda_item, CALENDAR: sessionnet.parse_calendar,
                       PAPER_LIST: sessionnet.parse_paper_list, COMMITTEE: sessionnet.parse_committee}
_RIM_PARSERS = {PAPER: rim.parse_paper, MEETING: rim.parse_meeting, AGENDA_ITEM: rim.parse_agenda_item,
                CALENDAR: rim.parse_calendar, PAPER_LIST: rim.parse_paper_list}
_OPARL_PARSERS = {PAPER: lambda content, url: oparl.parse_paper(oparl.load_json(content, url), url),
                  MEETING: lambda content, url: oparl.parse_meeting(oparl.load_json(content, url), url),
                  COMMITTEE: lambda content, url: oparl.parse_organization(oparl.load_json(content, url), url),
                  PAPER_LIST: _oparl_papers, CALENDAR: _oparl_meetings}
HTML_FIRST_RUN = timedelta(days=365)  # HTML systems have no change list: the first run reads a year
HTML_RERUN_MARGIN = timedelta(days=31)  # old pages change (results added weeks later): a month again
API_RERUN_MARGIN = timedelta(hours=1)  # OParl's modified_since: servers' clocks differ from ours

SYSTEMS: dict[str, System] = {system.name: system for system in (
    System("allris", "ALLRIS (classic)", "pipeline.crawl.loaders.allris:load", _ALLRIS_PARSERS, _allris_kind,
           probe.allris, HTML_FIRST_RUN, HTML_RERUN_MARGIN, folder_url=True, options={"paths": allris.CLASSIC}),
    System("allris4", "ALLRIS 4", "pipeline.crawl.loaders.allris:load", _ALLRIS_PARSERS, _allris_kind,
           probe.allris4, HTML_FIRST_RUN, HTML_RERUN_MARGIN, folder_url=True, options={"paths": allris.ALLRIS4}),
    System("sessionnet", "SessionNet", "pipeline.crawl.loaders.sessionnet:load", _SESSIONNET_PARSERS,
           _sessionnet_kind, probe.sessionnet, HTML_FIRST_RUN, HTML_RERUN_MARGIN, folder_url=True),
    System("oparl", "OParl", "pipeline.crawl.loaders.oparl:load", _OPARL_PARSERS, _oparl_kind, probe.oparl,
           None, API_RERUN_MARGIN),
    System("sdnet", "SD.NET RIM (OParl)", "pipeline.crawl.loaders.oparl:load", _OPARL_PARSERS, _oparl_kind,
           probe.oparl, None, API_RERUN_MARGIN),
    System("rim", "SD.NET RIM (HTML)", "pipeline.crawl.loaders.rim:load", _RIM_PARSERS, _rim_kind, probe.rim,
           HTML_FIRST_RUN, HTML_RERUN_MARGIN, folder_url=True),
)}
NAMES = tuple(SYSTEMS)


def classify(content: bytes, name: str) -> tuple[System, str] | None:
    """The system and page kind of a saved page (bytes and file name), or None when no parser claims it."""
    for system in SYSTEMS.values():
        kind = system.classify(content, name)
        if kind is not None and kind in system.parsers:
            return system, kind
    return None

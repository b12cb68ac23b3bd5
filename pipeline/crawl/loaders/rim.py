"""SD.NET RIM loader: paper list and calendar, then rounds of meetings with their agendas, papers and files.

RIM prints a decision only in a paper's Beratungsfolge, so a round reads its meetings' papers before it stores
the meetings: each agenda item takes the result of its paper's row for that meeting. A paper's Beratungsfolge
also names meetings that neither list showed; those in the window are read in the next round.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from pipeline.crawl.context import Context, one_document
from pipeline.crawl.files import fetch_file
from pipeline.crawl.loaders.html import Skip, get_parsed, save_paper
from pipeline.crawl.records import save_meeting
from pipeline.errors import BudgetExceeded, FetchError, ParseError, RobotsDisallowed
from pipeline.model import MeetingLink, MeetingRecord
from scrapers import rim

LOOKAHEAD_DAYS = 62  # the calendar is read this far ahead, for upcoming meetings
MAX_LIST_PAGES = 200  # pages of the paper list read in one run at most
# The paper list is ordered by number, not by date: reading stops after this many pages in a row on which no
# paper's last meeting falls into the window.
STALE_PAGES = 2


class _Walk:
    """What one run has found and read so far."""

    def __init__(self, ctx: Context):
        assert ctx.since is not None  # an HTML system always reads a window (System.first_run, resolve_since)
        self.ctx = ctx
        self.first = ctx.since.isoformat()[:10]
        self.until = (date.today() + timedelta(days=LOOKAHEAD_DAYS)).isoformat()
        self.meetings: dict[str, MeetingLink] = {}  # found, in the window
        self.pending: list[str] = []  # meetings found and not yet read
        self.papers: dict[str, bool] = {}  # found -> read
        self.read: dict[str, MeetingRecord] = {}  # meetings read, stored at the end of their round
        self.results: dict[tuple[str, str], str] = {}  # (paper, meeting) -> the result of its Beratungsfolge row

    def in_window(self, day: str | None) -> bool:
        return day is not None and self.first <= day <= self.until

    def meeting(self, link: MeetingLink) -> None:
        if link.url and self.in_window(link.date) and link.url not in self.meetings:
            self.meetings[link.url] = link
            self.pending.append(link.url)

    def paper(self, url: str | None) -> None:
        if url:
            self.papers.setdefault(url, False)


def load(ctx: Context) -> None:
    """Walk one SD.NET RIM site: paper list and calendar, then meetings and papers until nothing new turns up."""
    assert ctx.city.ris is not None  # a loader runs only for a city with a council system
    base = ctx.city.ris.url
    list_url = rim.paper_list_url(base)
    if not ctx.client.allowed(list_url):
        ctx.report.notes.append(f"robots.txt at {ctx.client.robots_url(list_url)} disallows crawling this site; "
                                "nothing fetched (obeying it)")
        ctx.report.robots_blocked = True
        return
    walk = _Walk(ctx)
    if not _paper_list(walk, list_url):
        ctx.report.aborted = True  # the list of papers could not be read at all
    _calendar(walk, rim.calendar_url(base))
    while walk.pending or not all(walk.papers.values()):  # a round: meetings, their papers, the meetings stored
        batch, walk.pending = walk.pending, []
        for url in batch:
            with one_document(ctx, url):
                _read_meeting(walk, url)
        for url in [u for u, done in walk.papers.items() if not done]:
            walk.papers[url] = True
            with one_document(ctx, url):
                _load_paper(walk, url)
        for url in [u for u in batch if u in walk.read]:
            with one_document(ctx, url):
                _save_meeting(walk, url, walk.read.pop(url))
    ctx.store.link_consultations(ctx.city.slug)


def _paper_list(walk: _Walk, url: str | None) -> bool:
    """Read the paper list page by page; whether its first page could be read."""
    seen: set[str] = set()
    stale = 0
    while url and url not in seen and len(seen) < MAX_LIST_PAGES and stale < STALE_PAGES:
        seen.add(url)
        try:
            page = get_parsed(walk.ctx, url, rim.parse_paper_list_page)
        except Skip:
            return len(seen) > 1
        fresh = any(row.meeting is not None and (row.meeting.date or "") >= walk.first for row in page.rows)
        for row in page.rows:
            day = row.meeting.date if row.meeting is not None else None
            # a paper without a meeting counts on a page of current papers, not among old ones
            if (day is None and fresh) or (day is not None and day >= walk.first):
                walk.paper(row.paper.url)
            if row.meeting is not None:
                walk.meeting(row.meeting)
        stale = 0 if fresh else stale + 1
        url = page.next_url
    return True


def _calendar(walk: _Walk, url: str) -> None:
    """Meetings of the calendar page and of the iCalendar export it names."""
    try:
        links, export = get_parsed(walk.ctx, url, rim.parse_calendar_page)
    except Skip:
        return
    for link in links:
        walk.meeting(link)
    if export:
        for link in _export(walk.ctx, export):
            walk.meeting(link)


def _export(ctx: Context, url: str) -> list[MeetingLink]:
    """The calendar's iCalendar export (not HTML, so not through get_parsed); failures are counted."""
    try:
        fetched = ctx.client.get(url, limit=ctx.budgets.page_bytes)
    except RobotsDisallowed as exc:
        ctx.report.fail("robots", url, exc.problem)
        return []
    except FetchError as exc:
        ctx.report.fail("fetch", url, exc.problem)
        return []
    try:
        return rim.parse_calendar(fetched.content, url)
    except ParseError as exc:
        ctx.report.fail("layout", url, exc.problem)
    except BudgetExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile export loses the export, not the run
        ctx.report.fail("error", url, f"{exc.__class__.__name__}: {exc}")
    return []


def _read_meeting(walk: _Walk, url: str) -> None:
    """A meeting's page with its agenda; public items of past meetings take their own page's result."""
    try:
        meeting, own_pages = get_parsed(walk.ctx, url, rim.parse_meeting_page)
    except Skip:
        return
    held = bool(meeting.start) and (meeting.start or "")[:10] <= date.today().isoformat()
    for item in meeting.agenda_items:
        if item.public:
            walk.paper(item.paper_url)  # the papers of closed items are not published
        page = own_pages.get(item.url)
        if page and item.public and held:
            try:
                found = get_parsed(walk.ctx, page, partial(rim.parse_agenda_item, meeting_url=url))
            except Skip:
                continue
            item.result = item.result or found.result
            item.resolution_text = found.resolution_text
            item.files += [f for f in found.files if f.url not in {known.url for known in item.files}]
    walk.read[url] = meeting


def _save_meeting(walk: _Walk, url: str, meeting: MeetingRecord) -> None:
    """Store a meeting once its papers are read: each item takes its paper's result for this meeting."""
    for item in meeting.agenda_items:
        if item.paper_url and not item.result:
            item.result = walk.results.get((item.paper_url, url))
    item_files = {item.url: [fetch_file(walk.ctx, f) for f in item.files] for item in meeting.agenda_items
                  if item.files}  # only items without a paper have files of their own (rim.parse_meeting_page)
    save_meeting(walk.ctx, meeting, [fetch_file(walk.ctx, f) for f in meeting.files], item_files)


def _load_paper(walk: _Walk, url: str) -> None:
    """Fetch, parse and store one paper; its Beratungsfolge gives results and further meetings."""
    try:
        paper = get_parsed(walk.ctx, url, rim.parse_paper, paper=True)
    except Skip:
        return
    for row in paper.consultations:
        if row.meeting_url:
            if row.result:
                walk.results[(paper.url, row.meeting_url)] = row.result
            walk.meeting(MeetingLink(url=row.meeting_url, name=row.organization, date=row.date, start=row.date))
    save_paper(walk.ctx, paper)

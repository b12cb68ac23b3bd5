"""SessionNet loader: calendar months, meetings with their agendas, then papers and their files.

SessionNet 4 and 5 serve pages (.php or .asp); SessionNet 6 serves one app page and its data as
JSON (api/v1/), read by _load_app.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pipeline.crawl.context import Context, one_document
from pipeline.crawl.files import fetch_file
from pipeline.crawl.loaders.html import Skip, add_resolution, get_parsed, months, save_paper
from pipeline.crawl.records import save_meeting
from pipeline.errors import FetchError, ParseError
from pipeline.model import AgendaItemRecord, FileDoc, MeetingLink, MeetingRecord, PaperLink
from scrapers import sessionnet, sessionnet6
from scrapers.base import make_soup

LOOKAHEAD_DAYS = 62
AGENDA_PAGES = ("si0057", "to0040", "si0056")  # a meeting's agenda tabs, tried in turn where si0050 shows none
MAX_LIST_PAGES = 50  # pages of the paper list read per run (about 20 papers each)
APP_SPAN_DAYS = 91  # SessionNet 6's meeting list is asked for in spans of about three months
JSON = "application/json"


def load(ctx: Context) -> None:
    """Walk one SessionNet site (.php or .asp, whichever answers; SessionNet 6 through its interface)."""
    assert ctx.city.ris is not None  # a loader runs only for a city with a council system
    assert ctx.since is not None  # an HTML system always reads a window (System.first_run, resolve_since)
    base, since = ctx.city.ris.url, ctx.since
    probe_url = sessionnet.calendar_url(base, "php", since.year, since.month)
    if not ctx.client.allowed(probe_url):
        ctx.report.notes.append(
            f"robots.txt at {ctx.client.robots_url(probe_url)} disallows crawling this site; "
            "nothing fetched (obeying it)")
        ctx.report.robots_blocked = True
        return
    ext = _extension(ctx, base, since)
    if ext is None:
        ctx.report.aborted = True
        return
    if ext == "app":
        _load_app(ctx, base, since)
        return
    meetings: dict[str, MeetingLink] = {}
    for year, month in months(since, date.today() + timedelta(days=LOOKAHEAD_DAYS)):
        try:
            for link in get_parsed(ctx, sessionnet.calendar_url(base, ext, year, month), sessionnet.parse_calendar):
                meetings[link.url] = link
        except Skip:
            continue
    papers: dict[str, PaperLink | None] = {}
    committees: set[str] = set()
    for url in meetings:
        with one_document(ctx, url):
            _load_meeting(ctx, url, papers, committees)
    _paper_list(ctx, base, ext, since, papers)
    for url in papers:
        with one_document(ctx, url):
            _load_paper(ctx, url)
    ctx.store.link_consultations(ctx.city.slug)


def _paper_list(ctx: Context, base: str, ext: str, since: date, papers: dict[str, PaperLink | None]) -> None:
    """Papers of the window from the paper list (vo0040), page by page: also those on no agenda yet.

    The list runs newest first; the walk ends at a page of papers older than the window, at the last
    page, or after MAX_LIST_PAGES. A site without a public list (404) is read from its agendas only.
    """
    url: str | None = sessionnet.paper_list_url(base, ext)
    first = since.date().isoformat() if isinstance(since, datetime) else since.isoformat()
    seen: set[str] = set()
    while url and url not in seen and len(seen) < MAX_LIST_PAGES:
        seen.add(url)
        try:
            fetched = ctx.client.get(url, expect="text/html", limit=ctx.budgets.page_bytes)
        except FetchError as exc:
            if exc.kind != "http_404":
                ctx.report.fail("fetch", url, exc.problem)
            return
        try:
            links = sessionnet.parse_paper_list(fetched.content, url)
        except ParseError as exc:
            ctx.report.fail("layout", url, exc.problem)
            return
        recent = [link for link in links if link.date is None or link.date >= first]
        for link in recent:
            papers[link.url] = papers.get(link.url) or link
        if links and not recent:
            return
        url = sessionnet.next_list_page(fetched.content, url)


def _extension(ctx: Context, base: str, since: date) -> str | None:
    """php or asp: SessionNet installations use one or the other throughout; "app" for SessionNet 6."""
    for ext in ("php", "asp"):
        url = sessionnet.calendar_url(base, ext, since.year, since.month)
        try:
            fetched = ctx.client.get(url, expect="text/html", limit=ctx.budgets.page_bytes)
        except FetchError as exc:
            if exc.kind == "http_404" and ext == "php":
                continue
            ctx.report.fail("fetch", url, exc.problem)
            return None
        # SessionNet 6 answers every address with its app page, e.g. buergerinfo.sangerhausen.de.
        return "app" if sessionnet.is_app_shell(make_soup(fetched.content)) else ext
    return None


def _load_meeting(ctx: Context, url: str, papers: dict[str, PaperLink | None], committees: set[str]) -> None:
    meeting = _meeting(ctx, url)
    if meeting is None:
        return
    for item in meeting.agenda_items:
        add_resolution(ctx, item, "to0050", sessionnet.parse_agenda_item)
    files = [fetch_file(ctx, f) for f in meeting.files]
    save_meeting(ctx, meeting, files, _item_files(ctx, meeting.agenda_items))
    if meeting.organization_url and meeting.organization_url not in committees:
        committees.add(meeting.organization_url)
        try:
            committee = get_parsed(ctx, meeting.organization_url, sessionnet.parse_committee)
            ctx.store.describe_organization(ctx.city.slug, ctx.admit(committee))
        except Skip:
            pass
    for item in meeting.agenda_items:
        if item.paper_url:
            papers.setdefault(item.paper_url, None)


def _meeting(ctx: Context, url: str) -> MeetingRecord | None:
    """A meeting from its information page (si0050) with the agenda of the first tab that shows one.

    Some installations answer only some tabs without a session: Schiffweiler's si0057 redirects to an
    error page while to0040 answers (corpus: sessionnet/si0057_schiffweiler_excerpt.html), Sulzberg shows
    only the TOP list si0056. The other tabs are tried without counting their failures; the meeting
    fails (counted) when no page of it can be read.
    """
    try:
        meeting: MeetingRecord | None = get_parsed(ctx, url, sessionnet.parse_meeting)
    except Skip:
        meeting = None
    for page in AGENDA_PAGES:
        if meeting is not None and meeting.agenda_items:
            break
        tab = _quietly(ctx, url.replace("si0050.", f"{page}."), sessionnet.parse_meeting)
        if tab is None or not tab.agenda_items:
            continue  # a tab redirected to an error page, or one without the agenda either
        if meeting is None:
            meeting = tab
        else:
            meeting.agenda_items = tab.agenda_items
            meeting.files = meeting.files or tab.files
    return meeting


def _quietly(ctx: Context, url: str, parse):
    """A page parsed, or None when it cannot be fetched or read (not counted: see _meeting)."""
    try:
        fetched = ctx.client.get(url, expect="text/html", limit=ctx.budgets.page_bytes)
        return parse(fetched.content, url)
    except (FetchError, ParseError):
        return None


def _item_files(ctx: Context, items: list[AgendaItemRecord]) -> dict[str, list[FileDoc]]:
    """The documents of the public agenda items, by item URL (a paper's own files are read with the paper)."""
    return {item.url: [fetch_file(ctx, f) for f in item.files if not (item.paper_url and f.role == "paper")]
            for item in items if item.public and item.files}


def _load_paper(ctx: Context, url: str) -> None:
    try:
        paper = get_parsed(ctx, url, sessionnet.parse_paper, paper=True)
    except Skip:
        return
    if not paper.consultations:
        # The Beratungsfolge has its own tab (vo0053) in layout 5.
        try:
            paper.consultations = get_parsed(ctx, url.replace("vo0050.", "vo0053."), _consultations)
        except Skip:
            pass
    save_paper(ctx, paper)


def _consultations(content: bytes, url: str):
    return sessionnet.parse_consultations(make_soup(content), url)


def _load_app(ctx: Context, base: str, since: date) -> None:
    """SessionNet 6: the meetings of the window from api/v1/, each with its public agenda and its items' files."""
    until = date.today() + timedelta(days=LOOKAHEAD_DAYS)
    rows: dict[str, dict] = {}
    links: dict[str, MeetingLink] = {}
    start = since.date() if isinstance(since, datetime) else since
    while start <= until:
        # Neighbouring spans share their last day: a meeting on it is found however the interface counts "bis".
        end = min(start + timedelta(days=APP_SPAN_DAYS), until)
        url = sessionnet6.meetings_url(base, start, end)
        try:
            found, raw = get_parsed(ctx, url, lambda c, u: (sessionnet6.parse_meetings(c, u),
                                                            sessionnet6.meeting_rows(c, u)), expect=JSON)
        except Skip:
            break
        links.update({link.url: link for link in found})
        rows.update({sessionnet6.meeting_page(base, sinr): row for sinr, row in raw.items()})
        if end >= until:
            break
        start = end
    committees: dict[str, str] | None = None
    for url, link in links.items():
        with one_document(ctx, url):
            if committees is None and link.has_agenda:
                try:
                    committees = get_parsed(ctx, sessionnet6.committees_url(base), sessionnet6.parse_committees,
                                            expect=JSON)
                except Skip:
                    committees = {}
            _load_app_meeting(ctx, base, link, rows[url], committees or {})


def _load_app_meeting(ctx: Context, base: str, link: MeetingLink, row: dict, committees: dict[str, str]) -> None:
    """One SessionNet 6 meeting; its agenda only once released (freigabeDatum), as the app shows it."""
    sinr = link.url.rsplit("/", 1)[-1]
    items: list[AgendaItemRecord] = []
    committee = None
    if link.has_agenda:
        try:
            items, committee = get_parsed(
                ctx, sessionnet6.agenda_url(base, sinr),
                lambda c, u: (sessionnet6.parse_agenda(c, u), sessionnet6.committee_of(c, u, committees)), expect=JSON)
        except Skip:
            return
    if items:
        try:
            documents = get_parsed(ctx, sessionnet6.documents_url(base, sinr), sessionnet6.parse_documents,
                                   expect=JSON)
        except Skip:
            documents = {}
        for item in items:
            item.files = documents.get(item.url, [])
    meeting = sessionnet6.meeting_record(row, base, items, committee)
    save_meeting(ctx, meeting, [], _item_files(ctx, meeting.agenda_items))

"""SessionNet loader: calendar months, meetings with their agendas, then papers and their files."""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.crawl.context import Context, one_document
from pipeline.crawl.files import fetch_file
from pipeline.crawl.loaders.html import Skip, add_resolution, get_parsed, months, save_paper
from pipeline.crawl.records import save_meeting
from pipeline.errors import FetchError
from pipeline.model import MeetingLink, PaperLink
from scrapers import sessionnet

LOOKAHEAD_DAYS = 62


def load(ctx: Context) -> None:
    """Walk one SessionNet site (.php or .asp, whichever answers)."""
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
    for url in papers:
        with one_document(ctx, url):
            _load_paper(ctx, url)
    ctx.store.link_consultations(ctx.city.slug)


def _extension(ctx: Context, base: str, since: date) -> str | None:
    """php or asp: SessionNet installations use one or the other throughout."""
    for ext in ("php", "asp"):
        url = sessionnet.calendar_url(base, ext, since.year, since.month)
        try:
            ctx.client.get(url, expect="text/html", limit=ctx.budgets.page_bytes)
            return ext
        except FetchError as exc:
            if exc.kind == "http_404" and ext == "php":
                continue
            ctx.report.fail("fetch", url, exc.problem)
            return None
    return None


def _load_meeting(ctx: Context, url: str, papers: dict[str, PaperLink | None], committees: set[str]) -> None:
    try:
        meeting = get_parsed(ctx, url, sessionnet.parse_meeting)
    except Skip:
        return
    if not meeting.agenda_items:
        # The agenda has its own tab (si0057) in layout 5.
        agenda_url = url.replace("si0050.", "si0057.")
        try:
            meeting.agenda_items = get_parsed(ctx, agenda_url, sessionnet.parse_meeting).agenda_items
        except Skip:
            pass
    for item in meeting.agenda_items:
        add_resolution(ctx, item, "to0050", sessionnet.parse_agenda_item)
    files = [fetch_file(ctx, f) for f in meeting.files]
    save_meeting(ctx, meeting, files)
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
    from scrapers.base import make_soup

    return sessionnet.parse_consultations(make_soup(content), url)

"""ALLRIS loader: paper list and meeting calendar, then agendas, papers and their files."""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.crawl.context import Context, one_document
from pipeline.crawl.files import fetch_file
from pipeline.crawl.loaders.html import Skip, add_resolution, get_parsed, months, save_paper
from pipeline.crawl.records import save_meeting
from pipeline.errors import FetchError, ParseError
from pipeline.model import MeetingLink, MeetingRecord, PaperLink
from scrapers import allris

LOOKAHEAD_DAYS = 62  # the calendar is read this far ahead, for upcoming meetings


def load(ctx: Context, paths: str = allris.CLASSIC) -> None:
    """Walk one ALLRIS site: `paths` says which page names to try first (classic or ALLRIS 4's)."""
    assert ctx.city.ris is not None  # a loader runs only for a city with a council system
    assert ctx.since is not None  # an HTML system always reads a window (System.first_run, resolve_since)
    base = ctx.city.ris.url
    report = ctx.report
    preferred = paths
    list_url = allris.paper_list_url(base, ctx.since, preferred)
    if not ctx.client.allowed(list_url):
        report.notes.append(
            f"robots.txt at {ctx.client.robots_url(list_url)} disallows crawling this site; "
            "nothing fetched (obeying it)"
        )
        report.robots_blocked = True
        return
    found = _paper_list(ctx, base, preferred)
    if found is None:
        report.aborted = True
    ext, listed = found or (preferred, [])
    paper_urls: dict[str, PaperLink | None] = {link.url: link for link in listed}
    meetings: dict[str, MeetingLink] = {}
    for year, month in months(ctx.since, date.today() + timedelta(days=LOOKAHEAD_DAYS)):
        try:
            for link in get_parsed(ctx, allris.calendar_url(base, year, month, ext), allris.parse_calendar):
                meetings[link.url] = link
        except Skip:
            continue
    for url, link in meetings.items():
        with one_document(ctx, url):
            _load_meeting(ctx, url, link, paper_urls)
    for url, paper_link in paper_urls.items():
        with one_document(ctx, url):
            _load_paper(ctx, url, paper_link)
    ctx.store.link_consultations(ctx.city.slug)


def _paper_list(ctx: Context, base: str, preferred: str) -> tuple[str, list[PaperLink]] | None:
    """The paper list and the path style that answered; Rostock, for one, served both over the years."""
    other = allris.CLASSIC if preferred == allris.ALLRIS4 else allris.ALLRIS4
    for ext in (preferred, other):
        url = allris.paper_list_url(base, ctx.since, ext)
        try:
            fetched = ctx.client.get(url, expect="text/html", limit=ctx.budgets.page_bytes)
        except FetchError as exc:
            if exc.kind == "http_404" and ext == preferred:
                continue
            ctx.report.fail("fetch", url, exc.problem)
            return None
        try:
            return ext, allris.parse_paper_list(fetched.content, url)
        except ParseError as exc:
            ctx.report.fail("layout", url, exc.problem)
            return None
    return None


def _load_meeting(ctx: Context, url: str, link: MeetingLink, paper_urls: dict[str, PaperLink | None]) -> None:
    if link.has_agenda:
        try:
            meeting = get_parsed(ctx, url, allris.parse_meeting)
        except Skip:
            return
        files = [fetch_file(ctx, f) for f in meeting.files]
        for item in meeting.agenda_items:
            if item.paper_url:
                paper_urls.setdefault(item.paper_url, None)
            add_resolution(ctx, item, "to020", allris.parse_agenda_item)
    else:
        meeting = MeetingRecord(url=url, name=link.name, start=link.start, cancelled=allris.is_cancelled(link.name))
        files = []
    # The documents of the public items' own pages (to020), linked to their items.
    item_files = {item.url: [fetch_file(ctx, f) for f in item.files]
                  for item in meeting.agenda_items if item.public and item.files}
    save_meeting(ctx, meeting, files, item_files)


def _load_paper(ctx: Context, url: str, listed: PaperLink | None) -> None:
    """Fetch, parse, enrich and store one paper with its files."""
    try:
        paper = get_parsed(ctx, url, allris.parse_paper, paper=True)
    except Skip:
        return
    if paper.date is None and listed is not None:
        paper.date = listed.date  # classic vo020 pages print no date; the paper list does
    save_paper(ctx, paper)

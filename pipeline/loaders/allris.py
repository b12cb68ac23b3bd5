"""ALLRIS loader: paper list and meeting calendar, then agendas, papers and their files."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from scrapers import allris
from scrapers.base import MeetingLink, MeetingRecord, PaperLink, PaperRecord, ParseError

from ..http import FetchError, RobotsDisallowed
from ..ingest import Context, fetch_file, one_document
from ..nlp import analyse, topic_summary

log = logging.getLogger(__name__)

LOOKAHEAD_DAYS = 62  # the calendar is read this far ahead, for upcoming meetings


def months(since: date, until: date):
    """(year, month) pairs from since to until inclusive."""
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def load(ctx: Context) -> None:
    """Walk one ALLRIS site."""
    base = ctx.city.ris.url
    report = ctx.report
    list_url = allris.paper_list_url(base, ctx.since)
    if not ctx.client.allowed(list_url):
        report.notes.append(
            f"robots.txt at {ctx.client.robots_url(list_url)} disallows crawling this site; "
            "nothing fetched (obeying it)"
        )
        report.robots_blocked = True
        return
    paper_urls: dict[str, PaperLink | None] = {}
    try:
        for link in _get(ctx, list_url, allris.parse_paper_list):
            paper_urls[link.url] = link
    except _Skip:
        report.aborted = True
    meetings: dict[str, MeetingLink] = {}
    for year, month in months(ctx.since, date.today() + timedelta(days=LOOKAHEAD_DAYS)):
        try:
            for link in _get(ctx, allris.calendar_url(base, year, month), allris.parse_calendar):
                meetings[link.url] = link
        except _Skip:
            continue
    for url, link in meetings.items():
        with one_document(ctx, url):
            _load_meeting(ctx, url, link, paper_urls)
    for url, listed in paper_urls.items():
        with one_document(ctx, url):
            _load_paper(ctx, url, listed)
    ctx.store.link_consultations(ctx.city.slug)


def _load_meeting(ctx: Context, url: str, link: MeetingLink, paper_urls: dict[str, PaperLink | None]) -> None:
    if link.has_agenda:
        try:
            meeting = _get(ctx, url, allris.parse_meeting)
        except _Skip:
            return
        files = [fetch_file(ctx, f) for f in meeting.files]
        for item in meeting.agenda_items:
            if item.paper_url:
                paper_urls.setdefault(item.paper_url, None)
    else:
        meeting = MeetingRecord(url=url, name=link.name, start=link.start, cancelled=allris.is_cancelled(link.name))
        files = []
    ctx.store.save_meeting(ctx.city.slug, meeting, files)
    ctx.report.meetings += 1


class _Skip(Exception):
    """The page failed; the failure is already counted."""


def _get(ctx: Context, url: str, parse):
    try:
        fetched = ctx.client.get(url, expect="text/html")
    except RobotsDisallowed as exc:
        ctx.report.fail("robots", url, exc.problem)
        raise _Skip from None
    except FetchError as exc:
        ctx.report.fail("fetch", url, exc.problem)
        raise _Skip from None
    try:
        return parse(fetched.content, url)
    except ParseError as exc:
        ctx.report.fail("layout", url, exc.problem)
        raise _Skip from None


def _load_paper(ctx: Context, url: str, listed: PaperLink | None) -> None:
    """Fetch, parse, enrich and store one paper with its files."""
    try:
        fetched = ctx.client.get(url, expect="text/html")
    except FetchError as exc:
        if exc.kind in ("http_404", "http_410") and ctx.store.paper_exists(url):
            ctx.paper_gone(PaperRecord(url=url, reference=None, title="", deleted=True))
            return
        ctx.report.fail("fetch", url, exc.problem)
        return
    try:
        paper = allris.parse_paper(fetched.content, url)
    except ParseError as exc:
        ctx.report.fail("layout", url, exc.problem)
        return
    if paper.date is None and listed is not None:
        paper.date = listed.date  # classic vo020 pages print no date; the paper list does
    files = [fetch_file(ctx, f) for f in paper.files]
    analysis = analyse([paper.text]) if paper.text else None
    status = ctx.store.save_paper(
        ctx.city.slug,
        paper,
        files,
        findings=analysis.findings if analysis else [],
        topics=topic_summary(analysis, paper.title) if analysis else [],
    )
    setattr(ctx.report, f"papers_{status}", getattr(ctx.report, f"papers_{status}") + 1)

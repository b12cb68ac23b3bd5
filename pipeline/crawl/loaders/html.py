"""What the HTML loaders share: fetch-and-parse with counted failures, month windows, paper saving."""

from __future__ import annotations

from datetime import date, datetime

from pipeline.crawl.context import Context
from pipeline.crawl.files import fetch_file
from pipeline.crawl.records import store_paper
from pipeline.errors import BudgetExceeded, FetchError, ParseError, RobotsDisallowed


class Skip(Exception):
    """The page failed; the failure is already counted."""


def get_parsed(ctx: Context, url: str, parse, paper: bool = False, expect: str = "text/html"):
    """Fetch an HTML page (or, with `expect`, another kind of answer) and parse it; any failure is counted by
    kind and raises Skip.

    With paper=True, a stored paper whose page is gone (404/410) is queued as deleted instead.
    """
    try:
        fetched = ctx.client.get(url, expect=expect, limit=ctx.budgets.page_bytes)
    except RobotsDisallowed as exc:
        ctx.report.fail("robots", url, exc.problem)
        raise Skip from None
    except FetchError as exc:
        if not (paper and _gone(ctx, url, exc)):
            ctx.report.fail("fetch", url, exc.problem)
        raise Skip from None
    try:
        return parse(fetched.content, url)
    except ParseError as exc:
        ctx.report.fail("layout", url, exc.problem)
        raise Skip from None
    except BudgetExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser that trips over a hostile page (a time 24:00) loses that page
        ctx.report.fail("error", url, f"{exc.__class__.__name__}: {exc}")
        raise Skip from None


def add_resolution(ctx: Context, item, page_marker: str, parse) -> None:
    """The resolution text and documents of a decided public agenda item, from its own page (to020, to0050)."""
    if not (item.public and (item.result or item.paper_url) and page_marker in item.url):
        return
    try:
        page = get_parsed(ctx, item.url, parse)
    except Skip:
        return
    item.resolution_text = page.resolution_text
    item.result = item.result or page.result
    item.files = item.files or page.files  # the item's own documents (its Beschluss, its attachments)


def months(since: date | datetime, until: date):
    """(year, month) pairs from since to until inclusive."""
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def save_paper(ctx: Context, paper) -> None:
    """Download a parsed paper's files, find what its text says, store it and count the result."""
    store_paper(ctx, paper, [fetch_file(ctx, f) for f in paper.files])


def _gone(ctx: Context, url: str, exc: FetchError) -> bool:
    """A stored paper whose page now answers 404/410 is queued as deleted (see the shrinkage guard)."""
    from pipeline.model import PaperRecord

    if exc.kind in ("http_404", "http_410") and ctx.store.paper_exists(ctx.city.slug, url):
        ctx.paper_gone(PaperRecord(url=url, reference=None, title="", deleted=True))
        return True
    return False

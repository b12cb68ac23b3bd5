"""OParl loader (also SD.NET RIM): system, bodies, then organisations, meetings and papers."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from pipeline.crawl.boundary import clipped
from pipeline.crawl.context import Context, one_document
from pipeline.crawl.files import fetch_file, prepare_file, take_analysis
from pipeline.crawl.records import save_meeting, store_paper
from pipeline.errors import BudgetExceeded, FetchError, ParseError
from pipeline.model import ConsultationRecord, FileRef
from pipeline.nlp.workers import Analyzer
from scrapers import oparl

WINDOW = 32  # papers whose files are analysed in workers while the next ones are read
STALLED_PAGES = 3  # list pages in a row that bring no object not seen before: the list goes in circles


def load(ctx: Context) -> None:
    """Walk one OParl server."""
    with Analyzer(seconds=ctx.budgets.nlp_seconds) as analyzer:
        _load(ctx, analyzer)
    ctx.store.link_consultations(ctx.city.slug)


def _load(ctx: Context, analyzer: Analyzer) -> None:
    pending: deque = deque()
    for body in _bodies(ctx):
        for item in _list(ctx, _list_url(ctx, body, "organization")):
            url = _item_id(item, "organization")
            with one_document(ctx, url):
                organization = ctx.admit(oparl.parse_organization(item, url))
                ctx.store.save_organizations(ctx.city.slug, [organization])
        for item in _list(ctx, _list_url(ctx, body, "meeting")):
            url = _item_id(item, "meeting")
            with one_document(ctx, url):
                _load_meeting(ctx, oparl.parse_meeting(item, url))
        for item in _list(ctx, _list_url(ctx, body, "paper")):
            url = _item_id(item, "paper")
            with one_document(ctx, url):
                started = _start_paper(ctx, oparl.parse_paper(item, url), analyzer)
                if started:
                    pending.append(started)
            while len(pending) > WINDOW:
                _finish_paper(ctx, *pending.popleft())
    while pending:
        _finish_paper(ctx, *pending.popleft())


def _item_id(item: dict, kind: str) -> str:
    """An object's id for logs and keys; the gate checks it before anything is stored."""
    value = item.get("id")
    return value if isinstance(value, str) and value else f"({kind} without id)"


def _json(ctx: Context, url: str) -> object | None:
    try:
        fetched = ctx.client.get(url, limit=ctx.budgets.page_bytes)
    except FetchError as exc:
        ctx.report.fail("fetch", url, exc.problem)
        return None
    try:
        return oparl.load_json(fetched.content, url)
    except ParseError as exc:
        ctx.report.fail("layout", url, exc.problem)
        return None


def _bodies(ctx: Context) -> Iterator[dict]:
    """The bodies behind the configured URL: a System (all its bodies) or a single Body."""
    assert ctx.city.ris is not None  # a loader runs only for a city with a council system
    root = ctx.city.ris.url
    data = _json(ctx, root)
    if data is None:
        ctx.report.aborted = True
        return
    if not isinstance(data, dict):
        ctx.report.fail("layout", root, "expected an OParl System or Body object")
        ctx.report.aborted = True
        return
    kind = oparl.object_kind(data)
    if kind == "Body":
        yield data
    elif kind == "System" and isinstance(data.get("body"), str):
        yield from (b for b in _list(ctx, data["body"], filtered=False) if oparl.object_kind(b) == "Body")
    else:
        ctx.report.fail("layout", root, f"expected an OParl System or Body, got type '{data.get('type')}'")
        ctx.report.aborted = True


def _list_url(ctx: Context, body: dict, name: str) -> str | None:
    """The URL of a Body's list; a value that is none (a number, an object, NaN) is reported, not passed over."""
    value = body.get(name)
    if isinstance(value, str) and value:
        return value
    ctx.report.fail("list", _item_id(body, "body"), f"the Body's '{name}' is not a list URL ({clipped(repr(value))})")
    if name == "paper":
        ctx.report.aborted = True  # without its papers the city's run read nothing it is for
    return None


def _list(ctx: Context, url: object, filtered: bool = True) -> Iterator[dict]:
    """Every object of a paginated list, with modified_since on every page.

    A list is followed while it makes progress: at most `list_pages` pages, and never through
    STALLED_PAGES pages in a row that bring no object not seen before (a `links.next` that yields
    ever new URLs, or a cycle of any length). A first page that fails fails the city.
    """
    if not isinstance(url, str) or not url:
        return
    since = ctx.since if filtered else None
    page_url: str | None = oparl.with_filter(url, since)
    pages, stalled = 0, 0
    seen_pages: set[str] = set()
    seen_ids: set[str] = set()
    while page_url and page_url not in seen_pages:
        if pages >= ctx.budgets.list_pages or stalled >= STALLED_PAGES:
            why = (f"more than {ctx.budgets.list_pages} pages" if pages >= ctx.budgets.list_pages
                   else f"{STALLED_PAGES} pages in a row brought nothing new")
            ctx.report.fail("list", page_url, f"list stopped: {why}")
            return
        seen_pages.add(page_url)
        page = _list_page(ctx, page_url, first=pages == 0)
        if page is None:
            return
        pages += 1
        new = [item for item in page.items if _item_id(item, "?") not in seen_ids]
        seen_ids.update(_item_id(item, "?") for item in new)
        stalled = 0 if new else stalled + 1
        yield from new
        page_url = oparl.with_filter(page.next_url, since) if page.next_url else None
        if ctx.progress:
            ctx.progress(page_url or url)


def _list_page(ctx: Context, page_url: str, first: bool) -> oparl.ListPage | None:
    """One page of a list, or None (counted; on the first page the city fails)."""
    try:
        fetched = ctx.client.get(page_url, limit=ctx.budgets.page_bytes)
    except FetchError as exc:
        # Quirk: some servers answer 404 for an empty list instead of an empty page, e.g. SD.NET
        # RIM's .../body/1/paper?modified_since=… when nothing changed.
        if not (first and exc.kind == "http_404"):
            ctx.report.fail("fetch", page_url, exc.problem)
            ctx.report.aborted = ctx.report.aborted or first
        return None
    try:
        return oparl.parse_list(fetched.content, page_url)
    except BudgetExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - ParseError, or a parser tripped by a hostile page
        if isinstance(exc, ParseError):
            ctx.report.fail("layout", page_url, exc.problem)
        else:
            ctx.report.fail("error", page_url, f"{exc.__class__.__name__}: {exc}")
        # A list that answers 200 with something that is not a list cannot be read at all.
        ctx.report.aborted = ctx.report.aborted or first
        return None


def _file_refs(ctx: Context, refs: list[FileRef]) -> list[FileRef]:
    """Files given only as URLs are fetched as File objects first."""
    out = []
    for ref in refs:
        if oparl.is_reference(ref):
            data = _json(ctx, ref.url)  # a reference's URL is its id
            if isinstance(data, dict) and oparl.object_kind(data) == "File":
                file = oparl.parse_file(data, ref.role)
                if file is not None:  # None: a File without any address
                    out.append(file)
            continue
        out.append(ref)
    return out


def _load_meeting(ctx: Context, meeting) -> None:
    if meeting.deleted:
        save_meeting(ctx, meeting, [])
        return
    meeting = ctx.admit(meeting)  # before its files are fetched: a foreign id costs no request
    files = [fetch_file(ctx, ref) for ref in _file_refs(ctx, meeting.files)]
    # An agenda item's own attachments and resolution (auxiliaryFile, resolutionFile), linked to it.
    item_files = {item.url: [fetch_file(ctx, ref) for ref in _file_refs(ctx, item.files)]
                  for item in meeting.agenda_items if item.files and not item.deleted}
    save_meeting(ctx, meeting, files, item_files)


def _consultations(ctx: Context, consultations: list[ConsultationRecord]) -> list[ConsultationRecord]:
    """Consultations given only as URLs are fetched and parsed."""
    out = []
    for c in consultations:
        if c.id and not c.organization_url and not c.meeting_url and not c.role:
            data = _json(ctx, c.id)
            if isinstance(data, dict):
                out.append(oparl.parse_consultation(data))
            continue
        out.append(c)
    return out


def _start_paper(ctx: Context, paper, analyzer: Analyzer):
    """Read a paper's consultations and files and hand the file texts to the NLP workers."""
    paper = ctx.admit(paper)  # before anything is fetched or looked up: a foreign id costs nothing
    if paper.deleted:
        if ctx.store.paper_exists(ctx.city.slug, paper.url):
            ctx.paper_gone(paper)
        else:
            ctx.store.save_paper(ctx.city.slug, paper, [], [], [])  # a tombstone of a paper never stored
        return None
    paper.consultations = _consultations(ctx, paper.consultations)
    files = [prepare_file(ctx, ref) for ref in _file_refs(ctx, paper.files)]
    known = ctx.known_organizations() if any(file.needs_analysis for file in files) else ()
    return paper, files, [analyzer.submit(file, known) for file in files]


def _finish_paper(ctx: Context, paper, files, futures) -> None:
    """Collect the NLP results of a paper's files and store it in one transaction."""
    with one_document(ctx, paper.url):
        for file, future in zip(files, futures, strict=True):
            take_analysis(ctx, file, future.result)
        store_paper(ctx, paper, files)

"""OParl loader (also SD.NET RIM): system, bodies, then organisations, meetings and papers."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from scrapers import oparl
from scrapers.base import ConsultationRecord, FileRef, ParseError

from ..http import FetchError
from ..ingest import Context, fetch_file, one_document, prepare_file, store_paper
from ..workers import Analyzer


WINDOW = 32  # papers whose files are analysed in workers while the next ones are read


def load(ctx: Context) -> None:
    """Walk one OParl server."""
    with Analyzer() as analyzer:
        _load(ctx, analyzer)
    ctx.store.link_consultations(ctx.city.slug)


def _load(ctx: Context, analyzer: Analyzer) -> None:
    pending: deque = deque()
    for body in _bodies(ctx):
        organizations = []
        for item in _list(ctx, body.get("organization")):
            with one_document(ctx, item.get("id", "organization")):
                organizations.append(oparl.parse_organization(item, item.get("id", "")))
        if organizations:
            ctx.store.save_organizations(ctx.city.slug, organizations)
        for item in _list(ctx, body.get("meeting")):
            url = item.get("id", "meeting")
            with one_document(ctx, url):
                _load_meeting(ctx, oparl.parse_meeting(item, url))
        for item in _list(ctx, body.get("paper")):
            url = item.get("id", "paper")
            with one_document(ctx, url):
                started = _start_paper(ctx, oparl.parse_paper(item, url), analyzer)
                if started:
                    pending.append(started)
            while len(pending) > WINDOW:
                _finish_paper(ctx, *pending.popleft())
    while pending:
        _finish_paper(ctx, *pending.popleft())


def _json(ctx: Context, url: str) -> object | None:
    try:
        fetched = ctx.client.get(url)
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


def _list(ctx: Context, url: object, filtered: bool = True) -> Iterator[dict]:
    """Every object of a paginated list, with modified_since on every page."""
    if not isinstance(url, str) or not url:
        return
    since = ctx.since if filtered else None
    page_url: str | None = oparl.with_filter(url, since)
    first = True
    seen: set[str] = set()
    while page_url and page_url not in seen:
        seen.add(page_url)
        try:
            fetched = ctx.client.get(page_url)
        except FetchError as exc:
            # Quirk: some servers answer 404 for an empty list instead of an empty page, e.g. SD.NET
            # RIM's .../body/1/paper?modified_since=… when nothing changed.
            if first and exc.kind == "http_404":
                return
            ctx.report.fail("fetch", page_url, exc.problem)
            if first:
                ctx.report.aborted = True
            return
        try:
            page = oparl.parse_list(fetched.content, page_url)
        except ParseError as exc:
            ctx.report.fail("layout", page_url, exc.problem)
            return
        first = False
        yield from page.items
        page_url = oparl.with_filter(page.next_url, since) if page.next_url else None
        if ctx.progress:
            ctx.progress(page_url or url)


def _file_refs(ctx: Context, refs: list[FileRef]) -> list[FileRef]:
    """Files given only as URLs are fetched as File objects first."""
    out = []
    for ref in refs:
        if oparl.is_reference(ref):
            data = _json(ctx, ref.id)
            if isinstance(data, dict) and oparl.object_kind(data) == "File":
                out.append(oparl.parse_file(data, ref.role))
            continue
        out.append(ref)
    return out


def _load_meeting(ctx: Context, meeting) -> None:
    if meeting.deleted:
        ctx.store.save_meeting(ctx.city.slug, meeting, [])
        return
    files = [fetch_file(ctx, ref) for ref in _file_refs(ctx, meeting.files)]
    ctx.store.save_meeting(ctx.city.slug, meeting, files)
    ctx.report.meetings += 1


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
    if paper.deleted:
        if ctx.store.paper_exists(paper.url):
            ctx.paper_gone(paper)
        else:
            ctx.store.save_paper(ctx.city.slug, paper, [], [], [])  # a tombstone of a paper never stored
        return None
    paper.consultations = _consultations(ctx, paper.consultations)
    files = [prepare_file(ctx, ref) for ref in _file_refs(ctx, paper.files)]
    return paper, files, [analyzer.submit(file) for file in files]


def _finish_paper(ctx: Context, paper, files, futures) -> None:
    """Collect the NLP results of a paper's files and store it in one transaction."""
    with one_document(ctx, paper.url):
        for file, future in zip(files, futures, strict=True):
            file.findings, file.topics, file.lemmas = future.result()
        store_paper(ctx, paper, files)

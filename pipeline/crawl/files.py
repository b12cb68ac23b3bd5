"""A record's files: their text from the source or downloaded, their status, and their analysis."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypedDict

from pipeline.crawl.boundary import Gate, stored_link
from pipeline.crawl.context import Context
from pipeline.errors import DocumentTooSlow, FetchError
from pipeline.model import FileDoc, FileRef, FileStatus
from pipeline.nlp.layout import read_layout
from pipeline.nlp.workers import analyse_file
from pipeline.store.writer import now
from pipeline.text.cleaning import passages
from pipeline.text.documents import clean, extract

log = logging.getLogger(__name__)
# The status of a file whose download failed, by FetchError.kind; any other kind: fetch_failed.
_FETCH_STATUS: dict[str, FileStatus] = {"size": "too_large", "blocked": "blocked"}


class _Base(TypedDict):
    """What every FileDoc of a reference starts with."""

    url: str
    name: str
    role: str
    fetched_at: str
    id: str


def fetch_file(ctx: Context, ref: FileRef) -> FileDoc:
    """One file's text and findings, analysed here and now."""
    file = prepare_file(ctx, ref)
    if file.needs_analysis:
        take_analysis(ctx, file, lambda: analyse_file(file.pages, ctx.budgets.nlp_seconds, ctx.known_organizations()))
    return file


def take_analysis(ctx: Context, file: FileDoc, result: Callable[[], tuple[list, list[dict], dict]]) -> None:
    """Set a file's findings from `result()`; one that ran over its time budget is stored without them."""
    try:
        file.findings, file.topics, file.lemmas = result()
    except DocumentTooSlow as exc:
        ctx.report.fail("budget", file.url, f"{exc}; stored without findings")
        file.status_reason = f"{exc}; no findings"


def prepare_file(ctx: Context, ref: FileRef) -> FileDoc:
    """One file's text: from the source's own text, else downloaded; failures become a status.

    The NLP is left to the caller (FileDoc.needs_analysis), so that it can run in a worker process.
    """
    assert ctx.gate is not None  # set when the city's run starts (ingest_city)
    ctx.gate.cuts = []
    file_id = stored_link(ref.id or ref.url)
    base: _Base = {"url": stored_link(ref.url), "name": ctx.gate.field(ref.name), "role": ref.role,
                   "fetched_at": now(), "id": file_id}
    if problem := ctx.gate.file_problem(ref):
        ctx.report.fail("blocked", ref.url, problem)
        return FileDoc(**base, mime_type=None, sha256=None, size=None, pages=[], text_method="none",
                       status="blocked", status_reason=f"refused: {problem}", findings=[], topics=[])
    if ref.text is not None:
        file = _given_text(ctx, ctx.gate, ref, ref.text, base)
    else:
        file = _downloaded(ctx, ctx.gate, ref, base)
    for cut in ctx.gate.cuts:
        ctx.report.fail("cut", ref.url, cut)
    # Each page's paragraphs (page, start, end): what search hits and evidence point to.
    file.passages = [(number, start, end) for number, page in enumerate(file.pages, start=1)
                     for start, end in passages(page)]
    return file


def _given_text(ctx: Context, gate: Gate, ref: FileRef, text: str, base: _Base) -> FileDoc:
    """A file whose text the server already gives (OParl File.text): no download needed."""
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    ctx.report.files += 1
    if ctx.store.file_unchanged(ctx.city.slug, base["id"], sha256):
        return FileDoc(**base, mime_type=ref.mime_type, sha256=sha256, size=None, pages=[], text_method="source",
                       status="ok", status_reason=None, findings=[], topics=[], unchanged=True)
    # Cut before cleaning: a 40 MB File.text costs its size in every step after this one.
    pages = [clean(page) for page in gate.text(text[: ctx.budgets.text_chars + 1].split("\f"))]
    return FileDoc(**base, mime_type=ref.mime_type, sha256=sha256, size=None, pages=pages,
                   text_method="source", status="ok" if any(pages) else "empty",
                   status_reason=None if any(pages) else "the source's text is empty", findings=[], topics=[])


def _downloaded(ctx: Context, gate: Gate, ref: FileRef, base: _Base) -> FileDoc:
    """A file downloaded and its text extracted; a failed download becomes a status."""
    try:
        fetched = ctx.client.get(ref.url, limit=ctx.budgets.file_bytes)
    except FetchError as exc:
        # A refused host is reported as such and not retried by later runs; other failures are.
        ctx.report.fail("blocked" if exc.kind == "blocked" else "file", ref.url, exc.problem)
        status = _FETCH_STATUS.get(exc.kind, "fetch_failed")
        return FileDoc(**base, mime_type=None, sha256=None, size=None, pages=[], text_method="none",
                       status=status, status_reason=exc.problem, findings=[], topics=[])
    ctx.report.files += 1
    sha256 = hashlib.sha256(fetched.content).hexdigest()
    if ctx.store.file_unchanged(ctx.city.slug, base["id"], sha256):
        return FileDoc(**base, mime_type=fetched.mime_type, sha256=sha256, size=len(fetched.content), pages=[],
                       text_method="none", status="ok", status_reason=None, findings=[], topics=[], unchanged=True)
    if fetched.mime_type == "text/html" and _expects_pdf(ref, fetched.declared_type):
        # Servers answer a missing or forbidden document with an HTML page and status 200.
        ctx.report.fail("file", ref.url, "an HTML page where a PDF was expected")
        reason = f"expected a PDF, got an HTML page (declared {fetched.declared_type or 'nothing'})"
        return FileDoc(**base, mime_type=fetched.mime_type, sha256=sha256, size=len(fetched.content), pages=[],
                       text_method="none", status="wrong_type", status_reason=reason, findings=[], topics=[])
    document = extract(fetched.content, fetched.mime_type)
    if document.status != "ok":
        log.info("file stored with status %s (%s)", document.status, document.reason,
                 extra={"city": ctx.city.slug, "url": ref.url})
    if document.status in ("error", "corrupt", "truncated"):
        ctx.report.fail("file", ref.url, document.reason or document.status)
    return FileDoc(**base, mime_type=fetched.mime_type, sha256=sha256, size=len(fetched.content),
                   pages=gate.text(document.pages), text_method=document.method, status=document.status,
                   status_reason=document.reason, findings=[], topics=[], page_methods=document.page_methods,
                   layout=read_layout(fetched.content, document.head))


def _expects_pdf(ref: FileRef, declared: str | None) -> bool:
    return (declared == "application/pdf" or ref.mime_type == "application/pdf"
            or ref.url.lower().split("?")[0].endswith(".pdf") or "options=64" in ref.url)

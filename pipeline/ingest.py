"""Ingest runs: per city, walk its sources and store what they yield; count every failure."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from scrapers.base import FileRef

from .boundary import Gate, RecordRefused, stored_link
from .budget import Budgets, BudgetExceeded, CityClock, DocumentTooSlow, time_limit
from .config import City
from .documents import clean, extract
from .http import FetchError, HostPolicy, HttpClient
from .nlp import analyse, topic_summary
from .redact import public_url
from .store import FileDoc, Store, now

log = logging.getLogger(__name__)


@dataclass
class CityReport:
    """What one city's run did; printed as one summary line."""

    slug: str
    pages_fetched: int = 0
    papers_new: int = 0
    papers_changed: int = 0
    papers_unchanged: int = 0
    papers_deleted: int = 0
    meetings: int = 0
    files: int = 0
    failures: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    aborted: bool = False
    robots_blocked: bool = False
    files_recovered: int = 0

    def fail(self, kind: str, url: str, problem: str) -> None:
        """Count a failure and log it with its URL (pipeline.logs limits the lines of one kind)."""
        self.failures[kind] += 1
        log.warning("%s failure: %s", kind, problem, extra={"city": self.slug, "url": url, "kind": kind})
        if kind == "unreachable" and problem not in self.notes:
            self.notes.append(problem)  # "cannot resolve host 'www.herne.de'" belongs in the summary line

    def counts(self) -> dict:
        """What the run records of this city (table ingest_run_cities)."""
        return {"status": "failed" if self.aborted else "ok", "pages_fetched": self.pages_fetched,
                "papers_new": self.papers_new, "papers_changed": self.papers_changed,
                "papers_deleted": self.papers_deleted, "meetings": self.meetings, "files": self.files,
                "failures": sum(self.failures.values()),
                "failures_by_kind": json.dumps(dict(sorted(self.failures.items()))),
                "notes": "; ".join(self.notes) or None}

    def line(self) -> str:
        failures = sum(self.failures.values())
        kinds = f" ({', '.join(f'{k} {v}' for k, v in sorted(self.failures.items()))})" if failures else ""
        text = (
            f"{self.slug}: {self.pages_fetched} pages fetched, papers {self.papers_new} new / "
            f"{self.papers_changed} changed / {self.papers_deleted} deleted, {self.meetings} meetings, "
            f"{self.files} files, {failures} failures{kinds}"
        )
        if self.files_recovered:
            text += f", {self.files_recovered} earlier failed files recovered"
        return text + "".join(f"; {note}" for note in self.notes)


def total_line(reports: list[CityReport]) -> str:
    """The run's total as one line."""
    failures = sum(sum(r.failures.values()) for r in reports)
    return (
        f"total: {len(reports)} cities, {sum(r.pages_fetched for r in reports)} pages fetched, papers "
        f"{sum(r.papers_new for r in reports)} new / {sum(r.papers_changed for r in reports)} changed / "
        f"{sum(r.papers_deleted for r in reports)} deleted, {sum(r.meetings for r in reports)} meetings, "
        f"{sum(r.files for r in reports)} files, {failures} failures"
    )


@dataclass
class Context:
    """What a loader needs: the city, the shared client and store, the window, budgets and a report."""

    city: City
    client: HttpClient
    store: Store
    report: CityReport
    since: datetime | None  # --since, or None: from the high-water mark (see resolve_since)
    progress: object = None  # callable(str) advancing a progress display, or None
    started: str = ""  # when this city's run began (UTC, ISO)
    allow_shrinkage: bool = False
    pending_deletions: list = field(default_factory=list)  # stored papers gone at the source
    budgets: Budgets = field(default_factory=Budgets)
    clock: CityClock | None = None  # set when the city's run starts
    gate: Gate | None = None  # set when the city's run starts

    def paper_gone(self, paper) -> None:
        """Queue a stored paper that is gone at its source; the shrinkage guard decides at the end."""
        self.pending_deletions.append(paper)

    def admit(self, record):
        """The record made storable (see pipeline.boundary); what was cut is counted as 'cut'."""
        record = self.gate.admit(record)
        # The parsers' own cuts (table rows past scrapers.base.ROW_CAP) come as record.notes.
        for cut in self.gate.cuts + list(getattr(record, "notes", ())):
            self.report.fail("cut", getattr(record, "url", "") or "", cut)
        return record


@contextmanager
def one_document(ctx: Context, url: str):
    """Whatever goes wrong with one document is counted and logged; the run goes on.

    Database errors are not about the document (disk full, read-only file) and stop the run; a
    city whose time or memory budget is used up stops before its next document.
    """
    if ctx.clock is not None:
        ctx.clock.check()
    try:
        yield
    except (sqlite3.Error, BudgetExceeded):
        raise
    except RecordRefused as exc:
        ctx.report.fail("blocked", url, exc.problem)
    except DocumentTooSlow as exc:
        ctx.report.fail("budget", url, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad document never stops an ingest
        ctx.report.fail("error", url, f"{exc.__class__.__name__}: {exc}")
        log.debug("traceback", exc_info=True, extra={"city": ctx.city.slug, "url": url})
    finally:
        if ctx.progress:
            ctx.progress(url)


def save_meeting(ctx: Context, meeting, files: list[FileDoc]) -> None:
    """Store a meeting with its agenda and files, once it passed the gate."""
    ctx.store.save_meeting(ctx.city.slug, ctx.admit(meeting), files)
    if not meeting.deleted:
        ctx.report.meetings += 1


def store_paper(ctx: Context, paper, files: list[FileDoc]) -> None:
    """Find what a paper's own text (or, without one, its title) says, store it with its files."""
    paper = ctx.admit(paper)
    text = paper.text or paper.title  # the rule pipeline.store.Store.stored_texts follows for reprocessing
    analysis = None
    if text:
        try:
            with time_limit(ctx.budgets.nlp_seconds, "the NLP of the paper's text"):
                analysis = analyse([text])
        except DocumentTooSlow as exc:
            ctx.report.fail("budget", paper.url, f"{exc}; stored without findings")
    status = ctx.store.save_paper(
        ctx.city.slug,
        paper,
        files,
        findings=analysis.findings if analysis else [],
        topics=topic_summary(analysis) if analysis else [],
    )
    setattr(ctx.report, f"papers_{status}", getattr(ctx.report, f"papers_{status}") + 1)


def fetch_file(ctx: Context, ref: FileRef) -> FileDoc:
    """One file's text and findings, analysed here and now."""
    file = prepare_file(ctx, ref)
    if file.needs_analysis:
        take_analysis(ctx, file, lambda: analyse_file(file.pages, ctx.budgets.nlp_seconds))
    return file


def take_analysis(ctx: Context, file: FileDoc, result) -> None:
    """Set a file's findings from `result()`; one that ran over its time budget is stored without them."""
    try:
        file.findings, file.topics, file.lemmas = result()
    except DocumentTooSlow as exc:
        ctx.report.fail("budget", file.url, f"{exc}; stored without findings")
        file.status_reason = f"{exc}; no findings"


def analyse_file(pages: list[str], seconds: float = 0) -> tuple[list, list[dict], dict]:
    """Findings, action fields and paragraph lemmas of one file's pages (runs in worker processes too).

    Raises DocumentTooSlow after `seconds` (0: no limit).
    """
    with time_limit(seconds, "the NLP of this file"):
        analysis = analyse(pages)
    return analysis.findings, topic_summary(analysis), analysis.lemmas


def prepare_file(ctx: Context, ref: FileRef) -> FileDoc:
    """One file's text: from the source's own text, else downloaded; failures become a status.

    The NLP is left to the caller (FileDoc.needs_analysis), so that it can run in a worker process.
    """
    ctx.gate.cuts = []
    file_id = stored_link(ref.id or ref.url)
    base = {"url": stored_link(ref.url), "name": ctx.gate.field(ref.name), "role": ref.role, "fetched_at": now(),
            "id": file_id}
    if problem := ctx.gate.file_problem(ref):
        ctx.report.fail("blocked", ref.url, problem)
        return FileDoc(**base, mime_type=None, sha256=None, size=None, pages=[], text_method="none",
                       status="blocked", status_reason=f"refused: {problem}", findings=[], topics=[])
    if ref.text is not None:
        file = _given_text(ctx, ref, base)
    else:
        file = _downloaded(ctx, ref, base)
    for cut in ctx.gate.cuts:
        ctx.report.fail("cut", ref.url, cut)
    return file


def _given_text(ctx: Context, ref: FileRef, base: dict) -> FileDoc:
    """A file whose text the server already gives (OParl File.text): no download needed."""
    sha256 = hashlib.sha256(ref.text.encode("utf-8", "surrogatepass")).hexdigest()
    ctx.report.files += 1
    if ctx.store.file_unchanged(ctx.city.slug, base["id"], sha256):
        return FileDoc(**base, mime_type=ref.mime_type, sha256=sha256, size=None, pages=[], text_method="source",
                       status="ok", status_reason=None, findings=[], topics=[], unchanged=True)
    # Cut before cleaning: a 40 MB File.text costs its size in every step after this one.
    pages = [clean(page) for page in ctx.gate.text(ref.text[: ctx.budgets.text_chars + 1].split("\f"))]
    return FileDoc(**base, mime_type=ref.mime_type, sha256=sha256, size=None, pages=pages,
                   text_method="source", status="ok" if any(pages) else "empty",
                   status_reason=None if any(pages) else "the source's text is empty", findings=[], topics=[])


def _downloaded(ctx: Context, ref: FileRef, base: dict) -> FileDoc:
    """A file downloaded and its text extracted; a failed download becomes a status."""
    try:
        fetched = ctx.client.get(ref.url, limit=ctx.budgets.file_bytes)
    except FetchError as exc:
        # A refused host is reported as such and not retried by later runs; other failures are.
        ctx.report.fail("blocked" if exc.kind == "blocked" else "file", ref.url, exc.problem)
        status = {"size": "too_large", "blocked": "blocked"}.get(exc.kind, "fetch_failed")
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
                   pages=ctx.gate.text(document.pages), text_method=document.method, status=document.status,
                   status_reason=document.reason, findings=[], topics=[], page_methods=document.page_methods,
                   layout=document.layout)


def _expects_pdf(ref: FileRef, declared: str | None) -> bool:
    return (declared == "application/pdf" or ref.mime_type == "application/pdf"
            or ref.url.lower().split("?")[0].endswith(".pdf") or "options=64" in ref.url)


def ingest_documents(ctx: Context) -> None:
    """Documents configured outside the council system."""
    for document in ctx.city.documents:
        if not ctx.client.allowed(document.url):
            ctx.report.notes.append(f"robots.txt disallows {document.url}; not fetched")
            continue
        with one_document(ctx, document.url):
            file = fetch_file(ctx, FileRef(url=document.url, name=document.title, role="document"))
            if file.status != "fetch_failed":
                ctx.store.save_file(ctx.city.slug, file, paper=None, meeting=None)


DEFAULT_WINDOW_DAYS = 365  # first run of an HTML system: this far back
# Reruns start a little before the last successful run began: HTML systems change old pages
# (results added weeks later), OParl servers' clocks differ from ours.
RERUN_MARGIN = {"oparl": timedelta(hours=1), "sdnet": timedelta(hours=1)}
HTML_RERUN_MARGIN = timedelta(days=31)


def as_datetime(value: date | datetime) -> datetime:
    """A date or naive time as an aware UTC datetime."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def resolve_since(ctx: Context) -> datetime | None:
    """--since wins; else the high-water mark less a margin; else the system's first-run window.

    None means everything (the first run of an OParl system).
    """
    if ctx.since is not None:
        return as_datetime(ctx.since)
    system = ctx.city.ris.system if ctx.city.ris else None
    mark = ctx.store.high_water_mark(ctx.city.slug)
    if mark:
        return datetime.fromisoformat(mark) - RERUN_MARGIN.get(system, HTML_RERUN_MARGIN)
    if system in ("oparl", "sdnet"):
        return None
    return as_datetime(date.today() - timedelta(days=DEFAULT_WINDOW_DAYS))


RETRY_FILES_PER_RUN = 100
# A run may mark at most this many stored papers deleted, or this share of a city's papers,
# before the shrinkage guard stops it (a site that lost its archive, a broken list, a wrong URL).
SHRINK_MIN = 10
SHRINK_SHARE = 0.05


def apply_deletions(ctx: Context) -> None:
    """Mark the queued papers deleted, unless there are suspiciously many (then write none)."""
    pending = ctx.pending_deletions
    if not pending:
        return
    stored = ctx.store.paper_count(ctx.city.slug)
    limit = max(SHRINK_MIN, int(stored * SHRINK_SHARE))
    if len(pending) > limit and not ctx.allow_shrinkage:
        ctx.report.aborted = True
        ctx.report.notes.append(
            f"shrinkage guard: {len(pending)} of {stored} stored papers would be marked deleted (limit {limit}); "
            "none were; check the site, then rerun with --allow-shrinkage if this is right")
        return
    for paper in pending:
        if ctx.store.save_paper(ctx.city.slug, paper, [], [], []) == "deleted":
            ctx.report.papers_deleted += 1


def retry_failed_files(ctx: Context) -> None:
    """Fetch again, oldest first, files earlier runs could not download (not those this run just tried)."""
    rows = ctx.store.failed_files(ctx.city.slug, before=ctx.started, limit=RETRY_FILES_PER_RUN)
    for row in rows:
        with one_document(ctx, row["url"]):
            file = fetch_file(ctx, FileRef(url=row["url"], name=row["name"], role=row["role"] or "attachment",
                                           id=row["id"]))
            if file.status != "fetch_failed":
                ctx.store.save_file(ctx.city.slug, file, paper=row["paper"], meeting=row["meeting"])
                ctx.report.files_recovered += 1


def ingest_city(ctx: Context) -> CityReport:
    """Run the city's loader and its extra documents within the city's budgets; never raises for bad pages."""
    city = ctx.city
    ctx.store.upsert_city(public_city(city))
    started = datetime.now(timezone.utc).replace(microsecond=0)
    ctx.started = started.isoformat()
    ctx.since = resolve_since(ctx)
    start_pages = ctx.client.pages_fetched
    policy = HostPolicy.of(city.hosts(), city.credentials())
    ctx.gate, ctx.clock = Gate(policy, ctx.budgets), CityClock(ctx.budgets)
    ctx.client.policy, ctx.client.clock = policy, ctx.clock
    log.info("run started, reading changes since %s", ctx.since.isoformat() if ctx.since else "the beginning",
             extra={"city": city.slug, "url": city.ris.url if city.ris else None})
    try:
        _walk_sources(ctx)
    except BudgetExceeded as exc:
        ctx.report.aborted = True
        ctx.report.notes.append(f"stopped: {exc}; what was stored is kept and the next run looks again")
        log.error("run stopped: %s", exc, extra={"city": city.slug})
    finally:
        ctx.client.policy = ctx.client.clock = None
    ctx.report.pages_fetched = ctx.client.pages_fetched - start_pages
    if not ctx.report.aborted:
        ctx.store.touch_city(city.slug)
    if city.ris is not None and not ctx.report.aborted and not ctx.report.robots_blocked:
        # A failed file is stored with status fetch_failed and retried by later runs, and a cut or
        # refused field reads the same next time; any other failure may hide an object, so the
        # mark stays and the next run looks at it again.
        if any(kind not in ("file", "blocked", "cut") for kind in ctx.report.failures):
            ctx.report.notes.append("high-water mark kept because of failures; the next run looks at them again")
        else:
            ctx.store.set_high_water_mark(city.slug, ctx.started)
    log.info("run finished: %s", ctx.report.line(), extra={"city": city.slug})
    return ctx.report


def _walk_sources(ctx: Context) -> None:
    """The council system, the extra documents, the files to retry, then the deletions."""
    from .loaders import allris, oparl, sessionnet

    loaders = {"allris": allris.load, "allris4": allris.load, "oparl": oparl.load, "sdnet": oparl.load,
               "sessionnet": sessionnet.load}
    city = ctx.city
    if city.ris is None:
        ctx.report.notes.append(
            "no council system configured; add a [city.ris] table with system and url to the city list "
            "(see README, 'The city list')"
        )
    elif city.ris.system not in loaders:
        ctx.report.notes.append(f"no loader for system '{city.ris.system}' yet; skipped")
    else:
        loaders[city.ris.system](ctx)
    ingest_documents(ctx)
    retry_failed_files(ctx)
    apply_deletions(ctx)


def public_city(city: City) -> City:
    """The city as it is stored and published: its URLs without credentials."""
    from dataclasses import replace

    if city.ris is None:
        return city
    return replace(city, ris=replace(city.ris, url=public_url(city.ris.url)))

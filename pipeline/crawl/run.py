"""A city's run: its sources walked under its budgets, the files to retry, deletions, the high-water mark."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from datetime import date, datetime, timezone

from pipeline import __version__
from pipeline.crawl.boundary import Gate
from pipeline.crawl.config import City
from pipeline.crawl.context import CityReport, Context, one_document
from pipeline.crawl.documents import paper_of_document
from pipeline.crawl.files import fetch_file
from pipeline.crawl.records import store_paper
from pipeline.crawl.systems import HTML_FIRST_RUN, HTML_RERUN_MARGIN, SYSTEMS
from pipeline.errors import BudgetExceeded, DocumentTooSlow
from pipeline.fetch.client import HostPolicy
from pipeline.limits import CityClock, time_limit
from pipeline.model import FileRef, RunStatus
from pipeline.nlp import analyse
from pipeline.nlp.resources import check_data_files, vocabularies
from pipeline.redact import public_url

log = logging.getLogger(__name__)


def ingest_documents(ctx: Context) -> None:
    """Documents configured outside the council system."""
    for document in ctx.city.documents:
        if not ctx.client.allowed(document.url):
            ctx.report.notes.append(f"robots.txt disallows {document.url}; not fetched")
            continue
        with one_document(ctx, document.url):
            file = fetch_file(ctx, FileRef(url=document.url, name=document.title, role="document"))
            if file.status == "fetch_failed":
                continue
            paper = _as_paper(ctx, document, file)
            if paper is None:
                ctx.store.save_file(ctx.city.slug, file, paper=None, meeting=None)
            elif (known := ctx.store.paper_with_reference(ctx.city.slug, paper.reference or "")) is not None:
                ctx.store.save_file(ctx.city.slug, file, paper=known, meeting=None)  # the RIS has it: one paper
            else:
                store_paper(ctx, paper, [file])


def _as_paper(ctx: Context, document, file):
    """The paper a configured document is, where it carries its own number and a Beratungsfolge (else None)."""
    if not any(f.label == "reference" and f.kind == "own" for f in file.findings):
        return None  # the file's analysis found no number of its own: no Vorlage, and no second analysis
    try:
        with time_limit(ctx.budgets.nlp_seconds, "the NLP of the document's head"):
            analysis = analyse(file.pages[:3])
    except DocumentTooSlow:
        return None
    return paper_of_document(document.url, document.title, file.pages, analysis)


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
    system = SYSTEMS[ctx.city.ris.system] if ctx.city.ris else None
    mark = ctx.store.high_water_mark(ctx.city.slug)
    if mark:
        return datetime.fromisoformat(mark) - (system.rerun_margin if system else HTML_RERUN_MARGIN)
    first_run = system.first_run if system else HTML_FIRST_RUN
    if first_run is None:
        return None
    return as_datetime(date.today() - first_run)


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
    city = ctx.city
    if city.ris is None and city.documents:
        ctx.report.notes.append(f"documents only ({len(city.documents)} configured; no council system)")
    elif city.ris is None:
        ctx.report.notes.append(
            "no council system configured; add a [city.ris] table with system and url to the city list "
            "(see README, 'The city list')"
        )
    else:
        SYSTEMS[city.ris.system].load(ctx)
    ingest_documents(ctx)
    retry_failed_files(ctx)
    apply_deletions(ctx)


def public_city(city: City) -> City:
    """The city as it is stored and published: its URLs without credentials."""
    from dataclasses import replace

    if city.ris is None:
        return city
    return replace(city, ris=replace(city.ris, url=public_url(city.ris.url)))


def run_cities(cities: list[City], store, client, since, budgets, allow_shrinkage: bool = False,
               progress_for=None, on_report=None) -> list[CityReport]:
    """Ingest cities one after the other, each recorded in the run history; returns their reports.

    `progress_for(slug)` gives a context manager with an `advance` method (pipeline.ops.progress);
    `on_report(report)` is called as each city ends (the command prints its summary line).
    """
    reports: list[CityReport] = []
    check_data_files()  # a broken data file is one line now, not a failure in every document
    store.sync_vocabularies(*vocabularies())
    run = store.start_run(os.getpid(), __version__, len(cities))
    status: RunStatus = "failed"
    try:
        for city in cities:
            store.start_city_run(run, city.slug)
            with (progress_for(city.slug) if progress_for else contextlib.nullcontext()) as progress:
                report = _one_city(city, store, client, since, budgets, allow_shrinkage,
                                   progress.advance if progress else None)
            store.finish_city_run(run, city.slug, report.counts())
            reports.append(report)
            if on_report:
                on_report(report)
        status = "failed" if any(r.aborted for r in reports) else "ok"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        with contextlib.suppress(sqlite3.Error):  # a full disk may refuse this too; the next run says crashed
            store.finish_run(run, status, 0 if status == "ok" else 1)
    return reports


def _one_city(city, store, client, since, budgets, allow_shrinkage, progress) -> CityReport:
    """One city's run; whatever stops it (a bug, a hostile source) stops only this city."""
    report = CityReport(city.slug)
    try:
        ingest_city(Context(city=city, client=client, store=store, report=report, since=since, progress=progress,
                            allow_shrinkage=allow_shrinkage, budgets=budgets))
    except (sqlite3.Error, KeyboardInterrupt):
        raise  # the database or the operator: the run as a whole stops
    except Exception as exc:  # noqa: BLE001 - one city never stops the next
        report.aborted = True
        report.notes.append(f"stopped by an unexpected error ({exc.__class__.__name__}: {exc}); "
                            "what was stored is kept, the next city goes on")
        log.error("city stopped: %s: %s", exc.__class__.__name__, exc, exc_info=True, extra={"city": city.slug})
    return report

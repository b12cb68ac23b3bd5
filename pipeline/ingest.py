"""Ingest runs: per city, walk its sources and store what they yield; count every failure."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from .config import City
from .documents import extract
from .http import FetchError, HttpClient
from .nlp import analyse, topic_summary
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

    def fail(self, kind: str, url: str, problem: str) -> None:
        """Count a failure and log it with its URL."""
        self.failures[kind] += 1
        log.warning("%s: %s failure at %s: %s", self.slug, kind, url, problem)

    def line(self) -> str:
        failures = sum(self.failures.values())
        kinds = f" ({', '.join(f'{k} {v}' for k, v in sorted(self.failures.items()))})" if failures else ""
        text = (
            f"{self.slug}: {self.pages_fetched} pages fetched, papers {self.papers_new} new / "
            f"{self.papers_changed} changed / {self.papers_deleted} deleted, {self.meetings} meetings, "
            f"{self.files} files, {failures} failures{kinds}"
        )
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
    """What a loader needs: the city, the shared client and store, the window and a report."""

    city: City
    client: HttpClient
    store: Store
    report: CityReport
    since: date
    progress: object = None  # callable(str) advancing a progress display, or None


@contextmanager
def one_document(ctx: Context, url: str):
    """Whatever goes wrong with one document is counted and logged; the run goes on.

    Database errors are not about the document (disk full, read-only file) and stop the run.
    """
    try:
        yield
    except sqlite3.Error:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad document never stops an ingest
        ctx.report.fail("error", url, f"{exc.__class__.__name__}: {exc}")
        log.debug("traceback for %s", url, exc_info=True)
    finally:
        if ctx.progress:
            ctx.progress(url)


def fetch_file(ctx: Context, url: str, name: str, role: str) -> FileDoc:
    """Download one file and extract its text and findings; failures become a status."""
    fetched_at = now()
    try:
        fetched = ctx.client.get(url)
    except FetchError as exc:
        ctx.report.fail("file", url, exc.problem)
        return FileDoc(
            url=url,
            name=name,
            role=role,
            mime_type=None,
            sha256=None,
            size=None,
            pages=[],
            text_method="none",
            status="fetch_failed",
            status_reason=str(exc),
            fetched_at=fetched_at,
            findings=[],
            topics=[],
        )
    document = extract(fetched.content, fetched.mime_type)
    if document.status not in ("ok",):
        log.info("%s: file %s: %s (%s)", ctx.city.slug, url, document.status, document.reason)
    if document.status in ("error", "corrupt"):
        ctx.report.fail("file", url, document.reason or document.status)
    analysis = analyse(document.pages) if document.pages else None
    ctx.report.files += 1
    return FileDoc(
        url=url,
        name=name,
        role=role,
        mime_type=fetched.mime_type,
        sha256=hashlib.sha256(fetched.content).hexdigest(),
        size=len(fetched.content),
        pages=document.pages,
        text_method=document.method,
        status=document.status,
        status_reason=document.reason,
        fetched_at=fetched_at,
        findings=analysis.findings if analysis else [],
        topics=topic_summary(analysis, name) if analysis else [],
    )


def ingest_documents(ctx: Context) -> None:
    """Documents configured outside the council system."""
    for document in ctx.city.documents:
        if not ctx.client.allowed(document.url):
            ctx.report.notes.append(f"robots.txt disallows {document.url}; not fetched")
            continue
        with one_document(ctx, document.url):
            file = fetch_file(ctx, document.url, document.title, "document")
            if file.status != "fetch_failed":
                ctx.store.save_document(ctx.city.slug, file)


def ingest_city(ctx: Context) -> CityReport:
    """Run the city's loader and its extra documents; never raises for bad pages."""
    from .loaders import allris

    loaders = {"allris": allris.load}
    city = ctx.city
    ctx.store.upsert_city(city)
    start_pages = ctx.client.pages_fetched
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
    ctx.report.pages_fetched = ctx.client.pages_fetched - start_pages
    if not ctx.report.aborted:
        ctx.store.touch_city(city.slug)
    return ctx.report

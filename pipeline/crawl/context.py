"""What a loader works with: the city's context, its report, and the boundary around each document."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from pipeline.crawl.boundary import Gate, Record
from pipeline.crawl.config import City
from pipeline.errors import BudgetExceeded, DocumentTooSlow, RecordRefused
from pipeline.fetch.client import HttpClient
from pipeline.limits import Budgets, CityClock
from pipeline.model import FailureKind, PaperRecord
from pipeline.nlp.rules import Spellings, organization_spellings
from pipeline.store.writer import Store

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

    def fail(self, kind: FailureKind, url: str, problem: str) -> None:
        """Count a failure and log it with its URL (pipeline.ops.logs limits the lines of one kind)."""
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
    since: date | None  # --since, or None: from the high-water mark (see resolve_since, which sets a datetime)
    progress: Callable[[str], object] | None = None  # advances a progress display with a URL
    started: str = ""  # when this city's run began (UTC, ISO)
    allow_shrinkage: bool = False
    pending_deletions: list[PaperRecord] = field(default_factory=list)  # stored papers gone at the source
    budgets: Budgets = field(default_factory=Budgets)
    clock: CityClock | None = None  # set when the city's run starts
    gate: Gate | None = None  # set when the city's run starts

    def known_organizations(self) -> Spellings:
        """How texts name the organisations stored for this city so far (its system's list, its committees)."""
        return organization_spellings(self.store.organization_names(self.city.slug))

    def paper_gone(self, paper: PaperRecord) -> None:
        """Queue a stored paper that is gone at its source; the shrinkage guard decides at the end."""
        self.pending_deletions.append(paper)

    def admit(self, record: Record) -> Record:
        """The record made storable (see pipeline.boundary); what was cut is counted as 'cut'."""
        assert self.gate is not None  # set when the city's run starts (ingest_city)
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

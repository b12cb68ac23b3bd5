"""Budgets: how much time, memory and size a run, a city, a response and a document may take.

Every budget has a default here (documented in docs/operations.md) and can be set in the city
list's `[limits]` table or on the command line. A city that uses up its time or memory stops with
a note and the next city starts; a response or document over its budget fails alone.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

from pipeline.errors import BudgetExceeded, DocumentTooSlow


@dataclass(frozen=True)
class Budgets:
    """The limits of one run; every field can be set in `[limits]` of the city list."""

    city_minutes: float = 120.0  # wall time per city, then its run stops with a note
    city_memory_mb: int = 1024  # resident memory a city's run adds to the ingest process, checked between documents
    body_seconds: float = 120.0  # one response body, start to end
    retry_after_seconds: float = 120.0  # a longer Retry-After fails the URL; the next run retries it
    page_mb: float = 10.0  # a page parsed whole (HTML, OParl JSON)
    file_mb: float = 50.0  # an attachment (PDF, office document)
    list_pages: int = 20_000  # pages of one paginated list (OParl); then the list stops with a failure
    field_chars: int = 4_000  # a name, title, reference or other one-line field; longer ones are cut
    text_mb: float = 8.0  # a paper's or file's text (OParl File.text, a PDF's pages); longer texts are cut
    nlp_seconds: float = 120.0  # the NLP of one document
    rows: int = 2_000  # consultations, agenda items or files of one record; more are cut

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def with_values(self, values: dict) -> "Budgets":
        """A copy with some limits changed (values already validated)."""
        return replace(self, **values)

    @property
    def page_bytes(self) -> int:
        return int(self.page_mb * 1024 * 1024)

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1024 * 1024)

    @property
    def text_chars(self) -> int:
        return int(self.text_mb * 1024 * 1024)


def resident_mb() -> float:
    """This process's resident memory now, in MiB (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class CityClock:
    """A city's time and memory budget, checked at safe points (before requests, between documents).

    The memory budget is what the city's run adds to the process: a city that follows a large one,
    or a run inside a long-lived process, is not charged for what was there before.
    """

    def __init__(self, budgets: Budgets, started: float | None = None):
        self.budgets = budgets
        self.deadline = (started or time.monotonic()) + budgets.city_minutes * 60
        self.baseline_mb = resident_mb()

    def check(self) -> None:
        """Raise BudgetExceeded when the city's time or memory is used up."""
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"time budget of {self.budgets.city_minutes:g} min used up")
        grown = resident_mb() - self.baseline_mb
        if grown > self.budgets.city_memory_mb:
            raise BudgetExceeded(f"memory budget of {self.budgets.city_memory_mb} MB exceeded (the run grew by "
                                 f"{grown:.0f} MB)")


@contextmanager
def time_limit(seconds: float, what: str):
    """Interrupt the block with DocumentTooSlow after `seconds` (main thread only; elsewhere it just runs).

    SIGALRM interrupts Python code and blocking system calls; a C loop that never returns to the
    interpreter runs on until it does. Nested limits keep the earlier deadline.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_left, _ = signal.getitimer(signal.ITIMER_REAL)
    previous_deadline = time.monotonic() + previous_left if previous_left else None

    def expired(signum, frame):
        raise DocumentTooSlow(f"{what} took longer than {seconds:g} s")

    if previous_left and previous_left < seconds:
        yield  # an outer limit ends earlier and stays in charge
        return
    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_deadline is not None:
            signal.setitimer(signal.ITIMER_REAL, max(0.001, previous_deadline - time.monotonic()))

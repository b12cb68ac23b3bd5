"""Document NLP in worker processes, so that a large archive keeps both cores busy."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from pipeline.limits import time_limit
from pipeline.model import FileDoc
from pipeline.nlp import analyse, topic_summary
from pipeline.nlp.rules import Spellings

# A worker's memory creeps up with every document (heap fragments; its caches are bounded, see
# pipeline.nlp.components.CACHE_LIMIT). The pool is replaced after this many files; ProcessPoolExecutor's own
# max_tasks_per_child hangs on Python 3.11 when a worker retires (CPython gh-115634), so the whole pool is
# renewed instead. A renewal costs two worker starts of about 3 s of CPU each (spaCy, the lemma table, the
# rules), some 120 s over Karlsruhe's archive; 8,000 files per pool saved 28 s of the first ingest but its
# workers grew to ~330 MB and the ingest peaked at 1,062 MB, over the 1 GiB budget (docs/BENCHMARKS.md).
TASKS_PER_POOL = 2000


def analyse_file(pages: list[str], seconds: float = 0, known: Spellings = ()) -> tuple[list, list[dict], dict]:
    """Findings, action fields and paragraph lemmas of one file's pages (runs in worker processes too); `known`:
    the spellings of the organisations its council system lists.

    Raises DocumentTooSlow after `seconds` (0: no limit).
    """
    with time_limit(seconds, "the NLP of this file"):
        analysis = analyse(pages, known=known)
    return analysis.findings, topic_summary(analysis), analysis.lemmas


def default_workers() -> int:
    """Worker processes for NLP: PIPELINE_NLP_WORKERS, else one per core (at most 4); 0 or 1 means inline."""
    value = os.environ.get("PIPELINE_NLP_WORKERS")
    if value and value.isdigit():
        return int(value)
    return min(4, os.cpu_count() or 1)


class Analyzer:
    """Submit files for NLP; results come back as futures of (findings, topics, paragraph lemmas)."""

    def __init__(self, workers: int | None = None, seconds: float = 0):
        self.workers = default_workers() if workers is None else workers
        self.seconds = seconds  # the time budget of one file's NLP (0: none); over it, DocumentTooSlow
        self.pool = self._new_pool() if self.workers > 1 else None  # None: files are analysed inline
        self.submitted = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the ingest runs threads (HTTP pools, test servers) that fork would copy mid-lock.
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, file: FileDoc, known: Spellings = ()) -> Future:
        """Findings and topics of a downloaded file; a file that needs none keeps what it has."""
        if file.needs_analysis:
            return self.submit_pages(file.pages, known)
        future: Future = Future()
        future.set_result((file.findings, file.topics, file.lemmas))
        return future

    def submit_pages(self, pages: list[str], known: Spellings = ()) -> Future:
        """Findings and topics of some pages, in a worker process when there is a pool."""
        if self.pool is None:
            future: Future = Future()
            try:
                future.set_result(analyse_file(pages, self.seconds, known))
            except Exception as exc:  # noqa: BLE001 - handed over as a worker's would be
                future.set_exception(exc)
            return future
        if self.submitted >= TASKS_PER_POOL:
            self.pool.shutdown(wait=True)  # finishes what is queued; its futures stay valid
            self.pool = self._new_pool()
            self.submitted = 0
        self.submitted += 1
        return self.pool.submit(analyse_file, pages, self.seconds, known)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def __enter__(self) -> "Analyzer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

"""Document NLP in worker processes, so that a large archive keeps both cores busy."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from .ingest import analyse_file
from .store import FileDoc


TASKS_PER_WORKER = 1000


def default_workers() -> int:
    """Worker processes for NLP: PIPELINE_NLP_WORKERS, else one per core (at most 4); 0 or 1 means inline."""
    value = os.environ.get("PIPELINE_NLP_WORKERS")
    if value and value.isdigit():
        return int(value)
    return min(4, os.cpu_count() or 1)


class Analyzer:
    """Submit files for NLP; results come back as futures of (findings, topics)."""

    def __init__(self, workers: int | None = None):
        workers = default_workers() if workers is None else workers
        # spawn, not fork: the ingest runs threads (HTTP pools, test servers) that fork would copy mid-lock.
        # A worker's memory creeps up with every document (spaCy's vocab, heap fragments), so each
        # is replaced after TASKS_PER_WORKER files; on Karlsruhe that kept it near 250 MB.
        context = multiprocessing.get_context("spawn")
        self.pool = (
            ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=TASKS_PER_WORKER)
            if workers > 1
            else None
        )

    def submit(self, file: FileDoc) -> Future:
        if self.pool is not None and file.needs_analysis:
            return self.pool.submit(analyse_file, file.pages, file.name)
        future: Future = Future()
        future.set_result(analyse_file(file.pages, file.name) if file.needs_analysis else (file.findings, file.topics))
        return future

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def __enter__(self) -> "Analyzer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

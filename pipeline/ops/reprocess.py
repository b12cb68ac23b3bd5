"""`pipeline reprocess`: run the NLP again on the texts already stored, without the network."""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass

from pipeline.nlp.resources import check_data_files, vocabularies
from pipeline.nlp.rules import Spellings, normalize_outcome, organization_spellings
from pipeline.nlp.votes import result_votes
from pipeline.nlp.workers import Analyzer
from pipeline.search.index import rebuild
from pipeline.store.writer import Store

log = logging.getLogger(__name__)

WINDOW = 64  # texts in the worker pool at once; keeps memory flat on a large archive
BATCH = 1000  # results written per transaction


@dataclass
class ReprocessReport:
    """What one reprocessing run did."""

    papers: int = 0
    files: int = 0
    results: int = 0
    failed: int = 0
    topics_dropped: int = 0
    indexed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        failed = f", {self.failed} failed (see the log)" if self.failed else ""
        dropped = f", {self.topics_dropped} retired topics removed" if self.topics_dropped else ""
        indexed = f", search index rebuilt ({self.indexed:,} passages)" if self.indexed else ""
        return (f"reprocess: {self.papers:,} papers, {self.files:,} files and {self.results:,} results analysed "
                f"again{failed}{dropped}{indexed} in {self.seconds:.1f} s")


def reprocess(store: Store, cities: list[str] | None = None, workers: int | None = None,
              progress=None) -> ReprocessReport:
    """Analyse every stored paper text and file text again and replace their evidence."""
    check_data_files()
    report = ReprocessReport()
    started = time.monotonic()
    pending: deque = deque()

    def finish(item) -> None:
        kind, text_id, city, paper, url, future = item
        try:
            findings, topics, lemmas = future.result()
            store.save_analysis(city, paper, text_id if kind == "file" else None, url, findings, topics, lemmas)
        except Exception as exc:  # noqa: BLE001 - one bad text never stops the run; it keeps its old evidence
            report.failed += 1
            log.warning("reprocessing the %s %s failed: %s: %s", kind, text_id, exc.__class__.__name__, exc,
                        extra={"city": city, "url": url})
        else:
            setattr(report, f"{kind}s", getattr(report, f"{kind}s") + 1)
        if progress:
            progress(text_id)

    known: dict[str, Spellings] = {}  # per city: how texts name the organisations its system lists
    with Analyzer(workers) as analyzer:
        for kind, text_id, city, paper, url, pages in store.stored_texts(cities):
            if city not in known:
                known[city] = organization_spellings(store.organization_names(city))
            pending.append((kind, text_id, city, paper, url, analyzer.submit_pages(pages, known[city])))
            if len(pending) >= WINDOW:
                finish(pending.popleft())
        while pending:
            finish(pending.popleft())
    report.results = results_again(store, cities)
    topics, outcomes = vocabularies()
    store.sync_vocabularies(topics, outcomes)
    report.topics_dropped = store.drop_unused_topics([topic["key"] for topic in topics])
    if report.files:
        report.indexed = rebuild(store)["passages"]  # the passages' lemmas changed
    report.seconds = time.monotonic() - started
    return report


def results_again(store: Store, cities: list[str] | None = None) -> int:
    """Each stored consultation's and agenda item's outcome and votes, read again from its result as the
    data files now say (outcomes.toml, votes.toml); the number of results read."""
    count = 0
    for table in ("consultations", "agenda_items"):
        batch = []
        for key, result, resolution_text in store.stored_results(table, cities):
            batch.append((key, normalize_outcome(result), result_votes(result, resolution_text)))
            if len(batch) >= BATCH:
                store.save_results(table, batch)
                count, batch = count + len(batch), []
        store.save_results(table, batch)
        count += len(batch)
    return count

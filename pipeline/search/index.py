"""`pipeline index`: the search indexes over passages, paper titles and agenda items, built in bulk."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.search.terms import lemmas_of
from pipeline.store.writer import Store


def rebuild(store: Store) -> dict[str, int]:
    """(Re)build the search indexes with the search's own lemmas; returns the rows indexed per table."""
    return store.build_search_index(lemmas_of)


def build_index(db: Path) -> str:
    """(Re)build the search indexes of a database; returns the summary line."""
    started = time.monotonic()
    with Store(db) as store:
        counts = rebuild(store)
    return (f"index: {counts['passages']:,} passages, {counts['papers']:,} papers and {counts['agenda_items']:,} "
            f"agenda items indexed for search (lemmas and word parts) in {time.monotonic() - started:.1f} s")

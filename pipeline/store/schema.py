"""The database's shape: tables and columns (named after OParl's objects), keys, indexes, and how keys are made.

Only the store writes the database (pipeline.store.writer); readers (pipeline.store.reader, the
Datasette site) read this shape.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import overload

SCHEMA_VERSION = 6  # 2: ids and references keyed by city (row_key); 3: no credentials in stored URLs;
# 4: the votes printed with a result (consultations and agenda items: VOTE_COLUMNS); 5: meetings' end,
# consultations' changed_at (when their result was first stored as it is now), process_steps;
# 6: mentions.item, a declared action field's list item (empty until `pipeline reprocess` reads the text again)

# Columns of every table, in order; types are SQLite affinities. Names follow OParl's objects.
SCHEMA: dict[str, dict[str, type]] = {
    "cities": {"slug": str, "name": str, "ags": str, "state": str, "system": str, "url": str, "last_ingest": str},
    "topics": {"key": str, "label": str, "description": str},
    "outcomes": {"key": str, "label": str},
    "organizations": {
        "id": str,
        "city": str,
        "name": str,
        "short_name": str,
        "kind": str,
        "url": str,
        "deleted": int,
        "fetched_at": str,
    },
    "meetings": {
        "id": str,
        "city": str,
        "name": str,
        "start": str,
        "end": str,
        "organization": str,
        "cancelled": int,
        "location": str,
        "url": str,
        "deleted": int,
        "fetched_at": str,
    },
    "papers": {
        "id": str,
        "city": str,
        "reference": str,
        "title": str,
        "paper_type": str,
        "status": str,
        "date": str,
        "author": str,
        "lead_office": str,
        "text": str,
        "url": str,
        "web": str,
        "deleted": int,
        "modified": str,
        "content_hash": str,
        "fetched_at": str,
    },
    "agenda_items": {
        "id": str,
        "city": str,
        "meeting": str,
        "number": str,
        "position": int,
        "name": str,
        "public": int,
        "result": str,
        "outcome": str,
        "votes_yes": int,
        "votes_no": int,
        "votes_abstain": int,
        "unanimous": int,
        "votes_text": str,
        "votes": str,
        "resolution_text": str,
        "paper": str,
        "consultation": str,
        "url": str,
        "fetched_at": str,
    },
    "consultations": {
        "id": str,
        "city": str,
        "paper": str,
        "meeting": str,
        "agenda_item": str,
        "organization": str,
        "date": str,
        "role": str,
        "authoritative": int,
        "result": str,
        "outcome": str,
        "votes_yes": int,
        "votes_no": int,
        "votes_abstain": int,
        "unanimous": int,
        "votes_text": str,
        "votes": str,
        "url": str,
        "fetched_at": str,
        "changed_at": str,
    },
    "files": {
        "id": str,
        "city": str,
        "paper": str,
        "meeting": str,
        "agenda_item": str,
        "url": str,
        "name": str,
        "role": str,
        "mime_type": str,
        "sha256": str,
        "size": int,
        "pages": int,
        "text": str,
        "text_method": str,
        "page_methods": str,
        "layout": str,
        "status": str,
        "status_reason": str,
        "fetched_at": str,
    },
    "topic_links": {
        "id": str,
        "city": str,
        "topic": str,
        "paper": str,
        "file": str,
        "declared": int,
        "mentions": int,
        "url": str,
        "fetched_at": str,
    },
    "mentions": {
        "id": str,
        "city": str,
        "paper": str,
        "file": str,
        "label": str,
        "kind": str,
        "value": str,
        "text": str,
        "item": str,  # a declared action field's list item, as printed ("Stadtentwicklung und -planung")
        "page": int,
        "start": int,
        "end": int,
        "evidence": str,
        "url": str,
        "fetched_at": str,
    },
}
# Steps of a council process a text tells in prose (pipeline.nlp.process): when, which body, what kind
# (decision, commission, consultation, event, plan), a decision's outcome, and the sentence with its place.
SCHEMA["process_steps"] = {"id": str, "city": str, "paper": str, "file": str, "date": str, "organization": str,
                           "kind": str, "outcome": str, "text": str, "page": int, "start": int, "end": int,
                           "url": str, "fetched_at": str}
SCHEMA["passages"] = {"id": str, "city": str, "file": str, "paper": str, "page": int, "start": int, "end": int,
                      "text": str, "lemmas": str, "url": str}
SCHEMA["ingest_state"] = {"city": str, "modified_since": str, "updated_at": str}
SCHEMA["search_index"] = {"name": str, "built_at": str, "rows": int}
# What the database is for ("purpose": "demo" or "cities"), so the offline demo and real cities never share one.
SCHEMA["database_info"] = {"key": str, "value": str}
# One row per `pipeline ingest` (status running / ok / failed / crashed / interrupted), and one per
# city of it with the counts its summary line prints.
SCHEMA["ingest_runs"] = {"id": int, "started": str, "finished": str, "status": str, "exit_code": int, "pid": int,
                         "version": str, "cities": int, "failures": int}
SCHEMA["ingest_run_cities"] = {"id": str, "run": int, "city": str, "started": str, "finished": str, "status": str,
                               "pages_fetched": int, "papers_new": int, "papers_changed": int, "papers_deleted": int,
                               "meetings": int, "files": int, "failures": int, "failures_by_kind": str,
                               "notes": str}
# The votes a result prints (pipeline.nlp.votes): the counts and flag of its one vote, where it prints
# one; the text of every vote; and all of them as JSON ({yes, no, abstain, unanimous, text}).
VOTE_COLUMNS = ("votes_yes", "votes_no", "votes_abstain", "unanimous", "votes_text", "votes")
PRIMARY_KEYS = {"cities": "slug", "topics": "key", "outcomes": "key", "ingest_state": "city", "search_index": "name",
                "database_info": "key"}
FOREIGN_KEYS = {
    "organizations": [("city", "cities", "slug")],
    "meetings": [("city", "cities", "slug"), ("organization", "organizations", "id")],
    "agenda_items": [("meeting", "meetings", "id"), ("paper", "papers", "id")],
    "papers": [("city", "cities", "slug")],
    "consultations": [
        ("paper", "papers", "id"),
        ("meeting", "meetings", "id"),
        ("agenda_item", "agenda_items", "id"),
        ("organization", "organizations", "id"),
    ],
    "files": [("city", "cities", "slug"), ("paper", "papers", "id"), ("meeting", "meetings", "id"),
              ("agenda_item", "agenda_items", "id")],
    "topic_links": [("topic", "topics", "key"), ("paper", "papers", "id"), ("file", "files", "id")],
    "mentions": [("paper", "papers", "id"), ("file", "files", "id")],
    "process_steps": [("paper", "papers", "id"), ("file", "files", "id"), ("outcome", "outcomes", "key")],
    "passages": [("file", "files", "id"), ("paper", "papers", "id")],
    "ingest_run_cities": [("run", "ingest_runs", "id"), ("city", "cities", "slug")],
}
INDEXES = {
    "papers": [["city"], ["reference"], ["date"]],
    "consultations": [["paper"], ["meeting"], ["outcome"], ["city", "date"]],
    "agenda_items": [["meeting"], ["paper"]],
    "meetings": [["city", "start"]],
    "files": [["paper"], ["meeting"], ["agenda_item"], ["sha256"]],
    "topic_links": [["topic"], ["paper"], ["file"]],
    "mentions": [["paper"], ["file"], ["label", "value"]],
    "process_steps": [["paper"], ["file"], ["city", "date"]],
    "passages": [["file"], ["paper"]],
    "ingest_run_cities": [["city", "started"]],
}
# The columns holding a row's own key or a reference to another row: all keyed by city (row_key).
# passages_search is build_search_index's copy of passages' papers, migrated with them.
KEYED_COLUMNS = {
    "organizations": ("id",),
    "meetings": ("id", "organization"),
    "papers": ("id",),
    "agenda_items": ("id", "meeting", "paper", "consultation"),
    "consultations": ("id", "paper", "meeting", "agenda_item", "organization"),
    "files": ("id", "paper", "meeting", "agenda_item"),
    "topic_links": ("id", "paper", "file"),
    "mentions": ("id", "paper", "file"),
    "process_steps": ("id", "paper", "file"),
    "passages": ("id", "file", "paper"),
    "passages_search": ("paper",),
}
FTS = {"papers": ["reference", "title", "text"], "files": ["name", "text"], "agenda_items": ["name", "resolution_text"]}
# The search indexes (lemmas, and trigrams for parts of compounds) are built in bulk by
# `pipeline index` after an ingest, not kept current row by row: on Karlsruhe's archive the
# per-row triggers added a third to the ingest time (496 s -> 659 s). Tables and columns: SEARCHABLE.
# Each searchable table and the columns its trigram index covers. Passages carry their lemmas in a
# column written by the NLP; the other tables' lemmas are derived from these columns when indexing.
SEARCHABLE = {
    "passages": ("text",),
    "papers": ("title", "text"),
    "agenda_items": ("name", "resolution_text"),
}
SEARCH_TABLES = (["passages_fts", "passages_search"] + [f"{t}_trigram" for t in SEARCHABLE]
                 + [f"{t}_lemmas" for t in SEARCHABLE if t != "passages"])  # what build_search_index writes


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@overload
def row_key(city: str, source_id: str) -> str: ...
@overload
def row_key(city: str, source_id: None) -> None: ...
def row_key(city: str, source_id: str | None) -> str | None:
    """A row's key: its city and the id its source gives it. None stays None (a reference to nothing).

    Source ids are only data: without the city, one city's server could name another city's rows.
    City slugs have no ':' (pipeline.config), so the key splits unambiguously.
    """
    return None if source_id is None else f"{city}:{source_id}"


def unkey(city: str, key: str | None) -> str | None:
    """The source's own id of a key that row_key made for this city."""
    return None if key is None else key.removeprefix(f"{city}:")


def org_id(city: str, name: str) -> str:
    """Stable id of a body known only by name."""
    return row_key(city, " ".join(name.split()))


def passage_id(file: str, page: int, start: int) -> str:
    """A paragraph's key: its file's key, page and first character."""
    return f"{file}#p{page}:{start}"


PAGE_BREAK = "\f"  # between the pages of a file's stored text, so the NLP can be run again page by page

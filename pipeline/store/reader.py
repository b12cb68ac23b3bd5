"""Reading a database without writing it: for `pipeline serve`, `pipeline status` and the bundle.

A writer (pipeline.store.writer.Store) creates and upgrades the schema; a reader never does, so a
served database keeps its bytes. Connections are `mode=ro`: they see what a running ingest has
committed, whole documents only.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from pipeline.errors import StoreError
from pipeline.store.schema import SCHEMA_VERSION, SEARCH_TABLES, SEARCHABLE


def connect(db: Path) -> sqlite3.Connection:
    """A read-only connection to an existing database (rows as sqlite3.Row)."""
    if not db.is_file():
        raise StoreError(f"{db}: database not found (run 'pipeline ingest' first)")
    try:
        connection = sqlite3.connect(f"file:{db.resolve().as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{db}: cannot open database ({exc})") from None
    connection.row_factory = sqlite3.Row
    return connection


def outdated(db: Path) -> str | None:
    """Why the database's schema is older than this version's (a writer upgrades it), or None."""
    with closing(connect(db)) as connection:
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # a text file given as --db
            raise StoreError(f"{db}: not a SQLite database ({exc})") from None
        if version < SCHEMA_VERSION:
            return ("the database was written by an older version of the pipeline (the next 'pipeline ingest' or "
                    "'pipeline index' upgrades it)")
    return None


def purpose(db: Path) -> str | None:
    """What the database was claimed for: "demo" (`pipeline ingest --demo`), "cities", or None (not yet)."""
    with closing(connect(db)) as connection:
        try:
            row = connection.execute("SELECT value FROM database_info WHERE key = 'purpose'").fetchone()
        except sqlite3.Error:
            return None  # no database_info table: written before databases were claimed
    return row[0] if row else None


def search_index_stale(db: Path) -> str | None:
    """Why the search indexes do not cover the stored data (or the schema is older), or None when they do."""
    try:
        with closing(connect(db)) as connection:
            return stale_reason(connection)
    except sqlite3.Error as exc:
        raise StoreError(f"{db}: cannot read database ({exc})") from None


def stale_reason(connection: sqlite3.Connection) -> str | None:
    """search_index_stale on an open connection (rows as sqlite3.Row)."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    built = ({row["name"]: row for row in connection.execute("SELECT name, built_at, rows FROM search_index")}
             if "search_index" in tables else {})
    # A database indexed by an older version lacks the indexes added since.
    if any(table not in built for table in SEARCHABLE) or not all(name in tables for name in SEARCH_TABLES):
        return "the search index has not been built (run 'pipeline index')"
    oldest = min(built[table]["built_at"] for table in SEARCHABLE)
    latest = max((connection.execute(f"SELECT max(fetched_at) FROM [{t}]").fetchone()[0] or "")
                 for t in ("files", "papers", "agenda_items"))
    counts = {t: connection.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in SEARCHABLE}
    if any(built[t]["rows"] != counts[t] for t in SEARCHABLE) or latest > oldest:
        return f"the search index is from {oldest}, older than the data (run 'pipeline index')"
    return None

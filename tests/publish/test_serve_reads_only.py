"""`pipeline serve` reads: it never changes a byte of the database, not even to upgrade an older one."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import urllib.request

from pipeline.publish.serve import prepare

from ..helpers.serving import pipeline_serve


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_serving_leaves_the_database_bytes_unchanged(sample_db, tmp_path):
    db = tmp_path / "served.db"
    with sqlite3.connect(sample_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    before = _digest(db)
    with pipeline_serve(db) as base:
        rows = json.loads(urllib.request.urlopen(f"{base}/ratsinfo/papers.json?_shape=array", timeout=10).read())
        assert rows
    assert _digest(db) == before
    assert not db.with_name(db.name + "-wal").exists() or db.with_name(db.name + "-wal").stat().st_size == 0


def test_an_older_database_is_served_as_it_is_and_not_upgraded(sample_db, tmp_path):
    db = tmp_path / "older.db"
    shutil.copy(sample_db, db)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version = 2")
    before = _digest(db)
    with pipeline_serve(db) as base:
        assert json.loads(urllib.request.urlopen(f"{base}/ratsinfo/cities.json?_shape=array", timeout=10).read())
    assert prepare(db, "127.0.0.1", 0) == ["the database was written by an older version of the pipeline (the next "
                                           "'pipeline ingest' or 'pipeline index' upgrades it)"]
    assert _digest(db) == before

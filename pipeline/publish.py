"""`pipeline publish`: a deployable Datasette bundle of the database, read-only.

`datasette package` needs Docker and `datasette publish … --generate-dir` a hosting CLI, neither of
which a build machine may have; the bundle holds what they would generate: the database (copied
with SQLite's backup API, search index built), the metadata, the project's source (it carries the
Datasette plugin this site uses and the data files it reads), a requirements file, a start command
and a Dockerfile.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from .store import Store

PROJECT = Path(__file__).resolve().parent.parent
DATABASE = "ratsinfo.db"
START = """#!/bin/sh
# Serve the bundle read-only: the database is immutable, no plugin writes.
exec datasette serve --immutable {db} --metadata metadata.json --host "${{HOST:-127.0.0.1}}" --port "${{PORT:-8001}}" \\
  --setting sql_time_limit_ms 3000 --setting default_page_size 50
"""
DOCKERFILE = """FROM python:3.11-slim
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir -r requirements.txt
ENV HOST=0.0.0.0 PORT=8001
EXPOSE 8001
CMD ["sh", "start.sh"]
"""


class PublishError(Exception):
    """The bundle cannot be built; the message names the input or step."""


def build_bundle(db: Path, out: Path, metadata: Path) -> dict:
    """Write the bundle into `out` (which must not exist or be empty); returns what it holds."""
    if not db.is_file():
        raise PublishError(f"{db}: database not found (run 'pipeline ingest' first)")
    if out.exists() and any(out.iterdir()):
        raise PublishError(f"{out}: folder exists and is not empty (choose a new --out)")
    out.mkdir(parents=True, exist_ok=True)
    target = out / DATABASE
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # a consistent copy even while an ingest writes
    with Store(target) as store:
        if store.search_index_stale():
            store.build_search_index()
        store.db.execute("PRAGMA journal_mode=DELETE")  # one file to ship, no -wal beside it
    data = json.loads(metadata.read_text(encoding="utf-8"))
    (out / "metadata.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _copy_source(out / "src")
    # Editable, as in development: the package reads data/nlp/ next to its source.
    (out / "requirements.txt").write_text("-e ./src\n", encoding="utf-8")
    (out / "start.sh").write_text(START.format(db=DATABASE), encoding="utf-8")
    (out / "start.sh").chmod(0o755)
    (out / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    return {"database": target, "megabytes": target.stat().st_size / 1e6}


SOURCE = ("pyproject.toml", "README.md", "pipeline", "scrapers", "data/nlp")


def _copy_source(folder: Path) -> None:
    """The files the installed site needs: package code, its NLP data, the project file."""
    for name in SOURCE:
        source, target = PROJECT / name, folder / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

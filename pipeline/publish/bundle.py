"""`pipeline publish`: a deployable Datasette bundle of the database, read-only.

`datasette package` needs Docker and `datasette publish … --generate-dir` a hosting CLI, neither of
which a build machine may have; the bundle holds what they would generate: the database (copied
with SQLite's backup API, search index built), the metadata, a wheel of this package (it carries
the Datasette plugin this site uses and the data files it reads), a requirements file naming it,
a start command and a Dockerfile.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import zipfile
from importlib import metadata as installed
from importlib.resources import files
from pathlib import Path

from pipeline import resources
from pipeline.errors import PublishError
from pipeline.search.index import build_index
from pipeline.store.reader import search_index_stale

DATABASE = "ratsinfo.db"
DISTRIBUTION = "ratsinfo-pipeline"
PACKAGES = ("pipeline", "scrapers")  # what the wheel holds; pipeline.data comes along as pipeline/data
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


def build_bundle(db: Path, out: Path) -> dict:
    """Write the bundle into `out` (which must not exist or be empty); returns what it holds."""
    if not db.is_file():
        raise PublishError(f"{db}: database not found (run 'pipeline ingest' first)")
    if out.exists() and any(out.iterdir()):
        raise PublishError(f"{out}: folder exists and is not empty (choose a new --out)")
    out.mkdir(parents=True, exist_ok=True)
    target = out / DATABASE
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # a consistent copy even while an ingest writes
    if search_index_stale(target):
        build_index(target)
    with sqlite3.connect(target) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # one file to ship, no -wal beside it
    data = json.loads(resources.metadata().read_text(encoding="utf-8"))
    (out / "metadata.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    wheel = write_wheel(out / "wheels")
    (out / "requirements.txt").write_text(f"./wheels/{wheel.name}\n", encoding="utf-8")
    (out / "start.sh").write_text(START.format(db=DATABASE), encoding="utf-8")
    (out / "start.sh").chmod(0o755)
    (out / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    return {"database": target, "megabytes": target.stat().st_size / 1e6}


def write_wheel(folder: Path) -> Path:
    """A wheel of this package as it is installed here (from a wheel or a checkout alike).

    The package's files, its data and the distribution's metadata, zipped as PEP 427 describes:
    no build tool is needed, and what the site runs is what this machine ran.
    """
    dist = installed.distribution(DISTRIBUTION)
    version = dist.version
    name = DISTRIBUTION.replace("-", "_")
    info = f"{name}-{version}.dist-info"
    entries: dict[str, bytes] = {}
    for package in PACKAGES:
        root = Path(str(files(package)))
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                entries[f"{package}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    data = resources.shipped()
    for path in sorted(data.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and _shipped(path.relative_to(data).as_posix()):
            entries[f"pipeline/data/{path.relative_to(data).as_posix()}"] = path.read_bytes()
    # An editable checkout may hold an egg-info (PKG-INFO) that importlib finds first; both hold the same.
    entries[f"{info}/METADATA"] = (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").encode("utf-8")
    entries[f"{info}/entry_points.txt"] = (dist.read_text("entry_points.txt") or "").encode("utf-8")
    entries[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: ratsinfo-pipeline publish\nRoot-Is-Purelib: true\n"
                                b"Tag: py3-none-any\n")
    record = "".join(f"{path},sha256={_digest(content)},{len(content)}\n" for path, content in entries.items())
    entries[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in entries.items():
            archive.writestr(path, content)
    return wheel


def _shipped(relative: str) -> bool:
    """Whether a file of data/ ships (the package data of pyproject.toml), not a database or cache beside it."""
    return relative in ("__init__.py", "cities.toml", "datasette_metadata.json") or \
        relative.startswith(("nlp/", "demo/site/")) or relative == "demo/cities.toml"


def _digest(content: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode("ascii")

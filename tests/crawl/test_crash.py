"""A run killed with SIGKILL half-way, and readers while a run writes: nothing half-written, nothing lost."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlencode

import pytest
import sqlite_utils

from ..helpers.serving import pipeline_serve
from .test_faults import CITY, TABLES, faulty_demo_site, state

PAPERS = [f"/herne/allris/vo020.asp?VOLFDNR={n}" for n in (2001, 2002, 2003)]
PAGES = PAPERS + [f"/herne/allris/do027.asp?DOLFDNR={n}&options=64" for n in (3001, 3002, 3003, 3004)]


@pytest.fixture
def site(tmp_path):
    with faulty_demo_site(tmp_path) as server:
        yield server


def ingest_process(site, tmp_path, db) -> subprocess.Popen:
    """`pipeline ingest` in its own process, so that it can be killed like a real one."""
    cities = tmp_path / "cities.toml"
    cities.write_text(CITY.format(url=site.url), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline.cli", "ingest", "--cities", str(cities), "--db", str(db),
               "--cache", str(tmp_path / "cache.sqlite"), "--since", "2025-01-01", "-s"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def change_the_site(site):
    """A paper's title changes at the source, so that a second run rewrites it; returns the undo."""
    page = site.root / "herne/allris/vo020.asp__VOLFDNR=2003.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Integrationszentrums 2024", b"Integrationszentrums 2024 (neu)", 1))
    assert page.read_bytes() != original
    return lambda: page.write_bytes(original)


def documents(db) -> dict[str, dict]:
    """Per paper: its row, and the rows that belong to it, as one document."""
    rows = sqlite_utils.Database(db)
    result = {}
    for paper in rows["papers"].rows:
        pid = paper["id"]
        result[pid] = {
            "title": paper["title"],
            "consultations": rows["consultations"].count_where("paper = ?", [pid]),
            "files": sorted(r["id"] for r in rows["files"].rows_where("paper = ?", [pid])),
            "passages": rows["passages"].count_where("paper = ?", [pid]),
            "mentions": rows["mentions"].count_where("paper = ?", [pid]),
        }
    return result


def ids(db) -> dict[str, set]:
    rows = sqlite_utils.Database(db)
    return {table: {row[0] for row in rows.execute(f"select id from [{table}]")} for table in TABLES}


def reference_story(site, tmp_path) -> tuple[dict, dict, dict]:
    """The fault-free story: a first run, then a run after the source changed; the site is restored.

    Returns each paper's document before and after the change, and the final state.
    """
    reference_db = tmp_path / "reference.db"
    finish(ingest_process(site, tmp_path, reference_db))
    before = documents(reference_db)
    undo = change_the_site(site)
    finish(ingest_process(site, tmp_path, reference_db))
    after, reference = documents(reference_db), state(reference_db)
    undo()
    return before, after, reference


def assert_whole(db, before: dict, after: dict) -> None:
    """The database is sound and every paper is its version before or after the change, never half of one."""
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for pid, document in documents(db).items():
        assert document in (before[pid], after[pid]), f"{pid} is half-written: {document}"


def test_a_run_killed_half_way_leaves_whole_documents_and_the_rerun_finishes(site, tmp_path):
    before, after, reference = reference_story(site, tmp_path)
    assert before != after

    # The same story, the second run killed with SIGKILL while it waits for the last paper's page.
    db = tmp_path / "crashed.db"
    finish(ingest_process(site, tmp_path, db))
    stored_before = ids(db)
    change_the_site(site)
    site.faults[PAPERS[-1]] = ["hold"]
    process = ingest_process(site, tmp_path, db)
    assert site.held.wait(60), "the run reached the held page"
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    site.release.set()

    assert_whole(db, before, after)
    kept = ids(db)
    assert all(stored_before[table] <= kept[table] for table in TABLES), "nothing stored before is lost"
    runs = sqlite_utils.Database(db)["ingest_runs"]
    assert [r["status"] for r in runs.rows_where(order_by="id")] == ["ok", "running"]

    finish(ingest_process(site, tmp_path, db))
    assert state(db) == reference, "the rerun finishes the job, without duplicates"
    assert [r["status"] for r in runs.rows_where(order_by="id")] == ["ok", "crashed", "ok"]


def test_kills_at_random_moments_never_leave_half_a_document(site, tmp_path):
    before, after, reference = reference_story(site, tmp_path)
    db = tmp_path / "crashed.db"
    finish(ingest_process(site, tmp_path, db))
    change_the_site(site)
    for path in PAGES:
        site.faults[path] = ["slow:0.15"] * 50  # widen the window in which the run writes
    rng = random.Random(20261123)
    for _ in range(6):
        process = ingest_process(site, tmp_path, db)
        time.sleep(rng.uniform(0.8, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_whole(db, before, after)
    finish(ingest_process(site, tmp_path, db))
    assert state(db) == reference


INVARIANTS = """select
  (select count(*) from papers) as papers,
  (select count(*) from files f where f.status = 'ok' and f.pages > 0
     and not exists (select 1 from passages s where s.file = f.id)) as files_without_passages,
  (select count(*) from papers p where not exists (select 1 from consultations c where c.paper = p.id)) as papers_without_consultations,
  (select count(*) from consultations c where not exists (select 1 from papers p where p.id = c.paper)) as consultations_without_paper,
  (select count(*) from passages s where not exists (select 1 from files f where f.id = s.file)) as passages_without_file"""


def test_readers_of_the_served_database_never_see_half_a_document_while_a_run_writes(site, tmp_path):
    from pipeline.store.writer import Store

    db = tmp_path / "ratsinfo.db"
    Store(db).close()  # the schema, so that the site can start before the run
    for path in PAGES:
        site.faults[path] = ["slow:0.3"]
    with pipeline_serve(db) as base:
        url = f"{base}/ratsinfo.json?" + urlencode({"sql": INVARIANTS, "_shape": "objects"})
        process = ingest_process(site, tmp_path, db)
        seen = []
        while process.poll() is None:
            seen.append(json.loads(urllib.request.urlopen(url, timeout=10).read())["rows"][0])
            time.sleep(0.05)
        assert process.returncode == 0, process.stderr.read()
        seen.append(json.loads(urllib.request.urlopen(url, timeout=10).read())["rows"][0])
    assert {row["papers"] for row in seen} >= {0, 3}, "the readers saw the run go on"
    assert any(0 < row["papers"] < 3 for row in seen), "some reads fell in the middle of the run"
    broken = [row for row in seen if any(value for key, value in row.items() if key != "papers")]
    assert not broken, broken[:3]


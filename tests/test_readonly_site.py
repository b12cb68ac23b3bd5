"""The published site has no write path: `pipeline serve` over the live file, tried the ways a visitor could."""

from __future__ import annotations

import hashlib
import json
import shutil
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from .serving import pipeline_serve
from .test_publish import WRITING_PLUGINS

WRITES = [
    "insert into papers (id, city, title) values ('x', 'herne', 'eingeschleust')",
    "update papers set title = 'geändert'",
    "delete from papers",
    "drop table papers",
    "create table boese (x)",
    "attach database '/tmp/ratsinfo-attached.db' as boese",
    "pragma writable_schema = 1",
    "select 1; delete from papers",
    "with x as (select 1) delete from papers",
    "replace into papers (id) values ('x')",
    "vacuum into '/tmp/ratsinfo-vacuum.db'",
]


@pytest.fixture(scope="module")
def site(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("readonly") / "ratsinfo.db"
    shutil.copy(demo_db, db)
    with pipeline_serve(db) as base:
        yield base, db, hashlib.sha256(db.read_bytes()).hexdigest()


def _status(request) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.parametrize("sql", WRITES)
def test_sql_that_writes_is_refused(site, sql):
    base, _, _ = site
    status, body = _status(f"{base}/ratsinfo.json?" + urlencode({"sql": sql}))
    assert status == 400, (status, body[:200])
    assert json.loads(body)["ok"] is False


@pytest.mark.parametrize("path", ["/ratsinfo/-/insert", "/ratsinfo/papers/-/insert", "/ratsinfo/papers/-/upsert",
                                  "/ratsinfo/-/create", "/ratsinfo/papers/-/drop", "/ratsinfo/-/execute-sql",
                                  "/ratsinfo/papers/2025%2F0112/-/update", "/ratsinfo/papers/2025%2F0112/-/delete",
                                  "/ratsinfo/volltextsuche"])
def test_no_write_api_answers_a_post(site, path):
    base, _, _ = site
    request = urllib.request.Request(base + path, data=json.dumps({"row": {"id": "x"}}).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    status, body = _status(request)
    assert (status, body) == (405, "Nur lesender Zugriff: diese Seite nimmt keine Änderungen an.\n"), path


def test_no_writing_plugin_is_loaded(site):
    base, _, _ = site
    plugins = {plugin["name"] for plugin in json.loads(urllib.request.urlopen(base + "/-/plugins.json").read())}
    assert not plugins & set(WRITING_PLUGINS)
    assert "datasette-dashboards" in plugins and "ratsinfo-pipeline" in plugins


def test_the_database_is_unchanged_after_every_attempt(site):
    base, db, before = site
    for sql in WRITES:
        _status(f"{base}/ratsinfo.json?" + urlencode({"sql": sql}))
    status, body = _status(f"{base}/ratsinfo.json?" + urlencode({"sql": "select count(*) as n from papers",
                                                                "_shape": "array"}))
    assert status == 200 and json.loads(body) == [{"n": 5}]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not any(path.exists() for path in (db.with_name("ratsinfo-attached.db"),))

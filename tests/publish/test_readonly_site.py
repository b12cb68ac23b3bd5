"""The published site has no write path: `pipeline serve` over the live file, tried the ways a visitor could."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from ..helpers.serving import pipeline_serve
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
def site(sample_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("readonly") / "ratsinfo.db"
    shutil.copy(sample_db, db)
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


# Paths no page can have: dot segments (plain, percent- or tilde-encoded), encoded slashes, NUL, empty
# segments, more segments than any route, and an overlong path.
MALFORMED = ["/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/ratsinfo/%2e%2e/%2e%2e/etc/passwd",
             "/%2F%2Fetc%2Fpasswd", "//etc/passwd", "/ratsinfo//papers", "/~2e~2e/~2e~2e/etc/passwd",
             "/ratsinfo/%00", "/a%00b", "/ratsinfo/papers.json%00", "/ratsinfo/papers/x/y/z", "/-/static/../../x",
             "/-/static/%2e%2e/%2e%2e/pyproject.toml", "/" + "a" * 5000, "/ratsinfo/papers/" + "%2e" * 3000]


def _raw(base: str, path: str) -> tuple[int, str]:
    """GET a path exactly as written (urllib would normalise it) and the status, following no redirect."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize("path", MALFORMED, ids=lambda path: path[:40])
def test_malformed_paths_answer_404(site, path):
    base, _, _ = site
    status, body = _raw(base, path)
    assert status == 404, (status, body[:200])


@pytest.mark.parametrize("path", ["/-/databases", "/-/databases.json", "/-/plugins", "/-/plugins.json", "/-/settings",
                                  "/-/settings.json", "/-/versions", "/-/versions.json", "/-/metadata.json",
                                  "/-/actor.json", "/-/config.json", "/ratsinfo", "/ratsinfo.json",
                                  "/ratsinfo.json?sql=select+*+from+pragma_database_list",
                                  "/ratsinfo/sitzungskalender.ics?stadt=", "/-/dashboards/stadtuebersicht",
                                  "/no/such/page", "/ratsinfo/papers.json?_sort=nix"])
def test_no_page_shows_a_path_of_the_server(site, path):
    base, db, _ = site
    _, body = _raw(base, path)
    paths = {str(db.parent), str(db.resolve().parent), tempfile.gettempdir() + "/", str(Path(__file__).resolve().parents[2]),
             sys.prefix, sys.base_prefix, os.path.expanduser("~") + "/"}
    assert not [p for p in paths if p in body], body[:300]


def test_the_threads_page_is_hidden(site):
    base, _, _ = site
    assert _raw(base, "/-/threads.json")[0] == _raw(base, "/-/threads")[0] == 404


def test_databases_are_listed_by_file_name_only(site):
    base, _, _ = site
    databases = json.loads(urllib.request.urlopen(base + "/-/databases.json", timeout=10).read())
    assert [(d["name"], d["path"]) for d in databases] == [("ratsinfo", "ratsinfo.db")]

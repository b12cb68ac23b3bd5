"""Hostile input and a hostile network: requests stay on the city's hosts, names stay data, SQL stays inert."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from pipeline.crawl.config import parse_cities
from pipeline.crawl.localsite import LocalSite
from pipeline.errors import ConfigError, FetchError
from pipeline.fetch.client import HostPolicy, HttpClient

from .crawl.test_oparl_ingest import archive as oparl_archive
from .crawl.test_oparl_ingest import run as run_oparl
from .helpers.oparl_replay import OParlReplay
from .helpers.paths import SAMPLE_SITE
from .helpers.scripted_server import Reply, ScriptedServer

ROOT = Path(__file__).resolve().parent.parent
PAGE = b"<!DOCTYPE html><html><body><p>Seite</p></body></html>"


@pytest.fixture
def server():
    with ScriptedServer() as s:
        s.route("/robots.txt", Reply(404, b""))
        yield s


def _client(*hosts: str) -> HttpClient:
    client = HttpClient(None, retries=0, timeout=5)
    client.policy = HostPolicy.of(hosts)
    return client


def _local(server) -> str:
    """The scripted server's host and port, as an allow_hosts entry."""
    return server.url.split("//", 1)[1]


def test_policy_allows_configured_hosts_and_wildcards_only():
    policy = HostPolicy.of({"ris.example.de", "*.stadt.example", "127.0.0.1:8799"})
    assert policy.problem("https://ris.example.de/allris/vo020.asp?VOLFDNR=1") is None
    assert policy.problem("http://www.stadt.example/ratsinfo/") is None
    assert policy.problem("http://127.0.0.1:8799/herne/") is None, "an address the operator configured"
    assert policy.problem("https://evil.example.com/x") == \
        "host 'evil.example.com' is not configured for this city (add it to allow_hosts if it belongs)"
    assert "is not configured" in policy.problem("http://169.254.169.254/latest/meta-data/")
    assert "is not configured" in policy.problem("http://10.0.0.1/")


def test_a_configured_name_that_resolves_inwards_is_refused_when_connecting(server):
    port = _local(server).rsplit(":", 1)[1]
    url = server.route("/inside", Reply(200, PAGE, {"Content-Type": "text/html"})).replace("127.0.0.1", "localhost")
    assert HostPolicy.of({f"localhost:{port}"}).problem(url) is None, "the URL itself is configured"
    with _client(f"localhost:{port}") as client:
        with pytest.raises(FetchError) as refused:
            client.get(url)
    assert refused.value.kind == "blocked"
    assert "refused: host 'localhost' resolves to a private or local address" in refused.value.problem
    assert server.hits("/inside") == 0


def test_link_to_another_host_is_refused_without_a_request(server):
    with _client(_local(server)) as client:
        with pytest.raises(FetchError) as refused:
            client.get("http://169.254.169.254/latest/meta-data/")  # the network guard fails any attempt
    assert refused.value.kind == "blocked"
    assert str(refused.value) == ("http://169.254.169.254/latest/meta-data/: refused: host '169.254.169.254' is not "
                                  "configured for this city (add it to allow_hosts if it belongs)")


@pytest.mark.parametrize("target,problem", [
    ("http://169.254.169.254/latest/meta-data/", "host '169.254.169.254' is not configured"),
    ("file:///etc/passwd", "unsupported URL scheme 'file'"),
    ("http://localhost:{port}/inside", "host 'localhost' is not configured"),
])
def test_redirect_off_the_city_is_refused(server, target, problem):
    port = server.url.rsplit(":", 1)[1]
    url = server.route("/go", Reply(302, b"", {"Location": target.format(port=port)}))
    server.route("/inside", Reply(200, PAGE, {"Content-Type": "text/html"}))
    with _client(_local(server)) as client:
        with pytest.raises(FetchError) as refused:
            client.get(url)
    assert refused.value.kind == "blocked" and problem in refused.value.problem
    assert server.hits("/inside") == 0


def test_redirect_within_the_city_is_followed(server):
    url = server.route("/old", Reply(301, b"", {"Location": "/new"}))
    server.route("/new", Reply(200, PAGE, {"Content-Type": "text/html"}))
    with _client(_local(server)) as client:
        fetched = client.get(url)
    assert fetched.content == PAGE and fetched.url.endswith("/new")


def test_redirect_loop_is_a_clear_error(server):
    url = server.route("/a", Reply(302, b"", {"Location": "/b"}))
    server.route("/b", Reply(302, b"", {"Location": "/a"}))
    with _client(_local(server)) as client:
        with pytest.raises(FetchError) as loop:
            client.get(url)
    assert (loop.value.kind, loop.value.problem) == ("redirect", "redirect loop")


def test_allow_hosts_is_validated():
    text = ('[[city]]\nslug = "x"\nname = "X"\nags = "05916000"\nstate = "NW"\nallow_hosts = ["{}"]\n'
            '[city.ris]\nsystem = "oparl"\nurl = "https://ris.example.de/oparl/system"\n')
    city = parse_cities(text.format("*.example.de"), "cities.toml")[0]
    assert city.hosts() == {"ris.example.de", "*.example.de"}
    with pytest.raises(ConfigError, match=r"^cities.toml: city 'x'.allow_hosts\[0\] 'https://evil/' must be a host"):
        parse_cities(text.format("https://evil/"), "cities.toml")


def test_an_address_with_a_port_allows_that_port_only():
    """Attack a06: a city configured as 127.0.0.1:8001 was let through to whatever answered on 127.0.0.1:80."""
    text = ('[[city]]\nslug = "x"\nname = "X"\nags = "05916000"\nstate = "NW"\n'
            '[city.ris]\nsystem = "oparl"\nurl = "{}"\n')
    assert parse_cities(text.format("http://10.0.0.5:8080/oparl"), "cities.toml")[0].hosts() == {"10.0.0.5:8080"}
    assert parse_cities(text.format("http://[::1]:8001/oparl"), "cities.toml")[0].hosts() == {"[::1]:8001"}
    assert parse_cities(text.format("http://10.0.0.5/oparl"), "cities.toml")[0].hosts() == {"10.0.0.5"}
    assert parse_cities(text.format("https://ris.example.de:8443/oparl"), "cities.toml")[0].hosts() == {
        "ris.example.de", "ris.example.de:8443"}  # a named host keeps its default ports


def test_attachment_on_a_foreign_host_is_refused_reported_and_stored_as_blocked(tmp_path, caplog):
    data = oparl_archive()
    paper = data.papers[0]
    paper["mainFile"]["accessUrl"] = "http://169.254.169.254/latest/meta-data/iam.pdf"
    paper["auxiliaryFile"] = [{"id": f"{paper['id']}/files/2", "type": "https://schema.oparl.org/1.1/File",
                               "name": "Anlage", "accessUrl": "file:///etc/passwd"}]
    data.file_texts.clear()  # the files must be downloaded, not taken from the archive's text
    with OParlReplay(data) as server, caplog.at_level(logging.WARNING):
        report = run_oparl(tmp_path / "o.db", server.url)
        requested = list(server.requests)
    assert dict(report.failures) == {"blocked": 2}
    assert report.papers_new == 2, "the paper itself is stored"
    db = sqlite_utils.Database(tmp_path / "o.db")
    blocked = {r["url"]: r["status_reason"] for r in db["files"].rows_where("status = 'blocked'")}
    assert set(blocked) == {"http://169.254.169.254/latest/meta-data/iam.pdf", "file:///etc/passwd"}
    assert "refused: host '169.254.169.254' is not configured" in blocked["http://169.254.169.254/latest/meta-data/iam.pdf"]
    assert not any("passwd" in path or "meta-data" in path for path in requested)
    assert any(r.url == "file:///etc/passwd" and r.city == "oparlstadt" for r in caplog.records)
    assert db["files"].count_where("status = 'fetch_failed'") == 0, "refused files are not retried"


def test_attachment_names_stay_data_and_never_become_paths(tmp_path, monkeypatch):
    from .crawl.test_ingest import Site, ingest

    root = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, root)
    page = root / "herne/allris/vo020.asp__VOLFDNR=2002.html"
    hostile = b"../../../../../tmp/ratsinfo-pwned&#0;.pdf"
    page.write_bytes(page.read_bytes().replace(b'value="Antrag"', b'value="' + hostile + b'"', 1))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = set(Path("/tmp").iterdir())
    with LocalSite(root) as server:
        result, db = ingest(work, Site(root, server.url))
    assert result.exit_code == 0, result.output
    row = next(r for r in db["files"].rows if "pwned" in (r["name"] or ""))
    assert row["name"].startswith("../../../../../tmp/ratsinfo-pwned") and row["status"] == "ok"
    assert row["sha256"] == hashlib.sha256((root / "herne/allris/do027.asp__DOLFDNR=3003__options=64.pdf")
                                           .read_bytes()).hexdigest(), "stored under its content hash"
    assert not any("pwned" in p.name for p in set(Path("/tmp").iterdir()) - before)
    written = {p.relative_to(work).as_posix() for p in work.rglob("*")}
    assert {name.split("-")[0] for name in written} <= {"cities.toml", "r.db", "r.db.lock", "r.db.lock.json",
                                                        "cache.sqlite"}, written


SQL_CALLS = {"execute", "executemany", "query", "rows_where", "count_where", "delete_where", "executescript"}
# What f-strings in SQL may interpolate: identifiers taken from the schema constants, the schema
# version, the site's numeric limits (PRAGMAs take no parameters), and WHERE clauses or lists made
# of "?" placeholders. Values always travel as parameters.
# "columns" and "assignments" are lists of column names the writer checked (writer._column_names).
IDENTIFIERS = {"SCHEMA_VERSION", "TEMP_PAGES", "HEAP_LIMIT", "SOFT_HEAP_LIMIT", "index", "table", "column",
               "columns", "c", "t", "event", "where", "marks", "trigram_table", "assignments"}


def test_sql_takes_values_only_as_parameters():
    import ast

    offenders = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")) + sorted((ROOT / "scrapers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS and node.args):
                continue
            sql = node.args[0]
            if isinstance(sql, ast.BinOp) or (isinstance(sql, ast.Call) and getattr(sql.func, "attr", "") == "format"):
                offenders.append(f"{path.name}:{node.lineno}: SQL built with % or format()")
            for value in ast.walk(sql) if isinstance(sql, ast.JoinedStr) else ():
                if isinstance(value, ast.FormattedValue):
                    names = {n.id for n in ast.walk(value.value) if isinstance(n, ast.Name)}
                    if not names <= IDENTIFIERS:
                        offenders.append(f"{path.name}:{node.lineno}: interpolates {sorted(names - IDENTIFIERS)}")
    assert not offenders, offenders


def test_canned_queries_take_only_named_parameters_and_none_writes():
    import json
    import re

    metadata = json.loads((ROOT / "datasette_metadata.json").read_text(encoding="utf-8"))
    for name, query in metadata["databases"]["ratsinfo"]["queries"].items():
        assert not query.get("write"), name
        sql = query["sql"]
        assert not re.search(r"\{\w*\}|%s|%\(", sql), f"{name}: string formatting in SQL"
        used = set(re.findall(r"(?<![:\w]):(\w+)", re.sub(r"'[^']*'", "''", sql)))
        assert used <= set(query.get("params", used)), f"{name}: undeclared parameters {used}"


def test_hostile_text_in_a_source_is_stored_verbatim_and_stays_inert(tmp_path):
    data = oparl_archive()
    hostile = "Antrag'); DROP TABLE papers; -- \" OR 1=1 ; ATTACH DATABASE '/tmp/x.db' AS x; --"
    data.papers[1]["name"] = hostile
    data.papers[1]["reference"] = "2025/0140'; DELETE FROM files; --"
    with OParlReplay(data) as server:
        report = run_oparl(tmp_path / "o.db", server.url)
    assert report.papers_new == 2 and not report.failures
    db = sqlite_utils.Database(tmp_path / "o.db")
    stored = {r["title"] for r in db["papers"].rows}
    assert hostile in stored
    assert db["files"].count == 1 and db["papers"].count == 3, "nothing was dropped or deleted"
    assert not Path("/tmp/x.db").exists()

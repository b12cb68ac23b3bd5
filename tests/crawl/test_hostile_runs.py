"""Hostile and broken sources against whole runs: each run ends by itself within its budgets, one bad
record or city never stops the others, and nothing refused is fetched or stored.

Every scenario is a two-city run: a hostile (or broken) OParl server first, then a good one. The
good city must always be ingested, whatever the first one did.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli

from ..helpers.oparl_replay import OParlReplay
from ..helpers.scripted_server import Reply, ScriptedServer
from .test_oparl_ingest import archive

T = "https://schema.oparl.org/1.1/"
CITIES = """[[city]]
slug = "boese"
name = "Böse"
ags = "05999001"
state = "NW"
[city.ris]
system = "oparl"
url = "{hostile}"

[[city]]
slug = "gut"
name = "Gut"
ags = "05999002"
state = "NW"
[city.ris]
system = "oparl"
url = "{good}"
"""


class HostileOParl(ScriptedServer):
    """An OParl server whose objects and list pages a test writes, byte for byte where it must."""

    def __init__(self):
        super().__init__()
        self.route("/robots.txt", Reply(404, b""))

    @property
    def base(self) -> str:
        return self.url + "/oparl"

    def serve(self, organizations=(), meetings=(), papers=(), raw_lists: dict | None = None) -> "HostileOParl":
        body = {"id": f"{self.base}/body/1", "type": T + "Body", "name": "Böse Stadt",
                "organization": f"{self.base}/body/1/organizations", "meeting": f"{self.base}/body/1/meetings",
                "paper": f"{self.base}/body/1/papers"}
        self.json("/oparl/system", {"id": f"{self.base}/system", "type": T + "System", "body": f"{self.base}/bodies"})
        self.json("/oparl/bodies", {"data": [body], "links": {}})
        lists = {"organizations": organizations, "meetings": meetings, "papers": papers}
        for name, items in lists.items():
            raw = (raw_lists or {}).get(name)
            if raw is not None:
                self.route(f"/oparl/body/1/{name}", *raw)
            else:
                self.json(f"/oparl/body/1/{name}", {"data": list(items), "links": {}})
        return self

    def json(self, path: str, obj: object, ensure_ascii: bool = False) -> None:
        self.route(path, Reply(200, json.dumps(obj, ensure_ascii=ensure_ascii).encode("utf-8"),
                               {"Content-Type": "application/json"}))

    def paper(self, number: int, **fields) -> dict:
        return {"id": f"{self.base}/paper/{number}", "type": T + "Paper", "name": f"Vorlage {number}",
                "reference": f"2025/{number:04d}", "modified": "2025-03-01T10:00:00+01:00", **fields}


@pytest.fixture
def good():
    with OParlReplay(archive()) as server:
        yield server


@pytest.fixture
def hostile():
    with HostileOParl() as server:
        yield server


@pytest.fixture(autouse=True)
def inline_nlp(monkeypatch):
    monkeypatch.setenv("PIPELINE_NLP_WORKERS", "1")  # no worker processes: these runs are small


def run(tmp_path: Path, hostile: HostileOParl, good: OParlReplay, *limits: str):
    cities = tmp_path / "cities.toml"
    cities.write_text(CITIES.format(hostile=hostile.base + "/system", good=good.url), encoding="utf-8")
    args = ["ingest", "--cities", str(cities), "--db", str(tmp_path / "r.db"), "--cache", str(tmp_path / "c.sqlite")]
    for limit in limits:
        args += ["--limit", limit]
    started = time.monotonic()
    result = CliRunner().invoke(cli, args)
    return result, sqlite_utils.Database(tmp_path / "r.db"), time.monotonic() - started


def line(result, prefix: str) -> str:
    return next(row for row in result.stdout.splitlines() if row.startswith(prefix))


def good_city_was_ingested(result, db) -> None:
    assert line(result, "gut:").startswith("gut: ") and "papers 2 new" in line(result, "gut:"), result.output
    assert db["papers"].count_where("city = 'gut'") == 3
    assert result.stdout.splitlines()[-1].startswith("total: 2 cities,")


def test_regression_a_lone_surrogate_in_an_organisation_loses_nothing_and_stops_nothing(tmp_path, hostile, good):
    hostile.serve(papers=[hostile.paper(1)])
    raw = ('{"data": [{"id": "%s/organization/1", "type": "%sOrganization", "name": "Ausschu\\ud800 f\\u00fcr Soziales"},'
           ' {"id": "%s/organization/2", "type": "%sOrganization", "name": "Rat"}], "links": {}}'
           % (hostile.base, T, hostile.base, T)).encode()
    hostile.route("/oparl/body/1/organizations", Reply(200, raw, {"Content-Type": "application/json"}))
    result, db, _ = run(tmp_path, hostile, good)
    assert result.exit_code == 0, result.output
    names = {r["name"] for r in db["organizations"].rows_where("city = 'boese'")}
    assert names == {"Ausschu\ufffd für Soziales", "Rat"}
    good_city_was_ingested(result, db)


def test_regression_a_paper_list_of_garbage_is_a_failure_with_exit_1(tmp_path, hostile, good):
    hostile.serve(raw_lists={"papers": [Reply(200, b"<html>Wartungsarbeiten</html>", {"Content-Type": "application/json"})]})
    result, db, _ = run(tmp_path, hostile, good)
    assert result.exit_code == 1
    assert "1 failures (layout 1)" in line(result, "boese:")
    status = next(db.query("select status from ingest_run_cities where city = 'boese'"))["status"]
    assert status == "failed"
    good_city_was_ingested(result, db)


def test_regression_a_body_whose_lists_are_no_urls_is_a_failure_with_exit_1(tmp_path, hostile, good):
    """Attack a12: a Body with "paper": NaN ended with exit 0, "0 failures" and nothing read."""
    hostile.serve()
    raw = ('{"data": [{"id": "%s/body/1", "type": "%sBody", "name": "Böse Stadt", "paper": NaN, "meeting": 1,'
           ' "organization": {"a": 1}}], "links": {}}' % (hostile.base, T)).encode()
    hostile.route("/oparl/bodies", Reply(200, raw, {"Content-Type": "application/json"}))
    result, db, _ = run(tmp_path, hostile, good)
    assert result.exit_code == 1
    assert "3 failures (list 3)" in line(result, "boese:"), result.output
    good_city_was_ingested(result, db)


def test_regression_next_links_that_bring_nothing_new_end_the_list(tmp_path, hostile, good):
    """Ever new URLs with the same objects: the list stops after a few pages, not never."""
    hostile.serve()
    for n in range(1, 200):
        hostile.json("/oparl/body/1/papers" + ("" if n == 1 else f"?page={n}"),
                     {"data": [hostile.paper(1)], "links": {"next": f"{hostile.base}/body/1/papers?page={n + 1}"}})
    result, db, elapsed = run(tmp_path, hostile, good)
    assert elapsed < 60
    assert "list 1" in line(result, "boese:") and "papers 1 new" in line(result, "boese:")
    assert hostile.hits("/oparl/body/1/papers?page=5") == 0
    good_city_was_ingested(result, db)


def test_regression_an_endless_list_stops_at_its_page_cap(tmp_path, hostile, good):
    hostile.serve()
    for n in range(1, 200):
        hostile.json("/oparl/body/1/papers" + ("" if n == 1 else f"?page={n}"),
                     {"data": [hostile.paper(n)], "links": {"next": f"{hostile.base}/body/1/papers?page={n + 1}"}})
    result, db, elapsed = run(tmp_path, hostile, good, "list_pages=20")
    assert "papers 20 new" in line(result, "boese:") and "list 1" in line(result, "boese:")
    assert hostile.hits("/oparl/body/1/papers?page=21") == 0
    good_city_was_ingested(result, db)


def test_regression_a_cycle_of_three_pages_ends(tmp_path, hostile, good):
    hostile.serve()
    pages = ["", "?page=2", "?page=3"]
    for index, query in enumerate(pages):
        following = pages[(index + 1) % 3]
        hostile.json(f"/oparl/body/1/papers{query}",
                     {"data": [hostile.paper(index + 1)], "links": {"next": f"{hostile.base}/body/1/papers{following}"}})
    result, db, elapsed = run(tmp_path, hostile, good)
    assert elapsed < 60 and "papers 3 new" in line(result, "boese:")
    good_city_was_ingested(result, db)


def test_regression_retry_after_of_an_hour_fails_the_url_not_the_run(tmp_path, hostile, good):
    hostile.serve(raw_lists={"papers": [Reply(503, b"", {"Retry-After": "3600"})]})
    result, db, elapsed = run(tmp_path, hostile, good)
    assert elapsed < 60
    assert result.exit_code == 1 and "fetch 1" in line(result, "boese:")
    good_city_was_ingested(result, db)


def test_regression_a_dripping_list_ends_at_the_body_deadline(tmp_path, hostile, good):
    body = json.dumps({"data": [], "links": {}}).encode()
    hostile.serve(raw_lists={"papers": [Reply(200, body, {"Content-Type": "application/json"}, drip=0.5)]})
    result, db, elapsed = run(tmp_path, hostile, good, "body_seconds=2")
    assert elapsed < 60
    assert "fetch 1" in line(result, "boese:")
    good_city_was_ingested(result, db)


def test_a_city_over_its_time_budget_stops_with_a_note_and_the_next_city_runs(tmp_path, hostile, good):
    hostile.serve(papers=[hostile.paper(n) for n in range(1, 40)])
    for n in range(1, 40):
        hostile.route(f"/oparl/paper/{n}/file.pdf", Reply(200, b"%PDF-1.4\n" + b" " * 40, drip=0.2))
        hostile.paper(n)
    papers = [hostile.paper(n, mainFile={"id": f"{hostile.base}/file/{n}", "type": T + "File", "name": "Vorlage",
                                         "accessUrl": f"{hostile.base}/paper/{n}/file.pdf"}) for n in range(1, 40)]
    hostile.json("/oparl/body/1/papers", {"data": papers, "links": {}})
    result, db, elapsed = run(tmp_path, hostile, good, "city_minutes=0.1")
    assert elapsed < 60, elapsed
    assert result.exit_code == 1
    assert line(result, "boese:").endswith("; stopped: time budget of 0.1 min used up; what was stored is kept "
                                           "and the next run looks again")
    good_city_was_ingested(result, db)


def test_regression_huge_fields_are_cut_and_the_run_stays_quick(tmp_path, hostile, good):
    title = "Integration " * 700_000  # 8.4 MB, within the page cap
    text = "Sprachförderung in Kitas. " * 80_000  # 2 MB of File.text
    paper = hostile.paper(1, name=title, mainFile={"id": f"{hostile.base}/file/1", "type": T + "File",
                                                    "name": "Vorlage", "text": text,
                                                    "accessUrl": f"{hostile.base}/file/1.pdf"})
    hostile.serve(papers=[paper])
    result, db, elapsed = run(tmp_path, hostile, good, "text_mb=0.5", "page_mb=20")
    assert elapsed < 120, elapsed
    stored = next(db.query("select length(title) as n from papers where city = 'boese'"))["n"]
    assert stored == 4000
    file = next(db.query("select length(text) as n from files where city = 'boese'"))["n"]
    assert file <= int(0.5 * 2**20)
    assert "cut 2" in line(result, "boese:")
    good_city_was_ingested(result, db)


def test_regression_an_id_on_another_host_is_refused_and_nothing_is_fetched_for_it(tmp_path, hostile, good):
    foreign = {"id": "https://ris.rostock.de/oparl/paper/1", "type": T + "Paper", "name": "Übernahme",
               "mainFile": {"id": "https://ris.rostock.de/oparl/file/1", "type": T + "File", "name": "x",
                            "accessUrl": f"{hostile.base}/file/1.pdf"}}
    hostile.serve(papers=[foreign, hostile.paper(2)])
    result, db, _ = run(tmp_path, hostile, good)
    assert "blocked 1" in line(result, "boese:") and "papers 1 new" in line(result, "boese:")
    assert db["papers"].count_where("url like 'https://ris.rostock.de/%'") == 0
    assert hostile.hits("/oparl/file/1.pdf") == 0
    good_city_was_ingested(result, db)


def test_regression_an_id_with_a_line_break_is_refused_and_the_log_stays_one_line_per_event(tmp_path, hostile, good):
    forged = hostile.paper(1)
    forged["id"] += "\r\n2026-01-01T00:00:00Z ERROR pipeline.crawl.context city=herne forged"
    hostile.serve(papers=[forged, hostile.paper(2)])
    result, db, _ = run(tmp_path, hostile, good)
    assert "blocked 1" in line(result, "boese:")
    assert db["papers"].count_where("url like '%forged%'") == 0
    assert not any(row.startswith("2026-01-01T00:00:00Z") for row in result.stderr.splitlines())
    good_city_was_ingested(result, db)


def test_a_city_whose_loader_crashes_stops_alone(tmp_path, hostile, good, monkeypatch):
    from pipeline.crawl.loaders import oparl

    real = oparl._bodies

    def crashing(ctx):
        if ctx.city.slug == "boese":
            raise RuntimeError("a bug no test foresaw")
        return real(ctx)

    monkeypatch.setattr(oparl, "_bodies", crashing)
    hostile.serve()
    result, db, _ = run(tmp_path, hostile, good)
    assert result.exit_code == 1
    assert "stopped by an unexpected error (RuntimeError: a bug no test foresaw)" in line(result, "boese:")
    good_city_was_ingested(result, db)


def test_hostile_inputs_keep_the_whole_run_under_one_gib(tmp_path, hostile, good):
    """The run in its own process (NLP workers included): peak resident memory of every process < 1 GiB."""
    title = "Integration " * 700_000
    bomb_list = json.dumps({"data": [hostile.paper(n, name=title if n == 1 else f"Vorlage {n}") for n in range(1, 3)],
                            "links": {}}).encode()
    hostile.serve(raw_lists={"papers": [Reply(200, bomb_list, {"Content-Type": "application/json"})]})
    big = "Sprachförderung " * 600_000
    hostile.json("/oparl/paper/9", {"id": f"{hostile.base}/paper/9", "type": T + "Paper", "name": big})
    cities = tmp_path / "cities.toml"
    cities.write_text(CITIES.format(hostile=hostile.base + "/system", good=good.url), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run([sys.executable, "-m", "pipeline.cli", "ingest", "--cities", str(cities), "--db",
                                str(tmp_path / "r.db"), "--cache", str(tmp_path / "c.sqlite"), "-s"],
                               capture_output=True, text=True, timeout=600,
                               env={**__import__("os").environ, "PIPELINE_NLP_WORKERS": "2"})
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert completed.stdout.strip().startswith("total: 2 cities"), completed.stdout + completed.stderr
    assert peak_mb < 1024 or before / 1024 >= 1024, f"peak {peak_mb:.0f} MB"


def test_a_city_over_its_memory_budget_stops_with_a_note_and_the_next_city_runs(tmp_path, hostile, good,
                                                                                  monkeypatch):
    """The budget is what a city's run adds; here the hostile city's documents seem to cost 300 MB each."""
    import pipeline.limits

    hostile.serve(papers=[hostile.paper(n) for n in range(1, 5)])
    readings = {"mb": 100.0}

    def resident() -> float:
        readings["mb"] += 300 if readings.get("city") == "boese" else 0
        return readings["mb"]

    real_init = pipeline.limits.CityClock.__init__

    def clock_for(self, budgets, started=None):
        readings["city"] = "boese" if readings.get("city") is None else "gut"
        real_init(self, budgets, started)

    monkeypatch.setattr(pipeline.limits, "resident_mb", resident)
    monkeypatch.setattr(pipeline.limits.CityClock, "__init__", clock_for)
    result, db, _ = run(tmp_path, hostile, good, "city_memory_mb=500")
    assert result.exit_code == 1
    assert "; stopped: memory budget of 500 MB exceeded (the run grew by 600 MB)" in line(result, "boese:")
    good_city_was_ingested(result, db)


def test_configured_credentials_are_used_but_never_stored(tmp_path, hostile, good):
    hostile.serve(papers=[hostile.paper(1, mainFile={"id": f"{hostile.base}/file/1", "type": T + "File",
                                                      "name": "Vorlage", "text": "Sprachförderung",
                                                      "accessUrl": f"{hostile.base}/file/1.pdf?token=geheim&id=1"})])
    secret_url = hostile.base.replace("http://", "http://ratsinfo:geheim@") + "/system"
    cities = tmp_path / "cities.toml"
    cities.write_text(CITIES.format(hostile=secret_url, good=good.url), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--cities", str(cities), "--db", str(tmp_path / "r.db"),
                                      "--cache", str(tmp_path / "c.sqlite")])
    assert "papers 1 new" in line(result, "boese:"), result.output
    assert any(headers.get("Authorization") for path, headers in hostile.requests if path == "/oparl/system")
    dump = "\n".join(str(row) for table in ("cities", "files", "papers") for row in
                     sqlite_utils.Database(tmp_path / "r.db")[table].rows)
    assert "geheim" not in dump
    assert sqlite_utils.Database(tmp_path / "r.db")["cities"].get("boese")["url"] == hostile.base + "/system"

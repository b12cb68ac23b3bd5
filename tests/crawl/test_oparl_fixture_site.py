"""The OParl loader walks the written OParl pages (scrapers/oparl/fixtures/), from the System or from the Body."""

from __future__ import annotations

import pytest
import sqlite_utils

from ..helpers.paths import OPARL
from ..helpers.scripted_server import Reply, ScriptedServer
from .test_oparl_ingest import run

PREFIX = "https://oparl.example.org"
ROUTES = {  # the path each fixture answers, as its ids say
    "/oparl/system": "system.json",
    "/oparl/bodies": "body_list.json",
    "/oparl/bodies/1": "body.json",
    "/oparl/bodies/1/organizations": "organization_list.json",
    "/oparl/bodies/1/meetings": "meeting_list.json",
    "/oparl/bodies/1/papers": "paper_list.json",
    "/oparl/bodies/1/papers?page=2": "paper_list_page2.json",
    "/oparl/bodies/1/files/80232": "file.json",
}


@pytest.fixture
def server():
    with ScriptedServer() as server:
        for path, name in ROUTES.items():
            body = (OPARL / "fixtures" / name).read_text(encoding="utf-8").replace(PREFIX, server.url)
            server.route(path, Reply(200, body.encode("utf-8"), {"Content-Type": "application/json; charset=utf-8"}))
        yield server


@pytest.mark.parametrize("start", ["/oparl/system", "/oparl/bodies/1"])
def test_loader_reads_every_list_and_the_file_given_by_url(tmp_path, server, start):
    report = run(tmp_path / "o.db", server.url + start)
    assert not report.failures, report.failures
    db = sqlite_utils.Database(tmp_path / "o.db")
    assert sorted(r["name"] for r in db["organizations"].rows) == [
        "Ausschuss für Bildung und Integration", "Integrationsrat", "Rat der Stadt"]
    meetings = {r["name"]: r["cancelled"] for r in db.query("select name, cancelled from meetings where not deleted")}
    assert meetings == {"Sitzung des Integrationsrates": 0, "Sitzung des Ausschusses für Bildung und Integration": 0,
                        "Sitzung des Rates": 1}
    assert db["agenda_items"].count == 3
    papers = {r["reference"]: r["deleted"] for r in db.query("select reference, deleted from papers")}
    assert papers == {"BV/0231/2025": 0, "AN/0240/2025": 0, None: 1}, "the deleted paper is kept as a tombstone"
    files = {r["name"]: r["text"] for r in db.query("select name, text from files")}
    assert files["Anlage 1 Raumprogramm"].startswith("Anlage 1: Raumprogramm für sieben Grundschulen.")
    assert server.hits("/oparl/bodies/1/papers?page=2") == 1 and server.hits("/oparl/bodies/1/files/80232") == 1

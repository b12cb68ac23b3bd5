"""A configured document that is itself a Vorlage becomes a paper; one the council system has is linked to it (issue 15).

Herdecke and Herten publish their integration policy only as documents: a Vorlage among them has its own number
and a Beratungsfolge, and must show a process and a date like any RIS paper.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from pipeline.crawl.config import parse_cities
from pipeline.crawl.context import CityReport, Context
from pipeline.crawl.run import ingest_city
from pipeline.fetch.client import HttpClient
from pipeline.store.writer import Store

from ..helpers.scripted_server import Reply, ScriptedServer

VORLAGE = """<html><head><meta charset="utf-8"><title>Vorlage</title></head><body>
<h1>Stadt Herdecke</h1>
<p>Vorlage Nr. 2016/123</p>
<p>Beschlussvorlage</p>
<p>Betreff: Erstellung eines Integrationskonzeptes für die Stadt Herdecke</p>
<p>Beratungsfolge:</p>
<table><tr><th>Datum</th><th>Gremium</th><th>Zuständigkeit</th><th>Ergebnis</th></tr>
<tr><td>22.11.2016</td><td>Ausschuss für Soziales</td><td>Vorberatung</td><td>ungeändert beschlossen</td></tr>
<tr><td>08.12.2016</td><td>Rat der Stadt Herdecke</td><td>Entscheidung</td><td>ungeändert beschlossen</td></tr></table>
<p>Der Rat der Stadt Herdecke beauftragt die Verwaltung, ein Integrationskonzept zu erstellen.</p>
</body></html>"""
PAGE = """<html><head><meta charset="utf-8"><title>Integration</title></head><body>
<h1>Integration in Herdecke</h1><p>Die Stadt fördert Sprachkurse und Begegnung.</p></body></html>"""
CITY = ('[[city]]\nslug = "herdecke"\nname = "Herdecke"\nags = "05954020"\nstate = "NW"\n'
        '[[city.documents]]\nurl = "{url}/vorlage.html"\ntitle = "Integrationskonzept (Vorlage)"\n'
        '[[city.documents]]\nurl = "{url}/integration.html"\ntitle = "Integration in Herdecke"\n')


def run(server: ScriptedServer, db) -> CityReport:
    city = parse_cities(CITY.format(url=server.url), "cities.toml")[0]
    report = CityReport(city.slug)
    with Store(db) as store, HttpClient(None, retries=1, backoff=0.01, timeout=2.0) as client:
        ingest_city(Context(city=city, client=client, store=store, report=report, since=date(2016, 1, 1)))
    return report


def serve(server: ScriptedServer) -> None:
    html = {"Content-Type": "text/html; charset=utf-8"}
    server.routes["/vorlage.html"] = [Reply(200, VORLAGE.encode(), html)]
    server.routes["/integration.html"] = [Reply(200, PAGE.encode(), html)]
    server.routes["/robots.txt"] = [Reply(404, b"")]


def test_a_document_that_is_a_vorlage_is_stored_as_a_paper_with_its_process(tmp_path):
    with ScriptedServer() as server:
        serve(server)
        report = run(server, tmp_path / "r.db")
    assert report.papers_new == 1 and not report.failures
    db = sqlite_utils.Database(tmp_path / "r.db")
    [paper] = list(db.query("select id, reference, title, paper_type, web from papers"))
    assert (paper["reference"], paper["paper_type"]) == ("2016/123", "Beschlussvorlage")
    assert paper["title"] == "Erstellung eines Integrationskonzeptes für die Stadt Herdecke"
    assert paper["web"].endswith("/vorlage.html")
    rows = [(r["date"], r["role"], r["outcome"]) for r in db.query(
        "select date, role, outcome from consultations where paper = ? order by date", [paper["id"]])]
    assert rows == [("2016-11-22", "Vorberatung", "beschlossen"), ("2016-12-08", "Entscheidung", "beschlossen")]
    files = {r["url"].rsplit("/", 1)[1]: r["paper"] for r in db.query("select url, paper from files")}
    assert files == {"vorlage.html": paper["id"], "integration.html": None}, "the other document stays a document"


def test_a_vorlage_the_council_system_has_is_linked_not_duplicated(tmp_path):
    from pipeline.model import PaperRecord

    with Store(tmp_path / "r.db") as store:
        store.save_paper("herdecke", PaperRecord(url="https://ris.example.org/vo020.asp?VOLFDNR=9", reference="2016/123",
                                                 title="Integrationskonzept"), [], [], [])
    with ScriptedServer() as server:
        serve(server)
        report = run(server, tmp_path / "r.db")
    assert report.papers_new == 0
    db = sqlite_utils.Database(tmp_path / "r.db")
    assert db.table("papers").count == 1
    [linked] = list(db.query("select paper from files where url like '%/vorlage.html'"))
    assert linked["paper"] == "herdecke:https://ris.example.org/vo020.asp?VOLFDNR=9"

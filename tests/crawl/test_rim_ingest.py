"""The SD.NET RIM loader against a site the project wrote (crawl/fixtures/rim_site/), served on 127.0.0.1.

RIM pages link each other with absolute URLs; the fixtures write the site's address as {{SITE}}, which the
test fills in on a copy once the server's port is known.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date

import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.crawl.config import City, Ris, load_cities
from pipeline.crawl.context import CityReport, Context
from pipeline.crawl.localsite import LocalSite
from pipeline.crawl.run import ingest_city
from pipeline.crawl.systems import SYSTEMS
from pipeline.fetch.client import HttpClient
from pipeline.resources import shipped
from pipeline.store.writer import Store

from ..helpers.paths import RIM_SITE, SESSIONNET_SITE


def _ingest(tmp_path, since=date(2025, 3, 1), runs=1, without=()):
    """The site (less the pages `without`) served and ingested `runs` times into one database; the last report."""
    root = tmp_path / "site"
    shutil.copytree(RIM_SITE, root)
    for name in without:
        (root / "rim" / name).unlink()
    city = City(slug="rimstadt", name="Rimstadt", ags="05999000", state="NW")
    with LocalSite(root) as site:
        for page in [*root.rglob("*.html"), *root.rglob("*.ics")]:
            page.write_text(page.read_text(encoding="utf-8").replace("{{SITE}}", site.url), encoding="utf-8")
        city = dataclasses.replace(city, ris=Ris("rim", f"{site.url}/rim/"))
        for _ in range(runs):
            report = CityReport(city.slug)
            with Store(tmp_path / "r.db") as store, HttpClient(None) as client:
                ingest_city(Context(city=city, client=client, store=store, report=report, since=since))
    return report, sqlite_utils.Database(tmp_path / "r.db"), site.url


def test_loader_walks_list_calendar_meetings_agendas_papers_and_beratungsfolgen(tmp_path):
    report, db, site = _ingest(tmp_path)
    assert not report.failures, report.failures
    assert not report.aborted
    # Papers: the list's three current ones (pages 2 and 3 hold old papers only; page 4 is never asked for).
    # Meetings: the calendar's (Integrationsrat, cancelled), the export's (Rat, Schule) and the one only the
    # Beratungsfolge of BV/0142/2025 names (13.03.2025); its 20.02.2025 meeting lies before the window.
    assert (report.papers_new, report.meetings, report.files) == (3, 4, 9)
    papers = {r["reference"]: (r["title"], r["paper_type"], r["lead_office"]) for r in db["papers"].rows}
    assert papers == {
        "BV/0142/2025": ("Kommunales Integrationskonzept 2025–2030", "Beschlussvorlage", "Fachbereich Soziales und Integration"),
        "AN/0151/2025": ("Sprachcafé in der Stadtbibliothek", "Antrag", "Fraktion Bürgerliste"),
        "MV/0160/2025": ("Bericht des Integrationsrates 2024", "Mitteilungsvorlage", "Integrationsbüro"),
    }
    rows = list(db.query(
        "select p.reference, o.name, c.date, c.result, c.outcome, c.agenda_item is not null as linked "
        "from consultations c join papers p on p.id = c.paper join organizations o on o.id = c.organization "
        "order by c.date, p.reference"))
    assert [(r["reference"], r["name"], r["date"], r["result"], r["linked"]) for r in rows] == [
        ("BV/0142/2025", "Integrationsrat", "2025-02-20", "einstimmig empfohlen", 0),
        ("BV/0142/2025", "Ausschuss für Soziales und Integration", "2025-03-13", "einstimmig empfohlen", 1),
        ("AN/0151/2025", "Rat", "2025-03-25", "verwiesen", 1),
        ("BV/0142/2025", "Rat", "2025-03-25", "geändert beschlossen; Ja 31, Nein 4, Enthaltungen 2", 1),
        ("AN/0151/2025", "Ausschuss für Schule, Bildung und Kultur", "2025-05-06", "abgelehnt", 1),
    ]
    assert {r["reference"]: r["outcome"] for r in rows if r["date"] >= "2025-05-01"} == {"AN/0151/2025": "abgelehnt"}
    meetings = {r["start"]: (r["name"], r["cancelled"], r["location"]) for r in db["meetings"].rows}
    assert meetings == {
        "2025-03-13T17:00": ("Ausschuss für Soziales und Integration, 3. Sitzung", 0, "Rathaus Rimstadt, Ratssaal"),
        "2025-03-25T16:30": ("Rat, 8. Sitzung", 0, "Rathaus Rimstadt, Ratssaal"),
        "2025-04-10T18:00": ("Integrationsrat, 2. Sitzung", 1, "Rathaus Rimstadt, Ratssaal"),
        "2025-05-06T17:00": ("Ausschuss für Schule, Bildung und Kultur, 5. Sitzung", 0, "Rathaus Rimstadt, Ratssaal"),
    }
    items = list(db.query("select m.start, a.number, a.name, a.public, a.result, a.resolution_text, p.reference "
                          "from agenda_items a join meetings m on m.id = a.meeting "
                          "left join papers p on p.id = a.paper order by m.start, a.position"))
    assert [(i["start"][:10], i["number"], i["public"], i["result"], i["reference"]) for i in items] == [
        ("2025-03-13", "Ö 1", 1, "zur Kenntnis genommen", None),
        ("2025-03-13", "Ö 2", 1, "einstimmig empfohlen", "BV/0142/2025"),
        ("2025-03-13", "N 1", 0, None, None),  # its paper is not published, so not asked for
        ("2025-03-25", "Ö 1", 1, "geändert beschlossen; Ja 31, Nein 4, Enthaltungen 2", "BV/0142/2025"),
        ("2025-03-25", "Ö 2", 1, "verwiesen", "AN/0151/2025"),
        ("2025-05-06", "Ö 1", 1, "abgelehnt", "AN/0151/2025"),
    ]
    assert items[0]["resolution_text"] == "Der Ausschuss nimmt die Antworten der Verwaltung zur Kenntnis."
    roles = {r["name"]: r["role"] for r in db["files"].rows}
    assert roles["Beschlussvorlage BV/0142/2025"] == "paper"
    assert (roles["Einladung"], roles["Öffentliche Niederschrift"]) == ("invitation", "protocol")
    assert all(r["status"] == "ok" for r in db["files"].rows)
    # the item without a paper keeps its own document and, from its own page, the decision's
    assert sorted((r["name"], r["role"]) for r in db.query("select name, role from files where agenda_item is not null")) == [
        ("Beschluss", "resolution"), ("Fragen der Einwohnerinnen und Einwohner", "attachment")]
    assert {r["role"] for r in db["files"].rows if r["name"] == "Beschluss"} == {"resolution"}
    assert {r["url"] for r in db["meetings"].rows} == {f"{site}/rim/tops/?__={t}" for t in
                                                      ("U2l0ejMx", "U2l0ejM3", "U2l0ejQw", "U2l0ejUy")}


def test_a_rerun_finds_everything_unchanged(tmp_path):
    report, db, _ = _ingest(tmp_path, runs=2)
    assert not report.failures, report.failures
    assert (report.papers_new, report.papers_changed, report.papers_unchanged, report.meetings) == (0, 0, 3, 4)
    assert (db["papers"].count, db["consultations"].count, db["agenda_items"].count) == (3, 5, 6)


def test_a_later_window_leaves_earlier_meetings_alone(tmp_path):
    report, db, _ = _ingest(tmp_path, since=date(2025, 4, 1))
    assert not report.failures, report.failures
    assert sorted(r["start"][:10] for r in db["meetings"].rows) == ["2025-04-10", "2025-05-06"]
    # BV/0142/2025 last met on 25.03., before the window; the unscheduled Mitteilung stands among current papers
    assert sorted(r["reference"] for r in db["papers"].rows) == ["AN/0151/2025", "MV/0160/2025"]


def test_a_missing_paper_list_fails_the_city_and_the_calendar_is_read_all_the_same(tmp_path):
    report, db, site = _ingest(tmp_path, without=["vorlagen.html"])
    assert report.aborted
    assert dict(report.failures) == {"fetch": 1}
    # the calendar's meetings, their papers and what those papers' Beratungsfolgen name are read as before
    assert (report.meetings, db["papers"].count) == (4, 2)


def test_the_registry_names_the_loader_and_a_year_for_the_first_run():
    system = SYSTEMS["rim"]
    assert (system.label, system.loader, system.folder_url) == ("SD.NET RIM (HTML)", "pipeline.crawl.loaders.rim:load",
                                                                True)
    assert system.first_run is not None and system.first_run.days == 365


def test_cities_add_checks_the_url_as_rim(tmp_path):
    cities = tmp_path / "cities.toml"
    shutil.copy(shipped("cities.toml"), cities)
    add = ["cities", "--cities", str(cities), "add", "rimstadt", "--name", "Rimstadt", "--ags", "05916000",
           "--system", "rim", "--url"]
    with LocalSite(SESSIONNET_SITE) as site:
        wrong = CliRunner().invoke(cli, [*add, f"{site.url}/bi"])
    assert (wrong.exit_code, wrong.output) == (1, f"Error: {site.url}/bi/vorlagen: HTTP 404 (nothing added)\n")
    with LocalSite(RIM_SITE) as site:
        result = CliRunner().invoke(cli, [*add, f"{site.url}/rim"])
    assert result.exit_code == 0, result.output
    assert f"rim at {site.url}/rim; SD.NET RIM 4)" in result.output
    assert load_cities(cities)[-1].ris.url == f"{site.url}/rim/"  # a folder

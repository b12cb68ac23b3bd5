"""The SessionNet loader against sites the project wrote (crawl/fixtures/sessionnet_site/, sessionnet_tabs_site/,
sessionnet6_site/)."""

from __future__ import annotations

import dataclasses
from datetime import date

import sqlite_utils

from pipeline.crawl.config import City, Ris
from pipeline.crawl.context import CityReport, Context
from pipeline.crawl.localsite import LocalSite
from pipeline.crawl.run import ingest_city
from pipeline.fetch.client import HttpClient
from pipeline.store.writer import Store

from ..helpers.paths import SESSIONNET6_SITE, SESSIONNET_SITE, SESSIONNET_TABS_SITE


def test_loader_walks_calendar_meetings_agendas_papers_and_beratungen(tmp_path):
    city = City(slug="snstadt", name="SN-Stadt", ags="05999000", state="NW")
    with LocalSite(SESSIONNET_SITE) as site:
        city = dataclasses.replace(city, ris=Ris("sessionnet", f"{site.url}/bi/"))
        report = CityReport(city.slug)

        with Store(tmp_path / "s.db") as store, HttpClient(None) as client:
            ingest_city(Context(city=city, client=client, store=store, report=report, since=date(2025, 3, 1)))
    assert not report.failures, report.failures
    assert (report.meetings, report.papers_new, report.files) == (2, 2, 4)
    db = sqlite_utils.Database(tmp_path / "s.db")
    rows = list(db.query("select o.name, c.date, c.role, c.result, c.outcome from consultations c "
                         "join organizations o on o.id = c.organization join papers p on p.id = c.paper "
                         "where p.reference = 'BV/0112/2025' order by c.date"))
    assert rows == [
        {"name": "Integrationsrat", "date": "2025-03-11", "role": "Vorberatung", "result": "ungeändert beschlossen", "outcome": "beschlossen"},
        {"name": "Sozialausschuss", "date": "2025-03-18", "role": "Entscheidung", "result": "geändert beschlossen", "outcome": "geaendert_beschlossen"},
    ]
    assert db["agenda_items"].count == 6
    assert {r["meeting"].rsplit("=", 1)[-1] for r in db.query("select meeting from consultations where meeting is not null")} == {"501", "502"}
    paper = next(db.query("select reference, lead_office from papers where reference = 'BV/0112/2025'"))
    assert paper == {"reference": "BV/0112/2025", "lead_office": "Fachbereich Soziales"}
    resolutions = [r["resolution_text"] for r in db.query("select resolution_text from agenda_items where number = 'Ö 2'")]
    assert sorted(resolutions) == ["Der Integrationsrat empfiehlt dem Rat, das Integrationskonzept zu beschließen.",
                                   "Der Sozialausschuss empfiehlt dem Rat, das Integrationskonzept zu beschließen."]
    committees = {r["name"]: (r["short_name"], r["url"]) for r in db["organizations"].rows}
    assert committees["Integrationsrat"] == ("IR", f"{site.url}/bi/kp0040.php?__kgrnr=11")
    assert committees["Sozialausschuss"][0] == "SozA"


def test_papers_on_no_agenda_come_from_the_paper_list_within_the_window(tmp_path):
    """vo0040, page by page: AN/0240/2025 is on no agenda; page 2 lies before the window, so the walk ends there."""
    report, db, _ = _ingest(tmp_path, SESSIONNET_SITE, "bi/")
    assert not report.failures, report.failures
    papers = {r["reference"]: (r["title"], r["paper_type"]) for r in db.query("select reference, title, paper_type from papers")}
    assert papers == {"BV/0112/2025": ("Integrationskonzept der Stadt", "Beschlussvorlage"),
                      "AN/0240/2025": ("Sprachkurse für Eltern in Familienzentren", "Antrag")}


def test_the_paper_lists_next_page():
    from scrapers.sessionnet import next_list_page

    page1 = (SESSIONNET_SITE / "bi" / "vo0040.php__default.html").read_bytes()
    page2 = (SESSIONNET_SITE / "bi" / "vo0040.php____cwpnr=2.html").read_bytes()
    assert next_list_page(page1, "https://ris.example.de/bi/vo0040.php") == "https://ris.example.de/bi/vo0040.php?__cwpnr=2"
    assert next_list_page(page2, "https://ris.example.de/bi/vo0040.php?__cwpnr=2") == (
        "https://ris.example.de/bi/vo0040.php?__cwpnr=3"), "not back to page 1"
    assert next_list_page(page2, "https://ris.example.de/bi/vo0040.php?__cwpnr=3") is None


def _ingest(tmp_path, root, folder: str):
    city = City(slug="snstadt", name="SN-Stadt", ags="05999000", state="NW")
    with LocalSite(root) as site:
        city = dataclasses.replace(city, ris=Ris("sessionnet", f"{site.url}/{folder}"))
        report = CityReport(city.slug)
        with Store(tmp_path / "s.db") as store, HttpClient(None) as client:
            ingest_city(Context(city=city, client=client, store=store, report=report, since=date(2025, 3, 1)))
    return report, sqlite_utils.Database(tmp_path / "s.db"), site.url


def test_agenda_from_the_tab_that_answers_when_the_information_tab_has_none(tmp_path):
    """Regression: a calendar linking to0040 and an si0057 that does not answer (Halle, Schiffweiler) gave meetings
    without agenda; the information page gives the meeting, the first agenda tab that answers its items."""
    report, db, url = _ingest(tmp_path, SESSIONNET_TABS_SITE, "bi/")
    assert not report.failures, report.failures
    assert report.meetings == 1
    meeting = next(db.query("select id, name, start from meetings"))
    assert (meeting["name"], meeting["start"]) == ("Integrationsrat", "2025-03-11T17:00")
    assert meeting["id"].endswith("si0050.asp?__ksinr=801")
    items = list(db.query("select number, public, result from agenda_items order by position"))
    assert items == [
        {"number": "Ö 1", "public": 1, "result": "zur Kenntnis genommen"},
        {"number": "Ö 2", "public": 1, "result": "einstimmig empfohlen; Abstimmung: Ja: 12, Nein: 0, Enthaltungen: 0"},
        {"number": "N 3", "public": 0, "result": None},
    ]
    files = {r["name"]: (r["meeting"] is not None, r["agenda_item"]) for r in db.query(
        "select name, meeting, agenda_item from files")}
    assert set(files) == {"Einladung", "Präsentation Integrationsbüro"}  # a non-public item's file is not fetched
    assert files["Präsentation Integrationsbüro"][1].endswith("#TOPÖ1")


def test_sessionnet6_is_read_through_its_interface(tmp_path):
    """SessionNet 6 answers every page with its app; meetings, agendas and the items' files come from api/v1/."""
    report, db, url = _ingest(tmp_path, SESSIONNET6_SITE, "")
    assert not report.failures, report.failures
    meetings = {r["name"]: r for r in db.query("select m.name, m.start, m.location, o.name as body from meetings m "
                                                "left join organizations o on o.id = m.organization")}
    assert set(meetings) == {"12. Sitzung des Hauptausschusses", "7. Sitzung des Stadtrates"}
    held = meetings["12. Sitzung des Hauptausschusses"]
    assert (held["start"], held["location"], held["body"]) == ("2025-03-12T17:00", "Rathaus, Großer Saal, Musterstadt",
                                                               "Hauptausschuss")
    items = list(db.query("select number, name, result from agenda_items order by position"))
    assert [(i["number"], i["result"]) for i in items] == [
        ("Ö 1", "bestätigt"),
        ("Ö 2", "mehrheitlich beschlossen; Abstimmung: Ja: 9, Nein: 2, Enthaltungen: 1, Befangen: 0"),
    ]  # the non-public item (oSt 2) is not stored
    file = next(db.query("select name, agenda_item, text from files"))
    assert file["name"] == "Beschlussvorlage Jugendtreff"
    assert file["agenda_item"].endswith("sitzungen/3101#top-51003")
    assert "Jugendtreff" in file["text"]

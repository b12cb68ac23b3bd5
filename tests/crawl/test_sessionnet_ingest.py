"""The SessionNet loader against a site the project wrote (crawl/fixtures/sessionnet_site/)."""

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

from ..helpers.paths import SESSIONNET_SITE


def test_loader_walks_calendar_meetings_agendas_papers_and_beratungen(tmp_path):
    city = City(slug="snstadt", name="SN-Stadt", ags="05999000", state="NW")
    with LocalSite(SESSIONNET_SITE) as site:
        city = dataclasses.replace(city, ris=Ris("sessionnet", f"{site.url}/bi/"))
        report = CityReport(city.slug)

        with Store(tmp_path / "s.db") as store, HttpClient(None) as client:
            ingest_city(Context(city=city, client=client, store=store, report=report, since=date(2025, 3, 1)))
    assert not report.failures, report.failures
    assert (report.meetings, report.papers_new, report.files) == (2, 1, 3)
    db = sqlite_utils.Database(tmp_path / "s.db")
    rows = list(db.query("select o.name, c.date, c.role, c.result, c.outcome from consultations c "
                         "join organizations o on o.id = c.organization order by c.date"))
    assert rows == [
        {"name": "Integrationsrat", "date": "2025-03-11", "role": "Vorberatung", "result": "ungeändert beschlossen", "outcome": "beschlossen"},
        {"name": "Sozialausschuss", "date": "2025-03-18", "role": "Entscheidung", "result": "geändert beschlossen", "outcome": "geaendert_beschlossen"},
    ]
    assert db["agenda_items"].count == 6
    assert {r["meeting"].rsplit("=", 1)[-1] for r in db.query("select meeting from consultations")} == {"501", "502"}
    paper = next(db.query("select reference, lead_office from papers"))
    assert paper == {"reference": "BV/0112/2025", "lead_office": "Fachbereich Soziales"}
    resolutions = [r["resolution_text"] for r in db.query("select resolution_text from agenda_items where number = 'Ö 2'")]
    assert sorted(resolutions) == ["Der Integrationsrat empfiehlt dem Rat, das Integrationskonzept zu beschließen.",
                                   "Der Sozialausschuss empfiehlt dem Rat, das Integrationskonzept zu beschließen."]
    committees = {r["name"]: (r["short_name"], r["url"]) for r in db["organizations"].rows}
    assert committees["Integrationsrat"] == ("IR", f"{site.url}/bi/kp0040.php?__kgrnr=11")
    assert committees["Sozialausschuss"][0] == "SozA"

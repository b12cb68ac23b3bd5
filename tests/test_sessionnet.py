"""SessionNet: parsers on real corpus pages (golden files) and the loader against a written fixture site."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest
import sqlite_utils

from pipeline.crawl.config import City, Ris
from pipeline.crawl.context import CityReport, Context
from pipeline.crawl.localsite import LocalSite
from pipeline.crawl.run import ingest_city
from pipeline.errors import LayoutChanged
from pipeline.fetch.client import HttpClient
from pipeline.store.writer import Store
from scrapers import sessionnet

from .conftest import FIXTURES, GOLDEN, corpus_file

PAGES = {
    "sessionnet/vo0050_luedenscheid_asp.html": (sessionnet.parse_paper, "https://ris.example.org/bi/vo0050.asp?__kvonr=2636"),
    "sessionnet/vo0050_eschweiler_php.html": (sessionnet.parse_paper, "https://ris.example.org/vo0050.php?__kvonr=12546"),
    "sessionnet/si0050_eschweiler_php.html": (sessionnet.parse_meeting, "https://ris.example.org/si0050.php?__ksinr=4849"),
    "sessionnet/si0057_schiffweiler_excerpt.html": (sessionnet.parse_meeting, "https://biswl.rznk.de/si0057.php?__ksinr=1192"),
}


@pytest.mark.corpus
@pytest.mark.parametrize("relative", sorted(PAGES))
def test_golden(relative):
    parse, url = PAGES[relative]
    result = dataclasses.asdict(parse(corpus_file(relative).read_bytes(), url))
    golden = GOLDEN / "sessionnet" / (relative.replace("/", "__") + ".json")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert result == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.corpus
def test_paper_fields_asp_and_php_variants():
    asp = sessionnet.parse_paper(corpus_file("sessionnet/vo0050_luedenscheid_asp.html").read_bytes(), PAGES["sessionnet/vo0050_luedenscheid_asp.html"][1])
    assert (asp.reference, asp.title, asp.paper_type) == ("166/2011", "Stellenplan für das Haushaltsjahr 2012", "Beschlussvorlage")
    assert [f.url.rsplit("/", 1)[-1] for f in asp.files] == ["getfile.asp?id=38966&type=do", "getfile.asp?id=39258&type=do"]
    php = sessionnet.parse_paper(corpus_file("sessionnet/vo0050_eschweiler_php.html").read_bytes(), PAGES["sessionnet/vo0050_eschweiler_php.html"][1])
    assert php.reference == "039/26"
    assert php.text.startswith("Die Ausschussmitglieder, die bisher noch nicht eingeführt")


@pytest.mark.corpus
def test_agenda_numbers_and_paper_links():
    """Quirk: the agenda tab si0057 numbers items "Ö n", e.g. https://biswl.rznk.de/si0057.php?__ksinr=1192"""
    meeting = sessionnet.parse_meeting(corpus_file("sessionnet/si0057_schiffweiler_excerpt.html").read_bytes(), PAGES["sessionnet/si0057_schiffweiler_excerpt.html"][1])
    assert [(i.number, i.paper_reference) for i in meeting.agenda_items] == [("Ö 1", None), ("Ö 2", "BV/473/2026"), ("Ö 4", None)]
    assert meeting.agenda_items[1].paper_url == "https://biswl.rznk.de/vo0050.php?__kvonr=3194"
    assert meeting.start == "2026-09-28T17:00"


def test_page_of_another_system_is_a_layout_change():
    with pytest.raises(LayoutChanged, match="SessionNet page marker not found"):
        sessionnet.parse_paper(b"<html><body><h1>Hallo</h1></body></html>", "https://x/vo0050.php?__kvonr=1")


def test_loader_walks_calendar_meetings_agendas_papers_and_beratungen(tmp_path):
    city = City(slug="snstadt", name="SN-Stadt", ags="05999000", state="NW")
    with LocalSite(FIXTURES / "sessionnet" / "site") as site:
        city = dataclasses.replace(city, ris=Ris("sessionnet", f"{site.url}/bi/"))
        report = CityReport(city.slug)
        from datetime import date

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


def test_older_asp_layout_with_ydocstart_forms_and_inline_beratungsfolge():
    """Quirk: older SessionNet posts document forms to ydocstart.asp (fixture written by the project)."""
    page = (FIXTURES / "sessionnet" / "vo0050_ydocstart.asp.html").read_bytes()
    paper = sessionnet.parse_paper(page, "https://ris.example.org/bi/vo0050.asp?__kvonr=931&x=1")
    assert (paper.url, paper.reference, paper.title, paper.date) == (
        "https://ris.example.org/bi/vo0050.asp?__kvonr=931", "VO/2019/0931", "Sprachförderung in Kitas", "2019-05-04")
    assert [(f.name, f.url) for f in paper.files] == [
        ("Antrag (PDF)", "https://ris.example.org/bi/ydocstart.asp?DOLFDNR=123456")]
    assert [(c.organization, c.role, c.date, c.result) for c in paper.consultations] == [
        ("Jugendhilfeausschuss", "Vorberatung", "2019-05-04", "abgelehnt")]

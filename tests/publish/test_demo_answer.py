"""The offline demo answers the research question with the four cities' public record (issue 15), and
every link in it opens while `pipeline serve` shows it.

The demo is the project's re-creation of the cities' public documents (dev/demo_site.py); the facts
checked here are those the issue lists: numbers, bodies, dates, outcomes, the declared action fields
in the documents' own words, and the steps each process went through.
"""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from ..helpers.serving import pipeline_serve

STEP = " → "


@pytest.fixture(scope="module")
def site(demo_db):
    with pipeline_serve(demo_db) as base:
        yield base


def _open(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _rows(site: str, path: str) -> list[dict]:
    status, body = _open(site + path)
    assert status == 200, path
    return json.loads(body)


@pytest.fixture(scope="module")
def answer(site) -> dict[str, dict]:
    rows = _rows(site, "/ratsinfo/staedtevergleich.json?_shape=array&stadt=")
    assert len({(r["stadt"], r["dokument"]) for r in rows}) == len(rows), "one row per city and document"
    return {r["stadt"]: r for r in rows}


def test_every_city_has_one_row(answer):
    assert sorted(answer) == ["Herdecke", "Herne", "Herten", "Rostock"]


def test_herne_leitlinien_2007(answer):
    herne = answer["Herne"]
    assert (herne["vorlage"], herne["dokument"]) == ("2007/0189", "Leitlinien für die Integrationsarbeit in Herne")
    assert herne["wortlaut_der_liste"].split(" | ") == [
        "Sprache", "Bildung", "Interkulturelle Öffnung der Verwaltung", "Stadtteilorientierte Förderung der Integration",
        "Arbeitspolitik", "Wohnungspolitik", "Stadtentwicklung und -planung"]
    assert {"Sprache", "Bildung", "Interkulturelle Öffnung", "Ausbildung und Arbeit", "Wohnen und Quartier"} <= set(
        herne["erklaerte_handlungsfelder"].split("; "))
    assert herne["verfahren"].split(STEP) == [
        "2003-06 Rat der Stadt Herne Beschluss (beschlossen)",
        "2007-03-15 Integrationsrat (Vorberatung): beschlossen",
        "2007-03-20 Haupt- und Finanzausschuss (Vorberatung): beschlossen",
        "2007-03-27 Rat der Stadt (Entscheidung): beschlossen ✔ beschließend"]
    assert herne["beschluss"] == "2007-03-27 Rat der Stadt: beschlossen"
    assert herne["quelle"].endswith("DOLFDNR=1892&options=64#page=1"), "the Leitlinien's page with the list"


def test_rostock_commission_2011(answer):
    rostock = answer["Rostock"]
    assert rostock["vorlage"] == "2011/BV/2285" and rostock["art"] == "Beschlussvorlage"
    assert rostock["verfahren"].split(STEP) == [
        "2011-06-15 Ausschuss für Soziales, Gesundheit und Migration (Vorberatung): beschlossen",
        "2011-06-29 Bürgerschaft (Entscheidung): beschlossen ✔ beschließend"]
    assert rostock["beschluss"] == "2011-06-29 Bürgerschaft: beschlossen"
    assert rostock["erklaerte_handlungsfelder"] is None, "the commission declares no field of its own"


def test_herdecke_process_from_its_document(answer):
    herdecke = answer["Herdecke"]
    assert herdecke["vorlage"] is None
    assert herdecke["wortlaut_der_liste"].split(" | ") == [
        "Ausbildung und Arbeit", "Sprache und Bildung", "Wohnen und Quartier", "Teilhabe und Engagement"]
    assert herdecke["erklaerte_handlungsfelder"] == (
        "Ausbildung und Arbeit; Bildung; Sprache; Teilhabe und Engagement; Wohnen und Quartier")
    assert herdecke["verfahren"].split(STEP) == [
        "2016-12-08 Rat der Stadt Herdecke Auftrag",
        "2017-03-08 Ausschuss für Soziales Beratung",
        "2017-03-29 Steuerungsgruppe Auftrag",
        "2017-05-31 Veranstaltung",
        "2017-07-05 Veranstaltung",
        "2017-10-04 Veranstaltung",
        "2017-10-10 Veranstaltung",
        "2018 Rat der Stadt Herdecke geplant"]  # "im Rat" of the document's "Rat der Stadt Herdecke"
    assert herdecke["beschluss"] == "noch nicht beschlossen; geplant: 2018 Rat der Stadt Herdecke"
    assert herdecke["quelle"].endswith("/herdecke/integrationskonzept.pdf#page=1")


def test_herten_rahmenkonzept_2006(answer):
    herten = answer["Herten"]
    assert herten["wortlaut_der_liste"].split(" | ") == [
        "Sprachförderung", "Bildung / Erziehung", "Ausbildung / Arbeit", "Soziale Arbeit",
        "Wohnen / Quartiersmanagement", "Gesellschaftliche Integration / Interreligiöser Dialog"]
    assert herten["verfahren"].split(STEP) == [
        "2005 Integrationsrat Beratung", "2006-09 Rat der Stadt Herten Beschluss (beschlossen)"]
    assert herten["beschluss"] == "2006-09 Rat der Stadt Herten: beschlossen"


def test_every_stored_source_and_evidence_link_opens(site, demo_db):
    """Papers, meetings, files, mentions, process steps: each stored URL answers while the demo is served."""
    with sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True) as connection:
        urls = {url for (url,) in connection.execute(
            "select url from papers union select url from meetings union select url from files "
            "union select url from mentions union select url from process_steps union select url from agenda_items")
            if url}
    assert len(urls) >= 15
    for url in sorted(urls):
        assert url.startswith("http://127.0.0.1:8799/"), url
        status, body = _open(url)
        assert status == 200, url
        assert b"NACHBILDUNG" in body or url.endswith(".pdf") or b"%PDF" in body[:8], f"{url}: not marked as a re-creation"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "javascript:")):
            self.links.append(href)


@pytest.mark.parametrize("path", ["/", "/ratsinfo/staedtevergleich?stadt=", "/ratsinfo/process_steps",
                                  "/ratsinfo/mentions?label=topic", "/ratsinfo/papers", "/ratsinfo/files",
                                  "/ratsinfo/volltextsuche?suchbegriff=Integrationskonzept&stadt=&von=&bis=&ergebnis="])
def test_every_link_on_the_main_pages_opens(site, path):
    status, body = _open(site + path)
    assert status == 200
    parser = _Links()
    parser.feed(body.decode("utf-8"))
    links = {urljoin(site + path, href).split("#")[0] for href in parser.links}
    links = {link for link in links if urlsplit(link).hostname == "127.0.0.1"
             and not re.search(r"[?&]_sort(_desc)?=|/-/", link)}  # sorted variants and Datasette's own pages
    assert links, path
    for link in sorted(links):
        assert _open(link)[0] == 200, f"{path}: {link}"


def test_the_home_page_says_the_demo_is_a_re_creation_and_leads_to_the_answer(site):
    status, body = _open(site + "/")
    assert status == 200 and "Nachbildung" in body.decode("utf-8")
    assert 'href="/ratsinfo/staedtevergleich?stadt="' in body.decode("utf-8"), "one click from the home page"


def test_one_city_by_its_name(site, answer):
    rows = _rows(site, "/ratsinfo/staedtevergleich.json?_shape=array&stadt=Herdecke")
    assert [r["dokument"] for r in rows] == [answer["Herdecke"]["dokument"]]


def test_the_timeline_shows_every_citys_process(site):
    """The Stadtübersicht's timeline: process steps and the Beratungsfolge of policy papers, in all four cities."""
    from urllib.parse import urlencode

    from pipeline import resources

    dashboards = json.loads(resources.metadata().read_text(encoding="utf-8"))["plugins"]["datasette-dashboards"]
    sql = re.sub(r"\[\[.*?\]\]", "", dashboards["stadtuebersicht"]["charts"]["verfahren_zeitachse"]["query"])
    rows = _rows(site, "/ratsinfo.json?" + urlencode({"sql": sql, "_shape": "array"}))
    assert {r["stadt"] for r in rows} == {"Herdecke", "Herne", "Herten", "Rostock"}
    herne = [(r["datum"], r["art"]) for r in rows if r["stadt"] == "Herne"]
    assert ("2003-06", "Beschluss") in herne and ("2007-03-27", "Beratungsfolge") in herne
    assert ("2011-06-29", "Beratungsfolge") in [(r["datum"], r["art"]) for r in rows if r["stadt"] == "Rostock"]

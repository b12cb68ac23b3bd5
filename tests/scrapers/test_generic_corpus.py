"""The generic reader on real pages of the corpus (../shared/corpus, read in place; skipped when absent).

PROVOX, SD.NET RIM, RIS München, PARLIS, more! rubin and a TYPO3 council extension have no parser of their own
here; ALLRIS pages are read as if none claimed them, to show the reader needs no vendor's markup.
"""

from __future__ import annotations

import pytest

from scrapers.generic import parse_page

from ..conftest import corpus_file

pytestmark = pytest.mark.corpus


def _page(relative: str):
    return parse_page(corpus_file(relative).read_bytes(), f"https://example.org/{relative}")


def _rows(page) -> list[tuple]:
    return [(c.organization, c.date, c.role) for c in page.consultations]


def test_provox_paper_with_vote_columns():
    page = _page("other/provox_iip_hameln_vorlage_114-2026.html")
    assert (page.kind, page.reference, page.paper_type) == ("paper", "114/2026", None)
    assert page.title == "Umbesetzung von Ausschüssen und sonstigen Gremien"
    assert [(c.organization, c.date, c.result) for c in page.consultations] == [
        ("Verwaltungsausschuss", "2026-09-23", "Einstimmig"), ("Rat", "2026-10-08", "Ja 38, Nein 0, Enthaltung 0")]


def test_sdnet_rim_vorgang():
    page = _page("sdnet_rim_html/vorgang_wesel_rim4_excerpt.html")
    assert (page.kind, page.reference, page.paper_type) == ("paper", "T 02/325/26", "Vorlage zur Kenntnis")
    assert page.title == "Neu-/Umbesetzung von Ausschüssen Auswirkungen der Bildung der Gruppe AfW Aktiv für Wesel"
    assert _rows(page) == [("Rat", "2026-09-29", None)]


def test_muenchen_district_committee_agenda():
    page = _page("muenchen/risi_tagesordnung_ba06_sendling_excerpt.html")
    assert (page.kind, page.reference, page.paper_type, page.consultations) == ("meeting", None, None, [])
    assert page.title.startswith("Montag, 14. September 2026, 18:30 Uhr - BA 06 - Vollgremium")


@pytest.mark.parametrize("name, kind", [("parlis_frankfurt_trefferliste_niederschriften_excerpt.html", "document"),
                                        ("parlis_frankfurt_trefferliste_tagesordnungen_excerpt.html", "calendar")])
def test_parlis_hit_lists(name, kind):
    page = _page(f"parlis/{name}")
    assert (page.kind, page.title, page.reference) == (kind, "Trefferliste", None)


def test_rubin_meeting_in_a_script():
    page = _page("other/rubin_eibenstock_meeting_page_vue_props_excerpt.html")
    assert (page.kind, page.title, page.reference, page.date) == ("meeting", "20. Sitzung des Stadtrates",
                                                                   "2026-STR-240", "2026-09-10")


def test_typo3_calendar_in_a_data_attribute():
    page = _page("other/typo3_hwratssystem_gaiberg_kalender_excerpt.html")
    assert (page.kind, page.title) == ("calendar", "Sitzungskalender")
    assert "Gemeinderat" in page.text


def test_allris4_workflow_rows_read_without_the_allris_parser():
    page = _page("allris4/vo020_laatzen_allris4.1.5.html")
    assert (page.kind, page.reference, page.paper_type) == ("paper", "2026/245", "Antrag")
    assert _rows(page) == [
        ("Ortsrat Laatzen", "2026-08-25", "Anhörung"),
        ("Ausschuss für nachhaltige Stadtentwicklung und Feuerschutz", "2026-09-01", "Vorberatung"),
        ("Schulausschuss", "2026-06-29", "Vorberatung"), ("Schulausschuss", "2026-09-01", "Vorberatung"),
        ("Verwaltungsausschuss (nicht-öffentlich)", None, "Vorberatung"),
        ("Rat der Stadt Laatzen", "2026-09-03", "Entscheidung"), ("Schulausschuss", None, "Vorberatung")]
    assert [c.result for c in page.consultations][2] == "vertagt"


def test_allris_agenda_item_in_a_city_cms():
    page = _page("allris/to020_hildesheim_classic_in_city_cms.html")
    assert (page.kind, page.paper_type, page.title) == ("agenda_item", "Beschlussvorlage",
                                                        "Annahme von Zuwendungen durch den Rat")
    assert [(c.organization, c.date, c.result) for c in page.consultations] == [
        ("Rat der Stadt Hildesheim", "2025-03-31", "ungeändert beschlossen")]


def test_allris_responsive_paper_heading_prints_number_and_type():
    page = _page("allris/vo020_r_landkreis_osnabrueck_excerpt.html")
    assert (page.kind, page.reference, page.paper_type) == ("paper", "VO/2026/181", "Beschlussvorlage")
    assert page.title == "Fortführung Lütti in Bramsche und Melle / Förderung ODV in kreisangehörigen Kommunen"

"""ALLRIS parsers against fixtures the project wrote: the cases the corpus lacks."""

from __future__ import annotations

import pytest

from pipeline.errors import LayoutChanged
from scrapers import allris
from scrapers.base import make_soup

from ..helpers.extracting import extract_json
from ..helpers.paths import ALLRIS

URL = "https://www.herne.de/allris/vo020.asp?VOLFDNR=4711"


def load(name: str) -> bytes:
    return (ALLRIS / "fixtures" / name).read_bytes()


def test_one_body_with_two_sessions_gives_two_consultations():
    paper = allris.parse_paper(load("vo020_multi_session.html"), URL)
    assert [(c.organization, c.role, c.date, c.result) for c in paper.consultations] == [
        ("Sozialausschuss", "Vorberatung", "2015-05-04", "vertagt"),
        ("Sozialausschuss", "Vorberatung", "2015-06-01", "des Sozialausschusses beschlossen"),
        ("Rat der Stadt", "Entscheidung", "2015-06-23", "mit Änderungen beschlossen"),
        ("Integrationsrat", "Kenntnisnahme", None, None),
    ]
    first = paper.consultations[0]
    assert first.meeting_url == "https://www.herne.de/allris/to010.asp?SILFDNR=601"
    assert first.agenda_item_url == "https://www.herne.de/allris/to020.asp?TOLFDNR=7701"
    assert paper.consultations[3].status == "Geplant"


def test_header_fields_and_files():
    paper = allris.parse_paper(load("vo020_multi_session.html"), URL)
    assert paper.reference == "2019/0931"
    assert paper.title == "Integrationskonzept für die Stadt Fortschreibung der Handlungsfelder Sprache und Bildung"
    assert (paper.paper_type, paper.status, paper.lead_office) == (
        "Beschlussvorlage",
        "öffentlich",
        "Fachbereich Soziales",
    )
    assert paper.author == "Müller, Anna, Yilmaz, Deniz"
    assert [(f.name, f.url) for f in paper.files] == [
        ("Vorlage", "https://www.herne.de/allris/do027.asp?DOLFDNR=9901&options=64"),
        ("Anlage 1 Integrationskonzept", "https://www.herne.de/allris/___tmp/tmp/1/Integrationskonzept.pdf"),
    ]


def test_body_text_joins_split_words():
    paper = allris.parse_paper(load("vo020_multi_session.html"), URL)
    assert paper.text.startswith("Die Verwaltung legt das Integrationskonzept vor.")
    assert "Es ersetzt die Vorlage 2012/0188." in paper.text


def test_renamed_label_raises_layout_changed_naming_url_and_element():
    renamed = load("vo020_multi_session.html").replace(b"Betreff:", b"Gegenstand:")
    with pytest.raises(LayoutChanged) as caught:
        allris.parse_paper(renamed, URL)
    assert caught.value.url == URL
    assert str(caught.value) == f"{URL}: page no longer matches the ALLRIS layout: 'Betreff' field not found"


def test_page_that_is_not_allris():
    with pytest.raises(LayoutChanged, match="ALLRIS page marker not found"):
        allris.parse_paper(b"<html><body><h1>Wartungsarbeiten</h1></body></html>", URL)


def test_url_builders():
    base = "https://www.herne.de/allris/"
    from datetime import date

    assert allris.paper_list_url(base) == base + "vo040.asp"
    assert allris.paper_list_url(base, date(2025, 1, 31)) == base + "vo040.asp?VO040FIL4=31.01.2025-"
    assert allris.calendar_url(base, 2025, 3) == base + "si010_e.asp?MM=3&YY=2025"
    assert allris.canonical(base + "to010.asp?topSelected=1&SILFDNR=5", "SILFDNR") == base + "to010.asp?SILFDNR=5"


def test_extract_reads_a_layout_variant_its_parser_does_not_know_as_a_generic_page(tmp_path):
    """A renamed label (a new ALLRIS version) no longer refuses the page: the generic reader reads it, and says so."""
    renamed = load("vo020_multi_session.html").replace(b"Betreff:", b"Gegenstand:")
    path = tmp_path / "vo020.html"
    path.write_bytes(renamed)
    data = extract_json(path)
    assert "system" not in data
    assert data["text_note"] == ("ALLRIS (classic) paper layout not recognised ('Betreff' field not found); "
                                 "read as a generic page")
    assert data["title"], "the generic reader finds the subject under its new label"


@pytest.mark.parametrize(("heading", "reference"), [
    ("Schriftliche Kenntnisgabe - K 2026/0725", "K 2026/0725"),  # ALLRIS 4.1.7, Wolfsburg: any type before the number
    ("Beschlussvorlage - BV/0042/2025", "BV/0042/2025"),
    ("VO/2026/181 - öffentliche Beschlussvorlage", "VO/2026/181"),
    ("Vorlagenübersicht", None),
    ("Tagesordnung - 12. Sitzung des Rates", None),  # a subject with a number is no reference
])
def test_the_reference_in_a_papers_heading(heading, reference):
    soup = make_soup(f'<main><h1 class="title">{heading}</h1></main>'.encode())
    assert allris._parse_reference(soup) == reference


@pytest.mark.parametrize(("printed", "day"), [
    ("2026 Oct 21", "2026-10-21"), ("Jan 29, 2026", "2026-01-29"), ("Januar 2026", None), ("Feb 30, 2026", None),
])
def test_allris4_dates_printed_in_english(printed, day):
    # Wolfsburg's ALLRIS 4.1.7 prints its Beratungsfolge days as "Jan 29, 2026".
    assert allris._english_date(printed) == day

"""SD.NET RIM HTML pages: a snapshot of what the parser reads from each page the project wrote and from the real
page of the corpus, `pipeline extract` on each, and the pages that no longer fit.

Rewrite the snapshots in rim/snapshots/ with UPDATE_SNAPSHOTS=1 after a deliberate parser change and review the diff.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.crawl.systems import SYSTEMS
from pipeline.errors import LayoutChanged
from scrapers import rim
from scrapers.base import ROW_CAP

from ...conftest import corpus_file
from ...helpers.extracting import extract_json
from ...helpers.paths import RIM
from ...helpers.snapshots import as_json, check_snapshot
from ...test_fuzz import html_like, mutated, records_or_parse_error

BASE = "https://ris.beispielstadt.de/"
PAGES = {  # fixture -> (page kind, the URL it is read as)
    "vorgang_beschlussvorlage.html": ("paper", BASE + "vorgang/?__=QmVpc3BpZWxWb3JnYW5nMTQy"),
    "vorgang_latin1_ohne_klassen.html": ("paper", "https://ris.musterhausen.de/rim/vorgang/?__=TXVzdGVyNw"),
    "vorgang_tagesordnungspunkt.html": ("agenda_item", BASE + "vorgang/?__=QmVpc3BpZWxUb3A0NzA1"),
    "tops_tagesordnung.html": ("meeting", BASE + "tops/?__=QmVpc3BpZWxTaXR6dW5nMzE"),
    "vorlagen_liste.html": ("paper_list", BASE + "vorlagen"),
    "termine_liste.html": ("calendar", BASE + "termine"),
    "termine_export.ics": ("calendar", BASE + "termine/ics/?__=QmVpc3BpZWxFeHBvcnQ"),
}
PARSERS = SYSTEMS["rim"].parsers  # the parser the registry names for each page kind
WESEL = "sdnet_rim_html/vorgang_wesel_rim4_excerpt.html"
WESEL_URL = "https://ris.wesel.de/vorgang/?__=UGhVM0hpd2NXNFdFcExjZZX_vMqiAbzwPeEl-j4Ermw"


def _page(name: str) -> bytes:
    return (RIM / "fixtures" / name).read_bytes()


def test_every_page_kind_has_a_written_fixture():
    assert {kind for kind, _ in PAGES.values()} == set(PARSERS)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_snapshot(name):
    kind, url = PAGES[name]
    check_snapshot(RIM / "snapshots" / "fixtures" / f"{name}.json", as_json(PARSERS[kind](_page(name), url)))


@pytest.mark.parametrize("name", sorted(n for n in PAGES if n.endswith(".html")))
def test_extract_reports_kind_and_system(name):
    data = extract_json(RIM / "fixtures" / name)
    assert (data["kind"], data["system"]) == (PAGES[name][0], "rim")


@pytest.mark.corpus
def test_golden_wesel_vorgang():
    """The real page: 'Vorlage zur Kenntnis' labels the number, the Betreff has two lines, one Beratungsfolge row."""
    paper = rim.parse_paper(corpus_file(WESEL).read_bytes(), WESEL_URL)
    check_snapshot(RIM / "snapshots" / "corpus" / "vorgang_wesel_rim4_excerpt.html.json", as_json(paper))
    assert (paper.reference, paper.paper_type, paper.lead_office) == (
        "T 02/325/26", "Vorlage zur Kenntnis", "Büro des Bürgermeisters")
    assert paper.title == "Neu-/Umbesetzung von Ausschüssen Auswirkungen der Bildung der Gruppe AfW Aktiv für Wesel"
    assert [(c.organization, c.date, c.role, c.result) for c in paper.consultations] == [
        ("Rat", "2026-09-29", None, None)]
    assert paper.consultations[0].meeting_url == "https://ris.wesel.de/tops/?__=UGhVM0hpd2NXNFdFcExjZYWuCQwzOiw2bkwmCBDEezw"
    assert [(f.name, f.role) for f in paper.files] == [
        ("Vorlage zur Kenntnis T 02/325/26", "paper"), ("Übersichten Besetzung der Ausschüsse", "attachment")]


@pytest.mark.corpus
def test_extract_dispatches_the_wesel_page_to_rim():
    data = extract_json(corpus_file(WESEL))
    assert (data["kind"], data["system"], data["reference"]) == ("paper", "rim", "T 02/325/26")


def test_beratungsfolge_read_by_header_text_without_classes_and_no_row_made_up():
    """The Latin-1 variant names its columns Datum/Gremium/Zuständigkeit/Status; its empty last row is no consultation."""
    paper = rim.parse_paper(_page("vorgang_latin1_ohne_klassen.html"), PAGES["vorgang_latin1_ohne_klassen.html"][1])
    assert paper.title == "„Sprachcafé“ in der Gemeindebücherei – Antrag auf Förderung"
    assert [(c.organization, c.date, c.role, c.status, c.result) for c in paper.consultations] == [
        ("Haupt- und Finanzausschuss", "2024-11-21", "Vorberatung", "erledigt", None),
        ("Gemeinderat", "2024-12-05", "Entscheidung", "geplant", None)]


def test_result_is_the_printed_decision_and_vote_without_document_names():
    paper = rim.parse_paper(_page("vorgang_beschlussvorlage.html"), PAGES["vorgang_beschlussvorlage.html"][1])
    assert [c.result for c in paper.consultations] == [
        "Einstimmig empfohlen", "geändert beschlossen; Ja 31, Nein 4, Enthaltungen 2", None]
    assert "Sitzungspaket zusammenstellen" not in [f.name for f in paper.files]


def test_agenda_sections_numbers_and_the_own_pages_of_items_without_a_paper():
    meeting, own = rim.parse_meeting_page(_page("tops_tagesordnung.html"), PAGES["tops_tagesordnung.html"][1])
    assert [(i.number, i.public, i.paper_reference) for i in meeting.agenda_items] == [
        ("Ö 1", True, None), ("Ö 2", True, "BV/0142/2025"), ("Ö 2.1", True, "AN/0151/2025"), ("Ö 3", True, None),
        ("N 1", False, "BV/0139/2025")]
    assert own == {meeting.agenda_items[0].url: BASE + "vorgang/?__=QmVpc3BpZWxUb3A0NzA1"}
    assert [f.role for f in meeting.files] == ["invitation", "protocol"]  # the generated Sitzungspaket is left out
    # an item without a paper keeps its documents; those of an item with a paper are the paper's
    assert [(i.number, [f.name for f in i.files]) for i in meeting.agenda_items if i.files] == [
        ("Ö 3", ["Sachstand Sprachkurse"])]


def test_agenda_item_takes_the_row_of_its_meeting():
    page = _page("vorgang_beschlussvorlage.html")
    rat = rim.parse_agenda_item(page, BASE + "vorgang/?__=x", meeting_url=BASE + "tops/?__=QmVpc3BpZWxTaXR6dW5nMzc")
    assert (rat.result, rat.paper_reference) == ("geändert beschlossen; Ja 31, Nein 4, Enthaltungen 2", "BV/0142/2025")
    assert rim.parse_agenda_item(page, BASE + "vorgang/?__=x").result is None  # three rows: none is guessed
    assert rat.files == []  # a paper's documents stay the paper's
    own = rim.parse_agenda_item(_page("vorgang_tagesordnungspunkt.html"), PAGES["vorgang_tagesordnungspunkt.html"][1],
                                meeting_url=BASE + "tops/?__=QmVpc3BpZWxTaXR6dW5nMzE")
    assert (own.result, [(f.name, f.role) for f in own.files]) == ("zur Kenntnis genommen", [("Beschluss", "resolution")])


def test_ical_export_times_and_events_without_an_agenda():
    links = rim.parse_calendar(_page("termine_export.ics"), PAGES["termine_export.ics"][1])
    # 15:30 UTC is 16:30 in Germany in March; the Klausurtagung links no tops page and is left out
    assert [(m.name, m.start) for m in links] == [
        ("Ausschuss für Soziales und Integration", "2025-03-13T17:00"), ("Rat", "2025-03-25T16:30")]


def test_paper_list_names_each_papers_last_meeting_and_the_next_page():
    page = rim.parse_paper_list_page(_page("vorlagen_liste.html"), BASE + "vorlagen")
    assert [(r.paper.reference, r.meeting.date if r.meeting else None) for r in page.rows] == [
        ("MV/0160/2025", None), ("AN/0151/2025", "2025-03-25"), ("BV/0142/2025", "2025-05-14")]
    assert page.next_url == BASE + "vorlagen?__=QmVpc3BpZWxTZWl0ZTI"


def test_page_of_another_system_is_a_layout_change():
    with pytest.raises(LayoutChanged, match="SD.NET RIM page marker not found"):
        rim.parse_paper(b"<html><body><h1>Hallo</h1></body></html>", BASE + "vorgang/?__=1")


def test_vorgang_without_betreff_is_a_layout_change():
    page = b'<html><body><div id="rimcontent"><div id="div-content" class="vorgang"><h1>Vorgang</h1></div></div></body></html>'
    with pytest.raises(LayoutChanged, match=r"vorgang/\?__=2: .*'Betreff' field not found"):
        rim.parse_paper(page, BASE + "vorgang/?__=2")


def test_meeting_without_its_name_is_a_layout_change():
    page = b'<html><head><title>Sitzungstermin - SD.NET RIM 4</title></head><body><h1>Tagesordnung</h1></body></html>'
    with pytest.raises(LayoutChanged, match=r"meeting name \('Sitzung'\) not found"):
        rim.parse_meeting(page, BASE + "tops/?__=3")


def test_paper_list_without_its_table_is_a_layout_change():
    with pytest.raises(LayoutChanged, match="paper list table not found"):
        rim.parse_paper_list(b"<html><head><title>Vorlagen - SD.NET RIM 4</title></head><body></body></html>",
                             BASE + "vorlagen")


def test_an_endless_beratungsfolge_is_cut_and_says_so():
    row = ('<tr><td class="column-beginn">Do, 13.03.2025</td><td class="column-gremium">Rat</td>'
           '<td class="column-ergebnis">vertagt</td></tr>')
    page = ('<html><head><title>Vorgang X 1/2025 - SD.NET RIM 4</title></head><body><div id="div-content" class="vorgang">'
            '<h1>Vorgang X 1/2025</h1><table class="table-details"><tr><th>Betreff:</th><td>Endlos</td></tr></table>'
            '<table class="table-data table-vorgang"><tbody>' + row * (ROW_CAP + 50) + "</tbody></table></div></body></html>")
    paper = rim.parse_paper(page.encode(), BASE + "vorgang/?__=4")
    assert len(paper.consultations) == ROW_CAP
    assert paper.notes and "50 table rows" in paper.notes[0]


SEEDS = [(RIM / "fixtures" / name).read_bytes() for name in sorted(PAGES)]
rim_tags = st.sampled_from([b'<table class="table-data table-vorgang">', b'<table class="table-details">', b"<tr>",
                            b'<td class="column-gremium">', b'<td class="column-beginn">', b"</td>", b"</tr>",
                            b'<th scope="row">Betreff:</th>', b'<a href="/tops/?__=x">', b'<a href="/vorgang/?__=">',
                            b"</a>", b"31.02.2025 24:00", b"BEGIN:VEVENT\r\nDTSTART:20251399T9999Z", b"\xe4\xf6"])


@given(st.one_of(html_like, mutated(SEEDS, st.lists(st.one_of(rim_tags, st.binary(max_size=20)), max_size=20)
                                      .map(b"".join))))
def test_parsers_return_records_or_parse_error(content):
    for parse in (*PARSERS.values(), rim.parse_paper_list_page, rim.parse_meeting_page, rim.parse_calendar_page):
        records_or_parse_error(parse, content, BASE + "vorgang/?__=fuzz")


def test_a_number_row_labelled_by_the_series_gives_no_paper_type():
    """Kleve's vorgang page labels its number "Drucksache XI.:" (the council term), which is no type."""
    page = _page("vorgang_beschlussvorlage.html").replace(b"Beschlussvorlage:</th>", b"Drucksache XI.:</th>")
    paper = rim.parse_paper(page, PAGES["vorgang_beschlussvorlage.html"][1])
    assert paper.reference is not None and paper.paper_type is None
    typed = rim.parse_paper(_page("vorgang_beschlussvorlage.html"), PAGES["vorgang_beschlussvorlage.html"][1])
    assert typed.paper_type == "Beschlussvorlage"

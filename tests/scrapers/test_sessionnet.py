"""SessionNet parsers on real corpus pages (with snapshots in sessionnet/snapshots/corpus/) and on pages the project wrote.

Rewrite the snapshots after a deliberate parser change with UPDATE_SNAPSHOTS=1 and review the diff.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import LayoutChanged
from pipeline.errors import ParseError
from scrapers import sessionnet, sessionnet6
from scrapers.base import make_soup

from ..conftest import corpus_file
from ..helpers.extracting import extract_error, extract_json
from ..helpers.paths import SESSIONNET
from ..helpers.snapshots import as_json, check_snapshot

PAGES = {
    "sessionnet/vo0050_luedenscheid_asp.html": (sessionnet.parse_paper, "https://ris.example.org/bi/vo0050.asp?__kvonr=2636"),
    "sessionnet/vo0050_eschweiler_php.html": (sessionnet.parse_paper, "https://ris.example.org/vo0050.php?__kvonr=12546"),
    "sessionnet/si0050_eschweiler_php.html": (sessionnet.parse_meeting, "https://ris.example.org/si0050.php?__ksinr=4849"),
    "sessionnet/si0057_schiffweiler_excerpt.html": (sessionnet.parse_meeting, "https://biswl.rznk.de/si0057.php?__ksinr=1192"),
    "sessionnet/si0057_kaiserslautern_5.4.6_asp_full.html": (sessionnet.parse_meeting, "https://ris.example.org/si0057.asp?__ksinr=2331"),
    "sessionnet/to0040_halle_5.3.3_layout4_votes_excerpt.html": (sessionnet.parse_meeting, "https://buergerinfo.halle.de/to0040.asp?__ksinr=21804"),
    "sessionnet/to0040_schiffweiler_4.9.6_php_excerpt.html": (sessionnet.parse_meeting, "https://biswl.rznk.de/to0040.php?__ksinr=1192"),
    "sessionnet/si0056_sulzberg_5.5.0_cards_excerpt.html": (sessionnet.parse_meeting, "https://ris.example.org/si0056.asp?__ksinr=161"),
    "sessionnet/si0040_halle_5.3.3_layout4_excerpt.html": (sessionnet.parse_calendar, "https://buergerinfo.halle.de/si0040.asp?__cjahr=2026&__cmonat=9"),
    "sessionnet/si0040_schiffweiler_4.9.6_php_excerpt.html": (sessionnet.parse_calendar, "https://biswl.rznk.de/si0040.php"),
    "sessionnet/kp0040_eschweiler_5.5.5_php.html": (sessionnet.parse_committee, "https://ris.example.org/kp0040.php?__kgrnr=107"),
    "sessionnet/sessionnet6_sangerhausen_sitzungen.json": (sessionnet.parse_calendar, "https://buergerinfo.sangerhausen.de/api/v1/sitzungen?von=2026-09-01&bis=2026-10-31"),
    "sessionnet/sessionnet6_sangerhausen_tagesordnung_2217.json": (sessionnet.parse_meeting, "https://buergerinfo.sangerhausen.de/api/v1/sitzungen/2217/tagesordnung"),
}


@pytest.mark.corpus
@pytest.mark.parametrize("relative", sorted(PAGES))
def test_golden(relative):
    parse, url = PAGES[relative]
    result = as_json(parse(corpus_file(relative).read_bytes(), url))
    check_snapshot(SESSIONNET / "snapshots" / "corpus" / (relative.replace("/", "__") + ".json"), result)


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


def test_older_asp_layout_with_ydocstart_forms_and_inline_beratungsfolge():
    """Quirk: older SessionNet posts document forms to ydocstart.asp (fixture written by the project)."""
    page = (SESSIONNET / "fixtures" / "vo0050_ydocstart.asp.html").read_bytes()
    paper = sessionnet.parse_paper(page, "https://ris.example.org/bi/vo0050.asp?__kvonr=931&x=1")
    assert (paper.url, paper.reference, paper.title, paper.date) == (
        "https://ris.example.org/bi/vo0050.asp?__kvonr=931", "VO/2019/0931", "Sprachförderung in Kitas", "2019-05-04")
    assert [(f.name, f.url) for f in paper.files] == [
        ("Antrag (PDF)", "https://ris.example.org/bi/ydocstart.asp?DOLFDNR=123456")]
    assert [(c.organization, c.role, c.date, c.result) for c in paper.consultations] == [
        ("Jugendhilfeausschuss", "Vorberatung", "2019-05-04", "abgelehnt")]


def parsed(relative: str):
    parse, url = PAGES[relative]
    return parse(corpus_file(relative).read_bytes(), url)


@pytest.mark.corpus
@pytest.mark.parametrize("relative", sorted(p for p in PAGES if p.endswith(".html")))
def test_extract_reads_every_saved_page_as_sessionnet(relative):
    """Regression: `pipeline extract` read SessionNet pages as generic documents; every page kind is the parser's."""
    data = extract_json(corpus_file(relative))
    assert data["system"] == "sessionnet"


@pytest.mark.corpus
def test_calendars_link_the_meeting_whichever_tab_they_name_with_its_day():
    """Regression: calendars linking to0040 (Halle) or si0057 (Schiffweiler) gave no meetings or no dates."""
    halle = parsed("sessionnet/si0040_halle_5.3.3_layout4_excerpt.html")
    assert [(m.url, m.name, m.start) for m in halle] == [
        ("https://buergerinfo.halle.de/si0050.asp?__ksinr=21804", "Bildungsausschuss", "2026-09-01T17:00"),
        ("https://buergerinfo.halle.de/si0050.asp?__ksinr=21850", "Betriebsausschuss Eigenbetrieb Kindertagesstätten",
         "2026-09-04T16:00")]
    schiffweiler = parsed("sessionnet/si0040_schiffweiler_4.9.6_php_excerpt.html")
    assert [(m.url, m.date) for m in schiffweiler] == [("https://biswl.rznk.de/si0050.php?__ksinr=1192", "2026-09-28"),
                                                      ("https://biswl.rznk.de/si0050.php?__ksinr=1197", "2026-09-28")]
    assert schiffweiler[0].start == "2026-09-28T17:00"


@pytest.mark.corpus
def test_to0040_agenda_items_keep_result_and_vote_as_printed():
    """Regression: to0040 (layout 4) agendas gave no results; the result rows below an item are its result, the
    vote kept raw after the decision, and the group rows say which items are public."""
    meeting = parsed("sessionnet/to0040_halle_5.3.3_layout4_votes_excerpt.html")
    assert (meeting.name, meeting.start) == ("Bildungsausschuss", "2026-09-01T17:00")
    assert [(i.number, i.public, i.result, i.paper_reference) for i in meeting.agenda_items] == [
        ("Ö 1", True, None, None),
        ("Ö 3.1", True, None, None),
        ("Ö 4.1", True, "einstimmig zugestimmt; Abstimmung: Ja: 4, Nein: 0, Enthaltungen: 6, Befangen: 0", None),
        ("Ö 5.1", True, "einstimmig zugestimmt", "VIII/2026/02530"),
        ("N 10", False, None, None),
        ("N 11", False, "einstimmig zugestimmt", "VIII/2026/02600"),
    ]
    assert [f.name for f in meeting.agenda_items[3].files] == [
        "Beschlussvorlage VIII/2026/02530", "Anlage 1 Benutzungs- und Entgeltordnung für das kommunale Schülerwohnheim der Stadt Halle (Saale)"]
    assert meeting.files == []  # every document of the page belongs to an item


@pytest.mark.corpus
def test_top_list_cards_give_agenda_items_with_their_votes():
    """Regression: the card layout of the TOP list (si0056) gave a meeting without agenda items."""
    meeting = parsed("sessionnet/si0056_sulzberg_5.5.0_cards_excerpt.html")
    assert (meeting.name, meeting.start) == ("Sitzung des Marktgemeinderates", "2026-08-13T19:30")
    assert [(i.number, i.url, i.result) for i in meeting.agenda_items] == [
        ("Ö 1", "https://ris.example.org/to0050.asp?__ktonr=2577", "Einstimmig beschlossen"),
        ("Ö 2", "https://ris.example.org/to0050.asp?__ktonr=2578",
         "Mehrheitlich beschlossen; Abstimmung: Ja: 16, Nein: 1, Anwesend: 0, Persönlich beteiligt: 0")]


@pytest.mark.corpus
def test_meeting_is_named_by_its_heading_not_by_its_short_name():
    """Regression: the 'Sitzung' row ("SUM/003/2026", "HuFA 08.09.2026") was taken as the meeting's name."""
    eschweiler = parsed("sessionnet/si0050_eschweiler_php.html")
    assert (eschweiler.name, eschweiler.organization) == ("Ausschuss für Stadtentwicklung, Umwelt und Mobilität",) * 2
    assert eschweiler.number == "SUM/003/2026"  # the "Sitzung" field holds its number
    kaiserslautern = parsed("sessionnet/si0057_kaiserslautern_5.4.6_asp_full.html")
    assert (kaiserslautern.name, kaiserslautern.start) == ("Haupt- und Finanzausschuss", "2026-09-08T09:30")
    assert kaiserslautern.number is None  # "HuFA 08.09.2026" is a short name, not a number
    assert [f.name for f in kaiserslautern.files] == ["Öffentliche Bekanntmachung"]  # the items' are theirs
    assert len(kaiserslautern.agenda_items[4].files) == 37
    assert [i.paper_reference for i in kaiserslautern.agenda_items if i.paper_reference] == [
        "0473/2026", "0474/2026", "0463/2026", "0475/2026"]


@pytest.mark.corpus
def test_committee_name_is_not_a_member_column():
    committee = parsed("sessionnet/kp0040_eschweiler_5.5.5_php.html")
    assert committee.name == "Anregungs- und Beschwerdeausschuss"


@pytest.mark.corpus
def test_sessionnet6_interface_answers():
    meetings = parsed("sessionnet/sessionnet6_sangerhausen_sitzungen.json")
    assert [(m.url.rsplit("/", 1)[-1], m.start, m.has_agenda) for m in meetings] == [
        ("2207", "2026-09-09T18:00", True), ("2217", "2026-09-10T16:00", True), ("2413", "2026-10-07T17:00", True),
        ("2580", "2026-10-09T16:00", False)]  # local times (sb), not the UTC "beginn"
    agenda = parsed("sessionnet/sessionnet6_sangerhausen_tagesordnung_2217.json")
    assert [(i.number, i.result) for i in agenda.agenda_items][2:5] == [
        ("Ö 6", None), ("Ö 6.1", "mehrheitlich beschlossen"), ("Ö 6.2", "mehrheitlich beschlossen")]
    assert extract_json(corpus_file("sessionnet/sessionnet6_sangerhausen_tagesordnung_2217.json"))["kind"] == "meeting"


@pytest.mark.corpus
def test_sessionnet6_app_page_says_where_its_data_is():
    """The app page holds no data: `pipeline extract` says so instead of 'no text in the html document'."""
    assert "SessionNet 6 app shell" in extract_error(corpus_file("sessionnet/sessionnet6_sangerhausen_shell.html"))


def test_paper_title_is_never_a_label():
    """Regression: "Betreff" was taken as a paper's title; an empty value is no title, nor a heading naming the kind."""
    page = ("<html><head><meta name='sessionnet' content='V:050500'><title>SessionNet | Vorlage</title></head><body>"
            "<div class='smc_page_vo0050_layout'><h1 class='smc_h1'>Betreff</h1><div class='smc-table'>"
            "<div class='smc-table-row'><div class='smc-table-cell smc-cell-head'>Betreff</div>"
            "<div class='smc-table-cell'></div></div>"
            "<div class='smc-table-row'><div class='smc-table-cell smc-cell-head'>Vorlage</div>"
            "<div class='smc-table-cell'>Art</div></div></div></div></body></html>").encode()
    with pytest.raises(LayoutChanged, match="'Betreff' field not found"):
        sessionnet.parse_paper(page, "https://ris.example.org/bi/vo0050.php?__kvonr=1")


def test_number_in_heading_and_type_with_sort_prefix():
    """Layout 6 headings read "Vorlage - UV/0190/2025"; a type's sort prefix ("02_") is no part of it."""
    paper = sessionnet.parse_paper((SESSIONNET / "fixtures" / "vo0050_layout6.asp.html").read_bytes(),
                                   "https://ris.example.org/bi/vo0050.asp?__kvonr=2190")
    assert (paper.reference, paper.title, paper.paper_type) == (
        "UV/0190/2025", "Bericht zur Schulwegsicherung 2025", "Unterrichtungsvorlage")


def test_vorlage_row_holding_a_kind_is_the_type():
    page = ("<html><head><meta name='sessionnet' content='V:050500'></head><body><table>"
            "<tr><th>Betreff:</th><td>Radweg am Markt</td></tr><tr><th>Vorlage:</th><td>Beschlussvorlage</td></tr>"
            "</table></body></html>").encode()
    paper = sessionnet.parse_paper(page, "https://ris.example.org/bi/vo0050.asp?__kvonr=3")
    assert (paper.reference, paper.paper_type) == (None, "Beschlussvorlage")


def test_agenda_item_page_names_its_meeting():
    """An agenda item page (to0050) gives its meeting's body and day with the item's result: its consultation."""
    item = sessionnet.parse_agenda_item((SESSIONNET / "fixtures" / "to0050_layout6.asp.html").read_bytes(),
                                        "https://ris.example.org/bi/to0050.asp?__ktonr=611002")
    assert item.consultation is not None
    assert (item.consultation.organization, item.consultation.date, item.consultation.meeting_url) == (
        "Haupt- und Finanzausschuss", "2025-05-21", "https://ris.example.org/bi/si0050.asp?__ksinr=6110")
    assert item.result == "mehrheitlich empfohlen; Abstimmung: Ja: 11, Nein: 4, Enthaltungen: 0"


def test_paper_list_asp_table_layout():
    """vo0040.asp (table layout, Latin-1): the Betreff links the paper; a repeated paper is read once, a "Vorlage"
    column holding a kind is the type, a paging row is none."""
    papers = sessionnet.parse_paper_list((SESSIONNET / "fixtures" / "vo0040_tables.asp.html").read_bytes(),
                                         "https://ris.example.org/bi/vo0040.asp")
    assert [(p.url, p.reference, p.title, p.date, p.paper_type) for p in papers] == [
        ("https://ris.example.org/bi/vo0050.asp?__kvonr=2240", "0473/2025", "Radweg an der Kreisstraße 12",
         "2025-05-05", "Beschlussvorlage"),
        ("https://ris.example.org/bi/vo0050.asp?__kvonr=931", "AN/0240/2025", "Sprachförderung in Kitas",
         "2019-05-04", "Antrag"),
        ("https://ris.example.org/bi/vo0050.asp?__kvonr=2251", None, "Bericht über die Jugendarbeit", None,
         "Mitteilungsvorlage"),
    ]


def test_paper_list_php_layout5():
    """vo0040.php (layout 5): the number links the paper; an empty Betreff is the link's title; the header
    "Name" is the number's column by its class; a search form above the list is no paper table."""
    papers = sessionnet.parse_paper_list((SESSIONNET / "fixtures" / "vo0040_layout5.php.html").read_bytes(),
                                         "https://ris.example.org/bi/vo0040.php?__cwpnr=1")
    assert [p.url.rsplit("/", 1)[-1] for p in papers] == [
        "vo0050.php?__kvonr=2231", "vo0050.php?__kvonr=2190", "vo0050.php?__kvonr=2245"]
    assert [p.reference for p in papers] == ["AN/0240/2025", "UV/0190/2025", "BV/0245/2025"]
    assert [p.title for p in papers] == [
        "Sprachkurse für Eltern in Familienzentren", "Bericht zur Schulwegsicherung 2025", "Haushaltssatzung 2026"]
    assert [p.date for p in papers] == ["2025-04-29", "2025-05-12", "2025-06-03"]
    assert [p.paper_type for p in papers] == ["Antrag", "Unterrichtungsvorlage", "Beschlussvorlage"]


def test_paper_list_headers_in_smctablehead_cells():
    page = ("<html><head><meta name='sessionnet' content='V:040600'></head><body><table>"
            "<tr><td class='smctablehead'>Drucksache</td><td class='smctablehead'>Titel</td>"
            "<td class='smctablehead'>Erstellt</td></tr>"
            "<tr><td>DS 12/2024</td><td><a href='vo0050.asp?__kvonr=12'>Spielplatz Nord</a></td><td>1.2.24</td></tr>"
            "</table></body></html>").encode()
    papers = sessionnet.parse_paper_list(page, "https://ris.example.org/bi/vo0040.asp")
    assert [(p.reference, p.title, p.date, p.paper_type) for p in papers] == [
        ("DS 12/2024", "Spielplatz Nord", "2024-02-01", None)]


def test_paper_list_without_paper_table_is_a_layout_change():
    """A SessionNet page without a table whose header names the papers' columns: the layout changed."""
    page = ("<html><head><meta name='sessionnet' content='V:050500'></head><body><table>"
            "<tr><th>Vorlagenart:</th><td><select name='__cvaname'></select></td></tr></table>"
            "<a href='vo0050.php?__kvonr=1'>Antrag</a></body></html>").encode()
    with pytest.raises(LayoutChanged, match="paper list table"):
        sessionnet.parse_paper_list(page, "https://ris.example.org/bi/vo0040.php")


def test_empty_paper_list_is_no_layout_change():
    page = ("<html><head><meta name='sessionnet' content='V:050500'></head><body><table>"
            "<thead><tr><th>Vorlage</th><th>Betreff</th><th>Datum</th></tr></thead><tbody></tbody>"
            "</table></body></html>").encode()
    assert sessionnet.parse_paper_list(page, "https://ris.example.org/bi/vo0040.php") == []


def test_extract_reads_a_paper_list():
    data = extract_json(SESSIONNET / "fixtures" / "vo0040_tables.asp.html")
    assert (data["kind"], data["system"]) == ("paper_list", "sessionnet")


_json = st.recursive(st.none() | st.booleans() | st.integers(-3, 10**6) | st.text(max_size=12),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                         st.sampled_from(["siNr", "dat", "sb", "name", "raum", "ort", "freigabeDatum", "toNr", "oSt",
                                          "nummer", "text", "textLang", "beschluss", "abstimmungErgebnis", "ja",
                                          "sort", "doNr", "ref", "grNr"]), inner, max_size=8), max_leaves=30)


@given(st.lists(st.dictionaries(st.sampled_from(["siNr", "dat", "sb", "name", "toNr", "oSt", "nummer", "text",
                                                 "beschluss", "abstimmungErgebnis", "sort", "doNr", "ref", "grNr"]),
                                _json, max_size=8), max_size=5) | _json)
def test_sessionnet6_answers_give_records_or_parse_error(value):
    """Whatever the interface answers, its readers give records or a ParseError naming the URL."""
    content = json.dumps(value).encode()
    url = "https://buergerinfo.example.org/api/v1/sitzungen/1/tagesordnung"
    for parse in (sessionnet.parse_calendar, sessionnet.parse_meeting, sessionnet6.parse_documents,
                  sessionnet6.parse_committees):
        try:
            parse(content, url)
        except ParseError as exc:
            assert url in str(exc)
    if isinstance(value, list):  # the loader's rows: the objects of a list answer, as meeting_rows keeps them
        for row in (row for row in value if isinstance(row, dict)):
            sessionnet6.meeting_record(row, "https://buergerinfo.example.org/", [])


def test_results_printed_as_boxes_in_a_table_rows_subject_cell():
    # Koblenz's SessionNet 5.4.7 si0057.php prints decision and vote in the subject's cell, not in a toerg cell.
    page = """<table><tr><td class="smc_tophn">Ö 5</td><td class="smc_topht">
        <a href="to0050.php?__ktonr=11">Bebauungsplan Nordhang</a>
        <div class="smc-table-cell-box-normal">
        <p class="smc_field_smcdv0_box2_beschluss"><strong>Beschluss:</strong> ungeändert beschlossen</p>
        <p class="smc_field_smcdv0_box2_abstimmung"><strong>Abstimmung:</strong> Ja:&nbsp;20, Nein:&nbsp;4,
        Enthaltung:&nbsp;2, Befangen:&nbsp;0</p></div></td></tr></table>""".encode()
    items, _ = sessionnet._agenda_rows(make_soup(page), "https://ris.example.org/bi/si0057.php?__ksinr=9")
    assert [(i.number, i.result) for i in items] == [
        ("Ö 5", "ungeändert beschlossen; Abstimmung: Ja: 20, Nein: 4, Enthaltung: 2, Befangen: 0")]

"""ALLRIS parsers against real pages from the shared corpus (read in place), with snapshots.

The snapshots are in allris/snapshots/corpus/; rewrite them after a deliberate parser change with
UPDATE_SNAPSHOTS=1 and review the diff.
"""

from __future__ import annotations

import pytest

from pipeline.errors import LayoutChanged
from scrapers import allris
from scrapers.base import decode_html

from ..conftest import corpus_file
from ..helpers.extracting import extract_json
from ..helpers.paths import ALLRIS
from ..helpers.snapshots import as_json, check_snapshot

pytestmark = pytest.mark.corpus
BASE = "https://ris.example.org/bi/"

PAGES = {
    "allris/vo020_hamburg_altona.html": ("paper", "vo020.asp?VOLFDNR=1018473"),
    "allris/vo020_hamburg_bergedorf.html": ("paper", "vo020.asp?VOLFDNR=1"),
    "allris/vo020_hamburg_eimsbuettel.html": ("paper", "vo020.asp?VOLFDNR=2"),
    "allris/vo020_hamburg_hamburg_mitte.html": ("paper", "vo020.asp?VOLFDNR=3"),
    "allris/vo020_hamburg_hamburg_nord.html": ("paper", "vo020.asp?VOLFDNR=4"),
    "allris/vo020_hamburg_harburg.html": ("paper", "vo020.asp?VOLFDNR=5"),
    "allris/vo020_hamburg_wandsbek.html": ("paper", "vo020.asp?VOLFDNR=6"),
    "allris/vo020_r_landkreis_osnabrueck_excerpt.html": ("paper", "vo020_r.asp?VOLFDNR=7"),
    "allris4/vo020_trier_allris4.1.7.html": ("paper", "vo020?VOLFDNR=8"),
    "allris/to010_hamburg_harburg.html": ("meeting", "to010.asp?SILFDNR=11"),
    "allris/to010_hamburg_nord_bezirksversammlung.html": ("meeting", "to010.asp?SILFDNR=12"),
    "allris/to010_hamburg_wandsbek.html": ("meeting", "to010.asp?SILFDNR=1003545"),
    "allris/to010_regensburg_excerpt.html": ("meeting", "to010.asp?SILFDNR=2667"),
    "allris/to020_hamburg_altona.html": ("agenda_item", "to020.asp?TOLFDNR=21"),
    "allris/to020_hamburg_bergedorf.html": ("agenda_item", "to020.asp?TOLFDNR=22"),
    "allris/to020_hamburg_hamburg_nord.html": ("agenda_item", "to020.asp?TOLFDNR=23"),
    "allris/si010_e_hamburg_calendar.html": ("calendar", "si010_e.asp"),
    "allris/vo040_hamburg_paper_list.html": ("paper_list", "vo040.asp"),
    "allris4/vo020_laatzen_allris4.1.5.html": ("paper", "vo020?VOLFDNR=1000238"),
    "allris4/to010_laatzen_allris4.1.5.html": ("meeting", "to010?SILFDNR=1000073"),
    "allris/to020_hildesheim_classic_in_city_cms.html": ("agenda_item", "to020.asp?TOLFDNR=76127"),
    "allris/si010_r_giesen_iso8859-15_excerpt.html": ("calendar", "si010_r.asp"),
    "allris/si010_r_landkreis_osnabrueck_excerpt.html": ("calendar", "si010_r.asp"),
    "allris/si010_regensburg_3.9.4_excerpt.html": ("calendar", "si010.asp"),
    "allris/si010_hohenhameln_3.9.4_excerpt.html": ("calendar", "si010.asp"),
    "allris/au020_hamburg_mitte_jha.html": ("committee", "au020.asp?AULFDNR=13"),
    "allris/fr020_hamburg_harburg_spd.html": ("committee", "fr020.asp?FRLFDNR=101"),
}
PARSERS = {
    "committee": allris.parse_committee,
    "paper": allris.parse_paper,
    "meeting": allris.parse_meeting,
    "agenda_item": allris.parse_agenda_item,
    "calendar": allris.parse_calendar,
    "paper_list": allris.parse_paper_list,
}


def parsed(relative: str):
    kind, page = PAGES[relative]
    return PARSERS[kind](corpus_file(relative).read_bytes(), BASE + page)


@pytest.mark.parametrize("relative", sorted(PAGES))
def test_golden(relative):
    check_snapshot(ALLRIS / "snapshots" / "corpus" / (relative.replace("/", "__") + ".json"), as_json(parsed(relative)))


def test_altona_paper_header_and_beratungsfolge():
    paper = parsed("allris/vo020_hamburg_altona.html")
    assert paper.reference == "22-2362"
    assert paper.title == "Umleitung der Metrobuslinie 1 Beschlussempfehlung des Mobilitätsausschusses"
    assert paper.paper_type == "Beschlussempfehlung"  # the publicity is the status field's
    assert [(c.organization, c.date) for c in paper.consultations] == [("Hauptausschuss", "2026-07-09")]
    assert paper.consultations[0].meeting_url == BASE + "to010.asp?SILFDNR=1004364"


def test_hamburg_words_split_across_spans_stay_whole():
    """Word-generated HTML splits 'Mobilitä</span><span>tsausschuss'; the text must not break it."""
    text = parsed("allris/vo020_hamburg_altona.html").text
    assert "Der Mobilitätsausschuss empfiehlt dem Hauptausschuss einstimmig" in text
    assert "Zuständigkeit für die Umleitung der Buslinie 1 bei der Behörde für Verkehr" in text
    assert "Mobilitä tsausschuss" not in text


def test_iso_8859_1_page_decodes_umlauts():
    raw = corpus_file("allris/vo020_hamburg_bergedorf.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "Unterstützungs-, Schutz- und Distanzierungsangebote" in decode_html(raw)
    assert parsed("allris/vo020_hamburg_bergedorf.html").title.startswith("Unterstützungs-, Schutz-")


def test_page_declaring_latin1_but_sent_as_utf8():
    paper = parsed("allris/vo020_r_landkreis_osnabrueck_excerpt.html")
    assert paper.title == "Fortführung Lütti in Bramsche und Melle / Förderung ODV in kreisangehörigen Kommunen"
    assert paper.reference == "VO/2026/181"
    assert [(c.organization, c.role, c.date, c.result) for c in paper.consultations] == [
        ("Ausschuss für Planen und Bauen", "Beratung", "2026-09-03", "ungeändert beschlossen"),
        ("Kreisausschuss", "Beratung", "2026-09-21", None),
        ("Kreistag des Landkreises Osnabrück", "Entscheidung", "2026-09-28", None),
    ]
    assert [f.name for f in paper.files] == ["Vorlage"], "the generated Sammeldokument is skipped"


def test_eimsbuettel_five_rows_keep_roles_and_planned_body():
    paper = parsed("allris/vo020_hamburg_eimsbuettel.html")
    assert [(c.organization, c.role, c.date) for c in paper.consultations] == [
        ("Hauptausschuss", "Kenntnisnahme", "2026-07-23"),
        ("Regionalausschuss Lokstedt/Niendorf/Schnelsen", "Kenntnisnahme", "2026-08-31"),
        ("Bezirksversammlung", "Kenntnisnahme", None),
    ]


def test_allris4_english_month_dates():
    paper = parsed("allris4/vo020_trier_allris4.1.7.html")
    assert paper.reference == "469/2026"
    assert paper.consultations[0].date == "2026-10-21"


def test_agenda_results_and_paper_links():
    meeting = parsed("allris/to010_regensburg_excerpt.html")
    assert meeting.start == "2026-09-22"
    assert [(i.number, i.result, i.paper_reference) for i in meeting.agenda_items] == [
        ("Ö 1", None, None),
        ("Ö 2", "ungeändert beschlossen", "VO/26/23344/63"),
        ("Ö 3", "ungeändert beschlossen", "VO/26/23343/D2"),
        ("Ö 5", "geändert beschlossen", "VO/26/23349/63"),
    ]


def test_calendar_keeps_meetings_without_agenda_and_flags_cancelled():
    meetings = parsed("allris/si010_e_hamburg_calendar.html")
    assert len(meetings) == 14
    assert sum(m.has_agenda for m in meetings) == 5
    cancelled = [m for m in meetings if allris.is_cancelled(m.name)]
    assert [m.date for m in cancelled] == ["2023-10-05"]


def test_paper_list_links():
    links = parsed("allris/vo040_hamburg_paper_list.html")
    assert len(links) == 50
    assert (links[0].reference, links[0].date, links[0].paper_type) == ("22-2402", "2026-07-07", "Antrag")


def test_non_paper_page_is_a_layout_change():
    with pytest.raises(LayoutChanged) as caught:
        allris.parse_paper(corpus_file("allris/fr010_hamburg_factions.html").read_bytes(), BASE + "vo020.asp?VOLFDNR=9")
    assert str(caught.value) == (
        f"{BASE}vo020.asp?VOLFDNR=9: page no longer matches the ALLRIS layout: 'Betreff' field not found"
    )


def test_version_is_read_per_page():
    from scrapers.base import make_soup

    assert allris.version(make_soup(corpus_file("allris4/vo020_trier_allris4.1.7.html").read_bytes())) == "4.1.7"
    assert allris.version(make_soup(corpus_file("allris/vo020_hamburg_altona.html").read_bytes())) == "3.9.5"



def test_allris4_page_without_a_beratungsfolge_has_no_consultations():
    page = corpus_file("allris4/vo020_trier_allris4.1.7.html").read_bytes().replace(b'id="bfTable"', b'id="other"')
    paper = allris.parse_paper(page, BASE + "vo020?VOLFDNR=1001540")
    assert (paper.reference, paper.consultations) == ("469/2026", [])


@pytest.mark.parametrize("relative", sorted(p for p in PAGES if "_r_" in p or "allris4/" in p or "hildesheim" in p))
def test_extract_reads_responsive_allris4_and_framed_pages_as_allris(relative):
    data = extract_json(corpus_file(relative))
    assert (data["kind"], data["system"]) == (PAGES[relative][0], "allris")


def test_responsive_calendars_get_their_dates():
    """Regression: si010_r calendars gave every meeting the date None (Giesen, LK Osnabrück)."""
    giesen = parsed("allris/si010_r_giesen_iso8859-15_excerpt.html")
    assert [(m.name, m.start) for m in giesen] == [("Sitzung des Ortsrates Giesen", "2026-09-02T19:00"),
                                                 ("Sitzung des Ortsrates Groß Förste", "2026-09-07T19:00")]
    osnabrueck = parsed("allris/si010_r_landkreis_osnabrueck_excerpt.html")
    assert [(m.date, m.url.rsplit("=", 1)[-1]) for m in osnabrueck] == [
        ("2026-09-01", "1601"), ("2026-09-02", "1561"), ("2026-09-03", "1575"), ("2026-09-28", "1543")]
    assert osnabrueck[0].start == "2026-09-01T15:02"


def test_classic_calendar_month_from_its_previous_and_next_links():
    regensburg = parsed("allris/si010_regensburg_3.9.4_excerpt.html")
    assert [m.date for m in regensburg] == ["2026-09-17", "2026-09-22"]


def test_calendar_without_any_month_leaves_the_date_open():
    """A calendar excerpt naming no month or year gives no date rather than a guessed one."""
    meetings = parsed("allris/si010_hohenhameln_3.9.4_excerpt.html")
    assert [(m.name, m.date) for m in meetings] == [("Sitzung Kulturverein", None),
                                                  ("Sitzung des Ortsrates Harber", None),
                                                  ("Sitzung des Ortsrates Hohenhameln", None)]
    assert [m.has_agenda for m in meetings] == [False, True, True]


def test_allris4_agenda_without_bezeichnung():
    """Regression: Laatzen's ALLRIS 4 to010 raised LayoutChanged "meeting name ('Bezeichnung') not found"."""
    meeting = parsed("allris4/to010_laatzen_allris4.1.5.html")
    assert (meeting.name, meeting.organization, meeting.start) == (
        "Sitzung des Schulausschusses", "Schulausschuss", "2026-09-01T18:00")
    assert [(i.number, i.paper_reference, i.url) for i in meeting.agenda_items] == [
        ("Ö 1", None, BASE + "to020?TOLFDNR=1001057"), ("Ö 2", None, BASE + "to020?TOLFDNR=1001058"),
        ("Ö 3", "2026/245", BASE + "to020?TOLFDNR=1001059"), ("Ö 4", "2026/245/1", BASE + "to020?TOLFDNR=1001065")]
    assert [f.name for f in meeting.files] == ["Bekanntmachung"]


def test_allris4_beratungsfolge_workflow_rows():
    """ALLRIS 4 rows with Geplant / Erledigt / Gestoppt: the status of each body's step, none of them a result."""
    paper = parsed("allris4/vo020_laatzen_allris4.1.5.html")
    assert [(c.organization, c.date, c.role, c.result, c.status) for c in paper.consultations] == [
        ("Ortsrat Laatzen", "2026-08-25", "Anhörung", None, "Geplant"),
        ("Ausschuss für nachhaltige Stadtentwicklung und Feuerschutz", "2026-09-01", "Vorberatung", None, "Erledigt"),
        ("Schulausschuss", "2026-06-29", "Vorberatung", "vertagt", "Erledigt"),
        ("Schulausschuss", "2026-09-01", "Vorberatung", None, "Erledigt"),
        ("Verwaltungsausschuss (nicht-öffentlich)", None, "Vorberatung", None, "Erledigt"),
        ("Rat der Stadt Laatzen", "2026-09-03", "Entscheidung", None, "Gestoppt"),
        ("Schulausschuss", None, "Vorberatung", None, "Gestoppt"),
    ]


def test_agenda_item_in_city_cms_gives_name_meeting_result_and_vote():
    """Regression: Hildesheim's to020 inside the city's site was read as a document titled "Stadt Hildesheim"."""
    item = parsed("allris/to020_hildesheim_classic_in_city_cms.html")
    assert (item.number, item.name, item.result, item.paper_reference) == (
        "Ö 9", "Annahme von Zuwendungen durch den Rat", "ungeändert beschlossen", "25/085")
    assert item.consultation is not None
    assert (item.consultation.organization, item.consultation.date, item.consultation.meeting_name) == (
        "Rat der Stadt Hildesheim", "2025-03-31", "Sitzung des Rates der Stadt Hildesheim")
    assert "einstimmig mit zwei Enthaltungen" in item.resolution_text


def test_agenda_item_page_names_its_meeting():
    item = parsed("allris/to020_hamburg_bergedorf.html")
    assert item.consultation is not None
    assert (item.consultation.organization, item.consultation.date) == ("Fachausschuss für Sport und Bildung",
                                                                         "2025-03-03")


def test_minutes_button_named_by_its_title():
    """Hamburg-Nord's agenda labels the minutes' button "Pro"; its title says what it is."""
    meeting = parsed("allris/to010_hamburg_nord_bezirksversammlung.html")
    assert ("Niederschrift öffent. Teil", "protocol") in [(f.name, f.role) for f in meeting.files]


def test_committee_and_faction_pages():
    committee = parsed("allris/au020_hamburg_mitte_jha.html")
    assert (committee.name, committee.kind, committee.url) == ("Jugendhilfeausschuss", "Gremium", BASE + "au020.asp?AULFDNR=13")
    faction = parsed("allris/fr020_hamburg_harburg_spd.html")
    assert (faction.name, faction.kind) == ("SPD-Fraktion", "Fraktion")


@pytest.mark.corpus
def test_an_agenda_item_page_gives_the_type_of_its_paper():
    """Hildesheim's to020 prints "Vorlage-Art: Beschlussvorlage" beside the status; `pipeline extract` showed none."""
    item = parsed("allris/to020_hildesheim_classic_in_city_cms.html")
    assert item.paper_type == "Beschlussvorlage"
    assert extract_json(corpus_file("allris/to020_hildesheim_classic_in_city_cms.html"))["paper_type"] == "Beschlussvorlage"

"""Every ALLRIS page kind from a page the project wrote: a snapshot of what the parser reads, and `pipeline extract`.

Classic pages (.asp, Latin-1) for every kind; the paper, the calendar and the agenda also in the 3.9 "r" and the
ALLRIS 4 spelling (header spans with ids, a bfTable with workflow rows, an agenda table with classed cells); an
agenda item framed by a city's site. Rewrite the snapshots in allris/snapshots/fixtures/ with UPDATE_SNAPSHOTS=1 after a
deliberate parser change and review the diff.
"""

from __future__ import annotations

import pytest

from pipeline.crawl.systems import SYSTEMS

from ..helpers.extracting import extract_json
from ..helpers.paths import ALLRIS
from ..helpers.snapshots import as_json, check_snapshot

BASE = "https://ris.example.org/bi/"
PAGES = {  # fixture -> (page kind, the URL it is read as)
    "vo020_multi_session.html": ("paper", "https://www.herne.de/allris/vo020.asp?VOLFDNR=4711"),
    "vo020_r.html": ("paper", BASE + "vo020_r.asp?VOLFDNR=2233"),
    "vo020_allris4.html": ("paper", BASE + "vo020?VOLFDNR=1002245"),
    "to010_classic.html": ("meeting", BASE + "to010.asp?SILFDNR=6101"),
    "to020_classic.html": ("agenda_item", BASE + "to020.asp?TOLFDNR=610102"),
    "si010_e_classic.html": ("calendar", BASE + "si010_e.asp?MM=5&YY=2025"),
    "vo040_classic.html": ("paper_list", BASE + "vo040.asp"),
    "vo020_allris4_workflow.html": ("paper", BASE + "vo020?VOLFDNR=1000310"),
    "si010_r.html": ("calendar", BASE + "si010_r.asp"),
    "to010_r.html": ("meeting", BASE + "to010_r.asp?SILFDNR=6130"),
    "to010_allris4.html": ("meeting", BASE + "to010?SILFDNR=1000080"),
    "to020_in_city_site.html": ("agenda_item", "https://www.musterstadt.example/allris/to020.asp?TOLFDNR=7201"),
    "au020_classic.html": ("committee", BASE + "au020.asp?AULFDNR=41&altoption=Gremium"),
    "to020_allris4.html": ("agenda_item", BASE + "to020?TOLFDNR=1027001"),
}
PARSERS = SYSTEMS["allris"].parsers  # the parser the registry names for each page kind


def test_every_page_kind_has_a_written_fixture():
    assert {kind for kind, _ in PAGES.values()} == set(PARSERS)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_snapshot(name):
    kind, url = PAGES[name]
    record = PARSERS[kind]((ALLRIS / "fixtures" / name).read_bytes(), url)
    check_snapshot(ALLRIS / "snapshots" / "fixtures" / f"{name}.json", as_json(record))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_extract_reports_kind_and_system(name):
    """ALLRIS 4 pages are recognised by the same check as classic ones, so `allris`, the first entry, claims them."""
    data = extract_json(ALLRIS / "fixtures" / name)
    assert (data["kind"], data["system"]) == (PAGES[name][0], "allris")


def test_responsive_calendar_dates_come_from_the_month_beside_its_links():
    """Regression: si010_r gave every meeting the date None; the page names its month only in links to the months
    beside it, and the weekdays printed beside the days say which month fits."""
    meetings = PARSERS["calendar"]((ALLRIS / "fixtures" / "si010_r.html").read_bytes(), BASE + "si010_r.asp")
    assert [(m.name, m.date, m.start) for m in meetings] == [
        ("Sitzung des Integrationsrates", "2025-05-06", "2025-05-06T17:00"),
        ("Sitzung des Ausschusses für Bildung und Integration", "2025-05-14", "2025-05-14T17:00"),  # same day as above
        ("Sitzung des Kreistages", "2025-05-26", "2025-05-26T18:00"),
    ]  # the Sparkasse board has no page of its own


def test_kreistag_agenda_without_bezeichnung_is_read():
    """Regression: a responsive agenda (to010_r) without a 'Bezeichnung' row aborted with "meeting name
    ('Bezeichnung') not found"."""
    meeting = PARSERS["meeting"]((ALLRIS / "fixtures" / "to010_r.html").read_bytes(), BASE + "to010_r.asp?SILFDNR=6130")
    assert (meeting.name, meeting.organization, meeting.start) == ("Kreistag", "Kreistag", "2025-05-26T18:00")
    assert [(i.number, i.public, i.result, i.paper_reference) for i in meeting.agenda_items] == [
        ("Ö 1", True, None, None), ("Ö 2", True, "ungeändert beschlossen", "VO/2025/270"),
        ("Ö 2.1", True, "abgelehnt", "VO/2025/270-1"), ("N 3", False, None, None)]
    assert meeting.agenda_items[1].url == BASE + "to020_r.asp?TOLFDNR=613002"
    assert meeting.agenda_items[1].name == "Schülerbeförderung im ländlichen Raum"


def test_allris4_agenda_items_open_in_place_by_their_number():
    """ALLRIS 4 numbers link "#" with id="link_<TOLFDNR>": the item's page is to020?TOLFDNR=<that>."""
    meeting = PARSERS["meeting"]((ALLRIS / "fixtures" / "to010_allris4.html").read_bytes(), BASE + "to010?SILFDNR=1000080")
    assert meeting.name == "Sitzung des Schulausschusses"
    assert [(i.number, i.url) for i in meeting.agenda_items] == [
        ("Ö 1", BASE + "to020?TOLFDNR=1001101"), ("Ö 2", BASE + "to020?TOLFDNR=1001102"),
        ("N 3", BASE + "to020?TOLFDNR=1001103")]
    assert [f.name for f in meeting.files] == ["Bekanntmachung"]  # the items' bundles are not the meeting's


def test_allris4_workflow_rows_give_status_role_and_body_to_their_sessions():
    paper = PARSERS["paper"]((ALLRIS / "fixtures" / "vo020_allris4_workflow.html").read_bytes(),
                             BASE + "vo020?VOLFDNR=1000310")
    assert [(c.organization, c.date, c.role, c.result, c.status) for c in paper.consultations] == [
        ("Ortsrat Mitte", "2025-05-20", "Anhörung", None, "Geplant"),
        ("Schulausschuss", "2025-05-06", "Vorberatung", "vertagt", "Erledigt"),
        ("Schulausschuss", "2025-06-03", "Vorberatung", None, "Erledigt"),
        ("Verwaltungsausschuss (nicht-öffentlich)", None, "Vorberatung", None, "Erledigt"),
        ("Rat der Stadt", "2025-06-19", "Entscheidung", None, "Gestoppt"),
    ]  # a status is no result: only the printed "vertagt" is one


def test_agenda_item_framed_by_a_city_site_is_recognised(tmp_path):
    """Regression: an Auszug (to020) inside a city's site, without ALLRIS's page markers and saved under any name,
    was read as a generic document titled with the city's name."""
    saved = tmp_path / "seite.html"
    saved.write_bytes((ALLRIS / "fixtures" / "to020_in_city_site.html").read_bytes())
    data = extract_json(saved)
    assert (data["kind"], data["system"], data["title"], data["reference"]) == (
        "agenda_item", "allris", "Zuschuss für die Musikschule", "25/280")
    item = PARSERS["agenda_item"](saved.read_bytes(), "https://www.musterstadt.example/allris/to020.asp?TOLFDNR=7201")
    assert item.consultation is not None
    assert (item.consultation.organization, item.consultation.date, item.consultation.result) == (
        "Rat der Stadt Musterstadt", "2025-06-03", "ungeändert beschlossen")
    assert item.resolution_text.endswith("Abstimmungsergebnis:\neinstimmig bei einer Enthaltung")


def test_allris4_agenda_item_headed_by_its_day_and_number(tmp_path):
    """Taunusstein's ALLRIS 4 to020 was read as a paper numbered "11.12.2025" (its heading's day), without its meeting,
    its full subject (the heading cuts it short) or the vote its Abstimmungsergebnis box prints."""
    saved = tmp_path / "auszug.html"
    saved.write_bytes((ALLRIS / "fixtures" / "to020_allris4.html").read_bytes())
    data = extract_json(saved)
    assert (data["kind"], data["system"], data["reference"], data["title"], data["paper_type"]) == (
        "agenda_item", "allris", "26/041", "Neubau der Sporthalle an der Lindenschule mit Außenanlagen",
        "Beschlussvorlage")
    assert [(c["organization"], c["date"], c["outcome"]) for c in data["consultations"]] == [
        ("Stadtverordnetenversammlung", "2026-03-04", "geaendert_beschlossen")]
    assert [(v["yes"], v["no"], v["abstain"]) for v in data["votes"]] == [(30, 4, 1)]
    item = PARSERS["agenda_item"](saved.read_bytes(), BASE + "to020?TOLFDNR=1027001")
    assert item.number == "Ö 4.2"

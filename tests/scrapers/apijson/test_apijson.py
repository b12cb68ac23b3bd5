"""API JSON no vendor parser claims, read by what its keys mean (scrapers/apijson.py)."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import LayoutChanged
from scrapers import apijson

from ...conftest import corpus_file

URL = "https://risapi.example.org/meetings/77"

MEETING = {
    "id": 77, "name": "5. Sitzung des Sozialausschusses", "meetingdate": "2026-03-04T17:30:00",
    "committeename": "Sozialausschuss",
    "parts": [
        {"protectedpart": False, "agendaitems": [
            {"id": "77-1", "numbering": "1", "name": "Eröffnung der Sitzung"},
            {"id": "77-2", "numbering": "2", "name": "Integrationskonzept 2026", "result": "einstimmig beschlossen"},
        ]},
        {"protectedpart": True, "agendaitems": [{"id": "77-3", "numbering": "3", "name": "Grundstücksangelegenheit"}]},
    ],
}
CALENDAR = [
    {"sitzungId": 1, "start": "2026-09-29T19:30", "label": "06-GR 29.09.2026",
     "text": "<a href='x'><div class='badge'>Gemeinderat Ilbesheim</div></a>",
     "sessionLink": "https://ris.example.org/sitzungen?sitzungId=1"},
    {"sitzungId": 2, "start": "2026-10-01T00:00", "label": "Bauausschuss 01.10.2026"},
]
PAPER = {"Vorlagennummer": "2026/0815", "Betreff": "Sprachkurse für Eltern", "Vorlageart": "Antrag",
         "Datum": "12.02.2026"}


def _bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_kinds_by_keys():
    assert apijson.kind_of(MEETING) == "meeting"
    assert apijson.kind_of(CALENDAR) == "calendar"
    assert apijson.kind_of({"data": CALENDAR}) == "calendar"
    assert apijson.kind_of(PAPER) == "paper"
    assert apijson.kind_of({"id": "https://oparl.example.org/body/1", "name": "Stadt Beispiel"}) is None
    assert apijson.kind_of([{"name": "Person ohne Datum"}]) is None


def test_a_meeting_with_its_agenda_in_parts():
    meeting = apijson.parse_meeting(_bytes(MEETING), URL)
    assert (meeting.name, meeting.start, meeting.organization) == (
        "5. Sitzung des Sozialausschusses", "2026-03-04T17:30", "Sozialausschuss")
    assert [(i.number, i.name, i.result) for i in meeting.agenda_items] == [
        ("1", "Eröffnung der Sitzung", None), ("2", "Integrationskonzept 2026", "einstimmig beschlossen"),
        ("3", "Grundstücksangelegenheit", None)]
    assert meeting.agenda_items[1].url == f"{URL}#top-77-2"


def test_a_calendar_feed_with_html_snippets():
    links = apijson.parse_calendar(_bytes(CALENDAR), URL)
    assert [(m.name, m.date, m.start, m.url) for m in links] == [
        ("06-GR 29.09.2026", "2026-09-29", "2026-09-29T19:30", "https://ris.example.org/sitzungen?sitzungId=1"),
        ("Bauausschuss 01.10.2026", "2026-10-01", None, f"{URL}#2")]


def test_a_paper_with_german_keys():
    paper = apijson.parse_paper(_bytes(PAPER), URL)
    assert (paper.reference, paper.title, paper.paper_type, paper.date) == (
        "2026/0815", "Sprachkurse für Eltern", "Antrag", "2026-02-12")


def test_what_is_not_the_kind_asked_for_is_a_layout_change():
    with pytest.raises(LayoutChanged, match="agenda items not found"):
        apijson.parse_meeting(_bytes({"name": "x"}), URL)
    with pytest.raises(LayoutChanged, match="JSON not found"):
        apijson.parse_calendar(b"not json", URL)


@pytest.mark.corpus
def test_golden_kic_meeting():
    path = corpus_file("other/kic_aschaffenburg_meeting_100898178.json")
    meeting = apijson.parse_meeting(path.read_bytes(), str(path))
    assert meeting.name == "4. Sitzung des Umwelt-, Klima- und Verwaltungssenates"
    assert meeting.organization == "Umwelt-, Klima- und Verwaltungssenat" and meeting.start == "2026-07-15"
    assert [i.number for i in meeting.agenda_items] == ["1", "2"]


@pytest.mark.corpus
def test_golden_regisafe_calendar():
    path = corpus_file("regisafe/regisafe_kirchheimbolanden_kalender_2026-10.json")
    links = apijson.parse_calendar(path.read_bytes(), str(path))
    assert len(links) == 8 and links[0].date == "2026-09-29" and links[0].start == "2026-09-29T19:30"
    assert all(link.url.startswith("https://kirchheimbolanden.ris-portal.de/") for link in links)


def test_oparl_objects_are_left_to_the_oparl_parser():
    organizations = {"data": [{"id": "https://oparl.example.org/org/1", "type": "https://schema.oparl.org/1.1/Organization",
                               "name": "Integrationsrat", "startDate": "2020-01-01"}]}
    assert apijson.kind_of(organizations) is None

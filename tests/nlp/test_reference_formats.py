"""Proposal numbers in the formats councils print them (pipeline.nlp.rules), and what is not one."""

from __future__ import annotations

import pytest

from pipeline.nlp.rules import find_references, opens_as_minutes, own_reference


@pytest.mark.parametrize("text, expected", [
    ("Vorlage UV/0190/2026 zur Kenntnis", ["UV/0190/2026"]),  # kind / number / year
    ("Drucksache 926 /XI. vom 3. Mai", ["926 /XI."]),  # number / legislative term
    ("Sitzungsvorlage 26-32 / V 01121", ["26-32 / V 01121"]),  # term / kind number (München)
    ("Az. 6131/67/2022", ["6131/67/2022"]),
    ("Drucksache 0728/2026 (Originalvorlage)", ["0728/2026"]),
    ("Vorlagen 2019/0931 und 2022/BV/3187", ["2019/0931", "2022/BV/3187"]),
    ("VO/2024/1234", ["VO/2024/1234"]),
    ("Vorgang T-02/325/26 und T 02/325/26", ["T-02/325/26", "T 02/325/26"]),  # SD.NET RIM
    ("Vorlage 114/2026", ["114/2026"]),
    ("Bedarfsprüfung (142/22/20/12)", ["142/22/20/12"]),
    ("Sitzung 2026-STR-240", ["2026-STR-240"]),  # more! rubin
    ("Drucksache 26-29090-02", ["26-29090-02"]),  # a version of a Drucksache
    ("Antrag 2024/0884/1", ["2024/0884/1"]),  # a part of a paper
    ("Niederschrift vom 12/05/2020", []),  # a day
    ("Tel. 0221 / 796351", []),  # a phone number
    ("19053 Schwerin", []),  # a postcode
    ("nach § 34 Abs. 2/2011", []),  # a law
    ("Haushalt 2026/2027", []),  # a double budget year
    ("DS 1/2025\nBeschlussvorlage", ["1/2025"]),  # labelled, though it reads like a month (SD.NET RIM, Nordstemmen)
    ("Umsatz im Quartal 1/2025", []),  # a month, unlabelled
])
def test_reference_formats(text, expected):
    assert [m.value for m in find_references(text)] == expected


def test_a_label_column_header_names_the_number_before_a_mention_in_the_text():
    text = ("ANFRAGE\n\nGremium:\nTermin:\nVorlage Nr.:\nTOP:\n10. Plenarsitzung Gemeinderat\n24.03.2015\n2015/0131\n32\n\n"
            "Finanzierung Baumaßnahmen\n\nIch nehme Bezug auf meine Anfrage gemäß Vorlage Nr. 2013/0189 vom Dezember.")
    assert own_reference(text, find_references(text)) == "2015/0131"


@pytest.mark.parametrize("text, minutes", [
    ("Stadt Braunschweig\nDer Oberbürgermeister\n\n1\n\nProtokoll\n\nTagesordnung", True),  # under a letterhead
    ("18.\nPunkt20derTagesordnung:NeuesFußballstadion\nVorlage:2017/0092", True),  # one agenda item, spaces lost
    ("TOP 10 / 10.1: Seebühne stärker nutzen\nBeschluss: vorberaten", True),
    ("BESCHLUSSVORLAGE\nVorlage Nr.: 2025/0112\nBetreff: Protokollnotizen", False),
])
def test_minutes_have_no_number_of_their_own(text, minutes):
    assert opens_as_minutes(text) is minutes
    if minutes:
        assert own_reference(text, find_references(text)) is None

"""The shared vocabulary of the generic readers (scrapers.labels): paper types, numbers, bodies, labels."""

from __future__ import annotations

import pytest

from scrapers.labels import body_of, field_of, number_value, paper_type_of, type_heading


@pytest.mark.parametrize("value, expected", [
    ("öffentliche Beschlussvorlage", "Beschlussvorlage"),  # Vorlage-Art of ALLRIS responsive
    ("Beschlussvorlage VB", "Beschlussvorlage"),  # Typ of RIS München
    ("02_Unterrichtungsvorlage", "Unterrichtungsvorlage"),  # a sort prefix
    ("BESCHLUSSVORLAGE", "Beschlussvorlage"),
    ("Antrag öffentlich", "Antrag"),
    ("Vorlage zur Kenntnis", "Vorlage zur Kenntnis"),  # SD.NET RIM spells the kind out
    ("Große Anfrage", "Große Anfrage"),
    ("Änderungs-/Ergänzungsantrag", "Änderungs-/Ergänzungsantrag"),
    ("Vorlage", None),  # a row label, not a type
    ("Sitzungsvorlage", None),
    ("Tagesordnung", None),
    ("Niederschrift", None),
    ("Entscheidung", None),  # the type of an agenda item's decision
    ("", None),
])
def test_paper_type_of_a_field_value(value, expected):
    assert paper_type_of(value) == expected


@pytest.mark.parametrize("line, expected", [
    ("BESCHLUSSVORLAGE", "Beschlussvorlage"),
    ("ANFRAGE NACH § 4 DER GESCHÄFTSORDNUNG DES RATES", "Anfrage"),
    ("Antrag der SPD-Fraktion", "Antrag"),
    ("STELLUNGNAHME zur Anfrage", "Stellungnahme"),
    ("Stellungnahme zu den Änderungsanträgen", "Stellungnahme"),
    ("A N F R A G E", "Anfrage"),  # set in spaced capitals
    ("Beschlussvorlage (öffentlich)", "Beschlussvorlage"),
    ("Anfrage zum Deutschen Lernatlas 2011", None),  # a subject line that begins with a type
    ("Antrag an den Gemeinderat / Ausschuss", None),  # a section heading
    ("Antragsschluss: 12.01.2026", None),  # a body line
    ("Antrag:", None),
    ("ANTRAG DHH/2023/4166", "Antrag"),  # its own number after it (Karlsruhe budget motions)
    ("Beschlussvorlage VO/2020/123 A", "Beschlussvorlage"),
    ("Antrag 2024 wird gestellt", None),  # a sentence, not a number
])
def test_type_heading(line, expected):
    assert type_heading(line) == expected


@pytest.mark.parametrize("value, expected", [
    ("0728/2026 (Originalvorlage)", "0728/2026"),
    ("T 02/325/26", "T 02/325/26"),
    ("926 /XI.", "926 /XI."),  # number / legislative term
    ("26-32 / V 01121", "26-32 / V 01121"),
    ("Nr. 0815/2025", "0815/2025"),
    ("VO/2024/1234, vom 12.03.2024", "VO/2024/1234"),
    ("NR 29", "NR 29"),  # nothing cut out of it
    ("1234", "1234"),
    ("12.05.2020", None),  # a date
    ("Beschlussvorlage", None),
    ("siehe Anlage 3 zur Vorlage", None),
])
def test_number_value(value, expected):
    assert number_value(value) == expected


@pytest.mark.parametrize("name, expected", [
    ("Sitzung des Ortsrates der Ortschaft Laatzen", "Ortsrat der Ortschaft Laatzen"),
    ("Sitzung des Haupt- und Finanzausschusses", "Haupt- und Finanzausschuss"),
    ("20. Sitzung des Stadtrates", "Stadtrat"),
    ("Öffentliche Gemeinderatssitzung", "Gemeinderat"),
    ("Sitzung der Bezirksversammlung", "Bezirksversammlung"),
    ("Rat der Stadt", "Rat der Stadt"),
])
def test_body_of_a_meeting_name(name, expected):
    assert body_of(name) == expected


@pytest.mark.parametrize("label, expected", [
    ("Betreff:", "title"), ("Gegenstand", "title"), ("Vorlage-Art:", "paper_type"), ("Vorlage - Art", "paper_type"),
    ("Drucksachen-Nr.:", "reference"), ("Vorlagennummer", "reference"), ("Gremium", "body"), ("Datum:", "date"),
    ("TOP:", "agenda_number"), ("Beschlussart:", "result"), ("Federführung", None), ("Raum", None),
])
def test_field_of_a_label(label, expected):
    assert field_of(label) == expected


@pytest.mark.parametrize(("day", "time", "expected"), [
    ("08.09.2026", "17:00 - 19:30 Uhr", "2026-09-08T19:30"),  # ALLRIS "Zeit"
    ("13.08.2026", "Sitzung - 13.08.2026 - 19:30-22:03 Uhr", "2026-08-13T22:03"),  # a SessionNet heading
    ("08.09.2026", "17.00 Uhr bis 19.15 Uhr", "2026-09-08T19:15"),
    ("08.09.2026", "17:00 Uhr", None),  # no end given
    ("08.09.2026", "17:00 - 25:00", None),  # a garbled end
    (None, "17:00 - 19:30", None),
])
def test_a_meetings_end_from_its_time_range(day, time, expected):
    from scrapers.base import german_end

    assert german_end(day, time) == expected


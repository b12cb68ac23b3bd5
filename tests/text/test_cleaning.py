"""Cleaning: hyphenation across lines, running heads and feet, page numbers, garbled text."""

from __future__ import annotations

import pytest

from pipeline.text.cleaning import clean_pages, dehyphenate, looks_garbled, normalize, strip_running_lines


@pytest.mark.parametrize("text,expected", [
    ("Die Verwal-\ntung prüft", "Die Verwaltung prüft"),
    ("der Bau-\nund Planungsausschuss", "der Bau- und Planungsausschuss"),
    ("die Kinder-\nund Jugendhilfe", "die Kinder- und Jugendhilfe"),
    ("Kinder-\nJugend-Parlament", "Kinder-Jugend-Parlament"),
    ("Bau- und Planungsausschuss", "Bau- und Planungsausschuss"),
    ("Sprach-\nförderung", "Sprachförderung"),
])
def test_dehyphenation(text, expected):
    assert dehyphenate(text) == expected


def test_normalize_soft_hyphens_ligatures_spaces_and_line_ends():
    assert normalize("Verwal\u00adtung\u00a0ist \ufb01t\r\nneu") == "Verwaltung ist fit\nneu"
    assert normalize("Fu\u0308r") == "Für"  # NFC


def test_running_header_footer_and_page_numbers_are_removed():
    pages = [f"Stadt Herne – Integrationskonzept 2025\nStand: 01.0{n}.2025\nAbschnitt {n}\nText über Sprache\n"
             f"und Bildung\nmehr Text\nIntegrationskonzept Herne\nSeite {n} von 5" for n in range(1, 6)]
    assert strip_running_lines(pages) == [f"Abschnitt {n}\nText über Sprache\nund Bildung\nmehr Text" for n in range(1, 6)]


def test_lines_of_short_pages_and_lines_on_few_pages_stay():
    pages = ["Handlungsfeld Sprache\nText", "Anderes\nText", "Noch etwas\nText", "Letztes\nText"]
    assert strip_running_lines(pages) == pages
    body = ["Kopf A\nEins\nZwei\nDrei\nFuß", "Kopf B\nEins\nZwei\nDrei\nFuß", "Kopf C\nEins\nZwei\nDrei\nFuß"]
    assert strip_running_lines(body) == ["Kopf A\nEins\nZwei\nDrei", "Kopf B\nEins\nZwei\nDrei",
                                         "Kopf C\nEins\nZwei\nDrei"]


def test_short_documents_lose_only_page_numbers():
    assert clean_pages(["Seite 1 von 2\nText eins", "Text zwei\n2"]) == ["Text eins", "Text zwei"]


def test_garbled_text_is_detected():
    assert looks_garbled("Punkt20derTagesordnungwurdeeinstimmigbeschlossenundderAntragangenommen" * 5)
    assert not looks_garbled("Punkt 20 der Tagesordnung wurde einstimmig beschlossen und der Antrag angenommen. " * 5)


def test_passages_point_into_the_page():
    from pipeline.text.cleaning import passages

    page = ("Integrationskonzept\n\nHandlungsfeld Sprache\nDie Stadt fördert Kurse für alle, die Deutsch\n"
            "lernen wollen. Das ist gut.\nZweiter Absatz beginnt hier.\nund geht weiter")
    spans = passages(page)
    assert [page[s:e] for s, e in spans] == [
        "Integrationskonzept",
        "Handlungsfeld Sprache\nDie Stadt fördert Kurse für alle, die Deutsch\nlernen wollen. Das ist gut.",
        "Zweiter Absatz beginnt hier.\nund geht weiter",
    ]

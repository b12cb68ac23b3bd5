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
    cleaned = strip_running_lines(pages)
    assert cleaned[1:] == [f"Abschnitt {n}\nText über Sprache\nund Bildung\nmehr Text" for n in range(2, 6)]
    # The first page keeps its copy (a title, a letterhead with the reference), all but the page number.
    assert cleaned[0] == pages[0].removesuffix("\nSeite 1 von 5")


def test_lines_of_short_pages_and_lines_on_few_pages_stay():
    pages = ["Handlungsfeld Sprache\nText", "Anderes\nText", "Noch etwas\nText", "Letztes\nText"]
    assert strip_running_lines(pages) == pages
    body = ["Kopf A\nEins\nZwei\nDrei\nFuß", "Kopf B\nEins\nZwei\nDrei\nFuß", "Kopf C\nEins\nZwei\nDrei\nFuß"]
    assert strip_running_lines(body) == ["Kopf A\nEins\nZwei\nDrei\nFuß", "Kopf B\nEins\nZwei\nDrei",
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


def _body(page: int, lines: int) -> str:
    """Body lines that no other page prints (numbers alone would not do: lines are compared without them)."""
    return "\n".join(f"Absatz {'ABCDEFGHIJKLMNOP'[page]} Zeile {'abcdefghij'[i]}" for i in range(lines))


@pytest.mark.parametrize("raw,expected", [
    ("Maß\ufffe\nnahmen", "Maßnahmen"),
    ("einen besonderen Handlungsbe\ufffedarf diesbezüglich", "einen besonderen Handlungsbedarf diesbezüglich"),
    ("im Ausbildungs\ufffeund Rekrutierungsprozess", "im Ausbildungs- und Rekrutierungsprozess"),
    ("Kölner Verkehrs\ufffeBetriebe AG", "Kölner Verkehrs-Betriebe AG"),
    ("Frauengleichstel\ufffe\r\nlung/Frauenförderung", "Frauengleichstellung/Frauenförderung"),
    ("die Verwal\u00ad\ntung prüft", "die Verwaltung prüft"),
    ("Integrations\u00adrat", "Integrationsrat"),
    ("am Ende der Seite Verwal\ufffe", "am Ende der Seite Verwal-"),
])
def test_pdfium_line_end_marks_and_soft_hyphens_are_joined(raw, expected):
    """pypdfium2 prints a hyphen ending a line as U+FFFE and drops the line break (corpus: Köln, 33 times in 7 pages)."""
    assert normalize(raw) == expected
    assert clean_pages([raw]) == [expected]


def test_page_number_dash_is_not_glued_to_the_running_head():
    """"- 3-" ends a Köln page and the letterhead follows: de-hyphenation made "- 3-Stadtwerke"."""
    assert dehyphenate("aufgenommen.\n- 3-\nStadtwerke") == "aufgenommen.\n- 3-\nStadtwerke"
    pages = [f"{_body(n, 4)}\n- {n + 2}-\nStadtwerke Köln" for n in range(3)]
    cleaned = clean_pages(pages)
    assert not any("-Stadtwerke" in page or "- 2-" in page for page in cleaned)
    assert cleaned[1] == _body(1, 4)


def test_page_marks_that_pdfium_reads_mid_page_go_when_pages_repeat_them():
    pages = [f"{_body(n, 3)}\nSeite {n + 1} von 3\n{_body(n + 5, 3)}" for n in range(3)]
    assert clean_pages(pages) == [f"{_body(n, 3)}\n{_body(n + 5, 3)}" for n in range(3)]
    once = ["Text\nSiehe unten\nSeite 3\nund weiter\nmehr\nEnde", "Zwei\nText", "Drei\nText"]
    assert clean_pages(once)[0] == once[0], "a page mark that occurs once in the body stays"


def test_label_repeated_at_page_feet_and_in_the_body_stays():
    """A table's "Beauftragte:" stood at the foot of four of seven Köln pages and was taken for a running foot."""
    pages = [_body(n, 8) for n in range(3)]
    pages += [f"{_body(n, 3)}\n{'Beauftragte:' if n in (4, 5) else 'Ziel:'}\n{_body(n + 7, 3)}\nBeauftragte:\n"
              f"Abteilung {'ABCD'[n - 3]}" for n in range(3, 7)]
    assert clean_pages(pages) == pages


def test_bare_number_far_from_the_page_number_stays():
    """"14" atop the first Köln page is a stamp, not a page number; "2" ending page 2 is one."""
    assert clean_pages(["14\nStadt Köln\nBetreff", "Text\n2"]) == ["14\nStadt Köln\nBetreff", "Text"]


def test_pages_of_a_line_or_two_do_not_hide_a_running_head():
    """A paragraph pushed over leaves a page of one line; it counted as a page without the head (generated Vorlagen)."""
    head = "Stadt Beispielstadt – Vorlage 2025/0025"
    body = "\n".join(f"Zeile {i} des Sachverhalts" for i in range(8))
    pages = ["Beschlussvorlage\n" + body] + [f"{head}\n{body}", "übrig gebliebene Zeile"] * 4
    cleaned = clean_pages(pages)
    assert not any(head in page for page in cleaned)
    assert cleaned[2] == "übrig gebliebene Zeile"


def test_a_line_that_occurs_once_is_never_removed():
    pages = [_body(n, 6) for n in range(5)]
    pages[3] = "Stadt Herne\n" + pages[3]
    assert clean_pages(pages) == pages


def test_running_lines_of_many_pages_are_removed_in_proportion():
    import time

    pages = ["Stadt Herne – Integrationskonzept\n" + "\n".join(f"Zeile {n}.{i} mit Text" for i in range(60))
             + f"\nSeite {n} von 3000" for n in range(1, 3001)]
    started = time.process_time()
    cleaned = clean_pages(pages)
    assert time.process_time() - started < 10  # under a second here
    assert cleaned[-1].split("\n") == [f"Zeile 3000.{i} mit Text" for i in range(60)]

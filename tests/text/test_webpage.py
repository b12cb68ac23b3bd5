"""HTML text keeps its structure: list items, headings, paragraphs and table rows each on a line of their own."""

from __future__ import annotations

import pytest

from pipeline.text.documents import extract, html_main_text
from pipeline.text.webpage import structured_text
from scrapers.base import make_soup

from ..conftest import corpus_file

DECLARED = ("<html><body><nav><ul><li>Startseite</li><li>Rathaus</li></ul></nav><main><h1>Integration</h1>"
            "<p>Arbeitsschwerpunkte der Integrationsarbeit der Stadt sind die Themen:</p>"
            "<ul><li>Sprache</li><li>Bildung</li><li>Arbeit und Ausbildung</li><li>Wohnen</li></ul>"
            "<p>Die Stadt fördert Vereine und Initiativen.</p></main></body></html>").encode()


def text_of(html: str) -> str:
    return structured_text(make_soup(html.encode()).body)


def test_list_items_of_a_declared_list_stay_list_items():
    """The items ran together with the sentence after the list: "Sprache\\nBildung\\n…\\nDie Stadt fördert …"."""
    assert extract(DECLARED, "text/html").pages == [
        "Integration\nArbeitsschwerpunkte der Integrationsarbeit der Stadt sind die Themen:\n- Sprache\n- Bildung\n"
        "- Arbeit und Ausbildung\n- Wohnen\nDie Stadt fördert Vereine und Initiativen."]


def test_declared_list_of_a_web_page_is_read_by_the_topic_rule():
    """The bullets are ones pipeline.nlp.topics knows: its list ends at the paragraph after the items."""
    from pipeline.nlp.topics import declared_zones

    text = extract(DECLARED, "text/html").pages[0]
    assert [text[start:end] for start, end in declared_zones(text)] == [
        "- Sprache", "- Bildung", "- Arbeit und Ausbildung", "- Wohnen"]


@pytest.mark.parametrize("html,expected", [
    ("<ul><li><p>Sprache</p></li><li><div><b>Bil</b>dung</div></li></ul>", "- Sprache\n- Bildung"),
    ("<ul><li>Arbeit<br>und Ausbildung</li></ul>", "- Arbeit\nund Ausbildung"),
    ("<ul><li>Bildung<ul><li>Kita</li><li>Schule</li></ul></li><li>Wohnen</li></ul>",
     "- Bildung\n- Kita\n- Schule\n- Wohnen"),
    ("<ol start='3'><li>drei</li><li>vier</li></ol>", "3. drei\n4. vier"),
    ("<ol type='a'><li>eins</li><li>zwei</li></ol><ol><li>neu</li></ol>", "a) eins\nb) zwei\n1. neu"),
    ("<ul><li>eins</li><li>zwei</li></ul>nach der Liste", "- eins\n- zwei\nnach der Liste"),
])
def test_list_item_marker_goes_on_the_line_of_its_first_words(html, expected):
    assert text_of(html) == expected


def test_empty_list_item_lends_its_marker_to_nothing():
    """An empty <li> left its "-" waiting, and the paragraph after the list took it."""
    assert text_of("<ul><li>eins</li><li> </li></ul><p>Absatz</p>") == "- eins\nAbsatz"


def test_headings_terms_paragraphs_and_table_rows_are_lines_and_cells_stay_apart():
    html = ("<h2>Beratungsfolge</h2><table><tr><th>Gremium</th><th>Datum</th></tr>"
            "<tr><td>Rat</td><td>12.03.2025</td></tr></table><dl><dt>Betreff</dt><dd>Integrations<i>konzept</i></dd></dl>"
            "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>")
    assert text_of(html) == ("Beratungsfolge\nGremium Datum\nRat 12.03.2025\nBetreff\nIntegrationskonzept\n"
                             "Erster Absatz.\nZweiter Absatz.")


def test_control_characters_of_the_page_are_no_markers():
    assert text_of("<ul><li>a\x1eb\x1fc\x1d</li></ul><p>\x1e-\x1fText</p>") == "- abc\n-Text"


def test_heading_in_the_header_of_an_article_is_kept():
    """An HTML5 page's "<article><header><h1>…" lost its title together with the site's banner."""
    page = (b"<body><header><h1>Stadt Herne</h1><nav>Start</nav></header><main><article><header class='entry-header'>"
            b"<h1>Integrationsrat</h1></header><p>Der Rat tagt.</p></article></main></body>")
    assert html_main_text(page) == "Integrationsrat\nDer Rat tagt."


def test_deep_markup_keeps_its_items_and_its_text():
    """Within make_soup's depth cap the item keeps its marker; past it the tags are gone but the words stay."""
    assert text_of("<div>" * 240 + "<ul><li>tief</li></ul>" + "</div>" * 240) == "- tief"
    assert text_of("<div>" * 5000 + "<ul><li>tiefer</li></ul>" + "</div>" * 5000) == "tiefer"


@pytest.mark.corpus
def test_real_page_keeps_its_ordered_and_bulleted_lists():
    """Hannover SIM prints the motion's five points as <ol> and the resolution after "und" as <ul>."""
    content = corpus_file("other/hannover_sim_domino_drucksache_0728-2026.html").read_bytes()
    lines = extract(content, "text/html").pages[0].split("\n")
    assert [line[:3] for line in lines if line[:2] in ("1.", "2.", "3.", "4.", "5.")] == ["1. ", "2. ", "3. ", "4. ",
                                                                                        "5. "]
    assert "- 04.05.2026: Stadtbezirksrat Vahrenwald-List: Einstimmig" in lines
    assert lines[lines.index("und") + 1].startswith("- dem Träger ab dem 01.08.2026")


def test_text_for_screen_readers_only_is_not_the_pages_text():
    """SD.NET RIM's agenda prints each document as an icon; its name and "(exportiert: 17.09.2024)" sit in a
    "hide-text" span, and 30 export days were read as the meeting's dates. A hidden heading still names the page."""
    html = ('<html><body><main><h1 class="seo-main-headline sr-only">Gemeinderat</h1><p>Sitzung am 09.10.2024</p>'
            '<a href="x.pdf"><span aria-hidden="true" class="hide-text">Vorlage.pdf (exportiert: 17.09.2024)</span></a>'
            '<span class="sr-only">(öffnet in neuem Fenster)</span></main></body></html>')
    assert html_main_text(html.encode()) == "Gemeinderat\nSitzung am 09.10.2024"


def test_a_cell_repeated_for_narrow_screens_is_read_once():
    """SessionNet 5.5's list of bodies (Eschweiler gr0040) repeats each date in a cell for narrow screens: every
    date was counted twice."""
    page = ('<html><body><main><table><tr><td class="smc-t-cl991 grname">Bauausschuss</td>'
            '<td class="smc-t-cn991 silast">12.05.2026</td>'
            '<td class="smc-t-cl991 smc-table-cell-block-991 silast"><p>Letzte Sitzung: 12.05.2026</p></td>'
            '<td class="smc-table-cell-block-991 pepartei">SPD</td></tr></table></main></body></html>')
    text = html_main_text(page.encode())
    assert text.count("12.05.2026") == 1 and "Bauausschuss" in text and "SPD" in text


def test_a_table_classed_as_having_a_sticky_header_is_content():
    """ALLRIS 4's calendar table is classed "calenderView hoverRow stickyHeader": it was dropped as a page header."""
    page = ('<html><body><div class="header">Stadt Beispiel</div><table class="calenderView stickyHeader">'
            '<thead><tr class="headers"><th>Sitzung</th></tr></thead>'
            '<tr><td>Sitzung des Sportausschusses</td></tr></table></body></html>')
    text = html_main_text(page.encode())
    assert "Sitzung des Sportausschusses" in text and "Stadt Beispiel" not in text


def test_a_wicket_ajax_response_is_read_as_the_html_it_wraps():
    """ALLRIS 4 loads a calendar month as an Apache Wicket ajax-response, its HTML in CDATA: no text was read."""
    page = ('<?xml version="1.0" encoding="UTF-8"?><ajax-response><component id="c1"><![CDATA[<div id="c1">'
            '<table><tr><td>Sitzung des Ortsbeirates Nord</td></tr></table></div>]]></component>'
            '<component id="c2"><![CDATA[<div id="c2"><p>Herbstferien</p></div>]]></component></ajax-response>')
    text = html_main_text(page.encode())
    assert "Sitzung des Ortsbeirates Nord" in text and "Herbstferien" in text and "]]>" not in text

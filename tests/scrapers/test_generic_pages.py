"""The generic reader (scrapers.generic) on pages the project wrote in the shapes of systems no vendor parser reads.

Each fixture is modelled on a real structure (named in its comment): label cells, key/value boxes, headings that
print the number, Beratungsfolge tables and lists, JSON islands. A snapshot of the record beside the fixtures;
rewrite them with UPDATE_SNAPSHOTS=1 after a deliberate change and review the diff.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.generic import parse_page

from ..helpers.extracting import extract_json
from ..helpers.paths import GENERIC
from ..helpers.snapshots import as_json, check_snapshot

URL = "https://ris.example.org/seite"
# fixture -> (kind, own number, paper type, title, consultations as (body, day, role, result))
EXPECTED = {
    "paper_table_fields.html": (
        "paper", "VO/2025/0412", "Beschlussvorlage",
        "Neubau der Kindertagesstätte Lindenweg Vergabe der Planungsleistungen",
        [("Jugendhilfeausschuss", "2025-11-04", None, "empfohlen; einstimmig"),
         ("Rat der Stadt", "2025-11-20", None, None)]),
    "paper_heading_number.html": (
        "paper", "087/2025", None, "Zuschuss an den Sportverein Grünwiese für die Sanierung des Vereinsheims",
        [("Sportausschuss", "2025-06-02", None, "Einstimmig"), ("Rat", "2025-06-19", None, "Ja 30, Nein 2, Enthaltung 1")]),
    "paper_keyvalue_results.html": (
        "paper", "25-31 / V 04711", "Beschlussvorlage", "Radweg an der Talstraße – Ausbau zwischen Mühlbach und Bahnhof",
        [("Mobilitätsausschuss", "2025-09-15", None, "nach Antrag, einstimmig"),
         ("Stadtrat (Vollversammlung)", "2025-10-01", None, "vertagt")]),
    "paper_workflow_rows.html": (
        "paper", "2025/118", "Antrag", "Sanierung der Turnhalle an der Schulstraße",
        [("Schulausschuss", "2025-03-03", "Vorberatung", "vertagt"), ("Schulausschuss", "2025-04-07", "Vorberatung", None),
         ("Verwaltungsausschuss", None, "Vorberatung", None), ("Rat der Stadt", "2025-05-15", "Entscheidung", None)]),
    "paper_drucksache_list.html": (
        "paper", "0815/2025", "Beschlussdrucksache", "Erweiterung des Jugendzentrums Nordstadt",
        [("Stadtbezirksrat Nord", "2025-05-05", None, "Einstimmig"), ("Jugendhilfeausschuss", "2025-06-12", None, "Einstimmig")]),
    "document_related_sessions.html": (
        "document", None, None, "Bebauungsplan Kirchwiese – Aufstellungsbeschluss",
        [("Gemeinderat", "2025-09-02", None, None), ("Technischer Ausschuss", "2025-09-16", None, None)]),
    "agenda_item_fields.html": (
        "agenda_item", "2025/0207", "Beschlussvorlage", "Sanierung der Brücke am Mühlgraben",
        [("Bauausschuss", "2025-10-14", None, "ungeändert beschlossen")]),
    "meeting_agenda.html": (
        "meeting", None, None, "Montag, 6. Oktober 2025, 18:00 Uhr - Bezirksausschuss 3 - Vollgremium", []),
    "meeting_script_data.html": ("meeting", "2025-GR-118", None, "12. Sitzung des Gemeinderates", []),
    "calendar_rows.html": ("calendar", None, None, "Sitzungskalender", []),
    "calendar_data_attribute.html": ("calendar", None, None, "Sitzungskalender", []),
    "paper_list_rows.html": ("paper_list", None, None, "Vorlagen", []),
    "minutes_hit_list.html": ("document", None, None, "Trefferliste", []),
    "form_not_a_table.html": ("document", None, None, "Information zur Sitzung", []),
    "meeting_document_type.html": ("meeting", None, None, "Tagesordnung der 42. Sitzung des Ortsbeirates 10", []),
    "paper_document_type.html": ("paper", "OF 1234/10", "Antrag", "Verkehrsberuhigung in der Schulstraße", []),
    "paper_card_sections.html": (
        "paper", "25-31 / V 07300", "Beschlussvorlage",
        "Neubau der Grundschule am Lindenhof Projektauftrag und Ausführungsgenehmigung",
        [("Vollversammlung", "2025-10-22", None, None), ("Bildungsausschuss", "2025-10-07", None, None)]),
    "meeting_record_table.html": ("meeting", None, None, "Stadtrat", []),
    "meeting_form_wrapped.html": ("meeting", None, None, "Ausschuss für Umwelt und Mobilität", []),
    "agenda_item_top_heading.html": (
        "agenda_item", "25-31 / V 06000", None,
        "Sanierung des Hallenbads am Westpark Ausführungsgenehmigung und Anmeldung zum Investitionsprogramm",
        [("Vollversammlung", "2025-11-19", None, "nach Antrag")]),
}


def _read(name: str):
    return parse_page((GENERIC / "fixtures" / name).read_bytes(), URL)


def test_every_fixture_is_checked():
    assert {p.name for p in (GENERIC / "fixtures").glob("*.html")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_the_page_says(name):
    page = _read(name)
    kind, reference, paper_type, title, consultations = EXPECTED[name]
    assert (page.kind, page.reference, page.paper_type, page.title) == (kind, reference, paper_type, title)
    assert [(c.organization, c.date, c.role, c.result) for c in page.consultations] == consultations


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_snapshot(name):
    check_snapshot(GENERIC / "snapshots" / f"{name}.json", as_json(_read(name)))


def test_a_site_name_is_never_the_title():
    page = _read("paper_keyvalue_results.html")  # its visible h1 says "RatsInformationsSystem"
    assert page.title != "RatsInformationsSystem"
    assert _read("paper_drucksache_list.html").title != "Sitzungsmanagement"


def test_an_agenda_items_type_is_not_the_meetings():
    page = _read("meeting_agenda.html")  # "Typ: Beschlussvorlage BA" belongs to item 2
    assert page.paper_type is None and page.reference is None


def test_embedded_data_becomes_the_text_the_nlp_reads():
    text = _read("meeting_script_data.html").text
    assert "Haushaltssatzung 2026" in text
    assert "20.11.2025" in text, "ISO dates are written the German way for the date rules"
    assert "ni_2025-GR-118" not in text, "ids are not text"


def test_a_page_with_nothing_on_it():
    page = parse_page(b"<html><head><title>Stadt Beispielberg</title></head><body></body></html>", URL)
    assert (page.kind, page.title, page.reference, page.consultations) == ("document", None, None, [])


@pytest.mark.parametrize("name", ["paper_table_fields.html", "meeting_agenda.html", "calendar_rows.html",
                                  "agenda_item_fields.html"])
def test_extract_reads_the_page_generically(name):
    data = extract_json(GENERIC / "fixtures" / name)
    kind, reference, paper_type, title, consultations = EXPECTED[name]
    assert "system" not in data, "no vendor parser claims these pages"
    assert (data["kind"], data["reference"], data["paper_type"], data["title"]) == (kind, reference, paper_type, title)
    assert [(c["organization"], c["date"], c["role"]) for c in data["consultations"]] == [c[:3] for c in consultations]


def test_extract_gives_outcomes_of_generic_rows():
    data = extract_json(GENERIC / "fixtures" / "paper_workflow_rows.html")
    assert [c["outcome"] for c in data["consultations"]] == ["vertagt", None, None, None]


# ---------------------------------------------------------------- hostile pages: records, never an exception

_TAGS = st.sampled_from([
    b"<tr>", b"</tr>", b"<td>", b"</td>", b"<th>Gremium</th>", b"<th>Datum</th>", b"<table>", b"</table>",
    b"<caption>Beratungsfolge</caption>", b"<h1>", b"</h1>", b'<div role="heading">Vorlagendetails 1/2025</div>',
    b"<ul>", b"<li>", b"31.02.2025: Rat: einstimmig", b'<span class="keyvalue-key">Betreff:</span>', b"<dt>Typ</dt>",
    b"<dd>", b'data-json="[{&quot;start&quot;:&quot;2025-13-45&quot;}]"', b"<script>props: {\"a\": [", b"<div>" * 40,
    b"\xe4\xf6\xfc", b"<!--", b"&#0;",
])
_HTML = st.lists(st.one_of(_TAGS, st.binary(max_size=16)), max_size=60).map(b"".join)
_SEEDS = sorted((GENERIC / "fixtures").glob("*.html"))


def _mutated(seed: int, cut: int, insert: bytes) -> bytes:
    data = _SEEDS[seed % len(_SEEDS)].read_bytes()
    position = cut % (len(data) + 1)
    return data[:position] + insert + data[position + len(insert):]


@given(st.one_of(_HTML, st.builds(_mutated, st.integers(0, 100), st.integers(0, 10_000), _HTML)))
def test_any_page_gives_a_record(content):
    page = parse_page(content, URL)
    assert page.kind in ("paper", "meeting", "agenda_item", "calendar", "paper_list", "document")
    assert all(c.organization for c in page.consultations), "a row without a body is never read"


def test_a_large_hostile_page_is_read_in_linear_time():
    rows = b"<tr><td>Rat</td><td>01.02.2025</td></tr>" * 50
    content = (b"<html><body>" + b'<div><span class="label">Betreff:</span><div class="value">' * 2000
               + (b"<table><tr><th>Gremium</th><th>Datum</th></tr>" + rows + b"</table>") * 200
               + b"<p>Antrag</p>" * 20_000 + b"</body></html>")
    started = time.perf_counter()
    parse_page(content, URL)
    assert time.perf_counter() - started < 20, "a page of a few MB is read in seconds"


def test_a_planned_row_does_not_take_the_next_bodys_session():
    content = ("<html><body><h1>Vorlage 2025/0001</h1><dl><dt>Betreff</dt><dd>Neubau der Mensa am Gymnasium</dd></dl>"
               "<table><tr><th>Gremium</th><th>Datum</th><th>Beschluss</th></tr>"
               "<tr><td>Schulausschuss</td><td></td><td>Vorberatung</td></tr>"
               "<tr><td>Rat der Stadt</td><td>12.05.2025</td><td>beschlossen</td></tr></table></body></html>")
    page = parse_page(content.encode(), URL)
    assert [(c.organization, c.date, c.role, c.result) for c in page.consultations] == [
        ("Schulausschuss", None, "Vorberatung", None), ("Rat der Stadt", "2025-05-12", None, "beschlossen")]


def test_a_box_list_under_another_heading_is_no_beratungsfolge():
    page = parse_page(b"""<html><body><h1>Vorlage 2025/0042</h1><h2>Downloads</h2><div class="list-group">
        <div class="list-group-item"><div>01.10.2025</div><div>Rat der Stadt</div></div></div></body></html>""", URL)
    assert page.consultations == []


def test_extract_names_the_beratungsfolge_bodies_and_its_days():
    data = extract_json(GENERIC / "fixtures" / "paper_card_sections.html")
    names = {o["name"] for o in data["organizations"]}
    assert {"Vollversammlung", "Bildungsausschuss"} <= names
    assert [d["value"] for d in data["dates"]].count("2025-10-22") == 1


def test_a_page_that_is_one_form_keeps_its_text():
    # Domino XPages and ASP.NET pages wrap everything in a <form>: the text is the page's, not a search box's.
    data = extract_json(GENERIC / "fixtures" / "meeting_form_wrapped.html")
    assert [d["value"] for d in data["dates"]] == ["2025-10-14"]
    assert "Suchen" not in (data["title"] or "")


def test_a_listed_session_keeps_the_result_printed_after_its_body():
    # Hannover SIM's Beratungsverlauf: "24.08.2026: Jugendhilfeausschuss: Auf Wunsch der SPD in die Fraktionen
    # gezogen", the group's idiom for taking a paper back before deciding it.
    page = parse_page("""<html><body><h2>Antrag Nr. 0815/2025:<br/>Neue Bänke am Maschsee</h2><h4>Beratungsverlauf:</h4>
        <ul><li><a href="#">24.08.2025: Sportausschuss</a>: Auf Wunsch der SPD in die Fraktionen gezogen</li>
        <li>28.09.2025: Sportausschuss</li></ul></body></html>""".encode(), URL)
    assert [(c.organization, c.date, c.result) for c in page.consultations] == [
        ("Sportausschuss", "2025-08-24", "Auf Wunsch der SPD in die Fraktionen gezogen"),
        ("Sportausschuss", "2025-09-28", None)]

"""The sample database in Datasette, in-process: every table page and canned query answers."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
import sqlite_utils
from datasette.app import Datasette

from pipeline import resources

PARAMS = {"suchbegriff": "Integrationskonzept", "vorlage": "2025/0112", "handlungsfeld": "sprache", "stadt": "",
          "von": "", "bis": "", "ergebnis": "", "gremienart": "", "seit": "2000-01-01"}


@pytest.fixture(scope="module")
def metadata():
    return json.loads(resources.metadata().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def get(sample_db, metadata):
    datasette = Datasette([], immutables=[str(sample_db)], metadata=metadata, settings={"suggest_facets": False})

    def fetch(path: str):
        response = asyncio.run(datasette.client.get(path))
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        return response.json() if ".json" in path else response.text

    return fetch


def tables_of(metadata):
    return metadata["databases"]["ratsinfo"]["tables"]


def test_every_table_page_answers(get, metadata):
    for table in tables_of(metadata):
        rows = get(f"/ratsinfo/{table}.json?_shape=array&_size=5")
        assert rows, f"{table} is empty in the sample"
        html = get(f"/ratsinfo/{table}")
        assert tables_of(metadata)[table]["title"] in html


def test_every_canned_query_answers_with_rows(get, metadata):
    queries = metadata["databases"]["ratsinfo"]["queries"]
    assert len(queries) >= 3
    for name, query in queries.items():
        params = "&".join(f"{p}={PARAMS[p]}" for p in query.get("params", []))
        rows = get(f"/ratsinfo/{name}.json?_shape=array&{params}")
        assert rows, f"canned query {name} returned nothing"


def test_sample_shows_all_four_cities(get):
    cities = get("/ratsinfo/cities.json?_shape=array")
    assert sorted(c["slug"] for c in cities) == ["herdecke", "herne", "herten", "rostock"]
    matrix = get("/ratsinfo/handlungsfelder_je_stadt.json?_shape=array")
    assert {row["stadt"] for row in matrix} == {"Herdecke", "Herne", "Herten", "Rostock"}


def test_full_text_search_finds_papers_and_documents(get):
    papers = get("/ratsinfo/papers.json?_shape=array&_search=Integrationskonzept")
    assert sorted(p["reference"] for p in papers) == ["2025/0112", "2025/BV/0815"]  # Rostock's text names it
    files = get("/ratsinfo/files.json?_shape=array&_search=Integrationskonzept")
    assert {"herne", "herdecke"} <= {f["city"] for f in files}


def test_consultation_query_compares_outcomes(get):
    rows = get("/ratsinfo/beratungen_zu_suchbegriff.json?_shape=array&suchbegriff=Integration*")
    outcomes = {(r["stadt"], r["ergebnis_normalisiert"]) for r in rows}
    assert ("herne", "geändert beschlossen") in outcomes  # labels, never keys
    assert ("rostock", "beschlossen") in outcomes


def test_every_table_and_column_has_a_german_description(sample_db, metadata):
    db = sqlite_utils.Database(sample_db)
    described = tables_of(metadata)
    for table in db.table_names():
        if any(part in table for part in ("_fts", "_trigram", "_lemmas")):  # search indexes
            continue
        assert table in described, f"{table} has no metadata"
        assert described[table]["title"] and described[table]["description"]
        columns = set(db[table].columns_dict) - {"id", "city", "slug"}
        missing = columns - set(described[table].get("columns", {}))
        assert not missing, f"{table}: columns without description: {sorted(missing)}"


def test_metadata_names_source_and_licence(metadata):
    assert metadata["title"] and metadata["license"] and metadata["source"]
    assert "Nachbildung" in metadata["description_html"], "the demo says it is a re-creation"


def test_declared_action_field_in_an_adopted_paper_with_its_evidence(get):
    rows = get("/ratsinfo/erklaerte_handlungsfelder_in_beschlossenen_vorlagen.json?_shape=array&handlungsfeld=sprache")
    assert {r["stadt"] for r in rows} >= {"herne"}
    herne = next(r for r in rows if r["stadt"] == "herne")
    assert herne["ergebnis"] in ("beschlossen", "geändert beschlossen")
    assert "Sprach" in herne["beleg"] and herne["seite"] >= 1 and herne["quelle"].startswith("http")
    assert ":" not in herne["gremium"], "a body by its name, not its key"
    # One row per paper (its adopting decision and its first declaration), however often both occur.
    assert len({(r["stadt"], r["vorlage"]) for r in rows}) == len(rows)
    by_label = get("/ratsinfo/erklaerte_handlungsfelder_in_beschlossenen_vorlagen.json?_shape=array"
                   "&handlungsfeld=%20Sprache")
    assert by_label == rows


def test_action_field_matrix_has_every_city_and_field(get, metadata):
    rows = get("/ratsinfo/handlungsfelder_matrix.json?_shape=array")
    assert [r["stadt"] for r in rows] == ["Herdecke", "Herne", "Herten", "Rostock"]
    herne = next(r for r in rows if r["stadt"] == "Herne")
    declared, mentioned = (int(n) for n in herne["Sprache"].split(" / "))
    assert declared >= 1 and len(herne) == 14  # the city and the 13 fields


def test_evidence_links_render_in_the_comparison(get):
    html = get("/ratsinfo/handlungsfelder_je_stadt")
    assert '<a href="/ratsinfo/belege_zu_handlungsfeld?handlungsfeld=sprache">Belege</a>' in html


def test_resolutions_filter_by_body_type_and_outcome(get):
    rows = get("/ratsinfo/beschluesse.json?_shape=array&ergebnis=beschlossen&gremienart=Rat&stadt=&von=&bis=")
    assert rows and {r["gremienart"] for r in rows} == {"Rat"} and {r["ergebnis_normalisiert"] for r in rows} == {
        "beschlossen"}
    assert get("/ratsinfo/beschluesse.json?_shape=array&ergebnis=&gremienart=&stadt=&von=2100-01-01&bis=") == []


@pytest.mark.parametrize("term", ["", "Integration AND (", '"Sprach', "NEAR(x"])
def test_a_search_term_is_plain_words_and_an_empty_form_no_error(get, term):
    """The form opened with "fts5: syntax error" before anything was typed; FTS syntax is searched as words."""
    from urllib.parse import quote

    rows = get(f"/ratsinfo/beratungen_zu_suchbegriff.json?_shape=array&suchbegriff={quote(term)}")
    assert isinstance(rows, list)
    assert "syntax error" not in get(f"/ratsinfo/beratungen_zu_suchbegriff?suchbegriff={quote(term)}")


def test_a_city_by_its_name_or_slug_and_a_date_as_tt_mm_jjjj_or_iso(get):
    base = "/ratsinfo/beschluesse.json?_shape=array&ergebnis=&gremienart=&bis="
    by_slug = get(base + "&stadt=herne&von=2025-03-01")
    assert by_slug and {r["stadt"] for r in by_slug} == {"herne"}
    assert get(base + "&stadt=Herne&von=01.03.2025") == by_slug
    assert get(base + "&stadt=%20herne%20&von=1.3.2025") == get(base + "&stadt=HERNE&von=2025-03-01") == by_slug
    assert len(get(base + "&stadt=herne&von=")) >= len(by_slug)
    assert get("/ratsinfo/sitzungen.json?_shape=array&stadt=Rostock") == get(
        "/ratsinfo/sitzungen.json?_shape=array&stadt=rostock") != []


def test_an_outcome_by_its_label_or_key(get):
    base = "/ratsinfo/beschluesse.json?_shape=array&gremienart=&stadt=&von=&bis=&ergebnis="
    by_key = get(base + "geaendert_beschlossen")
    assert by_key and {r["ergebnis_normalisiert"] for r in by_key} == {"geändert beschlossen"}
    assert get(base + "ge%C3%A4ndert%20beschlossen") == get(base + "Geaendert_Beschlossen") == by_key


def test_form_dates():
    from pipeline.publish.plugin import form_date, plain_words

    assert [form_date(v) for v in ("01.03.2025", "1.3.2025", "2025-03-01", " 2025-03-01 ")] == ["2025-03-01"] * 4
    assert [form_date(v) for v in ("32.13.2025", "März 2025", "", None, 20250301)] == [None] * 5
    assert plain_words("Integration* AND (") == '"Integration"* "AND"'
    assert plain_words("") == plain_words(None) == '""'


def test_a_date_the_form_cannot_read_is_named_not_silently_empty(sample_db, metadata, get):
    page = get("/ratsinfo/beschluesse?ergebnis=&gremienart=&stadt=herne&von=32.13.2025&bis=")
    assert ('<p class="message-error">„32.13.2025“ (von) ist kein Datum: bitte als TT.MM.JJJJ oder JJJJ-MM-TT '
            'eingeben. Dieser Filter findet so nichts.</p>') in page
    assert "message-error" not in get("/ratsinfo/beschluesse?ergebnis=&gremienart=&stadt=herne&von=1.3.2025&bis=")
    datasette = Datasette([], immutables=[str(sample_db)], metadata=metadata)
    response = asyncio.run(datasette.client.get("/ratsinfo/neu_seit.json?seit=gestern"))
    assert response.status_code == 400
    assert response.json() == {"ok": False, "status": 400, "error": "„gestern“ (seit) ist kein Datum: bitte als "
                               "TT.MM.JJJJ oder JJJJ-MM-TT eingeben. Dieser Filter findet so nichts."}


def test_city_action_field_and_outcome_are_chosen_from_german_labels(get):
    page = get("/ratsinfo/beschluesse?ergebnis=&gremienart=&stadt=&von=&bis=")
    script = page[page.index("var choices = "):]
    choices = json.loads(script[len("var choices = "):script.index(";\n")])
    assert choices["stadt"] == [["herdecke", "Herdecke"], ["herne", "Herne"], ["herten", "Herten"], ["rostock", "Rostock"]]
    assert ["geaendert_beschlossen", "geändert beschlossen"] in choices["ergebnis"]
    assert ["sprache", "Sprache"] in choices["handlungsfeld"] and choices["gremienart"][0] == ["Rat", "Rat"]
    assert "var choices" not in get("/ratsinfo/papers"), "only on the canned queries' forms"


def test_whats_new_and_meetings(get):
    assert get("/ratsinfo/neu_seit.json?_shape=array&seit=2100-01-01") == []
    assert {r["art"] for r in get("/ratsinfo/neu_seit.json?_shape=array&seit=2000-01-01")} == {"Vorlage", "Beratung"}
    meetings = get("/ratsinfo/sitzungen.json?_shape=array&stadt=herne")
    assert meetings and {m["stadt"] for m in meetings} == {"herne"} and all(m["tagesordnungspunkte"] >= 0 for m in meetings)


def test_atom_feed_of_new_resolutions_validates(sample_db, metadata):
    import feedparser

    datasette = Datasette([], immutables=[str(sample_db)], metadata=metadata, settings={"suggest_facets": False})
    response = asyncio.run(datasette.client.get("/ratsinfo/neue_beschluesse_feed.atom?stadt=herne&suchbegriff="))
    assert response.status_code == 200
    feed = feedparser.parse(response.text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.entries and all(e.link.startswith("http") for e in feed.entries)
    assert any("Integrationskonzept" in e.title for e in feed.entries)
    # Outcomes by their labels, never their keys.
    assert all("Ergebnis: " in e.summary and "_" not in e.summary.split("Ergebnis: ")[1] for e in feed.entries)
    searched = feedparser.parse(asyncio.run(datasette.client.get(
        "/ratsinfo/neue_beschluesse_feed.atom?stadt=&suchbegriff=Sprachf%C3%B6rderung")).text)
    assert searched.entries and all("Sprachförderung" in e.title for e in searched.entries)


def test_meeting_calendar_parses_as_icalendar(sample_db, metadata):
    from icalendar import Calendar

    datasette = Datasette([], immutables=[str(sample_db)], metadata=metadata, settings={"suggest_facets": False})
    response = asyncio.run(datasette.client.get("/ratsinfo/sitzungskalender.ics?stadt=rostock"))
    assert response.status_code == 200 and "text/calendar" in response.headers["content-type"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all("(rostock)" in str(e["SUMMARY"]) for e in events)
    assert all(e.decoded("DTSTART").year >= 2025 for e in events)
    # Local times with their zone, not as UTC ("T170000Z" for a meeting at 17:00), and the end where known.
    assert all(e["DTSTART"].params.get("TZID") == "Europe/Berlin" for e in events)
    assert b"T170000Z" not in response.content and b"T170000\r\n" in response.content
    ended = [e for e in events if "DTEND" in e]
    assert ended and all(e.decoded("DTEND") > e.decoded("DTSTART") for e in ended)


def test_calendar_times_are_berlin_wall_clock_times():
    from pipeline.publish.plugin import local_time

    assert local_time("2026-09-09T16:00:00Z") == "2026-09-09T18:00:00"  # SessionNet 6 "beginn" is UTC
    assert local_time("2026-01-09T16:00:00Z") == "2026-01-09T17:00:00"  # winter time
    assert local_time("2021-11-16T18:30:00+01:00") == "2021-11-16T18:30:00"
    assert local_time("2026-09-08T17:00") == "2026-09-08T17:00:00"  # local already
    assert local_time("2026-09-08") == "2026-09-08"
    assert [local_time(v) for v in ("morgen", "2026-13-01T10:00", None, 17)] == [None] * 4


def test_the_site_chrome_is_german_and_the_home_search_leads_to_the_volltextsuche(get):
    home = get("/")
    assert 'action="/ratsinfo/volltextsuche"' in home and 'name="suchbegriff"' in home
    assert 'action="/-/search"' not in home
    assert "Powered by" not in home and "Bereitgestellt mit" in home
    page = get("/ratsinfo/papers")
    assert "Diese Daten als" in page and "This data as" not in page and 'value="Anwenden"' in page
    assert 'value="exact"' in page, "an option's value is data for the form, not chrome"
    query = get("/ratsinfo/volltextsuche?suchbegriff=Integration&stadt=&von=&bis=&ergebnis=")
    assert re.search(r"Eigene SQL-Abfrage mit \d+ Zeilen", query) and "Custom SQL query" not in query


def test_translation_touches_chrome_only():
    from pipeline.publish.german import translate

    page = ('<h3>5 rows sorted by date descending</h3><td>Integrationskonzept mit 5 rows</td>'
            '<option value="exact">exact</option><input type="submit" value="Run SQL"><p>Search</p>')
    assert translate(page) == ('<h3>5 Zeilen, sortiert nach date absteigend</h3><td>Integrationskonzept mit 5 rows</td>'
                               '<option value="exact">gleich</option><input type="submit" value="SQL ausführen">'
                               '<p>Suchen</p>')


def test_table_pages_show_outcomes_and_step_kinds_by_their_labels(get):
    cells = re.findall(r'<td class="col-outcome[^"]*">([^<]*)', get("/ratsinfo/consultations?_size=max"))
    assert "geändert beschlossen" in cells and not [cell for cell in cells if "_" in cell]
    kinds = set(re.findall(r'<td class="col-kind[^"]*">([^<]*)', get("/ratsinfo/process_steps?_size=max")))
    assert kinds and kinds <= {"Beschluss", "Auftrag", "Beratung", "Veranstaltung", "geplant"}

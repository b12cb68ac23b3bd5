"""German full-text search in Datasette: inflected forms, parts of compounds, filters, snippets."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette

from pipeline import resources
from pipeline.search.index import rebuild
from pipeline.search.terms import fts_query, highlight, trigram_query


@pytest.fixture(scope="module")
def search(sample_db):
    metadata = json.loads(resources.metadata().read_text(encoding="utf-8"))
    datasette = Datasette([], immutables=[str(sample_db)], metadata=metadata, settings={"suggest_facets": False})

    def run(term: str, **filters) -> list[dict]:
        params = {"suchbegriff": term, "stadt": "", "von": "", "bis": "", "ergebnis": ""} | filters
        response = asyncio.run(datasette.client.get(f"/ratsinfo/volltextsuche.json?_shape=array&{urlencode(params)}"))
        assert response.status_code == 200, response.text[:300]
        return response.json()

    run.datasette = datasette
    return run


def marked(rows: list[dict]) -> set[str]:
    """The words the snippets mark as hits."""
    return {part.split("]]")[0] for row in rows for part in (row["ausschnitt"] or "").split("[[")[1:]}


def test_inflected_query_finds_the_base_form(search):
    rows = search("Integrationskonzepte")
    assert {"Integrationskonzept", "Integrationskonzepts"} <= marked(rows)
    assert {"herne", "rostock", "herdecke"} <= {r["stadt"] for r in rows}


def test_participle_finds_the_present_tense(search):
    assert {"beschließt", "beschlossen"} <= marked(search("beschlossen"))


@pytest.mark.parametrize("part,whole", [("konzept", "Integrationskonzept"), ("förderung", "Sprachförderung")])
def test_part_of_a_compound_finds_the_whole_word(search, part, whole):
    assert whole in marked(search(part))


@pytest.mark.parametrize("term,hit", [("Leitlinie", "Leitlinien"), ("Kindertageseinrichtung", "Kindertageseinrichtungen"),
                                      ("sprachig", "Mehrsprachige"), ("zentrum", "Integrationszentrums")])
def test_paper_titles_and_agenda_items_find_inflected_forms_and_word_parts(search, term, hit):
    rows = search(term)
    for kind in ("Vorlage", "Tagesordnungspunkt"):
        found = [r for r in rows if r["art"] == kind]
        assert found and hit in marked(found), f"{kind}: {term!r} should find {hit!r}"
        assert all(hit in r["titel"] for r in found if hit in marked([r]) and r["art"] == "Vorlage")


def test_agenda_item_hits_link_to_their_paper_and_filter_by_their_own_outcome(search):
    rows = [r for r in search("Leitlinie", ergebnis="beschlossen") if r["art"] == "Tagesordnungspunkt"]
    assert rows and {r["vorlage"] for r in rows} == {"2025/BV/0815"}
    assert all(r["quelle"].startswith("http") and r["vorlage_url"].startswith("http") for r in rows)


def test_filters_by_city_period_and_outcome(search):
    assert {r["stadt"] for r in search("Integration", stadt="rostock")} == {"rostock"}
    recent = search("Integrationskonzept", von="2025-01-01")
    assert recent and all(r["datum"] >= "2025-01-01" for r in recent)
    decided = search("Integrationskonzept", ergebnis="geaendert_beschlossen")
    assert decided and {r["vorlage"] for r in decided} == {"2025/0112"}


def test_results_link_to_page_source_and_paper(search):
    row = next(r for r in search("Sprachförderung") if r["art"] == "Dokument")
    assert row["seite"] >= 1 and row["quelle"].startswith("http") and row["vorlage_url"].startswith("http")
    assert row["quelle"].endswith(f"#page={row['seite']}"), "a PDF hit opens on its page"


@pytest.mark.parametrize("term", ["'); DROP TABLE papers; --", '" OR 1=1 --', "NEAR(a b", "*", "lemmas:x", ""])
def test_hostile_search_terms_are_inert(search, term):
    rows = search(term)
    assert isinstance(rows, list)
    assert search("Integrationskonzept"), "the tables are still there"


def test_snippet_is_highlighted_in_the_html_page(search):
    response = asyncio.run(search.datasette.client.get(
        "/ratsinfo/volltextsuche?" + urlencode({"suchbegriff": "Sprachförderung", "stadt": "", "von": "", "bis": "",
                                                "ergebnis": ""})))
    assert "<mark>Sprachförderung</mark>" in response.text


def test_query_builders():
    assert fts_query("Integrationskonzepte beschlossen") == 'lemmas : ("integrationskonzept" "beschließen")'
    assert trigram_query('a "konzept"') == '"konzept"'
    assert highlight("Das Integrationskonzept der Stadt.", "Integrationskonzepte") == \
        "Das [[Integrationskonzept]] der Stadt."


def test_search_index_is_built_by_pipeline_index_and_its_age_is_known(sample_db, tmp_path):
    import shutil

    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.store.writer import Store

    db = tmp_path / "ratsinfo.db"
    shutil.copy(sample_db, db)
    with Store(db) as store:
        assert store.search_index_stale() is None, "ingest --index builds the index"
        store.db.execute("DELETE FROM search_index")
        store.db.conn.commit()
        assert store.search_index_stale() == "the search index has not been built (run 'pipeline index')"
    result = CliRunner().invoke(cli, ["index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "index: 61 passages, 5 papers and 23 agenda items indexed for search (lemmas and word parts) in ")
    with Store(db) as store:
        assert store.search_index_stale() is None
        store.db.execute("DROP TABLE passages_search")  # as a database indexed by an older version
        assert store.search_index_stale() == "the search index has not been built (run 'pipeline index')"
        rebuild(store)
        store.db.execute("UPDATE papers SET fetched_at = '2999-01-01T00:00:00+00:00' WHERE rowid = 1")
        store.db.conn.commit()
        assert store.search_index_stale().endswith("older than the data (run 'pipeline index')")
        hits = store.db.execute("SELECT count(*) FROM passages_trigram WHERE passages_trigram MATCH 'konzept'")
        assert hits.fetchone()[0] > 0


def test_index_of_a_missing_database_is_a_one_line_error():
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["index", "--db", "no/such.db"])
    assert (result.exit_code, result.output) == (1, "Error: no/such.db: database not found (run 'pipeline ingest' first)\n")


def test_search_all_page_covers_every_indexed_table(search):
    response = asyncio.run(search.datasette.client.get("/-/search?q=Integrationskonzept"))
    assert response.status_code == 200
    for table in ("papers", "agenda_items", "files", "passages"):
        assert f'"/ratsinfo/{table}.json"' in response.text, table
    passages = asyncio.run(search.datasette.client.get(
        "/ratsinfo/passages.json?_shape=array&_search=Integrationskonzept")).json()
    assert passages and all("ntegrationskonzept" in p["text"] for p in passages)

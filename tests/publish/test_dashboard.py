"""The city overview dashboard (datasette-dashboards): its page, and every chart's query on the sample data."""

from __future__ import annotations

import asyncio
import html
import json
import re
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette

from pipeline import resources

from .test_site_bounds import MARKUP, hostile_database

DASHBOARD = "/-/dashboards/stadtuebersicht"


@pytest.fixture(scope="module")
def datasette(sample_db):
    metadata = json.loads(resources.metadata().read_text(encoding="utf-8"))
    return Datasette([], immutables=[str(sample_db)], metadata=metadata, settings={"suggest_facets": False})


def _get(datasette, path: str):
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response


def charts_on_page(datasette, query_string: str = "") -> dict[str, dict]:
    """The charts as the page hands them to its script, filter options already applied."""
    html = _get(datasette, DASHBOARD + (f"?{query_string}" if query_string else "")).text
    return {slug: json.loads(spec) for slug, spec in re.findall(r"renderChart\('([\w-]+)', (\{.*?\}), '", html)}


def chart_rows(datasette, chart: dict, query_string: str = "") -> list[dict]:
    """What the page's script fetches for a chart: the query with the filter values as parameters."""
    path = f"/{chart['db']}.json?{urlencode({'sql': chart['query']})}&{query_string}&_shape=objects"
    return _get(datasette, path).json()["rows"]


def test_the_page_is_german_and_offers_every_city(datasette):
    html = _get(datasette, DASHBOARD).text
    assert "<h1>Stadtübersicht</h1>" in html
    options = set(re.findall(r'<option value="(\w+)"', html))
    assert options == {"herdecke", "herne", "herten", "rostock"}
    assert "vega-lite.min.js" in html, "the chart library is served by the plugin, not fetched from a CDN"


def test_metrics_count_the_whole_database_and_one_city(datasette):
    everything = {slug: chart_rows(datasette, chart) for slug, chart in charts_on_page(datasette).items()}
    assert everything["vorlagen"] == [{"anzahl": 5}]
    assert everything["sitzungen"] == [{"anzahl": 6}]
    assert everything["dateien"][0]["anzahl"] == 17
    herne = {slug: chart_rows(datasette, chart, "stadt=herne")
             for slug, chart in charts_on_page(datasette, "stadt=herne").items()}
    assert herne["vorlagen"] == [{"anzahl": 3}]
    assert herne["sitzungen"] == [{"anzahl": 3}]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", herne["letzter_abruf"][0]["zeitpunkt"])


def test_action_field_chart_covers_all_cities_with_declared_and_mentioned_counts(datasette):
    rows = chart_rows(datasette, charts_on_page(datasette)["handlungsfelder"])
    assert {r["stadt"] for r in rows} == {"Herdecke", "Herne", "Herten", "Rostock"}
    sprache = next(r for r in rows if r["stadt"] == "Herne" and r["handlungsfeld"] == "Sprache")
    assert sprache["zahlen"] == f"{sprache['ausgewiesen']} / {sprache['erwaehnt']}" and sprache["ausgewiesen"] >= 1


def test_outcome_chart_counts_consultations_per_year_with_german_labels(datasette):
    rows = chart_rows(datasette, charts_on_page(datasette, "stadt=herne")["beschluesse_je_jahr"], "stadt=herne")
    assert {(r["jahr"], r["ergebnis"], r["beratungen"]) for r in rows} == {
        ("2025", "abgelehnt", 1), ("2025", "beschlossen", 2), ("2025", "geändert beschlossen", 1),
        ("2025", "zur Kenntnis genommen", 1), ("2025", "vertagt", 1)}


def test_top_action_fields_and_city_table(datasette):
    charts = charts_on_page(datasette, "stadt=rostock")
    top = chart_rows(datasette, charts["top_handlungsfelder"], "stadt=rostock")
    assert 1 <= len(top) <= 8 and top[0]["Dokumente insgesamt"] >= top[-1]["Dokumente insgesamt"]
    cities = chart_rows(datasette, charts["abrufe"], "stadt=rostock")
    assert [r["Stadt"] for r in cities] == ["Rostock"]


def test_layout_places_every_chart():
    dashboard = json.loads(resources.metadata().read_text(encoding="utf-8"))["plugins"]["datasette-dashboards"]["stadtuebersicht"]
    placed = {cell for row in dashboard["layout"] for cell in row}
    assert placed == set(dashboard["charts"])
    assert len({len(row) for row in dashboard["layout"]}) == 1, "every layout row has the same number of columns"


def test_markup_in_a_city_is_text_in_tables_and_metrics(sample_db, tmp_path):
    # datasette-dashboards puts table cells and metrics into the page as HTML (innerHTML).
    db = hostile_database(sample_db, tmp_path / "ratsinfo.db")
    metadata = json.loads(resources.metadata().read_text(encoding="utf-8"))
    hostile = Datasette([], immutables=[str(db)], metadata=metadata, settings={"suggest_facets": False})
    charts = charts_on_page(hostile, "stadt=boese")
    shown = {slug: chart_rows(hostile, chart, "stadt=boese") for slug, chart in charts.items()
             if chart["library"] in ("table", "metric")}
    values = [value for rows in shown.values() for row in rows for value in row.values() if isinstance(value, str)]
    assert values and not [value for value in values if re.search(r"[<>\"]", value)]
    city = shown["abrufe"][0]
    assert html.unescape(city["Stadt"]) == MARKUP and html.unescape(city["System"]) == "<b>allris</b>"
    assert html.unescape(shown["letzter_abruf"][0]["zeitpunkt"]) == "<s>2025</s>"

"""End to end in a real browser: `pipeline serve` over the demo database, driven by headless Chromium.

Playwright drives Debian's Chromium (/usr/bin/chromium, or PIPELINE_CHROMIUM); `.ci/run` installs it.
The screenshots land in a temporary folder, so that a test run changes no tracked file. To renew
the README's pictures (or keep them as CI artefacts), name a folder:

    PIPELINE_SCREENSHOTS=docs/screenshots python -m pytest tests/publish/test_browser.py

A relative folder is taken from the project's root.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from ..helpers.serving import pipeline_serve
from .test_site_bounds import MARKUP, hostile_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PIPELINE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background traffic would try the closed network; none of it is needed here.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found (apt-get install chromium, or set "
                                                         "PIPELINE_CHROMIUM to its path)")


@pytest.fixture(scope="module")
def site(demo_db):
    """`pipeline serve` on the demo's database, on a free loopback port; it serves the demo's source pages too."""
    with pipeline_serve(demo_db) as base:
        yield base


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where the screenshots go: PIPELINE_SCREENSHOTS (relative to the project's root), else a temporary folder."""
    named = os.environ.get("PIPELINE_SCREENSHOTS")
    folder = ROOT / named if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that may only reach 127.0.0.1; anything else is blocked and recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page.off_site = []

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            page.off_site.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    assert not page.off_site, f"the page tried to leave the machine: {page.off_site}"
    page.close()


def _screenshot(page, folder: Path, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(folder / name), full_page=full_page)


def test_full_text_search_shows_a_highlighted_snippet(site, page, screenshots):
    page.goto(f"{site}/ratsinfo/volltextsuche")
    page.fill("input[name=suchbegriff]", "Integrationskonzepte")
    page.click("input[type=submit]")
    page.wait_for_selector("td.col-ausschnitt mark")
    marks = {text.strip() for text in page.locator("td.col-ausschnitt mark").all_inner_texts()}
    assert {"Integrationskonzept", "Integrationskonzeptes"} <= marks
    assert {"herdecke", "rostock"} <= set(page.locator("td.col-stadt").all_inner_texts())
    _screenshot(page, screenshots, "volltextsuche.png", full_page=False)


def test_action_field_comparison_shows_every_city(site, page, screenshots):
    page.goto(f"{site}/ratsinfo/handlungsfelder_matrix")
    page.wait_for_selector("td.col-stadt")
    assert sorted(page.locator("td.col-stadt").all_inner_texts()) == ["Herdecke", "Herne", "Herten", "Rostock"]
    sprache = page.locator("th", has_text="Sprache")
    assert sprache.count() >= 1
    _screenshot(page, screenshots, "handlungsfelder_vergleich.png")


def test_city_overview_draws_its_charts(site, page, screenshots):
    page.goto(f"{site}/-/dashboards/stadtuebersicht")
    for chart in ("handlungsfelder", "beschluesse_je_jahr", "verfahren_zeitachse"):
        page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg", timeout=15_000)
    page.wait_for_function("document.querySelector('#chart-vorlagen').innerText.trim() === '2'")
    _screenshot(page, screenshots, "stadtuebersicht.png")


def test_the_research_question_is_answered_in_one_click_from_the_home_page(site, page, screenshots):
    """Home page -> "Integrationspolitik im Städtevergleich": every city with its declared fields and process."""
    page.goto(site)
    page.click("text=Integrationspolitik im Städtevergleich")
    page.wait_for_load_state()
    assert "/ratsinfo/staedtevergleich" in page.url
    table = page.locator("table.rows-and-columns")
    for city in ("Herdecke", "Herne", "Herten", "Rostock"):
        assert table.locator("td.col-stadt", has_text=city).count() >= 1
    assert "Sprachförderung" in table.inner_text() and "2007-03-27 Rat der Stadt: beschlossen" in table.inner_text()
    _screenshot(page, screenshots, "staedtevergleich.png")


def test_a_city_is_chosen_from_a_list_of_german_names(site, page):
    """The form's city field is a drop-down of names; the query runs with the chosen city only."""
    page.goto(f"{site}/ratsinfo/beschluesse?ergebnis=&gremienart=&stadt=&von=&bis=")
    options = page.locator("select[name=stadt] option").all_inner_texts()
    assert options == ["– alle –", "Herdecke", "Herne", "Herten", "Rostock"]
    page.select_option("select[name=stadt]", label="Rostock")
    page.select_option("select[name=ergebnis]", label="beschlossen")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "stadt=rostock" in page.url
    assert set(page.locator("td.col-stadt").all_inner_texts()) == {"rostock"}
    assert page.locator("select[name=stadt] option:checked").inner_text() == "Rostock", "the choice stays shown"


def test_a_result_leads_to_its_source(site, page):
    page.goto(f"{site}/ratsinfo/volltextsuche?suchbegriff=Integrationskonzept&stadt=rostock&von=&bis=&ergebnis=")
    row = page.locator("tr", has=page.locator("td.col-art", has_text="Vorlage")).first
    link = row.locator("td.col-quelle a")
    source = link.get_attribute("href")
    assert source.startswith("http://127.0.0.1:8799/rostock/")
    link.click()
    page.wait_for_load_state()
    assert page.url == source
    assert "2011/BV/2285" in page.content() and "NACHBILDUNG" in page.content()


def test_atom_feed_of_new_resolutions_parses(site, page):
    response = page.request.get(f"{site}/ratsinfo/neue_beschluesse_feed.atom?stadt=&suchbegriff=Integration")
    assert response.status == 200 and response.headers["content-type"].startswith("application/xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    assert feed.entries and all(entry.link.startswith("http") for entry in feed.entries)


def test_screenshots_go_to_a_temporary_folder_unless_asked(screenshots):
    assert os.environ.get("PIPELINE_SCREENSHOTS") or not screenshots.is_relative_to(ROOT)


def test_markup_in_a_city_does_not_run_on_the_dashboard(sample_db, tmp_path, page):
    db = hostile_database(sample_db, tmp_path / "ratsinfo.db")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with pipeline_serve(db) as base:
        page.goto(f"{base}/-/dashboards/stadtuebersicht?stadt=boese")
        page.wait_for_selector("#chart-abrufe td")
        page.wait_for_function("document.querySelector('#chart-letzter_abruf').innerText.trim() !== ''")
        assert page.locator("#chart-abrufe td").first.inner_text() == MARKUP
        assert page.locator("#chart-letzter_abruf").inner_text().strip() == "<s>2025</s>"
        assert page.locator("#chart-abrufe img, #chart-abrufe script, #chart-abrufe b, #chart-letzter_abruf s").count() == 0
        page.goto(f"{base}/-/dashboards/stadtuebersicht")
        page.wait_for_selector("#chart-handlungsfelder canvas, #chart-handlungsfelder svg", timeout=15_000)
        page.wait_for_selector("#chart-abrufe td")
        page.hover("#chart-handlungsfelder")  # a tooltip with the city's name
        page.wait_for_timeout(500)
    assert not dialogs

"""End to end in a real browser: `pipeline serve` over the demo database, driven by headless Chromium.

Playwright drives Debian's Chromium (/usr/bin/chromium, or PIPELINE_CHROMIUM); `.ci/run` installs it.
The screenshots land in docs/screenshots/ (CI artefacts, and the README's pictures).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from pipeline.demo import demo_site

from .serving import pipeline_serve

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM = os.environ.get("PIPELINE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background traffic would try the closed network; none of it is needed here.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found (apt-get install chromium, or set "
                                                         "PIPELINE_CHROMIUM to its path)")


@pytest.fixture(scope="module")
def site(demo_db):
    """`pipeline serve` on a free loopback port, and the demo's source site, so that source links open."""
    with pipeline_serve(demo_db) as base, demo_site():
        yield base


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


def _screenshot(page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def test_full_text_search_shows_a_highlighted_snippet(site, page):
    page.goto(f"{site}/ratsinfo/volltextsuche")
    page.fill("input[name=suchbegriff]", "Integrationskonzepte")
    page.click("input[type=submit]")
    page.wait_for_selector("td.col-ausschnitt mark")
    marks = {text.strip() for text in page.locator("td.col-ausschnitt mark").all_inner_texts()}
    assert {"Integrationskonzept", "Integrationskonzepts"} <= marks
    assert {"herne", "rostock"} <= set(page.locator("td.col-stadt").all_inner_texts())
    _screenshot(page, "volltextsuche.png", full_page=False)


def test_action_field_comparison_shows_every_city(site, page):
    page.goto(f"{site}/ratsinfo/handlungsfelder_matrix")
    page.wait_for_selector("td.col-stadt")
    assert sorted(page.locator("td.col-stadt").all_inner_texts()) == ["Herdecke", "Herne", "Herten", "Rostock"]
    sprache = page.locator("th", has_text="Sprache")
    assert sprache.count() >= 1
    _screenshot(page, "handlungsfelder_vergleich.png")


def test_city_overview_draws_its_charts(site, page):
    page.goto(f"{site}/-/dashboards/stadtuebersicht")
    for chart in ("handlungsfelder", "beschluesse_je_jahr"):
        page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg", timeout=15_000)
    page.wait_for_function("document.querySelector('#chart-vorlagen').innerText.trim() === '5'")
    _screenshot(page, "stadtuebersicht.png")


def test_a_result_leads_to_its_source(site, page):
    page.goto(f"{site}/ratsinfo/volltextsuche?suchbegriff=Leitlinie&stadt=rostock&von=&bis=&ergebnis=")
    row = page.locator("tr", has=page.locator("td.col-art", has_text="Vorlage")).first
    link = row.locator("td.col-quelle a")
    source = link.get_attribute("href")
    assert source.startswith("http://127.0.0.1:8799/rostock/")
    link.click()
    page.wait_for_load_state()
    assert page.url == source
    assert "2025/BV/0815" in page.content()


def test_atom_feed_of_new_resolutions_parses(site, page):
    response = page.request.get(f"{site}/ratsinfo/neue_beschluesse_feed.atom?stadt=&suchbegriff=Integration")
    assert response.status == 200 and response.headers["content-type"].startswith("application/xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    assert feed.entries and all(entry.link.startswith("http") for entry in feed.entries)

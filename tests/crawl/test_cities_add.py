"""`pipeline cities add`: checks the URL as the named system, then appends a valid entry."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.crawl.config import load_cities
from pipeline.crawl.localsite import LocalSite
from pipeline.resources import shipped

from ..helpers.oparl_replay import OParlReplay
from ..helpers.paths import SAMPLE_SITE
from .test_oparl_ingest import archive


@pytest.fixture
def cities(tmp_path):
    path = tmp_path / "cities.toml"
    shutil.copy(shipped("cities.toml"), path)
    return path


def add(cities, *args):
    return CliRunner().invoke(cli, ["cities", "--cities", str(cities), "add", *args])


def test_adds_an_oparl_city_after_checking_it(cities):
    with OParlReplay(archive()) as server:
        result = add(cities, "karlsruhe", "--name", "Karlsruhe", "--ags", "08212000", "--system", "oparl",
                     "--url", server.url)
    assert result.exit_code == 0, result.output
    assert result.output == (f"added karlsruhe (Karlsruhe, BW, oparl at {server.url}; OParl System 'OParl replay') "
                             f"to {cities}\n")
    added = load_cities(cities)[-1]
    assert (added.slug, added.state, added.ris.system, added.ris.url) == ("karlsruhe", "BW", "oparl", server.url)
    assert "# Configured cities." in cities.read_text(encoding="utf-8"), "comments are kept"


def test_adds_an_allris_city(cities):
    with LocalSite(SAMPLE_SITE) as site:
        result = add(cities, "demo", "--name", "Demo", "--ags", "05916000", "--system", "allris",
                     "--url", f"{site.url}/herne/allris")
    assert result.exit_code == 0, result.output
    assert "ALLRIS net Version 3.9.5 (Demo)" in result.output
    assert load_cities(cities)[-1].ris.url.endswith("/herne/allris/")


def test_wrong_system_says_what_answered_and_adds_nothing(cities):
    before = cities.read_text(encoding="utf-8")
    with LocalSite(SAMPLE_SITE) as site:
        url = f"{site.url}/herdecke/integration.html"
        result = add(cities, "x", "--name", "X", "--ags", "05954020", "--system", "oparl", "--url", url)
    assert (result.exit_code, result.output) == (1, f"Error: {url}: expected OParl JSON, got text/html (nothing added)\n")
    assert cities.read_text(encoding="utf-8") == before


def test_duplicate_slug_and_bad_ags_are_wrong_usage(cities):
    result = add(cities, "herne", "--name", "Herne", "--ags", "05916000", "--system", "allris", "--url", "https://x/")
    assert (result.exit_code, result.output) == (2, f"Error: herne: a city with this slug is already in {cities}\n")
    result = add(cities, "bochum", "--name", "Bochum", "--ags", "99911000", "--system", "allris", "--url", "https://x/")
    assert result.exit_code == 2
    assert result.output == "Error: --ags '99911000': not an 8-digit Amtlicher Gemeindeschlüssel of a German state\n"

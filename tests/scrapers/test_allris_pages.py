"""Every ALLRIS page kind from a page the project wrote: a snapshot of what the parser reads, and `pipeline extract`.

Classic pages (.asp, Latin-1) for every kind; the paper also in the 3.9 "r" and the ALLRIS 4 spelling (header
spans with ids, a bfTable). Rewrite the snapshots in allris/snapshots/fixtures/ with UPDATE_SNAPSHOTS=1 after a
deliberate parser change and review the diff.
"""

from __future__ import annotations

import pytest

from pipeline.crawl.systems import SYSTEMS

from ..helpers.extracting import extract_json
from ..helpers.paths import ALLRIS
from ..helpers.snapshots import as_json, check_snapshot

BASE = "https://ris.example.org/bi/"
PAGES = {  # fixture -> (page kind, the URL it is read as)
    "vo020_multi_session.html": ("paper", "https://www.herne.de/allris/vo020.asp?VOLFDNR=4711"),
    "vo020_r.html": ("paper", BASE + "vo020_r.asp?VOLFDNR=2233"),
    "vo020_allris4.html": ("paper", BASE + "vo020?VOLFDNR=1002245"),
    "to010_classic.html": ("meeting", BASE + "to010.asp?SILFDNR=6101"),
    "to020_classic.html": ("agenda_item", BASE + "to020.asp?TOLFDNR=610102"),
    "si010_e_classic.html": ("calendar", BASE + "si010_e.asp?MM=5&YY=2025"),
    "vo040_classic.html": ("paper_list", BASE + "vo040.asp"),
}
PARSERS = SYSTEMS["allris"].parsers  # the parser the registry names for each page kind


def test_every_page_kind_has_a_written_fixture():
    assert {kind for kind, _ in PAGES.values()} == set(PARSERS)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_snapshot(name):
    kind, url = PAGES[name]
    record = PARSERS[kind]((ALLRIS / "fixtures" / name).read_bytes(), url)
    check_snapshot(ALLRIS / "snapshots" / "fixtures" / f"{name}.json", as_json(record))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_extract_reports_kind_and_system(name):
    """ALLRIS 4 pages are recognised by the same check as classic ones, so `allris`, the first entry, claims them."""
    data = extract_json(ALLRIS / "fixtures" / name)
    assert (data["kind"], data["system"]) == (PAGES[name][0], "allris")

"""Every SessionNet page kind from a page the project wrote: a snapshot of what the parser reads, and `pipeline extract`.

Layout 5 (div rows with head cells, .php and .asp) and the older table layouts (.asp, Latin-1: th or
td.smctablehead labels, ydocstart forms, the Beratungsfolge on the paper page). Rewrite the snapshots in
sessionnet/snapshots/fixtures/ with UPDATE_SNAPSHOTS=1 after a deliberate parser change and review the diff.
"""

from __future__ import annotations

import pytest

from pipeline.crawl.systems import SYSTEMS

from ..helpers.extracting import extract_json
from ..helpers.paths import SESSIONNET
from ..helpers.snapshots import as_json, check_snapshot

BASE = "https://ris.example.org/bi/"
PAGES = {  # fixture -> (page kind, the URL it is read as)
    "vo0050_layout5.php.html": ("paper", BASE + "vo0050.php?__kvonr=2231"),
    "vo0053_layout5.php.html": ("paper", BASE + "vo0053.php?__kvonr=2231"),
    "vo0050_smctablehead.asp.html": ("paper", BASE + "vo0050.asp?__kvonr=2240"),
    "vo0050_ydocstart.asp.html": ("paper", BASE + "vo0050.asp?__kvonr=931"),
    "si0050_layout5.php.html": ("meeting", BASE + "si0050.php?__ksinr=6101"),
    "si0057_layout5.php.html": ("meeting", BASE + "si0057.php?__ksinr=6101"),
    "si0050_tables.asp.html": ("meeting", BASE + "si0050.asp?__ksinr=6100"),
    "to0050_layout5.php.html": ("agenda_item", BASE + "to0050.php?__ktonr=610102"),
    "to0050_smctablehead.asp.html": ("agenda_item", BASE + "to0050.asp?__ktonr=610003"),
    "si0040_table.php.html": ("calendar", BASE + "si0040.php?__cjahr=2025&__cmonat=5"),
    "si0040_rows.asp.html": ("calendar", BASE + "si0040.asp?__cjahr=2025&__cmonat=5"),
    "kp0040_layout5.php.html": ("committee", BASE + "kp0040.php?__kgrnr=41"),
    "kp0040_tables.asp.html": ("committee", BASE + "kp0040.asp?__kgrnr=12"),
}
PARSERS = SYSTEMS["sessionnet"].parsers  # the parser the registry names for each page kind


def test_every_page_kind_has_a_written_fixture():
    assert {kind for kind, _ in PAGES.values()} == set(PARSERS)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_snapshot(name):
    kind, url = PAGES[name]
    record = PARSERS[kind]((SESSIONNET / "fixtures" / name).read_bytes(), url)
    check_snapshot(SESSIONNET / "snapshots" / "fixtures" / f"{name}.json", as_json(record))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_extract_reports_kind_and_system(name):
    data = extract_json(SESSIONNET / "fixtures" / name)
    assert (data["kind"], data["system"]) == (PAGES[name][0], "sessionnet")

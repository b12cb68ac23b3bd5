"""Every SessionNet page kind from a page the project wrote: a snapshot of what the parser reads, and `pipeline extract`.

Layouts 5 and 6 (div rows with head cells, .php and .asp; the card layout of the TOP list si0056), layout 4
(agenda rows smc_tophn with result rows below them, calendars linking to0040), the older table layouts (.asp,
Latin-1: th or td.smctablehead labels, ydocstart forms, the Beratungsfolge on the paper page) and SessionNet 6's
JSON interface. Rewrite the snapshots in sessionnet/snapshots/fixtures/ with UPDATE_SNAPSHOTS=1 after a
deliberate parser change and review the diff.
"""

from __future__ import annotations

import pytest

from pipeline.crawl.systems import SYSTEMS

from ..helpers.extracting import extract_json
from ..helpers.paths import SESSIONNET
from ..helpers.snapshots import as_json, check_snapshot

BASE = "https://ris.example.org/bi/"
APP = "https://buergerinfo.example.org/"  # a SessionNet 6 app's folder
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
    "kp0040_layout6.php.html": ("committee", BASE + "kp0040.php?__kgrnr=44"),
    "si0040_layout4.asp.html": ("calendar", BASE + "si0040.asp?__cjahr=2025&__cmonat=5"),
    "si0040_layout5_si0057.php.html": ("calendar", BASE + "si0040.php?__cjahr=2025&__cmonat=5"),
    "to0040_layout4.asp.html": ("meeting", BASE + "to0040.asp?__ksinr=6100"),
    "si0056_cards.asp.html": ("meeting", BASE + "si0056.asp?__ksinr=7100"),
    "si0057_layout6.asp.html": ("meeting", BASE + "si0057.asp?__ksinr=6110"),
    "vo0050_layout6.asp.html": ("paper", BASE + "vo0050.asp?__kvonr=2190"),
    "to0050_layout6.asp.html": ("agenda_item", BASE + "to0050.asp?__ktonr=611002"),
    "vo0040_tables.asp.html": ("paper_list", BASE + "vo0040.asp"),
    "vo0040_layout5.php.html": ("paper_list", BASE + "vo0040.php"),
    "sessionnet6/sitzungen.json": ("calendar", APP + "api/v1/sitzungen?von=2025-05-01&bis=2025-07-31"),
    "sessionnet6/tagesordnung.json": ("meeting", APP + "api/v1/sitzungen/3101/tagesordnung"),
}
PARSERS = SYSTEMS["sessionnet"].parsers  # the parser the registry names for each page kind


def test_every_page_kind_has_a_written_fixture():
    assert {kind for kind, _ in PAGES.values()} == set(PARSERS)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_snapshot(name):
    kind, url = PAGES[name]
    record = PARSERS[kind]((SESSIONNET / "fixtures" / name).read_bytes(), url)
    check_snapshot(SESSIONNET / "snapshots" / "fixtures" / f"{name.replace('/', '__')}.json", as_json(record))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_extract_reports_kind_and_system(name):
    data = extract_json(SESSIONNET / "fixtures" / name)
    assert (data["kind"], data["system"]) == (PAGES[name][0], "sessionnet")

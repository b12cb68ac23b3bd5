"""OParl parsers against real server responses from the shared corpus, with snapshots.

The snapshots are in oparl/snapshots/corpus/; rewrite them after a deliberate parser change with
UPDATE_SNAPSHOTS=1 and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone

import pytest

from pipeline.errors import ParseError
from scrapers import oparl

from ..conftest import corpus_file
from ..helpers.paths import OPARL
from ..helpers.snapshots import check_snapshot

pytestmark = pytest.mark.corpus

OBJECTS = {
    "oparl/karlsruhe_paper_beschlussvorlage_54425.json": oparl.parse_paper,
    "oparl/karlsruhe_paper_deleted_51615.json": oparl.parse_paper,
    "oparl/karlsruhe_paper_antrag_ag1.json": oparl.parse_paper,
    "oparl/karlsruhe_paper_with_location_41017.json": oparl.parse_paper,
    "oparl/braunschweig_allris_paper_broken_control_chars.json": oparl.parse_paper,
    "oparl/spec_example_Paper-01.json": oparl.parse_paper,
    "oparl/karlsruhe_meeting_ortschaftsrat_durlach_10023.json": oparl.parse_meeting,
    "oparl/wuppertal_sessionnet_meeting.json": oparl.parse_meeting,
    "oparl/spec_example_Meeting-01.json": oparl.parse_meeting,
    "oparl/spec_example_Organization-01.json": oparl.parse_organization,
}
LISTS = ["sdnet/huertgenwald_oparl_paper_list_page1.json", "sdnet/huertgenwald_oparl_meeting_list_page15.json",
         "sdnet/huertgenwald_oparl_organization_list.json", "allris4/bonn_allris4_oparl_meetings_page1.json"]
PARSERS = {"Paper": oparl.parse_paper, "Meeting": oparl.parse_meeting, "Organization": oparl.parse_organization}


def parsed(relative: str):
    content = corpus_file(relative).read_bytes()
    return OBJECTS[relative](oparl.load_json(content, relative), relative)


def parsed_list(relative: str) -> list:
    page = oparl.parse_list(corpus_file(relative).read_bytes(), relative)
    return [PARSERS[oparl.object_kind(item)](item, relative) for item in page.items], page.next_url


def check_golden(name: str, value) -> None:
    check_snapshot(OPARL / "snapshots" / "corpus" / (name.replace("/", "__") + ".json"), value)


@pytest.mark.parametrize("relative", sorted(OBJECTS))
def test_golden_objects(relative):
    check_golden(relative, dataclasses.asdict(parsed(relative)))


@pytest.mark.parametrize("relative", LISTS)
def test_golden_lists(relative):
    records, next_url = parsed_list(relative)
    check_golden(relative, {"next": next_url, "records": [dataclasses.asdict(r) for r in records]})


def test_karlsruhe_paper_with_embedded_consultations():
    paper = parsed("oparl/karlsruhe_paper_beschlussvorlage_54425.json")
    assert (paper.reference, paper.paper_type) == ("2026/0268", "Beschlussvorlage")
    assert [(c.role, c.authoritative) for c in paper.consultations] == [
        ("Vorberatung", True), ("Anhörung", None), ("Anhörung", None)]
    assert all(c.organization_url and c.meeting_url for c in paper.consultations)
    assert [f.name for f in paper.files][:1] == ["Beschlussvorlage FFPV-Anlage Rippertfeld"]


def test_deleted_tombstone_is_flagged():
    """Quirk: a deleted paper comes back as a tombstone with empty fields, e.g.
    https://web1.karlsruhe.de/oparl/bodies/0001/papers/vo/51615"""
    paper = parsed("oparl/karlsruhe_paper_deleted_51615.json")
    assert paper.deleted is True
    assert (paper.reference, paper.title) == (None, "")


def test_raw_control_characters_in_json_strings():
    """Quirk: https://ratsinfo.braunschweig.de/bi/oparl/1.0/papers.asp?id=1664 sends raw control bytes."""
    raw = corpus_file("oparl/braunschweig_allris_paper_broken_control_chars.json").read_bytes()
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    paper = oparl.parse_paper(oparl.load_json(raw, "x"), "x")
    assert paper.title.startswith("Volkshochschule Braunschweig e. V. Umwandlung in eine Gesellschaft")
    assert paper.reference == "1664/99"


def test_meeting_agenda_items_with_results():
    meeting = parsed("oparl/karlsruhe_meeting_ortschaftsrat_durlach_10023.json")
    numbered = [(i.number, i.result) for i in meeting.agenda_items[:3]]
    assert numbered == [("1", None), ("1.1", "einstimmig beschlossen"), ("1.2", "einstimmig beschlossen")]
    assert meeting.agenda_items[0].consultation_url == "https://web1.karlsruhe.de/oparl/bodies/0001/consultations/33593"


def test_sdnet_list_pagination_and_files():
    records, next_url = parsed_list("sdnet/huertgenwald_oparl_paper_list_page1.json")
    assert len(records) == 25
    assert next_url.endswith("/body/1/paper?page=2")
    meetings, last = parsed_list("sdnet/huertgenwald_oparl_meeting_list_page15.json")
    assert last is None and len(meetings) == 17
    roles = {f.role for m in meetings for f in m.files}
    assert {"invitation", "protocol"} <= roles


def test_modified_since_is_put_back_on_every_page():
    """Quirk: servers drop modified_since from links.next (SD.NET RIM, e.g. .../body/1/paper?page=2)."""
    since = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    url = oparl.with_filter("https://x/body/1/paper?page=2", since)
    assert url == "https://x/body/1/paper?page=2&modified_since=2025-01-02T03%3A04%3A05%2B00%3A00"
    assert oparl.with_filter(url, since) == url


def test_invalid_json_names_the_url():
    with pytest.raises(ParseError) as caught:
        oparl.load_json(b"{\"data\": [", "https://x/body/1/paper")
    assert str(caught.value).startswith("https://x/body/1/paper: invalid JSON (")


def test_wrong_object_type_is_a_parse_error():
    with pytest.raises(ParseError, match="expected an OParl Paper, got type"):
        oparl.parse_paper({"id": "x", "type": "https://schema.oparl.org/1.1/Meeting"}, "https://x/p")

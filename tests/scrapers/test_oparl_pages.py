"""Every OParl object and list page from JSON the project wrote: a snapshot of what the parser reads, and `pipeline extract`.

System and Body make no record: their snapshot is what the loader follows from them (the lists). Rewrite
the snapshots in oparl/snapshots/fixtures/ with UPDATE_SNAPSHOTS=1 after a deliberate parser change.
"""

from __future__ import annotations

import json

import pytest

from scrapers import oparl

from ..helpers.extracting import extract_json
from ..helpers.paths import OPARL
from ..helpers.snapshots import as_json, check_snapshot

PAGES = {  # fixture -> the kind `pipeline extract` reports; None: a JSON no parser of the registry reads
    "system.json": None,
    "body_list.json": None,
    "body.json": None,
    "organization.json": "committee",
    "organization_list.json": None,
    "meeting.json": "meeting",
    "meeting_list.json": "calendar",
    "paper.json": "paper",
    "paper_list.json": "paper_list",
    "paper_list_page2.json": "paper_list",
    "file.json": None,
}
PARSERS = {"Paper": oparl.parse_paper, "Meeting": oparl.parse_meeting, "Organization": oparl.parse_organization}
FOLLOWED = {"System": ("body",), "Body": ("organization", "meeting", "paper")}  # the lists the loader reads


def read(data: dict) -> object:
    """What the pipeline reads from one OParl object, as JSON."""
    kind = oparl.object_kind(data)
    if kind in PARSERS:
        return as_json(PARSERS[kind](data, data["id"]))
    if kind == "File":
        return as_json(oparl.parse_file(data))
    return {"kind": kind, "follows": {key: data.get(key) for key in FOLLOWED[kind]}}


def read_page(name: str) -> object:
    content = (OPARL / "fixtures" / name).read_bytes()
    if name.endswith("_list.json") or "_list_page" in name:
        page = oparl.parse_list(content, name)
        return {"next": page.next_url, "records": [read(item) for item in page.items]}
    return read(oparl.load_json(content, name))


def test_every_object_type_and_list_has_a_written_fixture():
    objects = {oparl.object_kind(oparl.load_json((OPARL / "fixtures" / name).read_bytes(), name)) for name in PAGES}
    assert {"System", "Body", "Organization", "Meeting", "Paper", "File"} <= objects
    assert {kind for kind in PAGES.values() if kind} == {"committee", "meeting", "calendar", "paper", "paper_list"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_snapshot(name):
    check_snapshot(OPARL / "snapshots" / "fixtures" / f"{name}.json", read_page(name))


@pytest.mark.parametrize("name", sorted(name for name in PAGES if PAGES[name]))
def test_extract_reports_kind_and_system(name):
    data = extract_json(OPARL / "fixtures" / name)
    assert (data["kind"], data["system"]) == (PAGES[name], "oparl")


@pytest.mark.parametrize("name", sorted(name for name in PAGES if not PAGES[name]))
def test_objects_no_parser_reads_are_documents_named_by_their_name(name):
    """Regression (issue 14): a body, system or file object was refused as unreadable JSON."""
    path = OPARL / "fixtures" / name
    data = extract_json(path)
    content = json.loads(path.read_text(encoding="utf-8"))
    name_given = content.get("name") if isinstance(content, dict) else None
    assert (data["kind"], data["title"], "system" in data) == ("document", name_given, False)


@pytest.mark.parametrize(("role", "expected"), [
    ("unbekannt", None),  # Karlsruhe's 2011 consultations: no role known
    ("-", None),
    ("Vorberatung", "Vorberatung"),
    (None, None),
])
def test_a_role_that_says_none_is_known_is_no_role(role, expected):
    consultation = oparl.parse_consultation({"id": "https://example.org/oparl/consultations/1", "role": role,
                                             "organization": ["https://example.org/oparl/organizations/gr/2"]})
    assert consultation.role == expected

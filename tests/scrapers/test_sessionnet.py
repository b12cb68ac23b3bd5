"""SessionNet parsers on real corpus pages (with snapshots in sessionnet/snapshots/corpus/) and on pages the project wrote.

Rewrite the snapshots after a deliberate parser change with UPDATE_SNAPSHOTS=1 and review the diff.
"""

from __future__ import annotations

import pytest

from pipeline.errors import LayoutChanged
from scrapers import sessionnet

from ..conftest import corpus_file
from ..helpers.paths import SESSIONNET
from ..helpers.snapshots import as_json, check_snapshot

PAGES = {
    "sessionnet/vo0050_luedenscheid_asp.html": (sessionnet.parse_paper, "https://ris.example.org/bi/vo0050.asp?__kvonr=2636"),
    "sessionnet/vo0050_eschweiler_php.html": (sessionnet.parse_paper, "https://ris.example.org/vo0050.php?__kvonr=12546"),
    "sessionnet/si0050_eschweiler_php.html": (sessionnet.parse_meeting, "https://ris.example.org/si0050.php?__ksinr=4849"),
    "sessionnet/si0057_schiffweiler_excerpt.html": (sessionnet.parse_meeting, "https://biswl.rznk.de/si0057.php?__ksinr=1192"),
}


@pytest.mark.corpus
@pytest.mark.parametrize("relative", sorted(PAGES))
def test_golden(relative):
    parse, url = PAGES[relative]
    result = as_json(parse(corpus_file(relative).read_bytes(), url))
    check_snapshot(SESSIONNET / "snapshots" / "corpus" / (relative.replace("/", "__") + ".json"), result)


@pytest.mark.corpus
def test_paper_fields_asp_and_php_variants():
    asp = sessionnet.parse_paper(corpus_file("sessionnet/vo0050_luedenscheid_asp.html").read_bytes(), PAGES["sessionnet/vo0050_luedenscheid_asp.html"][1])
    assert (asp.reference, asp.title, asp.paper_type) == ("166/2011", "Stellenplan für das Haushaltsjahr 2012", "Beschlussvorlage")
    assert [f.url.rsplit("/", 1)[-1] for f in asp.files] == ["getfile.asp?id=38966&type=do", "getfile.asp?id=39258&type=do"]
    php = sessionnet.parse_paper(corpus_file("sessionnet/vo0050_eschweiler_php.html").read_bytes(), PAGES["sessionnet/vo0050_eschweiler_php.html"][1])
    assert php.reference == "039/26"
    assert php.text.startswith("Die Ausschussmitglieder, die bisher noch nicht eingeführt")


@pytest.mark.corpus
def test_agenda_numbers_and_paper_links():
    """Quirk: the agenda tab si0057 numbers items "Ö n", e.g. https://biswl.rznk.de/si0057.php?__ksinr=1192"""
    meeting = sessionnet.parse_meeting(corpus_file("sessionnet/si0057_schiffweiler_excerpt.html").read_bytes(), PAGES["sessionnet/si0057_schiffweiler_excerpt.html"][1])
    assert [(i.number, i.paper_reference) for i in meeting.agenda_items] == [("Ö 1", None), ("Ö 2", "BV/473/2026"), ("Ö 4", None)]
    assert meeting.agenda_items[1].paper_url == "https://biswl.rznk.de/vo0050.php?__kvonr=3194"
    assert meeting.start == "2026-09-28T17:00"


def test_page_of_another_system_is_a_layout_change():
    with pytest.raises(LayoutChanged, match="SessionNet page marker not found"):
        sessionnet.parse_paper(b"<html><body><h1>Hallo</h1></body></html>", "https://x/vo0050.php?__kvonr=1")


def test_older_asp_layout_with_ydocstart_forms_and_inline_beratungsfolge():
    """Quirk: older SessionNet posts document forms to ydocstart.asp (fixture written by the project)."""
    page = (SESSIONNET / "fixtures" / "vo0050_ydocstart.asp.html").read_bytes()
    paper = sessionnet.parse_paper(page, "https://ris.example.org/bi/vo0050.asp?__kvonr=931&x=1")
    assert (paper.url, paper.reference, paper.title, paper.date) == (
        "https://ris.example.org/bi/vo0050.asp?__kvonr=931", "VO/2019/0931", "Sprachförderung in Kitas", "2019-05-04")
    assert [(f.name, f.url) for f in paper.files] == [
        ("Antrag (PDF)", "https://ris.example.org/bi/ydocstart.asp?DOLFDNR=123456")]
    assert [(c.organization, c.role, c.date, c.result) for c in paper.consultations] == [
        ("Jugendhilfeausschuss", "Vorberatung", "2019-05-04", "abgelehnt")]

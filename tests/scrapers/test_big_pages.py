"""Huge HTML pages: a table of 100,000 rows, a 20 MB page; parsing stays bounded in time and memory."""

from __future__ import annotations

import logging
import time
import tracemalloc

import pytest

from scrapers import allris, sessionnet
from scrapers.base import ROW_CAP, block_text, make_soup

from ..helpers.paths import ALLRIS

URL = "https://www.herne.de/allris/vo020.asp?VOLFDNR=4711"
MEMORY_MB = 250  # Python allocations while parsing; the 100,000-row page cost about 900 MB as a full soup
SECONDS = 90  # generous: about 4 s here, where the full soup took 45 s of CPU


def classic_paper(rows: int) -> bytes:
    """The multi-session ALLRIS fixture with a Beratungsfolge of the given number of rows:
    a body row, then two meeting rows, again and again."""
    fixture = (ALLRIS / "fixtures" / "vo020_multi_session.html").read_bytes()
    head, rest = fixture.split(b'<tr><td></td><td colspan="6"></td></tr>', 1)
    tail = rest[rest.index(b'</table></td></tr></table></td><td class="ko2">'):]
    body = []
    for i in range(rows):
        if i % 3 == 0:
            body.append(b'<tr class="zl11"><td title="Erledigt"></td><td class="text1" colspan="3">Ausschuss %d</td>'
                        b'<td class="text1" colspan="3">Vorberatung</td></tr>\n' % i)
        else:
            body.append(b'<tr class="zl11"><td title="Erledigt"></td><td class="text2">%02d.05.2015</td><td></td>'
                        b'<td><a href="to010.asp?SILFDNR=%d">Sitzung %d</a></td>'
                        b'<td class="text3"><a href="to020.asp?TOLFDNR=%d">vertagt</a></td><td></td><td></td></tr>\n'
                        % (i % 28 + 1, i, i, i))
    return head + b'<tr><td></td><td colspan="6"></td></tr>' + b"".join(body) + tail


def allris4_paper(rows: int) -> bytes:
    """An ALLRIS 4 paper page whose bfTable has the given number of rows (body row, two meeting rows, …)."""
    out = [b'<html><head><meta name="description" content="ALLRIS net Version 4.1.7"></head><body>'
           b'<div id="allriscontainer"><h1>Vorlage - 2025/1</h1><span id="vobetreff">Titel</span>'
           b'<div id="bfTable"><table><tbody>']
    for i in range(rows):
        if i % 3 == 0:
            out.append(b'<tr><td class="colorCol"><span class="wfcolorDesc">Geplant</span></td><td></td>'
                       b'<td>Stadtrat %d</td><td>Entscheidung</td><td></td></tr>\n' % i)
        else:
            out.append(b'<tr><td class="colorCol"></td><td>21.10.2026</td><td><a href="./to010?SILFDNR=%d">Sitzung</a>'
                       b'</td><td></td><td><a href="./to020?TOLFDNR=%d">NA</a></td></tr>\n' % (i, i))
    return b"".join(out) + b"</tbody></table></div></div></body></html>"


def sessionnet_paper(rows: int) -> bytes:
    """A SessionNet paper page whose Beratungsfolge, inside a layout table, has the given number of rows."""
    out = [b'<html><head><meta name="sessionnet" content="5"></head><body><table><tr><td>'
           b'<table><tr><th>Betreff</th><td>Integrationskonzept</td></tr></table>'
           b'<table><tr><th>Gremium</th><th>Datum</th><th>Ergebnis</th></tr>']
    out += [b"<tr><td>Ausschuss %d</td><td>01.02.2025</td><td>beschlossen</td></tr>\n" % i for i in range(rows)]
    return b"".join(out) + b"</table></td></tr></table></body></html>"


def bounded(parse, content: bytes):
    """parse(content, URL) under the time and memory bounds; its result."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = parse(content, URL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < SECONDS
    assert peak < MEMORY_MB * 2**20, f"parsing peaked at {peak / 2**20:.0f} MB"
    return result


def test_beratungsfolge_of_100000_rows_is_cut_at_the_row_cap(caplog):
    content = classic_paper(100_000)
    with caplog.at_level(logging.WARNING, logger="scrapers.base"):
        paper = bounded(allris.parse_paper, content)
    # The first ROW_CAP rows of the table (a spacer row, then body and meeting rows): 1,333 consultations.
    assert len(paper.consultations) == 1333
    assert [(c.organization, c.role, c.date, c.meeting_url) for c in paper.consultations[:3]] == [
        ("Ausschuss 0", "Vorberatung", "2015-05-02", "https://www.herne.de/allris/to010.asp?SILFDNR=1"),
        ("Ausschuss 0", "Vorberatung", "2015-05-03", "https://www.herne.de/allris/to010.asp?SILFDNR=2"),
        ("Ausschuss 3", "Vorberatung", "2015-05-05", "https://www.herne.de/allris/to010.asp?SILFDNR=4")]
    assert paper.title.startswith("Integrationskonzept")
    assert [f.name for f in paper.files] == ["Vorlage", "Anlage 1 Integrationskonzept"], "what follows the table is read"
    assert paper.text.startswith("Die Verwaltung legt das Integrationskonzept vor.")
    note = "98001 table rows past the first 2000 of a table left out"
    assert paper.notes == (note,)
    assert f"{URL}: {note}" in caplog.text
    assert "notes" not in paper.to_dict(), "the stored content hash is computed without it"


def test_allris4_bf_table_of_100000_rows_is_cut_at_the_row_cap():
    paper = bounded(allris.parse_paper, allris4_paper(100_000))
    assert len(paper.consultations) == 1333  # 667 body rows, 1,333 meeting rows
    assert (paper.consultations[0].organization, paper.consultations[0].date) == ("Stadtrat 0", "2026-10-21")
    assert paper.notes == ("98000 table rows past the first 2000 of a table left out",)


def test_sessionnet_beratungsfolge_of_100000_rows_is_cut_and_read_once():
    paper = bounded(sessionnet.parse_paper, sessionnet_paper(100_000))
    assert [c.organization for c in paper.consultations[:2]] == ["Ausschuss 0", "Ausschuss 1"]
    assert len(paper.consultations) == ROW_CAP - 1  # the cap counts the heading row


def test_sessionnet_layout_table_around_the_beratungsfolge_gives_no_extra_consultations():
    paper = sessionnet.parse_paper(sessionnet_paper(2), "https://ris.example.org/bi/vo0050.php?__kvonr=1")
    assert [(c.organization, c.date, c.result) for c in paper.consultations] == [
        ("Ausschuss 0", "2025-02-01", "beschlossen"), ("Ausschuss 1", "2025-02-01", "beschlossen")]


def test_a_page_under_the_cap_is_read_whole_and_has_no_note():
    paper = allris.parse_paper(classic_paper(30), URL)
    assert len(paper.consultations) == 20
    assert paper.notes == ()


def test_row_cap_counts_each_table_on_its_own_and_nested_rows_go_with_their_row():
    page = (b"<table><tr><td><table>" + b"<tr><td>a</td></tr>" * 5 + b"</table></td></tr>"
            + b"<tr><td>b<table><tr><td>c</td></tr></table></td></tr>" * 4 + b"</table><p>after</p>")
    soup = make_soup(page, row_cap=3)
    assert soup.rows_cut == 4  # two rows of the inner table, two of the outer (with their nested tables)
    assert soup.get_text() == "aaa" + "bc" * 2 + "after"


@pytest.mark.parametrize("parse", [allris.parse_calendar, allris.parse_paper_list, allris.parse_meeting])
def test_other_allris_pages_with_100000_rows_stay_bounded(parse):
    rows = b"".join(b'<tr><td>%d</td><td><a href="to010.asp?SILFDNR=%d">Sitzung</a>'
                    b'<a href="vo020.asp?VOLFDNR=%d">V %d</a></td></tr>' % (i % 28 + 1, i, i, i) for i in range(100_000))
    content = (b'<html><body><div id="allriscontainer" class="si010 vo040 to010"><table class="tl1">'
               + rows + b'</table><table><tr><td class="kb1">Bezeichnung:</td><td>Rat</td></tr></table></div></body></html>')
    result = bounded(parse, content)
    items = result.agenda_items if hasattr(result, "agenda_items") else result
    assert len(items) <= ROW_CAP


@pytest.mark.parametrize("shape,bound_mb", [("nesting", 100), ("paragraphs", 150), ("blob", 80)])
def test_10_mb_page_parses_within_bounds(shape, bound_mb):
    """A 10 MB page of one shape (bench/bench_pages.py): records, never a RecursionError, bounded memory.

    Before the caps: a RecursionError for the nesting, 300 MB for the paragraphs, 150 MB for the blob.
    """
    from bench.bench_pages import page

    content = page(shape, 10)
    tracemalloc.start()
    started = time.monotonic()
    try:
        paper = allris.parse_paper(content, URL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < SECONDS
    assert peak < bound_mb * 2**20, f"parsing peaked at {peak / 2**20:.0f} MB"
    assert paper.title == "Integrationskonzept"
    assert len(paper.text) > (0 if shape == "nesting" else 7_000_000)
    if shape != "blob":
        assert paper.notes and "read as plain text" in paper.notes[0]


def test_markup_past_the_caps_keeps_its_text_with_block_breaks():
    deep = b"<html><body>" + b"<div><span>x</span>" * 300 + b"</div>" * 300 + b"</body></html>"
    soup = make_soup(deep)
    assert soup.elements_cut == 46 + 47  # html, body and 254 divs fill depth 256: the other divs, their spans
    assert block_text(soup.body).split("\n") == ["x"] * 300


def test_responsive_and_allris4_agendas_with_100000_rows_stay_bounded():
    """The result column of a table is found once, not once per row (to010_r, ALLRIS 4 to010)."""
    rows = b"".join(b'<tr><td class="tonr"><a href="#" id="link_%d">\xc3\x96 %d</a></td><td class="tobetreff">TOP %d</td>'
                    b'<td class="tovonr"><a href="./vo020?VOLFDNR=%d">2025/%d</a></td><td>beschlossen</td></tr>'
                    % (i, i, i, i, i) for i in range(100_000))
    content = (b'<html><head><meta name="description" content="ALLRIS net Version 4.1.5"></head><body><div id="allris">'
               b'<h1 class="title">Rat - 01.06.2025</h1><table class="toTable"><thead><tr><th>TOP</th><th>Betreff</th>'
               b'<th>Vorlage</th><th>Beschluss</th></tr></thead><tbody>' + rows + b'</tbody></table></div></body></html>')
    meeting = bounded(allris.parse_meeting, content)
    assert 0 < len(meeting.agenda_items) <= ROW_CAP
    assert meeting.agenda_items[0].result == "beschlossen"


@pytest.mark.parametrize("shape", ["to0040", "cards", "calendar"])
def test_sessionnet_agendas_and_calendars_with_100000_entries_stay_bounded(shape):
    head = b'<html><head><meta name="sessionnet" content="5"><title>SessionNet | Rat - 01.06.2025</title></head><body>'
    if shape == "to0040":
        body = b"".join(b'<tr class="smc_toph"><td class="smc_tophn">%d</td><td class="smc_topht">TOP %d</td></tr>'
                        b'<tr class="smc_tophz"><td></td><td class="smc_topr">Beschluss:</td><td>beschlossen</td></tr>'
                        % (i, i) for i in range(50_000))
        content, parse = head + b"<table>" + body + b"</table></body></html>", sessionnet.parse_meeting
    elif shape == "cards":
        body = b"".join(b'<div class="card"><div class="card-header" onclick="x(\'to0058.asp?smctonr=%d\')">'
                        b'<span class="badge">\xc3\x96 %d</span><div class="smc-card-text-title">TOP %d</div></div>'
                        b'<p class="smc_field_smcdv0_box2_beschluss"><strong>Beschluss:</strong> beschlossen</p></div>'
                        % (i, i, i) for i in range(100_000))
        content, parse = head + body + b"</body></html>", sessionnet.parse_meeting
    else:
        body = b"".join(b'<tr><td class="smc_fct_day">%d</td><td><a href="si0057.php?__ksinr=%d">Rat</a></td></tr>'
                        % (i % 28 + 1, i) for i in range(100_000))
        content, parse = head + b"<table summary='Termine: Juni 2025'>" + body + b"</table></body></html>", \
            sessionnet.parse_calendar
    result = bounded(parse, content)
    items = result.agenda_items if hasattr(result, "agenda_items") else result
    assert 0 < len(items) <= 100_000

"""Hostile input: every parse entry point ends in records or a ParseError naming the source.

Never another exception, never a hang (hypothesis' deadline, and an alarm that interrupts an
example that would never end), never unbounded memory (a tracemalloc peak per example). The budget is the hypothesis profile: `ci` by default (bounded),
`HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py` for a longer run on demand.
"""

from __future__ import annotations

import json
import signal
import tracemalloc
from contextlib import contextmanager

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dev.samplepdf import make_pdf
from pipeline.errors import ParseError
from pipeline.fetch.sniff import sniff_mime
from pipeline.nlp import analyse
from pipeline.text.documents import extract
from scrapers import allris, oparl, sessionnet

from .helpers.paths import ALLRIS, SESSIONNET_SITE

URL = "https://ris.example.org/bi/vo020.asp?VOLFDNR=1"
ALLRIS_SEED = (ALLRIS / "fixtures" / "vo020_multi_session.html").read_bytes()
SESSIONNET_SEEDS = [path.read_bytes() for path in sorted((SESSIONNET_SITE / "bi").glob("*.html"))]
PDF_SEED = make_pdf(["Beschlussvorlage 2025/0112", "Beratungsfolge: Rat der Stadt 01.04.2025 Entscheidung"])


def _flate_page(inflated_mb: int, dictionary: bytes) -> bytes:
    """A one-page PDF whose content stream inflates to the given size, its dictionary spelled as given."""
    from .text.test_bombs import deflated, page

    return page(deflated(inflated_mb), dictionary)


# Hostile seeds: Flate streams the old guard missed (padded dictionary, hex-escaped name), small enough
# to mutate quickly; the full-size bombs are explicit examples below.
PDF_SEEDS = [PDF_SEED, _flate_page(2, b"/Filter /FlateDecode" + b" " * 600), _flate_page(2, b"/Filter /Fl#61teDecode")]
PDF_BOMBS = [_flate_page(600, b"/Filter /Fl#61teDecode" + b" " * 600)]
MEMORY_MB = 100  # peak Python allocation per example; inputs are at most a few kB
HANG_SECONDS = 30

html_tags = st.sampled_from([
    b"<tr>", b"</tr>", b'<td class="text1">', b'<td class="text2">', b"</td>", b"<table>", b"</table>",
    b'<td class="kb1">Betreff:</td>', b'<a href="to010.asp?SILFDNR=1">', b"</a>", b'<div id="bfTable">',
    b'<td class="colorCol">', b"31.02.2015", b"\xe4\xf6\xfc", b'<div class="smc-card">', b'<span class="smc-label">',
    b"Beratungsfolge", b'<a href="getfile.php?id=1&type=do">', b"<div>" * 50, b"<!--", b"<![CDATA[", b"&#0;",
])
html_like = st.lists(st.one_of(html_tags, st.binary(max_size=20)), max_size=60).map(b"".join)


def mutate(data: bytes, cut: int, insert: bytes) -> bytes:
    position = cut % (len(data) + 1)
    return data[:position] + insert + data[position + len(insert):]


def mutated(seeds: list[bytes], insert) -> st.SearchStrategy[bytes]:
    return st.builds(mutate, st.sampled_from(seeds), st.integers(0, max(len(s) for s in seeds)), insert)


class Hang(Exception):
    """An example ran past HANG_SECONDS."""


def _hang(signum, frame):
    raise Hang(f"no result after {HANG_SECONDS} s")


@contextmanager
def bounded_memory():
    """Fail an example that allocates more than MEMORY_MB, or that does not end (the deadline only
    measures examples that do end; this alarm interrupts one that would hang)."""
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
        assert peak < MEMORY_MB * 2**20, f"peak {peak / 2**20:.0f} MB"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        tracemalloc.stop()


def records_or_parse_error(parse, content, url: str = URL) -> None:
    with bounded_memory():
        try:
            parse(content, url)
        except ParseError as exc:  # LayoutChanged is a ParseError
            assert url in str(exc) and "\n" not in str(exc)


def _calendar(day: bytes, time: bytes) -> bytes:
    """An ALLRIS calendar row (si010) with the given day and time cells."""
    return (b'<html><body><div id="allriscontainer" class="si010"><table><tr><td></td><td>%s</td><td>%s</td>'
            b'<td><a href="to010.asp?SILFDNR=1">Rat</a></td></tr></table></div></body></html>' % (day, time))


def _huge_beratungsfolge(rows: int) -> bytes:
    """The ALLRIS seed with the given number of (short) meeting rows added to its Beratungsfolge."""
    at = ALLRIS_SEED.index(b'<tr valign="top" class="zl12">')
    return ALLRIS_SEED[:at] + b'<tr><td class="text2">04.05.2015</td><td>x</td></tr>' * rows + ALLRIS_SEED[at:]


@given(st.one_of(html_like, mutated([ALLRIS_SEED], html_like)))
@example(_calendar(b"31", b"17:00"))  # February 31st (the URL's month is 2): was a ValueError
@example(_calendar(b"12", b"24:00"))  # no such hour: was a ValueError
@example(b'<div id="allriscontainer" class="vo020"><table><tr><td class="kb1">Betreff:</td><td>Titel</td></tr></table>'
         b'<a name="allrisSV"></a>' + b"<div>" * 50_000 + b"Sachverhalt")  # block_text raised a RecursionError
def test_allris_parsers_return_records_or_parse_error(content):
    for parse in (allris.parse_paper, allris.parse_meeting, allris.parse_agenda_item, allris.parse_calendar,
                  allris.parse_paper_list):
        records_or_parse_error(parse, content, "https://ris.example.org/bi/si010_e.asp?MM=2&YY=2025")


@pytest.mark.parametrize("parse", [allris.parse_paper, allris.parse_meeting, allris.parse_agenda_item,
                                   allris.parse_calendar, allris.parse_paper_list])
def test_regression_table_of_100000_rows_ends_in_records_within_the_bounds(parse):
    """The huge-row seed, one parser at a time (all five in one example would pass the deadline on
    a busy machine): 1.2 GB and a minute for parse_paper before the row cap."""
    records_or_parse_error(parse, _huge_beratungsfolge(100_000), "https://ris.example.org/bi/si010_e.asp?MM=2&YY=2025")


@given(st.one_of(html_like, mutated(SESSIONNET_SEEDS, html_like)))
def test_sessionnet_parsers_return_records_or_parse_error(content):
    for parse in (sessionnet.parse_paper, sessionnet.parse_meeting, sessionnet.parse_agenda_item,
                  sessionnet.parse_committee, sessionnet.parse_calendar):
        records_or_parse_error(parse, content, "https://ris.example.org/bi/si0057.php?__ksinr=1")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(
        st.sampled_from(["id", "type", "name", "reference", "date", "start", "end", "modified", "deleted", "data",
                         "links", "next", "consultation", "mainFile", "auxiliaryFile", "accessUrl", "agendaItem",
                         "organization", "meeting", "paperType", "role", "result", "number", "order"]) | st.text(max_size=8),
        children, max_size=8),
    max_leaves=40)
oparl_objects = st.fixed_dictionaries(
    {"id": st.text(max_size=20), "type": st.sampled_from([f"https://schema.oparl.org/1.1/{kind}" for kind in
                                                         ("Paper", "Meeting", "Organization", "File", "Body")])},
    optional={key: json_values for key in ("name", "reference", "date", "start", "consultation", "mainFile",
                                           "auxiliaryFile", "agendaItem", "organization", "deleted", "modified")})


@given(st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode()),
                 oparl_objects.map(lambda v: json.dumps(v).encode())))
def test_oparl_json_ends_in_records_or_parse_error(content):
    url = "https://ris.example.org/oparl/papers"
    records_or_parse_error(oparl.parse_list, content, url)
    records_or_parse_error(oparl.load_json, content, url)


@given(oparl_objects | json_values)
def test_oparl_objects_end_in_records_or_parse_error(data):
    url = "https://ris.example.org/oparl/paper/1"
    for parse in (oparl.parse_paper, oparl.parse_meeting, oparl.parse_organization):
        records_or_parse_error(lambda content, u, parse=parse: parse(content, u), data, url)


@given(st.one_of(st.binary(max_size=2000), mutated(PDF_SEEDS, st.binary(max_size=40))))
@example(PDF_BOMBS[0])  # inflates to 600 MB behind a padded, hex-escaped /FlateDecode: refused, not inflated
def test_text_extraction_never_raises(content):
    with bounded_memory():
        document = extract(content, sniff_mime(content))
    assert document.status in {"ok", "empty", "encrypted", "corrupt", "truncated", "too_large", "unsupported", "error"}
    if content in PDF_BOMBS:
        assert document.status == "too_large"


@given(st.lists(st.text(max_size=400), min_size=1, max_size=3))
def test_nlp_never_raises_and_offsets_point_into_the_page(pages):
    analyse(["Der Rat beschließt am 1. April 2025."])  # loads the lookup tables once, outside the bound
    with bounded_memory():
        analysis = analyse(pages)
    for finding in analysis.findings:
        page = pages[finding.page - 1]
        assert page[finding.start:finding.end] == finding.text


@pytest.mark.parametrize("parse", [allris.parse_paper, sessionnet.parse_paper, allris.parse_meeting])
def test_html_nested_100000_deep_is_a_parse_error(parse):
    deep = b"<html><body>" + b"<div>" * 100_000 + b"Betreff:" + b"</div>" * 100_000 + b"</body></html>"
    with pytest.raises(ParseError, match="^https://ris.example.org/"):
        parse(deep, URL)


def test_regression_json_nested_100000_deep_is_a_parse_error_not_a_recursion_error():
    with pytest.raises(ParseError, match=r"^https://ris.example.org/oparl/papers: invalid JSON \(nested too deeply\)"):
        oparl.load_json(b"[" * 100_000, "https://ris.example.org/oparl/papers")


def test_regression_oparl_fields_of_the_wrong_type_are_ignored_not_a_type_error():
    # Found by the fuzzer: "consultation": 0 raised TypeError ('int' object is not iterable).
    paper = {"id": "https://ris.example.org/oparl/paper/1", "type": "https://schema.oparl.org/1.1/Paper",
             "consultation": 0, "mainFile": {"id": 7, "accessUrl": ["x"]}, "auxiliaryFile": "https://ris/f/2",
             "name": "Vorlage"}
    record = oparl.parse_paper(paper, paper["id"])
    assert (record.title, record.consultations) == ("Vorlage", [])
    assert [f.url for f in record.files] == ["https://ris/f/2"], "the File without an address is left out"
    meeting = {"id": "https://ris.example.org/oparl/meeting/1", "type": "https://schema.oparl.org/1.1/Meeting",
               "agendaItem": {"id": "https://ris.example.org/oparl/ai/1", "name": "TOP 1"}, "organization": 3}
    assert [item.name for item in oparl.parse_meeting(meeting, meeting["id"]).agenda_items] == ["TOP 1"]
    with pytest.raises(ParseError, match="OParl object without id"):
        oparl.parse_paper({"id": 12, "type": "https://schema.oparl.org/1.1/Paper"}, "https://ris.example.org/x")


def test_the_hang_guard_interrupts_an_example_that_never_ends(monkeypatch):
    import time

    monkeypatch.setattr(f"{__name__}.HANG_SECONDS", 0.2)
    started = time.monotonic()
    with pytest.raises(Hang, match="no result after 0.2 s"):
        with bounded_memory():
            while True:
                time.sleep(0.01)
    assert time.monotonic() - started < 5

"""Hostile input: every parse entry point ends in records or a ParseError naming the source."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.documents import extract
from pipeline.nlp import analyse
from pipeline.sniff import sniff_mime
from scrapers import allris
from scrapers.base import ParseError

from .conftest import FIXTURES

URL = "https://ris.example.org/bi/vo020.asp?VOLFDNR=1"
SEED = (FIXTURES / "allris" / "vo020_multi_session.html").read_bytes()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

tags = st.sampled_from(
    [
        b"<tr>",
        b"</tr>",
        b'<td class="text1">',
        b'<td class="text2">',
        b"</td>",
        b"<table>",
        b"</table>",
        b'<td class="kb1">Betreff:</td>',
        b'<a href="to010.asp?SILFDNR=1">',
        b"</a>",
        b'<div id="bfTable">',
        b'<td class="colorCol">',
        b"31.02.2015",
        b"\xe4\xf6\xfc",
    ]
)
html_like = st.lists(st.one_of(tags, st.binary(max_size=20)), max_size=60).map(b"".join)


def mutate(data: bytes, cut: int, insert: bytes) -> bytes:
    position = cut % (len(data) + 1)
    return data[:position] + insert + data[position + len(insert) :]


@FAST
@given(st.one_of(html_like, st.builds(mutate, st.just(SEED), st.integers(0, len(SEED)), html_like)))
def test_allris_parsers_return_records_or_parse_error(content):
    for parse in (
        allris.parse_paper,
        allris.parse_meeting,
        allris.parse_agenda_item,
        allris.parse_calendar,
        allris.parse_paper_list,
    ):
        try:
            parse(content, URL)
        except ParseError as exc:
            assert URL in str(exc)


@FAST
@given(st.binary(max_size=2000))
def test_documents_never_raise(content):
    document = extract(content, sniff_mime(content))
    assert document.status in {"ok", "empty", "encrypted", "corrupt", "truncated", "too_large", "unsupported", "error"}


@FAST
@given(st.text(max_size=500))
def test_nlp_never_raises_and_offsets_point_into_the_page(text):
    for finding in analyse([text]).findings:
        assert text[finding.start : finding.end] == finding.text

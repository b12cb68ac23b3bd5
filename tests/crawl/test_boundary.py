"""The gate every record passes before it is stored: storable text, caps, the city's own ids, no secrets."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.crawl.boundary import Gate, storable_text
from pipeline.errors import RecordRefused
from pipeline.fetch.policy import HostPolicy
from pipeline.limits import Budgets
from pipeline.model import AgendaItemRecord, ConsultationRecord, FileRef, MeetingRecord, OrganizationRecord, PaperRecord

OWN = "https://ris.herne.de/oparl"
POLICY = HostPolicy.of({"ris.herne.de", "www.herne.de"})


def _gate(**limits) -> Gate:
    return Gate(POLICY, Budgets().with_values(limits))


def test_regression_a_lone_surrogate_becomes_storable_text():
    name = "Ausschuss f\ud800r Soziales"
    with pytest.raises(UnicodeEncodeError):  # what stopped the whole run before
        sqlite3.connect(":memory:").execute("select ?", [name])
    organization = _gate().admit(OrganizationRecord(url=f"{OWN}/organization/1", name=name))
    assert organization.name == "Ausschuss f\ufffdr Soziales"
    assert sqlite3.connect(":memory:").execute("select ?", [organization.name]).fetchone()[0] == organization.name


def test_nul_characters_are_removed():
    assert storable_text("Rat\x00 der Stadt") == "Rat der Stadt"


def test_fields_are_cut_at_their_caps_and_the_cut_is_reported():
    gate = _gate(field_chars=100, text_mb=0.001)
    paper = gate.admit(PaperRecord(url=f"{OWN}/paper/1", reference="2025/0001", title="T" * 40_000_000,
                                   text="x" * 5000))
    assert len(paper.title) == 100 and len(paper.text) == int(0.001 * 2**20)
    assert gate.cuts == ["title: 40,000,000 characters, cut to 100", "text: 5,000 characters, cut to 1,048"]


def test_lists_are_cut_at_the_row_cap():
    gate = _gate(rows=3)
    paper = gate.admit(PaperRecord(url=f"{OWN}/paper/1", reference=None, title="t",
                                   consultations=[ConsultationRecord(organization=f"Rat {i}") for i in range(10)]))
    assert [c.organization for c in paper.consultations] == ["Rat 0", "Rat 1", "Rat 2"]
    assert gate.cuts == ["consultations: 10 entries, only the first 3 kept"]


def test_a_record_whose_id_names_another_host_is_refused():
    with pytest.raises(RecordRefused) as refused:
        _gate().admit(PaperRecord(url="https://ris.rostock.de/oparl/paper/7", reference=None, title="fremd"))
    assert refused.value.problem == ("url 'https://ris.rostock.de/oparl/paper/7' refused: host 'ris.rostock.de' "
                                     "is not configured for this city (add it to allow_hosts if it belongs)")


@pytest.mark.parametrize("hostile", [
    f"{OWN}/meeting/1\r\nBEGIN:VEVENT",
    f"{OWN}/meeting/1\n2026-01-01T00:00:00Z ERROR pipeline.crawl.context city=herne fake",
    f"{OWN}/meeting/" + "1" * 3000,
    "https://169.254.169.254\\@ris.herne.de/x",
    f"{OWN}/paper/\u202eexe.fdp",  # attack a10: a right-to-left override turns the id around for a reader
    f"{OWN}/paper/1\u2028BEGIN:VEVENT",  # a line separator breaks a calendar's line
])
def test_an_id_with_control_characters_or_ambiguity_is_refused(hostile):
    with pytest.raises(RecordRefused):
        _gate().admit(MeetingRecord(url=hostile, name="Rat"))


def test_foreign_links_inside_a_record_are_dropped_and_reported():
    gate = _gate()
    meeting = gate.admit(MeetingRecord(
        url=f"{OWN}/meeting/1", name="Rat", organization_url="https://ris.rostock.de/oparl/organization/1",
        agenda_items=[AgendaItemRecord(url=f"{OWN}/agendaitem/1", number="1", position=1, name="Haushalt",
                                       paper_url="https://evil.example/paper/1"),
                      AgendaItemRecord(url="https://ris.rostock.de/oparl/agendaitem/9", number="2", position=2,
                                       name="fremd")]))
    assert meeting.organization_url is None
    assert [item.url for item in meeting.agenda_items] == [f"{OWN}/agendaitem/1"]
    assert meeting.agenda_items[0].paper_url is None
    assert len(gate.cuts) == 3


def test_a_page_for_readers_may_be_on_the_citys_main_site_but_must_be_a_clean_url():
    paper = _gate().admit(PaperRecord(url=f"{OWN}/paper/1", reference=None, title="t",
                                      web="https://www.stadt-herne.de/vorlage/1"))
    assert paper.web == "https://www.stadt-herne.de/vorlage/1"
    hostile = _gate().admit(PaperRecord(url=f"{OWN}/paper/2", reference=None, title="t",
                                        web="javascript:alert(1)"))
    assert hostile.web is None


def test_credentials_never_reach_a_stored_url():
    paper = _gate().admit(PaperRecord(url=f"{OWN}/paper/1?api_key=geheim&page=2", reference=None, title="t",
                                      web="https://user:pw@www.herne.de/vorlage?id=3&token=abc"))
    assert paper.url == f"{OWN}/paper/1?page=2"
    assert paper.web == "https://www.herne.de/vorlage?id=3"


def test_files_are_left_to_the_fetch_which_checks_and_records_them():
    ref = FileRef(url="http://169.254.169.254/latest/meta-data/iam.pdf", name="Anlage")
    paper = _gate().admit(PaperRecord(url=f"{OWN}/paper/1", reference=None, title="t", files=[ref]))
    assert paper.files == [ref]


from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=200)  # lone surrogates, NUL, CR/LF included


@given(title=ANY_TEXT, reference=ANY_TEXT, url_tail=ANY_TEXT, organization=ANY_TEXT, web=ANY_TEXT)
@example(title="\ud800", reference="2025/0001\r\n", url_tail="\\@169.254.169.254/", organization="\x00",
         web="javascript:alert(1)")
def test_fuzz_whatever_a_server_sends_is_refused_or_storable(title, reference, url_tail, organization, web):
    paper = PaperRecord(url=f"{OWN}/paper/{url_tail}", reference=reference, title=title, web=web,
                        consultations=[ConsultationRecord(organization=organization, meeting_url=f"{OWN}/{url_tail}")])
    try:
        admitted = _gate().admit(paper)
    except RecordRefused:
        return
    connection = sqlite3.connect(":memory:")
    for value in (admitted.url, admitted.reference, admitted.title, admitted.web,
                  admitted.consultations[0].organization, admitted.consultations[0].meeting_url):
        assert connection.execute("select ?", [value]).fetchone()[0] == value
    assert "\r" not in admitted.url and "\n" not in admitted.url


@pytest.mark.parametrize("nonsense", ["2024-13-45", "2024-02-30", "0000-00-00", "-001-01-01", "abcdefghij",
                                      "9999-99-99T99:99", "2024-05-01garbage"])
def test_a_date_that_is_no_date_is_dropped_and_reported(nonsense):
    """Attack a09: OParl dates like "2024-13-45" were stored as the paper's and the meeting's dates."""
    gate = _gate()
    paper = gate.admit(PaperRecord(url=f"{OWN}/paper/1", reference="2025/0001", title="T", date=nonsense,
                                   modified=nonsense))
    assert (paper.date, paper.modified) == (None, None)
    assert gate.cuts[0].endswith("dropped: not a date")
    meeting = gate.admit(MeetingRecord(url=f"{OWN}/meeting/1", name="Rat", start=nonsense, end="2025-03-05T19:30"))
    assert (meeting.start, meeting.end) == (None, "2025-03-05T19:30")


def test_real_dates_and_times_pass():
    gate = _gate()
    paper = gate.admit(PaperRecord(url=f"{OWN}/paper/1", reference="2025/0001", title="T", date="2025-03-05",
                                   modified="2025-03-05T10:00:00.000+01:00"))
    meeting = gate.admit(MeetingRecord(url=f"{OWN}/meeting/1", name="Rat", start="2025-03-05T17:00:00Z"))
    assert (paper.date, paper.modified, meeting.start, gate.cuts) == (
        "2025-03-05", "2025-03-05T10:00:00.000+01:00", "2025-03-05T17:00:00Z", [])

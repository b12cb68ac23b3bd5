"""What the crawl settles before the store writes: outcomes, the authoritative flag, votes, the fingerprint."""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.crawl.records import consultation_votes, derive_consultations, save_meeting
from pipeline.model import AgendaItemRecord, ConsultationRecord, MeetingRecord, PaperRecord, paper_fingerprint


def paper() -> PaperRecord:
    return PaperRecord(url="https://ris.example.org/vo020.asp?VOLFDNR=1", reference="2019/0931", title="Konzept",
                       consultations=[ConsultationRecord("Sozialausschuss", "Vorberatung", "2019-05-04",
                                                         "ungeändert beschlossen"),
                                      ConsultationRecord("Rat der Stadt", "Entscheidung", None, None),
                                      ConsultationRecord("Hauptausschuss", "Vorberatung", None, "vertagt",
                                                         authoritative=True)])


def test_outcomes_are_normalised_and_the_deciding_body_is_marked_where_the_source_does_not_say():
    record = paper()
    derive_consultations(record)
    assert [(c.outcome, c.authoritative) for c in record.consultations] == [
        ("beschlossen", False), (None, True), ("vertagt", True)]


def test_the_fingerprint_leaves_out_what_the_crawl_derives():
    """A better outcome rule must not make every stored paper look changed (the fingerprint is taken first)."""
    before = paper_fingerprint(paper(), [])
    with_outcomes = paper()
    for consultation in with_outcomes.consultations:
        consultation.outcome = "sonstiges"
    assert paper_fingerprint(with_outcomes, []) == before
    changed = paper()
    changed.consultations[0].result = "abgelehnt"
    assert paper_fingerprint(changed, []) != before


def test_votes_are_read_from_each_result_and_handed_to_the_store_beside_the_records():
    record = paper()
    record.consultations[0].result = "Bei 12 Ja-Stimmen und 1 Enthaltung einstimmig beschlossen"
    assert consultation_votes(record) == [
        [{"yes": 12, "no": None, "abstain": 1, "unanimous": True,
          "text": "12 Ja-Stimmen und 1 Enthaltung einstimmig"}], [], []]
    before = paper_fingerprint(record, [])
    consultation_votes(record)
    assert paper_fingerprint(record, []) == before, "votes are derived, not part of the paper as its source gave it"

    handed = {}
    store = SimpleNamespace(save_meeting=lambda city, meeting, files, item_files=None, votes=None: handed.update(
        city=city, votes=votes))
    ctx = SimpleNamespace(admit=lambda r: r, store=store, city=SimpleNamespace(slug="herne"),
                          report=SimpleNamespace(meetings=0))
    items = [AgendaItemRecord(url="https://ris.example.org/to020.asp?TOLFDNR=1", number="1", position=1, name="Kita",
                              result="mehrheitlich beschlossen", resolution_text="Abstimmung: Ja 9, Nein 2"),
             AgendaItemRecord(url="https://ris.example.org/to020.asp?TOLFDNR=2", number="2", position=2,
                              name="Anfragen", result="zur Kenntnis genommen")]
    save_meeting(ctx, MeetingRecord(url="https://ris.example.org/to010.asp?SILFDNR=1", name="Rat",
                                    agenda_items=items), [])
    assert handed["city"] == "herne"
    assert [[(v["yes"], v["no"], v["unanimous"]) for v in votes] for votes in handed["votes"]] == [
        [(9, 2, False)], []]
    assert ctx.report.meetings == 1 and items[0].outcome == "beschlossen"

"""What the crawl settles before the store writes: outcomes, the authoritative flag, the fingerprint."""

from __future__ import annotations

from pipeline.crawl.records import derive_consultations
from pipeline.model import ConsultationRecord, PaperRecord, paper_fingerprint


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

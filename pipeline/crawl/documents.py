"""A configured document that is itself a Vorlage becomes a paper (issue 15).

Herdecke and Herten have no known council system: their policy comes as a PDF or a web page from
`[[city.documents]]`. One that carries its own number and a Beratungsfolge (or a "Beschlüsse" list) is a
Vorlage, and stored as one: with its consultations and outcomes read from its text, and the document as
its file. Where the council system already has a paper of that number, the document is linked to it
instead (pipeline.crawl.run.ingest_documents).
"""

from __future__ import annotations

from pipeline.model import ConsultationRecord, PaperRecord
from pipeline.nlp import Analysis
from pipeline.nlp.header import read_head

# The paper's own id: the document's address with a fragment, so it never collides with a RIS page's.
PAPER_FRAGMENT = "#vorlage"


def paper_of_document(url: str, title: str, pages: list[str], analysis: Analysis) -> PaperRecord | None:
    """The paper a document is, or None: its own number and at least one consultation must be printed."""
    own = analysis.reference
    if not own or not pages:
        return None
    at = next((f.start for f in analysis.of("reference") if f.kind == "own" and f.page == 1), None)
    head = read_head(pages[0], own, at)
    if head.minutes:
        return None  # minutes list their items' papers; they are none of them
    rows = [*analysis.consultations]
    for row in head.consultations:
        if not any((r["organization"], r["date"]) == (row["organization"], row["date"]) for r in rows):
            rows.append(row)
    if not rows:
        return None
    consultations = [ConsultationRecord(organization=r["organization"], role=r.get("role"), date=r.get("date"),
                                        result=r.get("result")) for r in rows if r.get("organization")]
    if not consultations:
        return None
    return PaperRecord(url=url + PAPER_FRAGMENT, reference=own, title=head.title or title,
                       paper_type=head.paper_type, consultations=consultations, web=url)

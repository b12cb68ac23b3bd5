"""Records on their way to the store: admitted by the gate, what they imply derived, their own text
analysed, then written. The store writes what it is given; everything it shows is settled here."""

from __future__ import annotations

from pipeline.crawl.context import Context
from pipeline.errors import DocumentTooSlow
from pipeline.limits import time_limit
from pipeline.model import FileDoc, MeetingRecord, PaperRecord, paper_fingerprint
from pipeline.nlp import analyse, topic_summary
from pipeline.nlp.rules import normalize_outcome
from pipeline.nlp.votes import result_votes


def save_meeting(ctx: Context, meeting: MeetingRecord, files: list[FileDoc],
                 item_files: dict[str, list[FileDoc]] | None = None) -> None:
    """Store a meeting with its agenda, its files and its agenda items' files, once it passed the gate."""
    meeting = ctx.admit(meeting)
    for item in meeting.agenda_items:
        item.outcome = normalize_outcome(item.result)
    votes = [result_votes(item.result, item.resolution_text) for item in meeting.agenda_items]
    ctx.store.save_meeting(ctx.city.slug, meeting, files, item_files=item_files, votes=votes)
    if not meeting.deleted:
        ctx.report.meetings += 1


def store_paper(ctx: Context, paper: PaperRecord, files: list[FileDoc]) -> None:
    """Find what a paper's own text (or, without one, its title) says, store it with its files."""
    paper = ctx.admit(paper)
    fingerprint = paper_fingerprint(paper, files)  # the paper as its source gave it, before anything derived
    derive_consultations(paper)
    text = paper.text or paper.title  # the rule pipeline.store.writer.Store.stored_texts follows for reprocessing
    analysis = None
    if text:
        try:
            with time_limit(ctx.budgets.nlp_seconds, "the NLP of the paper's text"):
                analysis = analyse([text], known=ctx.known_organizations())
        except DocumentTooSlow as exc:
            ctx.report.fail("budget", paper.url, f"{exc}; stored without findings")
    status = ctx.store.save_paper(
        ctx.city.slug,
        paper,
        files,
        findings=analysis.findings if analysis else [],
        topics=topic_summary(analysis) if analysis else [],
        content_hash=fingerprint,
        votes=consultation_votes(paper),
    )
    setattr(ctx.report, f"papers_{status}", getattr(ctx.report, f"papers_{status}") + 1)


def consultation_votes(paper: PaperRecord) -> list[list[dict]]:
    """The votes each consultation's result prints ("7 Ja-Stimme(n), 2 Gegenstimme(n)"), in their order."""
    return [result_votes(consultation.result) for consultation in paper.consultations]


def derive_consultations(paper: PaperRecord) -> None:
    """Each consultation's normalised outcome, and whether it decides (where the source does not say)."""
    for consultation in paper.consultations:
        consultation.outcome = normalize_outcome(consultation.result)
        if consultation.authoritative is None:
            consultation.authoritative = bool(consultation.role and "entscheid" in consultation.role.lower())

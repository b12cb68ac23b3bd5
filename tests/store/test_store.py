"""The store: idempotent upserts, tombstones that keep data, WAL, FTS and atomic documents."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pipeline.errors import StoreError
from pipeline.model import AgendaItemRecord, ConsultationRecord, FileDoc, FileRef, MeetingRecord, PaperRecord
from pipeline.nlp.resources import vocabularies
from pipeline.store.writer import SCHEMA_VERSION, Store, row_key

URL = "https://ris.example.org/bi/vo020.asp?VOLFDNR=1"


def key(source_id: str) -> str:
    """A row's key in the test city."""
    return row_key("herne", source_id)


def paper(title="Integrationskonzept der Stadt", result="ungeändert beschlossen", outcome="beschlossen") -> PaperRecord:
    """A paper as the crawl hands it over: outcomes and the authoritative flag already derived."""
    return PaperRecord(
        url=URL,
        reference="2019/0931",
        title=title,
        paper_type="Beschlussvorlage",
        consultations=[
            ConsultationRecord(
                "Sozialausschuss",
                "Vorberatung",
                "2019-05-04",
                result,
                meeting_url="https://ris.example.org/bi/to010.asp?SILFDNR=5",
                outcome=outcome,
                authoritative=False,
            ),
            ConsultationRecord("Rat der Stadt", "Entscheidung", None, None, authoritative=True),
        ],
        files=[FileRef("https://ris.example.org/bi/do027.asp?DOLFDNR=9&options=64", "Vorlage")],
        text="Die Sprachförderung wird ausgebaut.",
    )


def file_doc(text="Handlungsfeld Sprache") -> FileDoc:
    return FileDoc(
        url="https://ris.example.org/bi/do027.asp?DOLFDNR=9&options=64",
        name="Vorlage",
        role="paper",
        mime_type="application/pdf",
        sha256="ab" * 32,
        size=10,
        pages=[text],
        text_method="pdfplumber",
        status="ok",
        status_reason=None,
        fetched_at="2025-01-01T00:00:00+00:00",
        findings=[],
        topics=[],
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.db") as s:
        s.db.table("cities").insert({"slug": "herne", "name": "Herne"})
        yield s


def counts(store):
    return {t: store.db.table(t).count for t in ("papers", "consultations", "files", "organizations")}


def test_saving_twice_never_duplicates(store):
    assert store.save_paper("herne", paper(), [file_doc()], [], []) == "new"
    first = counts(store)
    assert store.save_paper("herne", paper(), [file_doc()], [], []) == "unchanged"
    assert counts(store) == first == {"papers": 1, "consultations": 2, "files": 1, "organizations": 2}


def test_changed_paper_is_reported_and_its_outcomes_written_as_given(store):
    store.save_paper("herne", paper(), [file_doc()], [], [])
    assert store.save_paper("herne", paper(result="abgelehnt", outcome="abgelehnt"), [file_doc()], [], []) == "changed"
    rows = list(store.db.query("select result, outcome, authoritative from consultations order by id"))
    assert rows == [
        {"result": "abgelehnt", "outcome": "abgelehnt", "authoritative": 0},
        {"result": None, "outcome": None, "authoritative": 1},
    ]


def test_a_result_keeps_the_time_it_changed_until_it_changes_again(store):
    """The Atom feed's `updated` is when a resolution changed, not when it was last fetched."""
    def changed() -> list:
        return [r["changed_at"] for r in store.db.query("select changed_at from consultations order by id")]

    store.save_paper("herne", paper(), [file_doc()], [], [], fetched_at="2026-01-01T10:00:00+00:00")
    store.save_paper("herne", paper(title="Neuer Titel"), [file_doc()], [], [], fetched_at="2026-02-01T10:00:00+00:00")
    assert changed() == ["2026-01-01T10:00:00+00:00"] * 2
    store.save_paper("herne", paper(result="abgelehnt", outcome="abgelehnt"), [file_doc()], [], [],
                     fetched_at="2026-03-01T10:00:00+00:00")
    assert changed() == ["2026-03-01T10:00:00+00:00", "2026-01-01T10:00:00+00:00"]


def test_a_meeting_keeps_its_end(store):
    meeting = MeetingRecord(url="https://ris.example.org/bi/to010.asp?SILFDNR=5", name="Rat", start="2026-09-08T17:00",
                            end="2026-09-08T19:30")
    store.save_meeting("herne", meeting, [])
    assert store.db.table("meetings").get(key(meeting.url))["end"] == "2026-09-08T19:30"


def test_deleted_paper_keeps_its_data(store):
    store.save_paper("herne", paper(), [file_doc()], [], [])
    assert store.paper_exists("herne", URL)
    assert store.save_paper("herne", PaperRecord(url=URL, reference=None, title="", deleted=True), [], [], []) == "deleted"
    row = store.db.table("papers").get(key(URL))
    assert row["deleted"] == 1 and row["title"] == "Integrationskonzept der Stadt"
    assert store.db.table("consultations").count == 2
    assert not store.paper_exists("herne", URL)
    unknown = PaperRecord(url="https://ris.example.org/unknown", reference=None, title="", deleted=True)
    assert store.save_paper("herne", unknown, [], [], []) == "tombstone"


def test_wal_mode_and_full_text_search(store):
    store.save_paper("herne", paper(), [file_doc("Handlungsfeld Sprache und Bildung")], [], [])
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    hits = list(
        store.db.query(
            "select p.reference from papers_fts f join papers p on p.rowid = f.rowid "
            "where papers_fts match 'Integrationskonzept'"
        )
    )
    assert hits == [{"reference": "2019/0931"}]
    assert [
        r["name"]
        for r in store.db.query(
            "select f.name from files_fts x join files f on f.rowid = x.rowid where files_fts match 'Bildung'"
        )
    ] == ["Vorlage"]


def test_a_failing_document_leaves_no_half_written_rows(store, monkeypatch):
    store.save_paper("herne", paper(), [file_doc()], [], [])
    before = counts(store)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_save_file", broken)
    with pytest.raises(sqlite3.OperationalError):
        store.save_paper("herne", paper(title="Neuer Titel"), [file_doc()], [], [])
    assert counts(store) == before
    assert store.db.table("papers").get(key(URL))["title"] == "Integrationskonzept der Stadt"


def test_meeting_and_consultation_linking(store):
    store.save_paper("herne", paper(), [], [], [])
    meeting = MeetingRecord(
        url="https://ris.example.org/bi/to010.asp?SILFDNR=5",
        name="Sitzung des Sozialausschusses",
        start="2019-05-04T17:00",
        organization="Sozialausschuss",
        agenda_items=[
            AgendaItemRecord(
                url="https://ris.example.org/bi/to020.asp?TOLFDNR=51",
                number="Ö 1",
                position=1,
                name="Integrationskonzept",
                result="ungeändert beschlossen",
                paper_url=URL,
                outcome="beschlossen",
            )
        ],
    )
    store.save_meeting("herne", meeting, [])
    store.save_meeting("herne", meeting, [])
    store.link_consultations("herne")
    row = store.db.table("consultations").get(key(URL + "#1"))
    assert row["agenda_item"] == key("https://ris.example.org/bi/to020.asp?TOLFDNR=51")
    assert store.db.table("agenda_items").count == 1
    assert (
        store.db.table("agenda_items").get(key("https://ris.example.org/bi/to020.asp?TOLFDNR=51"))["outcome"]
        == "beschlossen"
    )


def test_unopenable_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as caught:
        Store(bad)
    assert str(caught.value).startswith(f"{bad}: cannot open database")


def test_schema_has_the_contracted_tables_and_columns(store):
    required = {
        "cities": {"slug", "name", "ags", "state", "system", "url"},
        "organizations": {"id", "city", "name", "short_name", "kind"},
        "meetings": {"id", "city", "name", "start", "organization", "cancelled", "url"},
        "agenda_items": {
            "id",
            "meeting",
            "number",
            "position",
            "name",
            "public",
            "result",
            "outcome",
            "resolution_text",
        },
        "papers": {"id", "city", "reference", "title", "paper_type", "date", "url", "deleted", "modified"},
        "consultations": {
            "id",
            "city",
            "paper",
            "meeting",
            "agenda_item",
            "organization",
            "date",
            "role",
            "authoritative",
            "result",
            "outcome",
        },
        "files": {
            "id",
            "city",
            "paper",
            "meeting",
            "url",
            "name",
            "mime_type",
            "sha256",
            "size",
            "pages",
            "text",
            "text_method",
            "fetched_at",
        },
        "topics": {"key", "label", "description"},
    }
    for table, columns in required.items():
        assert columns <= set(store.db[table].columns_dict), table
    assert store.db["topics"].count == 0, "the store knows no vocabulary of its own"
    store.sync_vocabularies(*vocabularies())
    assert {t["key"] for t in store.db["topics"].rows} == {
        "sprache", "bildung", "ausbildung_arbeit", "wohnen_quartier", "interkulturelle_oeffnung", "teilhabe_engagement",
        "soziales", "gesundheit", "kultur_sport_freizeit", "dialog_religion", "antidiskriminierung", "flucht_asyl",
        "steuerung_monitoring"}


def test_rewriting_a_papers_evidence_keeps_its_files_evidence(store):
    """Regression: saving a paper again deleted the mentions found in its files."""
    from pipeline.nlp import analyse

    findings = analyse(["Am 04.05.2015 tagte der Integrationsrat."]).findings
    doc = file_doc()
    doc.findings = findings
    store.save_paper("herne", paper(), [doc], findings, [])
    before = store.db["mentions"].count
    unchanged = file_doc()
    unchanged.unchanged = True
    store.save_paper("herne", paper(), [unchanged], findings, [])
    assert store.db["mentions"].count == before == 2 * len(findings)


# ------------------------------------------------------------------ votes (issue 14)

VOTED = {"yes": 41, "no": 4, "abstain": 3, "unanimous": False, "text": "41 Ja-Stimmen, 4 Nein-Stimmen und 3 Enthaltungen"}
ITEM_URL = "https://ris.example.org/bi/to020.asp?TOLFDNR=51"
VOTE_COLUMNS = ("votes_yes", "votes_no", "votes_abstain", "unanimous", "votes_text", "votes")


def agenda(*results: str) -> MeetingRecord:
    items = [AgendaItemRecord(url=f"{ITEM_URL}{n}", number=f"Ö {n}", position=n, name=f"Punkt {n}", result=result)
             for n, result in enumerate(results, start=1)]
    return MeetingRecord(url="https://ris.example.org/bi/to010.asp?SILFDNR=5", name="Sitzung", agenda_items=items)


def test_votes_land_in_their_columns_as_given(store):
    unanimous = {"yes": None, "no": None, "abstain": 2, "unanimous": True, "text": "einstimmig bei 2 Enthaltungen"}
    store.save_paper("herne", paper(), [], [], [], votes=[[VOTED], []])
    rows = list(store.db.query(f"select {', '.join(VOTE_COLUMNS)} from consultations order by id"))
    assert rows[0] == {"votes_yes": 41, "votes_no": 4, "votes_abstain": 3, "unanimous": 0, "votes_text": VOTED["text"],
                       "votes": json.dumps([VOTED], ensure_ascii=False)}
    assert set(rows[1].values()) == {None}, "a consultation without a printed vote"
    store.save_meeting("herne", agenda("einstimmig", "a) …", "ungeändert"), [],
                       votes=[[unanimous], [VOTED, unanimous], []])
    rows = list(store.db.query(f"select {', '.join(VOTE_COLUMNS)} from agenda_items order by position"))
    assert (rows[0]["votes_abstain"], rows[0]["unanimous"], rows[0]["votes_yes"]) == (2, 1, None)
    assert rows[1]["votes_yes"] is None and rows[1]["unanimous"] is None, "two votes: no one count is the item's"
    assert rows[1]["votes_text"] == f"{VOTED['text']} | {unanimous['text']}"
    assert json.loads(rows[1]["votes"]) == [VOTED, unanimous]
    assert set(rows[2].values()) == {None}
    store.save_paper("herne", paper(), [], [], [])
    assert {r["votes"] for r in store.db.query("select votes from consultations")} == {None}, "written as given"


def test_a_database_of_the_previous_schema_gains_the_vote_columns_and_keeps_every_row(tmp_path):
    path = tmp_path / "v3.db"
    with Store(path) as store:
        store.db.table("cities").insert({"slug": "herne", "name": "Herne"})
        store.save_paper("herne", paper(), [file_doc()], [], [])
        store.save_meeting("herne", agenda("einstimmig beschlossen"), [])
        for table in ("consultations", "agenda_items"):  # as version 3 made them
            for column in VOTE_COLUMNS:
                store.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        store.db.execute("PRAGMA user_version=3")
        before = {table: list(store.db.query(f"select * from {table} order by id"))
                  for table in ("papers", "consultations", "agenda_items", "files")}
    assert "votes_yes" not in before["consultations"][0]
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for table, rows in before.items():
            after = list(store.db.query(f"select * from {table} order by id"))
            assert [{k: v for k, v in row.items() if k not in VOTE_COLUMNS} for row in after] == rows, table
            if table in ("consultations", "agenda_items"):
                assert all(row["votes_yes"] is None and row["votes"] is None for row in after)
        store.save_paper("herne", paper(), [file_doc()], [], [], votes=[[VOTED], []])
        assert store.db.execute("select votes_yes from consultations order by id").fetchone()[0] == 41
    with Store(path) as store:
        assert store.db.execute("select votes_no from consultations order by id").fetchone()[0] == 4, "opened again"


def test_a_files_process_steps_are_stored_with_their_evidence_and_replaced_with_it(store):
    from pipeline.nlp import analyse

    text = "Der Rat der Stadt Herne hat am 27.03.2007 die Leitlinien beschlossen. Der Integrationsrat tagt."
    doc = file_doc(text)
    doc.findings = analyse([text]).findings
    store.save_paper("herne", paper(), [doc], [], [])
    rows = list(store.db.query("select city, paper, file, date, organization, kind, outcome, page, start, text "
                               "from process_steps"))
    assert rows == [{"city": "herne", "paper": key(URL), "file": key(doc.url), "date": "2007-03-27",
                     "organization": "Rat der Stadt Herne", "kind": "decision", "outcome": "beschlossen", "page": 1,
                     "start": 0, "text": "Der Rat der Stadt Herne hat am 27.03.2007 die Leitlinien beschlossen."}]
    assert not list(store.db.query("select * from mentions where label = 'process_step'"))
    doc.findings = analyse(["Der Integrationsrat tagt."]).findings
    store.save_paper("herne", paper(title="Neu"), [doc], [], [])
    assert store.db.table("process_steps").count == 0


def test_an_upsert_keeps_the_columns_it_does_not_give(store):
    """The writer's own upsert (no sqlite-utils introspection) updates what it gives and keeps the rest."""
    store.save_paper("herne", paper(), [file_doc()], [], [])
    key = row_key("herne", paper().url)
    store.db.execute("UPDATE papers SET status = 'kept' WHERE id = ?", [key])
    store._upsert_row("papers", {"id": key, "title": "Neuer Titel"})
    assert next(store.db.query("SELECT title, status, city FROM papers WHERE id = ?", [key])) == {
        "title": "Neuer Titel", "status": "kept", "city": "herne"}


def test_a_column_name_that_is_no_identifier_never_reaches_the_sql(store):
    with pytest.raises(ValueError, match="not a column name"):
        store._replace_rows("mentions", [{"id": "x", 'label"); DROP TABLE papers; --': "y"}])
    assert store.db.table("papers").exists()

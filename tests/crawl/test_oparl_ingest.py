"""OParl ingest end to end against the replay server: a small archive the tests write, and a
Karlsruhe slice from the corpus with faults injected."""

from __future__ import annotations

import copy

import pytest
import sqlite_utils

from pipeline.crawl.config import City, Ris
from pipeline.crawl.context import CityReport, Context
from pipeline.crawl.run import ingest_city
from pipeline.fetch.client import HttpClient
from pipeline.store.writer import Store, row_key

from ..conftest import CORPUS
from ..helpers.oparl_replay import Archive, Faults, OParlReplay, load_karlsruhe

P = "https://oparl.example.org/oparl"
B = f"{P}/bodies/0001"


def archive() -> Archive:
    organizations = [
        {"id": f"{B}/organizations/1", "type": "https://schema.oparl.org/1.1/Organization", "name": "Integrationsrat",
         "shortName": "IR", "modified": "2025-01-01T00:00:00+01:00"},
        {"id": f"{B}/organizations/2", "type": "https://schema.oparl.org/1.1/Organization", "name": "Rat der Stadt",
         "modified": "2025-01-01T00:00:00+01:00"},
    ]
    meetings = [{
        "id": f"{B}/meetings/10", "type": "https://schema.oparl.org/1.1/Meeting", "name": "Integrationsrat",
        "start": "2025-03-11T17:00:00+01:00", "organization": [f"{B}/organizations/1"],
        "modified": "2025-03-12T10:00:00+01:00",
        "agendaItem": [
            {"id": f"{B}/agendaitems/100", "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "1",
             "order": 1, "name": "Integrationskonzept", "public": True, "result": "einstimmig beschlossen",
             "consultation": f"{B}/consultations/1000"},
            {"id": f"{B}/agendaitems/101", "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "2",
             "order": 2, "name": "Verschiedenes", "public": False},
        ],
    }]
    papers = [
        {"id": f"{B}/papers/1", "type": "https://schema.oparl.org/1.1/Paper", "name": "Integrationskonzept 2025",
         "reference": "2025/0112", "paperType": "Beschlussvorlage", "date": "2025-02-01",
         "modified": "2025-03-12T10:00:00+01:00", "web": "https://ris.example.org/vo020?VOLFDNR=1",
         "mainFile": {"id": f"{B}/files/1", "type": "https://schema.oparl.org/1.1/File", "name": "Vorlage",
                      "accessUrl": f"{B}/download/1.pdf", "mimeType": "application/pdf"},
         "consultation": [
             {"id": f"{B}/consultations/1000", "type": "https://schema.oparl.org/1.1/Consultation",
              "meeting": f"{B}/meetings/10", "agendaItem": f"{B}/agendaitems/100",
              "organization": [f"{B}/organizations/1"], "role": "Vorberatung", "authoritative": False},
             {"id": f"{B}/consultations/1001", "type": "https://schema.oparl.org/1.1/Consultation",
              "organization": [f"{B}/organizations/2"], "role": "Entscheidung", "authoritative": True},
         ]},
        {"id": f"{B}/papers/2", "type": "https://schema.oparl.org/1.1/Paper", "name": "Sprachkurse für Eltern",
         "reference": "2025/0140", "paperType": "Antrag", "modified": "2025-03-01T10:00:00+01:00"},
        {"id": f"{B}/papers/3", "type": "https://schema.oparl.org/1.1/Paper", "deleted": True, "name": "",
         "reference": "", "modified": "2025-03-02T10:00:00+01:00"},
    ]
    texts = {f"{B}/files/1": "Handlungsfeld Sprache\nDie Volkshochschule bietet ab Mai 2025 Kurse an."}
    return Archive(prefix=P, organizations=organizations, meetings=meetings, papers=papers, file_texts=texts)


SLUG = "oparlstadt"


def key(source_id: str) -> str:
    """A row's key in the test city."""
    return row_key(SLUG, source_id)


def run(db_path, url, since=None, slug=SLUG, **client_options) -> CityReport:
    city = City(slug=slug, name="OParl-Stadt", ags="05999000", state="NW", ris=Ris("oparl", url))
    options = {"retries": 3, "backoff": 0.01, "timeout": 5} | client_options
    report = CityReport(city.slug)
    with Store(db_path) as store, HttpClient(None, **options) as client:
        ingest_city(Context(city=city, client=client, store=store, report=report, since=since))
    return report


def test_first_run_stores_everything_with_names_and_links(tmp_path):
    with OParlReplay(archive()) as server:
        report = run(tmp_path / "o.db", server.url)
    assert (report.papers_new, report.papers_deleted, report.meetings, report.files) == (2, 0, 1, 1)
    assert not report.failures
    db = sqlite_utils.Database(tmp_path / "o.db")
    rows = list(db.query("""select o.name, c.role, c.authoritative, c.date, c.agenda_item from consultations c
                            join organizations o on o.id = c.organization order by c.id"""))
    assert rows == [
        {"name": "Integrationsrat", "role": "Vorberatung", "authoritative": 0, "date": "2025-03-11",
         "agenda_item": key(f"{server.base}/bodies/0001/agendaitems/100")},
        {"name": "Rat der Stadt", "role": "Entscheidung", "authoritative": 1, "date": None, "agenda_item": None},
    ]
    item = db["agenda_items"].get(key(f"{server.base}/bodies/0001/agendaitems/100"))
    assert (item["paper"], item["outcome"]) == (key(f"{server.base}/bodies/0001/papers/1"), "beschlossen")
    file = db["files"].get(key(f"{server.base}/bodies/0001/files/1"))
    assert (file["text_method"], file["status"], file["paper"]) == (
        "source", "ok", key(f"{server.base}/bodies/0001/papers/1"))
    assert db["topic_links"].get(key(f"{server.base}/bodies/0001/files/1#sprache"))["declared"] == 1
    tombstone = db["papers"].get(key(f"{server.base}/bodies/0001/papers/3"))
    assert tombstone["deleted"] == 1


def test_incremental_rerun_fetches_only_list_pages(tmp_path):
    data = archive()
    with OParlReplay(data, empty_list_404=True) as server:
        run(tmp_path / "o.db", server.url)
        before = len(server.requests)
        report = run(tmp_path / "o.db", server.url)
        rerun_requests = server.requests[before:]
    assert (report.papers_new, report.papers_changed, sum(report.failures.values())) == (0, 0, 0)
    assert [path.split("?")[0] for path in rerun_requests] == [
        "/robots.txt", "/oparl/system", "/oparl/bodies", "/oparl/bodies/0001/organizations",
        "/oparl/bodies/0001/meetings", "/oparl/bodies/0001/papers"]
    assert all("modified_since=" in path for path in rerun_requests if "/bodies/0001/" in path)


def test_changed_and_deleted_objects_arrive_on_the_next_run(tmp_path):
    data = archive()
    with OParlReplay(data) as server:
        run(tmp_path / "o.db", server.url)
        changed = copy.deepcopy(data.papers[1])
        changed.update(name="Sprachkurse für Eltern und Kinder", modified="2099-01-01T00:00:00+00:00")
        gone = {"id": data.papers[0]["id"], "type": "https://schema.oparl.org/1.1/Paper", "deleted": True,
                "modified": "2099-01-01T00:00:00+00:00"}
        data.papers[:] = [gone, changed, data.papers[2]]
        report = run(tmp_path / "o.db", server.url)
    assert (report.papers_new, report.papers_changed, report.papers_deleted) == (0, 1, 1)
    db = sqlite_utils.Database(tmp_path / "o.db")
    kept = db["papers"].get(key(f"{server.base}/bodies/0001/papers/1"))
    assert (kept["deleted"], kept["title"]) == (1, "Integrationskonzept 2025")
    assert db["consultations"].count == 2, "a tombstone keeps the consultations stored before"


def test_pagination_follows_next_links_with_the_filter(tmp_path):
    data = archive()
    with OParlReplay(data, page_size=1) as server:
        report = run(tmp_path / "o.db", server.url, since=None)
    assert report.papers_new == 2
    assert sum(1 for p in server.requests if "/papers" in p) == 3


def test_objects_given_only_as_urls_are_fetched(tmp_path):
    data = archive()
    consultation = dict(data.papers[0]["consultation"][1])
    file = {"id": f"{B}/files/2", "type": "https://schema.oparl.org/1.1/File", "name": "Antrag",
            "accessUrl": f"{B}/download/2.pdf"}
    data.papers[1]["consultation"] = [consultation["id"]]
    data.papers[1]["auxiliaryFile"] = [file["id"]]
    data.papers[0]["consultation"] = data.papers[0]["consultation"][:1]
    data.objects = {consultation["id"]: {**consultation, "paper": data.papers[1]["id"]}, file["id"]: file}
    data.file_texts[file["id"]] = "Antrag auf Deutschkurse für Eltern."
    with OParlReplay(data) as server:
        report = run(tmp_path / "o.db", server.url)
    assert not report.failures
    db = sqlite_utils.Database(tmp_path / "o.db")
    row = db["consultations"].get(key(f"{server.base}/bodies/0001/consultations/1001"))
    assert (row["paper"], row["role"]) == (key(f"{server.base}/bodies/0001/papers/2"), "Entscheidung")
    stored = db["files"].get(key(f"{server.base}/bodies/0001/files/2"))
    assert (stored["paper"], stored["text"], stored["text_method"]) == (
        key(f"{server.base}/bodies/0001/papers/2"), "Antrag auf Deutschkurse für Eltern.", "source")


def test_agenda_item_files_are_fetched_analysed_and_linked_to_their_item(tmp_path):
    """Issue 14: OParl auxiliaryFile and resolutionFile of agenda items were skipped."""
    data = archive()
    resolution = {"id": f"{B}/files/5", "type": "https://schema.oparl.org/1.1/File", "name": "Beschluss",
                  "accessUrl": f"{B}/download/5.pdf"}
    item = data.meetings[0]["agendaItem"][0]
    item["resolutionFile"] = resolution["id"]  # given as a URL: fetched as a File first
    item["auxiliaryFile"] = [{"id": f"{B}/files/6", "type": "https://schema.oparl.org/1.1/File", "name": "Anlage",
                              "accessUrl": f"{B}/download/6.pdf", "text": "Handlungsfeld Wohnen und Quartier"}]
    data.objects = {resolution["id"]: resolution}
    data.file_texts[resolution["id"]] = "Der Integrationsrat empfiehlt einstimmig das Konzept."
    with OParlReplay(data) as server:
        report = run(tmp_path / "o.db", server.url)
    assert not report.failures
    db = sqlite_utils.Database(tmp_path / "o.db")
    rows = {r["name"]: r for r in db.query("select * from files where agenda_item is not null")}
    assert sorted(rows) == ["Anlage", "Beschluss"]
    item_key, meeting_key = key(f"{server.base}/bodies/0001/agendaitems/100"), key(f"{server.base}/bodies/0001/meetings/10")
    assert {(r["agenda_item"], r["meeting"], r["role"], r["paper"]) for r in rows.values()} == {
        (item_key, meeting_key, "resolution", None), (item_key, meeting_key, "attachment", None)}
    assert rows["Beschluss"]["text"] == "Der Integrationsrat empfiehlt einstimmig das Konzept."
    assert db["topic_links"].get(rows["Anlage"]["id"] + "#wohnen_quartier")["declared"] == 1


def test_a_papers_file_attached_again_by_an_agenda_item_stays_the_papers(tmp_path):
    from pipeline.model import FileDoc, MeetingRecord

    def doc(text: str) -> FileDoc:
        return FileDoc(url=f"{B}/download/1.pdf", name="Vorlage", role="attachment", mime_type="application/pdf",
                       sha256=text, size=len(text), pages=[text], text_method="pdf", status="ok",
                       status_reason=None, fetched_at="2025-03-12T10:00:00+00:00", findings=[], topics=[],
                       id=f"{B}/files/1", passages=[(1, 0, len(text))])

    with Store(tmp_path / "o.db") as store:
        store.save_file(SLUG, doc("Vorlage Text"), paper=f"{B}/papers/1", meeting=None)
        meeting = MeetingRecord(url=f"{B}/meetings/10", name="Rat", start=None, organization=None,
                                organization_url=None, location=None, cancelled=False, agenda_items=[], files=[])
        store.save_meeting(SLUG, meeting, [], item_files={f"{B}/agendaitems/100": [doc("Vorlage Text, neu")]})
    db = sqlite_utils.Database(tmp_path / "o.db")
    row = db["files"].get(key(f"{B}/files/1"))
    assert (row["paper"], row["meeting"], row["agenda_item"], row["text"]) == (
        key(f"{B}/papers/1"), key(f"{B}/meetings/10"), key(f"{B}/agendaitems/100"), "Vorlage Text, neu")
    assert [p["paper"] for p in db.query("select paper from passages")] == [key(f"{B}/papers/1")]


def _table_state(db_path, base: str) -> dict:
    """Every stored row without fetch times, with the server's address made neutral."""
    db = sqlite_utils.Database(db_path)
    state = {}
    for table in ("papers", "consultations", "meetings", "agenda_items", "files", "organizations", "mentions",
                  "topic_links"):
        rows = db.query(f"select * from {table} order by 1")
        state[table] = [{k: v.replace(base, "BASE") if isinstance(v, str) else v for k, v in r.items()
                         if k not in ("fetched_at", "changed_at", "modified", "status_reason", "content_hash")} for r in rows]
    return state


@pytest.mark.corpus
def test_karlsruhe_slice_with_faults_ends_like_a_clean_run(tmp_path):
    if not (CORPUS / "karlsruhe").is_dir():
        pytest.skip(f"real-world corpus not found at {CORPUS}")
    data = load_karlsruhe(CORPUS / "karlsruhe", papers=300, meetings=60)
    with OParlReplay(data, page_size=25) as server:
        clean = run(tmp_path / "clean.db", server.url)
        clean_base = server.base
    faults = Faults(every_nth_503=10, stall_requests={7}, stall_seconds=3.0, truncate_requests={12})
    with OParlReplay(data, page_size=25, faults=faults) as server:
        faulty = run(tmp_path / "faulty.db", server.url, timeout=1.5)
        faulty_base = server.base
        answered_503 = len(server.requests) // 10
    assert answered_503 > 50, "faults were injected"
    # The archive holds no text for meeting attachments; the replay answers 404 for them in both runs.
    assert set(clean.failures) <= {"file"} and clean.failures == faulty.failures, faulty.failures
    assert clean.papers_new == faulty.papers_new > 250
    assert _table_state(tmp_path / "clean.db", clean_base) == _table_state(tmp_path / "faulty.db", faulty_base)


def test_files_are_read_with_the_organisations_the_system_lists(tmp_path):
    """The body's organisation list names its offices; a file that prints only their short names ("TBA") links them."""
    data = archive()
    data.organizations.append({"id": f"{B}/organizations/3", "type": "https://schema.oparl.org/1.1/Organization",
                               "name": "Tiefbauamt", "shortName": "TBA", "modified": "2025-01-01T00:00:00+01:00"})
    data.file_texts[f"{B}/files/1"] += "\nDie Ämter der Stadt (TBA, IR) stimmen sich ab."
    with OParlReplay(data) as server:
        run(tmp_path / "o.db", server.url)
    db = sqlite_utils.Database(tmp_path / "o.db")
    found = {(row["value"], row["text"]) for row in db.query(
        "select value, text from mentions where label = 'organization' and file = ?",
        [key(f"{server.base}/bodies/0001/files/1")])}
    assert ("Tiefbauamt", "TBA") in found
    assert not any(text == "IR" for _, text in found), "a two-letter short name has too many other meanings"

"""City isolation: a city's source can name any id, yet its run creates, changes and deletes only its own rows.

The attack: a server configured as city B announces city A's paper, meeting, file and organisation
ids with other content, and tombstones for A's papers. Ids are only data, so no request to A's host
is needed. Ids on hosts the city does not use are refused before they are stored (pipeline.boundary);
the store's keys hold where that cannot help: cities that share a server, as hosted council
systems and shared ALLRIS installations do. Also: databases written before ids were keyed by city
are migrated in place.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline import resources
from pipeline.cli import cli
from pipeline.crawl.localsite import LocalSite
from pipeline.model import ConsultationRecord, FileDoc, FileRef, PaperRecord
from pipeline.nlp import analyse, topic_summary
from pipeline.ops.reprocess import reprocess
from pipeline.publish.plugin import prepare_connection
from pipeline.search.index import rebuild
from pipeline.store.writer import KEYED_COLUMNS, SCHEMA, SCHEMA_VERSION, Store, row_key

from ..crawl.test_oparl_ingest import P, archive, run
from ..helpers.oparl_replay import OParlReplay
from ..helpers.paths import SAMPLE_SITE
from ..publish.test_datasette import PARAMS

A, B = "stadt-a", "stadt-b"
PAPER = "https://ris.example.org/bi/vo020.asp?VOLFDNR=1"
FILE = "https://ris.example.org/bi/do027.asp?DOLFDNR=9&options=64"


def rows_of(db_path, city: str) -> dict[str, list[dict]]:
    """Every row that belongs to a city, whole and in storage order."""
    db = sqlite_utils.Database(db_path)
    tables = [t for t in db.table_names() if "city" in db[t].columns_dict]
    rows = {t: list(db.query(f"select * from [{t}] where city = ? order by rowid", [city])) for t in tables}
    rows["cities"] = list(db.query("select * from cities where slug = ?", [city]))
    return rows


def foreign_keys(db_path) -> list[tuple]:
    """Ids and references that do not carry their own row's city: (table, column, city, value)."""
    db = sqlite_utils.Database(db_path)
    return [(table, column, row[0], row[1]) for table, columns in KEYED_COLUMNS.items() if db[table].exists()
            for column in columns
            for row in db.execute(f"select city, [{column}] from [{table}] where [{column}] is not null")
            if not row[1].startswith(f"{row[0]}:")]


# ------------------------------------------------------------------ OParl


def hostile_archive(tombstones_only: bool = False):
    """City B's archive: A's ids with other names and texts, a tombstone for A's paper 2, and a paper of its own."""
    data = archive()
    data.organizations[0]["name"] = "Gekaperter Integrationsrat"
    data.meetings[0]["name"] = "Gekaperte Sitzung"
    data.meetings[0]["agendaItem"][0].update(name="Gekaperter Punkt", result="abgelehnt")
    paper = data.papers[0]
    paper.update(name="Gekaperte Vorlage", reference="B/0001")
    paper["consultation"][0]["role"] = "Gekapert"
    data.file_texts = {k: "Gekaperter Text über Bildung und Gesundheit." for k in data.file_texts}
    tombstones = [{"id": p["id"], "type": "https://schema.oparl.org/1.1/Paper", "deleted": True,
                   "modified": "2099-01-01T00:00:00+00:00"} for p in data.papers[:2]]
    data.papers = tombstones if tombstones_only else [paper, tombstones[1]]
    data.papers.append({"id": f"{P}/bodies/0001/papers/9", "type": "https://schema.oparl.org/1.1/Paper",
                        "name": "Eigene Vorlage der Stadt B", "reference": "B/0009",
                        "modified": "2025-03-01T10:00:00+01:00"})
    return data


@pytest.fixture
def stored_a(tmp_path):
    """City A ingested from an OParl server that B's run then reads; yields (database, server)."""
    db = tmp_path / "o.db"
    with OParlReplay(archive()) as server:
        report = run(db, server.url, slug=A)
        assert (report.papers_new, report.meetings, report.files, sum(report.failures.values())) == (2, 1, 1, 0)
        yield db, server


def test_a_server_announcing_another_citys_ids_changes_none_of_its_rows(stored_a):
    db_path, server = stored_a
    before = rows_of(db_path, A)
    server.archive = hostile_archive()
    report = run(db_path, server.url, slug=B)
    assert (report.papers_new, report.papers_deleted, report.meetings, report.files) == (2, 0, 1, 1)
    assert not report.failures and not report.aborted
    assert rows_of(db_path, A) == before, "city A's rows are byte-for-byte what A's own run stored"
    assert foreign_keys(db_path) == []
    db = sqlite_utils.Database(db_path)
    titles = {(r["city"], r["title"], r["deleted"]) for r in db.query("select city, title, deleted from papers")}
    assert titles == {(A, "Integrationskonzept 2025", 0), (A, "Sprachkurse für Eltern", 0), (A, "", 1),
                      (B, "Gekaperte Vorlage", 0), (B, "", 1), (B, "Eigene Vorlage der Stadt B", 0)}
    texts = {r["city"]: r["text"] for r in db.query("select city, text from files")}
    assert texts[A].startswith("Handlungsfeld Sprache") and texts[B].startswith("Gekaperter Text")
    names = {(r["city"], r["name"]) for r in db.query("select city, name from meetings")}
    assert names == {(A, "Integrationsrat"), (B, "Gekaperte Sitzung")}
    hits = list(db.query("select p.city from papers_fts f join papers p on p.rowid = f.rowid "
                         "where papers_fts match 'Integrationskonzept'"))
    assert hits == [{"city": A}], "the full-text index still finds A's paper under A"
    # B's consultations join B's own meeting, agenda item and organisation.
    joined = list(db.query("""select c.city, c.role, m.name as meeting, a.name as item, o.name as body
                              from consultations c join meetings m on m.id = c.meeting
                              join agenda_items a on a.id = c.agenda_item join organizations o on o.id = c.organization
                              order by c.city"""))
    assert joined == [
        {"city": A, "role": "Vorberatung", "meeting": "Integrationsrat", "item": "Integrationskonzept",
         "body": "Integrationsrat"},
        {"city": B, "role": "Gekapert", "meeting": "Gekaperte Sitzung", "item": "Gekaperter Punkt",
         "body": "Gekaperter Integrationsrat"}]


def test_tombstones_for_another_citys_papers_neither_delete_them_nor_count_against_the_guard(stored_a, monkeypatch):
    monkeypatch.setattr("pipeline.crawl.run.SHRINK_MIN", 1)
    db_path, server = stored_a
    victim = server.base
    before = rows_of(db_path, A)
    server.archive = hostile_archive(tombstones_only=True)
    report = run(db_path, server.url, slug=B)
    assert not report.aborted and not any("shrinkage guard" in note for note in report.notes), report.notes
    assert (report.papers_new, report.papers_deleted) == (1, 0)
    assert rows_of(db_path, A) == before
    with Store(db_path) as store:
        assert (store.paper_count(A), store.paper_count(B)) == (2, 1)
        assert store.paper_exists(A, f"{victim}/bodies/0001/papers/1")
        assert not store.paper_exists(B, f"{victim}/bodies/0001/papers/1"), "B holds only its tombstone"
    assert foreign_keys(db_path) == []


# ------------------------------------------------------------------ HTML (ALLRIS)

TWO_CITIES = """[[city]]
slug = "herne"
name = "Herne"
ags = "05916000"
state = "NW"
[city.ris]
system = "allris"
url = "{url}/herne/allris/"

[[city]]
slug = "zweitstadt"
name = "Zweitstadt"
ags = "05916001"
state = "NW"
[city.ris]
system = "allris"
url = "{url}/herne/allris/"
"""


def test_two_cities_on_one_html_site_keep_their_own_rows(tmp_path):
    """Two cities whose lists point at one ALLRIS site (a shared installation, or a wrong URL)."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, root)
    cities, db_path = tmp_path / "cities.toml", tmp_path / "r.db"

    def ingest(slug: str):
        return CliRunner().invoke(cli, ["ingest", "--cities", str(cities), "--db", str(db_path), "--cache",
                                        str(tmp_path / "cache.sqlite"), "--since", "2025-01-01", "--city", slug])

    with LocalSite(root) as server:
        cities.write_text(TWO_CITIES.format(url=server.url), encoding="utf-8")
        first = ingest("herne")
        assert first.exit_code == 0, first.output
        before = rows_of(db_path, "herne")
        (root / "herne/allris/vo020.asp__VOLFDNR=2003.html").unlink()  # gone: a stored paper for herne only
        page = root / "herne/allris/vo020.asp__VOLFDNR=2001.html"
        page.write_bytes(page.read_bytes().replace(b"Fortschreibung", b"Neufassung"))
        second = ingest("zweitstadt")
    summary = next(line for line in second.output.splitlines() if line.startswith("zweitstadt: "))
    assert "papers 2 new / 0 changed / 0 deleted" in summary and "(fetch 1)" in summary, summary
    assert rows_of(db_path, "herne") == before
    assert foreign_keys(db_path) == []
    db = sqlite_utils.Database(db_path)
    counts = {r["city"]: r["n"] for r in db.query("select city, count(*) as n from papers group by city")}
    assert counts == {"herne": 3, "zweitstadt": 2}


# ------------------------------------------------------------------ store


def paper(title: str) -> PaperRecord:
    return PaperRecord(url=PAPER, reference="2019/0931", title=title, paper_type="Beschlussvorlage",
                       consultations=[ConsultationRecord("Rat der Stadt", "Entscheidung", "2019-05-04", "beschlossen")],
                       files=[FileRef(FILE, "Vorlage")], text=f"{title}: Die Sprachförderung wird ausgebaut.")


def file_doc(text: str | None, status: str = "ok") -> FileDoc:
    return FileDoc(url=FILE, name="Vorlage", role="paper", mime_type="application/pdf",
                   sha256="ab" * 32 if text else None, size=10, pages=[text] if text else [],
                   text_method="pdfplumber" if text else "none", status=status, status_reason=None,
                   fetched_at="2025-01-01T00:00:00+00:00", findings=[], topics=[])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.db") as s:
        s.db["cities"].insert_all([{"slug": A, "name": "A"}, {"slug": B, "name": "B"}])
        yield s


def test_a_retried_file_is_the_citys_own_and_its_ids_go_back_in_unkeyed(store):
    store.save_paper(A, paper("Vorlage der Stadt A"), [file_doc("Handlungsfeld Sprache in A")], [], [])
    before = rows_of(store.path, A)
    store.save_paper(B, paper("Vorlage der Stadt B"), [file_doc(None, status="fetch_failed")], [], [])
    assert rows_of(store.path, A) == before
    assert not store.file_unchanged(B, FILE, "ab" * 32), "A's bytes are not B's"
    failed = store.failed_files(B, before="2999-01-01", limit=10)
    assert [(r["id"], r["url"], r["paper"], r["meeting"]) for r in failed] == [(FILE, FILE, PAPER, None)]
    assert store.failed_files(A, before="2999-01-01", limit=10) == []
    row = failed[0]
    retried = file_doc("Handlungsfeld Bildung in B")
    retried.id = row["id"]
    store.save_file(B, retried, paper=row["paper"], meeting=row["meeting"])
    stored = store.db["files"].get(row_key(B, FILE))
    assert (stored["paper"], stored["status"], stored["text"]) == (row_key(B, PAPER), "ok",
                                                                   "Handlungsfeld Bildung in B")
    assert store.db["files"].count == 2 and foreign_keys(store.path) == []
    assert rows_of(store.path, A) == before


def test_reprocessing_keeps_each_citys_evidence_its_own(store, monkeypatch):
    from pipeline.nlp.workers import analyse_file

    monkeypatch.setenv("PIPELINE_NLP_WORKERS", "0")
    for city, text in ((A, "Das Integrationskonzept stärkt die Sprachförderung in Kitas."),
                       (B, "Der Gesundheitsbericht nennt Beratung für Geflüchtete.")):
        doc, record = file_doc(text), paper(f"Vorlage {city}")
        doc.findings, doc.topics, doc.lemmas = analyse_file(doc.pages)
        analysis = analyse([record.text])  # as the ingest does (pipeline.crawl.records.store_paper)
        store.save_paper(city, record, [doc], analysis.findings, topic_summary(analysis))
    evidence = "select * from {} order by id"
    before = {t: list(store.db.query(evidence.format(t))) for t in ("mentions", "topic_links", "passages")}
    assert {r["city"] for r in before["topic_links"]} == {A, B}
    report = reprocess(store)
    assert (report.papers, report.files, report.failed) == (2, 2, 0)
    after = {t: list(store.db.query(evidence.format(t))) for t in ("mentions", "topic_links", "passages")}
    strip = ("fetched_at",)
    assert [[{k: v for k, v in r.items() if k not in strip} for r in after[t]] for t in after] == \
        [[{k: v for k, v in r.items() if k not in strip} for r in before[t]] for t in before]
    assert foreign_keys(store.path) == []


# ------------------------------------------------------------------ migration


def unkeyed(db_path) -> None:
    """Turn a database into what versions before 2 wrote: ids and references without the city,
    except the ids of bodies known by name, which were always `city:name`."""
    db = sqlite_utils.Database(db_path)
    named = {r[0] for r in db.execute("select id from organizations where id = city || ':' || name")}
    with db.conn:
        for table, columns in KEYED_COLUMNS.items():
            for column in columns:
                for rowid, city, value in list(db.execute(f"select rowid, city, [{column}] from [{table}]")):
                    if value is not None and value not in named:
                        db.execute(f"update [{table}] set [{column}] = ? where rowid = ?",
                                   [value.removeprefix(f"{city}:"), rowid])
        db.execute("PRAGMA user_version=1")


def state(db_path) -> dict:
    """Every row of every table (search indexes' own tables aside), the triggers, and what each
    canned query answers."""
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    prepare_connection(connection)
    result = {name: [tuple(r) for r in connection.execute(f"select rowid, * from [{name}] order by rowid")]
              for name in [*SCHEMA, "passages_search"]}
    result["triggers"] = sorted(tuple(r) for r in connection.execute(
        "select name, sql from sqlite_master where type = 'trigger'"))
    queries = json.loads(resources.metadata().read_text(encoding="utf-8"))["databases"]["ratsinfo"]["queries"]
    for name, query in queries.items():
        params = {p: PARAMS[p] for p in query.get("params", [])}
        result[f"query {name}"] = [tuple(r) for r in connection.execute(query["sql"], params)]
    connection.close()
    return result


def test_an_older_database_is_keyed_by_city_in_place_and_joins_still_work(sample_db, tmp_path):
    current = tmp_path / "current" / "ratsinfo.db"
    current.parent.mkdir()
    shutil.copy(sample_db, current)
    with OParlReplay(archive()) as server:  # bodies known by their OParl ids, besides ALLRIS' known by name
        run(current, server.url, slug=A)
    with Store(current) as store:
        rebuild(store)
    expected = state(current)
    assert all(expected[f"query {name}"] for name in ("volltextsuche", "beschluesse", "beratungsfolge_einer_vorlage"))

    older = tmp_path / "older" / "ratsinfo.db"
    older.parent.mkdir()
    shutil.copy(current, older)
    unkeyed(older)
    raw = sqlite_utils.Database(older)
    assert raw.execute("select count(*) from papers where id like 'http%'").fetchone()[0] == len(expected["papers"])
    assert raw.execute("select count(*) from organizations where id like 'herne:%'").fetchone()[0] > 0
    raw.close()

    with Store(older) as store:
        assert store.search_index_stale() is None
        for index in ("papers_fts", "files_fts", "agenda_items_fts", "passages_fts", "passages_trigram"):
            store.db.execute(f"insert into [{index}]([{index}]) values('integrity-check')")
    assert state(older) == expected
    assert sqlite_utils.Database(older).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION

    sqlite_utils.Database(older).execute("PRAGMA user_version=1")  # as an older version opening it would leave it
    Store(older).close()
    assert state(older) == expected, "keys already of their row's city are not keyed twice"


def test_regression_credentials_stored_by_older_versions_are_removed_when_the_database_is_opened(tmp_path):
    from pipeline.store.writer import Store

    db_path = tmp_path / "old.db"
    with Store(db_path) as store:
        store.db["cities"].insert({"slug": "herne", "name": "Herne", "url": "https://ratsinfo:geheim@ris.herne.de/oparl"})
        store.db["files"].insert({"id": "herne:f1", "city": "herne", "url": "https://ris.herne.de/f.pdf?token=abc&id=1",
                                  "text": "Sprachförderung"})
        store.db.execute("PRAGMA user_version=2")
    with Store(db_path) as store:
        assert store.db["cities"].get("herne")["url"] == "https://ris.herne.de/oparl"
        assert store.db["files"].get("herne:f1")["url"] == "https://ris.herne.de/f.pdf?id=1"
        assert list(store.db.query("select rowid from files_fts where files_fts match 'Sprachförderung'"))


def test_a_failed_fetch_keeps_the_text_of_the_last_good_one(store):
    """Attack a20: a second run whose attachments answered 500, 404 or an error page wiped 12 stored texts, their
    evidence and their passages."""
    store.save_paper(A, paper("Vorlage der Stadt A"), [file_doc("Handlungsfeld Sprache in A")], [], [])
    failed = file_doc(None, status="fetch_failed")
    failed.status_reason = "HTTP 500"
    store.save_file(A, failed, paper=PAPER, meeting=None)
    stored = store.db["files"].get(row_key(A, FILE))
    assert (stored["status"], stored["text"]) == ("ok", "Handlungsfeld Sprache in A")
    assert stored["status_reason"] == ("the text of an earlier fetch is kept; this fetch (2025-01-01T00:00:00+00:00): "
                                       "fetch_failed, HTTP 500")
    store.save_file(A, file_doc("Handlungsfeld Bildung in A"), paper=PAPER, meeting=None)  # a good fetch replaces it
    assert store.db["files"].get(row_key(A, FILE))["text"] == "Handlungsfeld Bildung in A"


def test_another_programs_database_is_refused_untouched(tmp_path):
    """Attack a15: `--db` on another application's SQLite file added 14 columns to its tables."""
    path = tmp_path / "otherapp.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE papers (id INTEGER PRIMARY KEY, title TEXT)")
        other.execute("INSERT INTO papers VALUES (1, 'Rechnung')")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["ingest", "--db", str(path), "--city", "herne", "-s"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: not a database of this pipeline (it holds the tables papers); give a "
                             "new file or one the pipeline wrote\n")
    assert path.read_bytes() == before


def test_an_empty_title_from_the_source_blanks_no_stored_title(store):
    """Attack a20: a second run whose server sent every paper with an empty name blanked 12 stored titles."""
    store.save_paper(A, paper("Vorlage der Stadt A"), [], [], [])
    store.save_paper(A, paper("  "), [], [], [])
    assert store.db["papers"].get(row_key(A, PAPER))["title"] == "Vorlage der Stadt A"
    store.save_paper(A, paper("Neuer Titel"), [], [], [])
    assert store.db["papers"].get(row_key(A, PAPER))["title"] == "Neuer Titel"

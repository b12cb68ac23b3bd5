"""`pipeline reprocess`: the NLP again on stored texts, offline, with the same evidence as the ingest."""

from __future__ import annotations

import shutil

import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.ops import reprocess as reprocess_module
from pipeline.store.writer import Store, row_key

EVIDENCE = ("SELECT id, label, kind, value, page, start, \"end\", evidence FROM mentions ORDER BY id",
            "SELECT id, topic, declared, mentions FROM topic_links ORDER BY id")


def _copy(sample_db, tmp_path):
    db = tmp_path / "ratsinfo.db"
    shutil.copy(sample_db, db)
    return db


def _evidence(db) -> list[list[dict]]:
    database = sqlite_utils.Database(db)
    return [list(database.query(sql)) for sql in EVIDENCE]


def test_reprocess_reproduces_the_ingest_evidence(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path)
    before = _evidence(db)
    sqlite_utils.Database(db).execute("DELETE FROM mentions")
    sqlite_utils.Database(db).conn.commit()
    result = CliRunner().invoke(cli, ["reprocess", "--db", str(db), "-s"])
    assert result.exit_code == 0, result.output
    results = sqlite_utils.Database(db).execute(
        "SELECT (SELECT count(*) FROM consultations WHERE result IS NOT NULL) + (SELECT count(*) FROM agenda_items "
        "WHERE result IS NOT NULL OR resolution_text IS NOT NULL)").fetchone()[0]
    assert results > 0
    assert result.output.startswith(f"reprocess: 5 papers, 17 files and {results} results analysed again, search index "
                                    "rebuilt (61 passages) in ")
    assert _evidence(db) == before
    assert before[0], "the sample has mentions to compare"


def test_pages_of_an_older_database_are_rebuilt_from_passages(sample_db, tmp_path):
    from pipeline.nlp import analyse

    db = _copy(sample_db, tmp_path)
    database = sqlite_utils.Database(db)
    row = next(database.query("SELECT id, text, pages FROM files WHERE pages > 1 ORDER BY id LIMIT 1"))
    pages = row["text"].split("\f")
    database["files"].update(row["id"], {"text": "\n\n".join(pages)})  # stored before page breaks were kept
    with Store(db) as store:
        rebuilt = next(p for _, text_id, city, *_, p in store.stored_texts() if row_key(city, text_id) == row["id"])
    assert len(rebuilt) == row["pages"] == len(pages) > 1

    def facts(texts):
        return [(f.label, f.value, f.page, f.start, f.end) for f in analyse(texts).findings]

    assert facts(rebuilt) == facts(pages), "offsets and pages are those of the ingest"


def test_one_failing_text_is_counted_and_the_rest_is_done(sample_db, tmp_path, monkeypatch):
    db = _copy(sample_db, tmp_path)
    monkeypatch.setenv("PIPELINE_NLP_WORKERS", "0")
    calls = {"n": 0}
    real = reprocess_module.Analyzer.submit_pages

    def flaky(self, pages, known=()):
        calls["n"] += 1
        if calls["n"] == 3:
            from concurrent.futures import Future

            future: Future = Future()
            future.set_exception(ValueError("unreadable text"))
            return future
        return real(self, pages, known)

    monkeypatch.setattr(reprocess_module.Analyzer, "submit_pages", flaky)
    with Store(db) as store:
        report = reprocess_module.reprocess(store)
    assert (report.papers + report.files, report.failed) == (21, 1)
    assert ", 1 failed (see the log)" in report.line()


def test_reprocess_errors_are_one_line():
    result = CliRunner().invoke(cli, ["reprocess", "--db", "no/such.db"])
    assert (result.exit_code, result.output) == (1, "Error: no/such.db: database not found (run 'pipeline ingest' first)\n")


def test_reprocess_unknown_city_is_wrong_usage(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path)
    result = CliRunner().invoke(cli, ["reprocess", "--db", str(db), "--city", "bochum"])
    assert result.exit_code == 2
    assert result.output == f"Error: --city 'bochum': not in {db} (stored: herdecke, herne, herten, rostock)\n"


def test_results_are_read_again_with_their_outcome_and_votes(sample_db, tmp_path):
    """Rows stored before votes were read (schema 4) or before an outcome rule changed get them from reprocess."""
    db = _copy(sample_db, tmp_path)
    database = sqlite_utils.Database(db)
    row = next(database.query("SELECT id FROM agenda_items ORDER BY id LIMIT 1"))
    database["agenda_items"].update(row["id"], {"result": "Ja 38, Nein 2, Enthaltung 1", "outcome": None,
                                                 "votes_yes": None, "votes_text": None})
    consultation = next(database.query("SELECT id FROM consultations ORDER BY id LIMIT 1"))
    database["consultations"].update(consultation["id"], {"result": "einstimmig", "outcome": "sonstiges"})
    database.conn.commit()
    result = CliRunner().invoke(cli, ["reprocess", "--db", str(db), "-s"])
    assert result.exit_code == 0, result.output
    item = database["agenda_items"].get(row["id"])
    assert (item["outcome"], item["votes_yes"], item["votes_no"], item["votes_abstain"], item["unanimous"]) == (
        "beschlossen", 38, 2, 1, 0)
    assert item["votes_text"] == "Ja 38, Nein 2, Enthaltung 1"
    stored = database["consultations"].get(consultation["id"])
    assert (stored["outcome"], stored["unanimous"], stored["votes_yes"]) == ("beschlossen", 1, None)


def test_results_of_other_cities_are_left_alone(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path)
    database = sqlite_utils.Database(db)
    cities = [r["city"] for r in database.query("SELECT DISTINCT city FROM consultations ORDER BY city")]
    assert len(cities) >= 2, "the sample has consultations in two cities"
    other = next(database.query("SELECT id FROM consultations WHERE city = ? LIMIT 1", [cities[1]]))["id"]
    database["consultations"].update(other, {"result": "einstimmig", "outcome": "sonstiges"})
    database.conn.commit()
    result = CliRunner().invoke(cli, ["reprocess", "--city", cities[0], "--db", str(db), "-s"])
    assert result.exit_code == 0, result.output
    assert database["consultations"].get(other)["outcome"] == "sonstiges"

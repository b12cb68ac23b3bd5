"""Scheduled operation: one writer per database, the run history, `pipeline status`, log lines."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.crawl.context import CityReport
from pipeline.errors import LockHeld
from pipeline.ops.lock import writer_lock
from pipeline.ops.logs import OperatorFormatter, redact_url
from pipeline.ops.status import judge
from pipeline.store.writer import Store

HOLD = textwrap.dedent("""
    import sys, time
    from pipeline.ops.lock import writer_lock
    with writer_lock(sys.argv[1], "pipeline ingest"):
        print("held", flush=True)
        time.sleep(120)
""")


def _holder(db):
    """A process holding the database's writer lock, as a running ingest would."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def _ingest(db, *args):
    return CliRunner().invoke(cli, ["ingest", "--demo", "--db", str(db), "-s", *args])


def test_a_second_ingest_says_another_run_holds_the_database_and_exits_1(tmp_path):
    db = tmp_path / "ratsinfo.db"
    holder = _holder(db)
    try:
        result = _ingest(db)
        assert result.exit_code == 1
        line = result.output.strip()
        assert line.startswith(f"Error: {db}: another run is writing this database ('pipeline ingest', "
                               f"pid {holder.pid}, since ")
        assert line.endswith("); try again when it has finished") and "\n" not in line
        for command in (["index", "--db", str(db)], ["reprocess", "--db", str(db)]):
            db.touch()
            other = CliRunner().invoke(cli, command)
            assert other.exit_code == 1 and "another run is writing this database" in other.output, command
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_killed_run_is_recovered(tmp_path):
    db = tmp_path / "ratsinfo.db"
    holder = _holder(db)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (tmp_path / "ratsinfo.db.lock.json").exists(), "the dead holder could not clean up"
    result = CliRunner().invoke(cli, ["ingest", "--demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "recovered the lock left by a run that ended without releasing it ('pipeline ingest', " \
           f"pid {holder.pid}" in result.stderr
    assert not (tmp_path / "ratsinfo.db.lock.json").exists()


def _refused(db, holder):
    """The message of a writer lock refused through this name of the database."""
    with pytest.raises(LockHeld) as refused, writer_lock(db, "pipeline index"):
        pass
    message = str(refused.value)
    assert message.startswith(f"{Path(db)}: another run is writing this database ('pipeline ingest', "
                              f"pid {holder.pid}, ")
    assert message.endswith("); try again when it has finished")
    return message


def test_a_symlink_to_the_database_shares_its_lock(tmp_path):
    real = tmp_path / "data" / "ratsinfo.db"
    real.parent.mkdir()
    real.touch()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    holder = _holder(real)
    try:
        _refused(link, holder)
        assert (real.parent / "ratsinfo.db.lock.json").exists() and not (tmp_path / "link.db.lock.json").exists()
        result = _ingest(link)
        assert result.exit_code == 1 and f"Error: {link}: another run is writing this database (" in result.output
    finally:
        holder.kill()
        holder.wait()
    holder = _holder(link)  # and the other way round: held through the link, refused through the file
    try:
        _refused(real, holder)
        assert not (tmp_path / "link.db.lock").exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_relative_and_an_absolute_path_share_the_lock(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    db = tmp_path / "ratsinfo.db"
    holder = _holder(db)
    try:
        monkeypatch.chdir(tmp_path / "x")
        for name in ("../ratsinfo.db", "./../x/../ratsinfo.db"):
            _refused(name, holder)
        monkeypatch.chdir(tmp_path)
        _refused("ratsinfo.db", holder)
    finally:
        holder.kill()
        holder.wait()
    with writer_lock("x/../ratsinfo.db", "pipeline index") as recovered:  # the dead holder's leftover, same file
        assert recovered and f"pid {holder.pid}" in recovered


def test_dot_dot_after_a_symlinked_folder_leads_where_the_file_system_says(tmp_path, monkeypatch):
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "deep" / "er")
    holder = _holder(tmp_path / "deep" / "ratsinfo.db")  # link/.. is deep, not tmp_path as the text suggests
    try:
        monkeypatch.chdir(tmp_path)
        _refused("link/../ratsinfo.db", holder)
        with writer_lock(tmp_path / "ratsinfo.db", "pipeline index"):  # another database: free
            pass
    finally:
        holder.kill()
        holder.wait()


def test_every_run_is_recorded_with_its_cities_counts(tmp_path):
    db = tmp_path / "ratsinfo.db"
    assert _ingest(db).exit_code == 0
    assert _ingest(db).exit_code == 0
    rows = sqlite_utils.Database(db)
    runs = list(rows["ingest_runs"].rows_where(order_by="id"))
    assert [(r["id"], r["status"], r["exit_code"], r["cities"]) for r in runs] == [(1, "ok", 0, 4), (2, "ok", 0, 4)]
    assert all(r["finished"] >= r["started"] for r in runs)
    first = {r["city"]: r for r in rows["ingest_run_cities"].rows_where("run = 1")}
    assert set(first) == {"herne", "rostock", "herdecke", "herten"}
    herne = first["herne"]
    assert (herne["status"], herne["papers_new"], herne["meetings"], herne["files"], herne["failures"]) == \
           ("ok", 1, 3, 6, 0)  # the demo: Vorlage 2007/0189, its three sessions, 3 + 3 PDFs
    assert herne["pages_fetched"] > 0 and json.loads(herne["failures_by_kind"]) == {}
    second = {r["city"]: r for r in rows["ingest_run_cities"].rows_where("run = 2")}
    assert second["herne"]["papers_new"] == 0


def test_a_run_cut_off_is_marked_crashed_by_the_next(tmp_path):
    db = tmp_path / "ratsinfo.db"
    assert _ingest(db).exit_code == 0
    with sqlite_utils.Database(db) as rows:
        rows["ingest_runs"].update(1, {"status": "running", "finished": None})
        rows["ingest_run_cities"].update("1:herne", {"status": "running"})
    assert _ingest(db).exit_code == 0
    rows = sqlite_utils.Database(db)
    assert rows["ingest_runs"].get(1)["status"] == "crashed"
    assert rows["ingest_run_cities"].get("1:herne")["status"] == "crashed"
    assert rows["ingest_runs"].get(2)["status"] == "ok"


NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


def _runs(*entries):
    """Runs newest first: (days ago, status, failures)."""
    return [{"started": (NOW - timedelta(days=ago)).isoformat(), "status": status, "failures": failures}
            for ago, status, failures in entries]


def test_status_flags_a_city_without_success_for_n_days():
    assert judge("herne", _runs((0.1, "ok", 0), (1, "ok", 0)), 3, NOW).attention == []
    stale = judge("herne", _runs((0.1, "failed", 0), (5, "ok", 0)), 3, NOW)
    assert stale.attention == ["last run failed", "no successful run for 5 days"]
    assert judge("herne", _runs((0.1, "failed", 0)), 3, NOW).attention == \
           ["last run failed", "no successful run among the last 1"]
    assert judge("herne", [], 3, NOW).attention == ["never ingested"]
    assert judge("herne", _runs((0.1, "crashed", 0), (0.5, "ok", 0)), 3, NOW).attention == ["last run crashed"]


def test_status_flags_every_city_whose_last_run_did_not_succeed():
    # the reported case: a good run, then one that failed (no network) shortly after
    assert judge("herne", _runs((0.1, "failed", 0), (0.5, "ok", 0)), 3, NOW).attention == ["last run failed"]
    expected = {"crashed": "last run crashed", "interrupted": "last run interrupted",
                "running": "last run still running, or cut off (the next run marks it crashed)",
                "aborted": "last run ended with status 'aborted'", None: "last run has no status"}
    for outcome, text in expected.items():
        assert judge("herne", _runs((0.1, outcome, 0), (0.5, "ok", 0)), 3, NOW).attention == [text], outcome
    assert judge("herne", _runs((0.1, "ok", 0), (0.5, "failed", 0)), 3, NOW).attention == [], "only the last counts"


def test_status_flags_failures_that_jumped():
    jumped = judge("rostock", _runs((0, "ok", 13), (1, "ok", 3), (2, "ok", 2), (3, "ok", 4)), 3, NOW)
    assert jumped.attention == ["failures jumped to 13 (usually 3)"]
    usual = judge("rostock", _runs((0, "ok", 55), (1, "ok", 40), (2, "ok", 42)), 3, NOW)
    assert usual.attention == []


def test_status_command_reads_the_history_and_exits_1_when_a_city_needs_attention(tmp_path):
    db = tmp_path / "ratsinfo.db"
    assert _ingest(db).exit_code == 0
    result = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["city", "last", "run", "status", "failures", "last", "success", "attention"]
    assert any(line.startswith("herne ") and " ok " in line for line in lines)
    assert lines[-1] == "status: 4 cities, 0 need attention"
    with sqlite_utils.Database(db) as rows:
        rows["ingest_run_cities"].update("1:rostock", {"status": "failed"})
        old = (datetime.now(timezone.utc) - timedelta(days=10)).isoformat()
        rows["ingest_run_cities"].update("1:herne", {"started": old})
    result = CliRunner().invoke(cli, ["status", "--db", str(db), "--format", "json"])
    assert result.exit_code == 1
    statuses = {s["city"]: s for s in json.loads(result.stdout)}
    assert statuses["rostock"]["attention"] == ["last run failed", "no successful run among the last 1"]
    assert [run["status"] for run in statuses["rostock"]["recent"]] == ["failed"]
    assert statuses["herne"]["attention"] == ["no successful run for 10 days"]
    assert result.stderr.strip() == "status: 4 cities, 2 need attention (herne, rostock)"


def test_status_flags_a_failed_run_after_a_good_one(tmp_path):
    db = tmp_path / "ratsinfo.db"
    assert _ingest(db).exit_code == 0
    with Store(db) as store:  # what a run without network records: every city failed, nothing else written
        run = store.start_run(os.getpid(), "test", 4)
        for city in ("herdecke", "herne", "herten", "rostock"):
            store.start_city_run(run, city)
            store.finish_city_run(run, city, CityReport(city, aborted=True).counts())
        store.finish_run(run, "failed", 1)
    result = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert result.exit_code == 1, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("herne ")]
    assert len(rows) == 1 and " failed " in rows[0] and rows[0].endswith("  last run failed")
    assert result.output.splitlines()[-1] == "status: 4 cities, 4 need attention (herdecke, herne, herten, rostock)"


def test_status_lists_recent_runs_per_city(tmp_path):
    db = tmp_path / "ratsinfo.db"
    assert _ingest(db).exit_code == 0
    assert _ingest(db).exit_code == 0
    result = CliRunner().invoke(cli, ["status", "--db", str(db), "--runs", "2", "--city", "herne"])
    assert result.exit_code == 0
    runs = [line for line in result.output.splitlines() if line.startswith("  herne  ")]
    assert len(runs) == 2 and all(line.endswith("  ok  0 failures") for line in runs), result.output


def test_status_of_a_missing_database_is_one_line():
    result = CliRunner().invoke(cli, ["status", "--db", "nowhere.db"])
    assert (result.exit_code, result.output) == (1, "Error: nowhere.db: database not found (run 'pipeline ingest' first)\n")


@pytest.mark.parametrize("url,expected", [
    ("https://user:secret@ris.example.de/allris/vo020.asp?VOLFDNR=12", "https://ris.example.de/allris/vo020.asp?VOLFDNR=12"),
    ("https://ris.example.de/oparl/papers?api_key=abc123&page=2", "https://ris.example.de/oparl/papers?api_key=***&page=2"),
    ("https://ris.example.de/si0057.php?__ksinr=7&PHPSESSID=deadbeef", "https://ris.example.de/si0057.php?__ksinr=7&PHPSESSID=***"),
    ("https://ris.example.de/x?token=t&access_token=u", "https://ris.example.de/x?token=***&access_token=***"),
])
def test_secrets_in_urls_are_not_logged(url, expected):
    assert redact_url(url) == expected


def test_log_lines_carry_time_level_city_and_url_and_no_secret():
    record = logging.LogRecord("pipeline.crawl.run", logging.WARNING, __file__, 1, "file failure: %s", ("HTTP 404",), None)
    record.city, record.url = "herne", "https://u:p@ris.example.de/do027.asp?DOLFDNR=1&token=x"
    line = OperatorFormatter().format(record)
    assert line.endswith(" WARNING pipeline.crawl.run city=herne url=https://ris.example.de/do027.asp?DOLFDNR=1&token=*** "
                         "file failure: HTTP 404")
    assert "u:p@" not in line and "token=x" not in line
    as_json = json.loads(OperatorFormatter(as_json=True).format(record))
    assert (as_json["level"], as_json["city"], as_json["message"]) == ("WARNING", "herne", "file failure: HTTP 404")


def test_verbosity_options_set_the_level(tmp_path):
    db = tmp_path / "ratsinfo.db"
    quiet = CliRunner().invoke(cli, ["-q", "ingest", "--demo", "--db", str(db)])
    assert quiet.exit_code == 0 and " INFO " not in quiet.stderr
    verbose = CliRunner().invoke(cli, ["-v", "ingest", "--demo", "--db", str(db), "-s"])
    info = [line for line in verbose.stderr.splitlines() if " INFO pipeline.crawl.run city=herne " in line]
    assert any(" run finished: herne: " in line for line in info) and any(" run started, " in line for line in info)
    debug = CliRunner().invoke(cli, ["-vv", "ingest", "--demo", "--db", str(db), "-s"])
    assert " DEBUG pipeline.fetch.client url=http://127.0.0.1:8799/herne/allris/" in debug.stderr


def test_a_folder_where_no_lock_can_be_made_is_not_another_run(tmp_path):
    """Attack a14: `--db /proc/ratsinfo.db` was told "another run is writing this database"."""
    result = CliRunner().invoke(cli, ["ingest", "--db", "/proc/ratsinfo.db", "--city", "herne", "-s"])
    assert (result.exit_code, result.output) == (
        1, "Error: /proc/ratsinfo.db: cannot take the writer lock beside the database (the folder is not writable)\n")


def test_sigterm_ends_a_run_as_interrupted_and_releases_its_lock(tmp_path):
    """Attack a17: a SIGTERM (systemd stopping the service) left the run 'running', for status to call crashed."""
    from ..helpers.scripted_server import Reply, ScriptedServer

    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(404, b""))
        server.route("/oparl/system", Reply(header_drip=0.5))  # the run waits in its first request
        cities = tmp_path / "cities.toml"
        cities.write_text(f'[[city]]\nslug = "x"\nname = "X"\nags = "05916000"\nstate = "NW"\n[city.ris]\n'
                          f'system = "oparl"\nurl = "{server.url}/oparl/system"\n', encoding="utf-8")
        db = tmp_path / "r.db"
        process = subprocess.Popen(
            [sys.executable, "-c", "from pipeline.cli import cli; cli()", "ingest", "--cities", str(cities),
             "--db", str(db), "--cache", str(tmp_path / "c.sqlite"), "-s"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PIPELINE_HOME": str(tmp_path / "home")})
        deadline = time.monotonic() + 20
        while not any(path for path, _ in server.requests if path == "/oparl/system") and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 1 and "Traceback" not in errors
    assert [row["status"] for row in sqlite_utils.Database(db)["ingest_runs"].rows] == ["interrupted"]
    assert not Path(str(db) + ".lock.json").exists()

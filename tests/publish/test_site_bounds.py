"""The published site's bounds: time and memory per query, no native pointers, no paths, inert hostile
values in the calendar, the feed and the dashboard, and `pipeline serve` that stops whole."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from pipeline import resources
from pipeline.cli import cli
from pipeline.publish import plugin as datasette_plugin
from pipeline.search.terms import fts_query, highlight, lemma, trigram_query

from ..helpers.serving import LeftBehind, alive, descendants, free_port, serving

# What a hostile council server could put into an id, a URL, a name or a place.
INJECTED = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:eingeschleust\r\nSUMMARY:eingeschleust\r\nDTSTART:20300101T000000Z\r\n"
# Characters that end a line for some reader: vertical tab, form feed, file separator, NEL, U+2028.
BREAKS = "\x0b\x0c\x1c\x85\u2028BEGIN:VEVENT\u2029"
MARKUP = "<img src=x onerror=alert(1)>"

# A refused call's OverflowError is printed as "unraisable" (Datasette turns callback tracebacks on).
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def hostile_database(source: Path, target: Path) -> Path:
    """A copy of the sample database with hostile values in a meeting, a paper, a consultation and a city."""
    shutil.copy(source, target)
    db = sqlite3.connect(target)
    db.row_factory = sqlite3.Row

    def copy_of(table: str, where: str, **changes) -> None:
        row = dict(db.execute(f"select * from {table} where {where} limit 1").fetchone()) | changes
        db.execute(f"insert into {table} ({', '.join(row)}) values ({', '.join('?' * len(row))})", list(row.values()))

    copy_of("meetings", "city = 'herne'", id="boese-sitzung" + INJECTED, name="Sitzung" + INJECTED + BREAKS,
            location="Ratssaal" + INJECTED, url="http://127.0.0.1:8799/herne/x" + INJECTED, start="2025-07-01T10:00",
            organization=None, deleted=0)  # no body: the calendar names the event by the meeting's name
    copy_of("meetings", "city = 'herne'", id="kaputter-beginn", start="2025-07-02T10:00" + INJECTED, deleted=0)
    copy_of("papers", "city = 'herne'", id="boese-vorlage" + INJECTED, title="Titel\x00\x0b<script>alert(1)</script>" + INJECTED,
            web="javascript:alert(1)", url="javascript:alert(2)", deleted=0, reference="2025/" + BREAKS)
    copy_of("consultations", "city = 'herne' and outcome is not null", id="boese-beratung\x00" + INJECTED,
            paper="boese-vorlage" + INJECTED, result="beschlossen" + BREAKS, fetched_at="2999-01-01T00:00:00+00:00")
    copy_of("cities", "slug = 'herne'", slug="boese", name=MARKUP, system="<b>allris</b>",
            url='javascript:alert(2)//"><script>alert(3)</script>', last_ingest="<s>2025</s>")
    db.commit()
    db.close()
    return target


def in_process(db: Path, **settings) -> Datasette:
    """Datasette over a database as `pipeline serve` configures it, in this process."""
    metadata = json.loads(resources.metadata().read_text(encoding="utf-8"))
    return Datasette([], immutables=[str(db)], metadata=metadata,
                     settings={"suggest_facets": False, "sql_time_limit_ms": 5000} | settings)


@pytest.fixture(scope="module")
def site(sample_db):
    return in_process(sample_db)


@pytest.fixture(scope="module")
def hostile(sample_db, tmp_path_factory):
    return in_process(hostile_database(sample_db, tmp_path_factory.mktemp("hostile") / "ratsinfo.db"))


def get(datasette: Datasette, path: str):
    return asyncio.run(datasette.client.get(path))


def sql(datasette: Datasette, query: str):
    """A query as a visitor sends it; the response and the seconds it took."""
    started = time.monotonic()
    response = get(datasette, "/ratsinfo.json?" + urlencode({"sql": query, "_shape": "array"}))
    return response, time.monotonic() - started


def bounded_connection() -> sqlite3.Connection:
    """A connection prepared as the plugin prepares Datasette's."""
    conn = sqlite3.connect(":memory:")
    datasette_plugin.prepare_connection(conn)
    return conn


# 1. The plugin's functions: bounded work, whatever the input.

def test_search_functions_finish_at_once_on_millions_of_words():
    lemma("Integrationskonzepte")  # the lookup table loads once, at the site's startup
    text = " ".join(f"wort{i}" for i in range(2_000_000)) + " Integrationskonzept"
    for term in ("Integrationskonzepte beschlossen", "x" * 5_000_000, " ".join(["Förderung"] * 1_000_000)):
        started = time.monotonic()
        highlight(text, term), fts_query(term), trigram_query(term)
        assert time.monotonic() - started < 1.0, term[:30]


def test_search_terms_are_capped():
    assert fts_query(" ".join(f"wort{i}" for i in range(1000))).count('"') == 2 * 10
    assert trigram_query("konzept " * 1000) == " ".join(['"konzept"'] * 10)
    assert highlight("Das Integrationskonzept der Stadt.", "Integrationskonzepte " + "x" * 10_000) == \
        "Das [[Integrationskonzept]] der Stadt."


def test_highlight_over_a_huge_value_answers_within_the_time_limit(site):
    response, seconds = sql(site, "select length(ratsinfo_highlight(replace(printf('%.*c', 5000000, 'x'), 'x', "
                                  "'wort '), 'Integrationskonzept beschlossen')) as n")
    assert response.status_code == 200 and response.json() == [{"n": 240}]
    assert seconds < 2.0


# 2. Memory: value length, SQL length, LIKE patterns, temp schema, heap.

def test_a_value_over_the_length_limit_is_refused_at_once(site):
    response, seconds = sql(site, "select length(replace(hex(zeroblob(20000000)), '0', '00')) as n")
    assert response.status_code == 400 and seconds < 2.0
    assert "zu langen Wert" in response.json()["error"] or "too big" in response.json()["error"]
    response, _ = sql(site, "select length(hex(randomblob(20000000))) as n")
    assert response.status_code == 400
    response, _ = sql(site, "select length(printf('%.*c', 40000000, 'x')) as n")
    assert response.json() == [{"n": None}], "printf gives NULL rather than a value over the limit"


def test_connection_limits_bite():
    conn = bounded_connection()
    assert conn.execute("select length(zeroblob(?))", [datasette_plugin.MAX_VALUE]).fetchone() == \
        (datasette_plugin.MAX_VALUE,)
    with pytest.raises(sqlite3.DataError, match="too big"):
        conn.execute("select zeroblob(?)", [datasette_plugin.MAX_VALUE + 1]).fetchone()
    with pytest.raises(sqlite3.DataError):
        conn.execute("select 1" + " " * datasette_plugin.MAX_SQL)
    with pytest.raises(sqlite3.OperationalError, match="pattern too complex"):
        conn.execute("select 'abc' like ?", ["%" * (datasette_plugin.MAX_LIKE_PATTERN + 1)]).fetchone()
    with pytest.raises(sqlite3.OperationalError, match="too many attached"):
        conn.execute("attach database ':memory:' as weitere")
    assert conn.execute("pragma temp_store").fetchone() == (2,)


def test_temp_schema_is_capped():
    conn = bounded_connection()
    assert conn.execute("pragma temp.max_page_count").fetchone() == (datasette_plugin.TEMP_PAGES,)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        conn.execute("create temp table gross as with recursive c(x) as (select 1 union all select x + 1 from c "
                     "where x < 200) select x, randomblob(1000000) as b from c")


def test_heap_limit_bites():
    conn = bounded_connection()
    assert conn.execute("pragma hard_heap_limit").fetchone() == (datasette_plugin.HEAP_LIMIT,)
    # 1.5 GB of distinct values held for the distinct: far over the limit, each under the length limit.
    started = time.monotonic()
    with pytest.raises(MemoryError):
        conn.execute("with recursive c(x) as (select 1 union all select x + 1 from c where x < 60) "
                     "select count(*) from (select distinct printf('%.*c', 25000000, 'x') || x from c)").fetchone()
    assert time.monotonic() - started < 10
    assert conn.execute("select 1").fetchone() == (1,), "the connection works on"


def test_memory_errors_answer_400_not_500(site):
    response, _ = sql(site, "with recursive c(x) as (select 1 union all select x + 1 from c where x < 60) "
                            "select count(*) from (select distinct printf('%.*c', 25000000, 'x') || x from c)")
    assert response.status_code == 400, response.text[:300]
    assert response.json()["error"] == "Die Abfrage braucht mehr Speicher, als diese Seite einer Abfrage gibt."


@pytest.mark.parametrize("query", ["select instr(printf('%.*c', 4000000, 'a'), printf('%.*c', 100000, 'a') || 'b')",
                                   "select replace(printf('%.*c', 4000000, 'a'), printf('%.*c', 100000, 'a') || 'b', '')",
                                   "select trim(printf('%.*c', 4000000, 'a'), printf('%.*c', 1000, 'b') || 'a')"])
def test_built_ins_with_quadratic_work_refuse_overlong_arguments(query):
    conn = bounded_connection()
    started = time.monotonic()
    with pytest.raises(sqlite3.DataError, match="too big"):
        conn.execute(query).fetchone()
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("query", ["select length(printf('%.*c', 2000000000, 'x'))",
                                   "select length(format('%2000000000d', 1))"])
def test_printf_with_a_width_longer_than_any_value_is_null_at_once(query):
    """Attack a21: printf('%.*c', 2000000000, 'x') ran 9.7 s in C, where no time limit reaches."""
    conn = bounded_connection()
    started = time.monotonic()
    assert conn.execute(query).fetchone() == (None,)
    assert time.monotonic() - started < 1.0


def test_guarded_built_ins_answer_as_sqlites_own():
    plain, conn = sqlite3.connect(":memory:"), bounded_connection()
    query = ("select instr('Integrationskonzept', 'konzept'), instr(1.5, '.'), instr(x'010203', x'03'), instr(null, 'a'), "
             "replace('2025-01-01T10:00', 'T', ' '), replace(1e20, 'e', 'E'), replace('a', '', 'b'), "
             "typeof(replace(x'41', 'A', 'B')), trim('xxaxx', 'x'), ltrim(12.50, '1'), rtrim('ab  ', ' '), trim(' a '), "
             "printf('%05.1f|%s|%d', 3.14159, 'a', 7), format('%q', 'it''s'), printf('%.*c', 3, 'x'), printf(null)")
    assert conn.execute(query).fetchone() == plain.execute(query).fetchone()


# 3. Native pointers.

@pytest.mark.parametrize("query", ["select hex(fts3_tokenizer('simple')) as p",
                                   "select fts3_tokenizer('simple', x'0000000000000000') as p",
                                   "select FTS3_TOKENIZER('porter') as p"])
def test_fts3_tokenizer_is_unavailable(site, query):
    response, _ = sql(site, query)
    assert response.status_code == 400
    assert response.json()["error"].lower() == "not authorized to use function: fts3_tokenizer"


# 4. Paths (the served site's pages: tests/publish/test_readonly_site.py).

def test_pragma_database_list_shows_no_path(site, sample_db):
    response, _ = sql(site, "select * from pragma_database_list")
    assert response.status_code == 200 and {row["file"] for row in response.json()} == {None}
    response, _ = sql(site, "select count(*) as n from pragma_database_list where file like '%ratsinfo%'")
    assert response.json() == [{"n": 0}]
    assert str(sample_db.parent) not in get(site, "/ratsinfo.json?sql=select+*+from+pragma_database_list").text


# 6. Calendar and feed with hostile values.

def test_meeting_calendar_carries_exactly_the_real_events(hostile, sample_db):
    from icalendar import Calendar

    response = get(hostile, "/ratsinfo/sitzungskalender.ics?stadt=herne")
    assert response.status_code == 200, response.text[:300]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    with sqlite3.connect(sample_db) as db:
        real = db.execute("select count(*) from meetings where city = 'herne' and deleted = 0").fetchone()[0]
    assert len(events) == real + 1, "the sample's meetings and the hostile one, whose start is a date"
    assert all(re.fullmatch(r"[0-9a-f]{32}@ratsinfo", str(e["UID"])) for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert not [e for e in events if "eingeschleust" in (str(e["UID"]), str(e["SUMMARY"]))]
    lines = response.text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == len(events)
    assert not [line for line in lines if re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]", line)]
    boese = next(e for e in events if str(e["SUMMARY"]).startswith("Sitzung"))
    assert "BEGIN:VEVENT" in str(boese["SUMMARY"]) and "BEGIN:VEVENT" in str(boese["DESCRIPTION"]), "kept, as text"
    assert not re.search(r"[\r\n\x0b\x0c\x1c\x85\u2028\u2029]", str(boese["SUMMARY"]) + str(boese["DESCRIPTION"]))


def test_meeting_uids_are_stable_hashes_of_city_and_id(site, sample_db):
    events = get(site, "/ratsinfo/sitzungskalender.json?_shape=array&_size=max&stadt=").json()
    with sqlite3.connect(sample_db) as db:
        meetings = db.execute("select city, id from meetings where deleted = 0 and start is not null").fetchall()
    assert sorted(e["event_uid"] for e in events) == sorted(datasette_plugin.uid(city, id) for city, id in meetings)


def test_atom_feed_stays_valid_with_hostile_values(hostile):
    import feedparser

    response = get(hostile, "/ratsinfo/neue_beschluesse_feed.atom?stadt=herne&suchbegriff=")
    assert response.status_code == 200, response.text[:300]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    boese = next(e for e in feed.entries if "Titel" in e.title)
    assert "\n" not in boese.title and "&lt;script&gt;" in response.text, "markup stays text, on one line"
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", response.text)
    assert {link.href for link in boese.links} == {""}, "a javascript: link is dropped"
    assert all(link.href.startswith("http") for entry in feed.entries if entry is not boese for link in entry.links)
    assert "javascript:" not in response.text


def test_regression_a_feed_without_entries_is_an_empty_feed_not_a_500(site):
    import feedparser

    response = get(site, "/ratsinfo/neue_beschluesse_feed.atom?stadt=nirgendwo&suchbegriff=")
    assert response.status_code == 200, response.text[:300]
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10" and feed.entries == []


@pytest.mark.parametrize("path", ["/ratsinfo/papers?_sort=nope", "/ratsinfo/papers.json?_sort_desc=nope",
                                  "/ratsinfo/papers?title__gt=x&_sort=nope"])
def test_regression_sorting_by_a_column_that_does_not_exist_is_a_400(site, path):
    response = get(site, path)
    assert response.status_code == 400
    text = response.json()["error"] if ".json" in path else response.text
    assert "Nach dieser Spalte lässt sich nicht sortieren" in text


# 8. `pipeline serve`: stops whole on SIGTERM and SIGINT, refuses a busy port.

@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_datasette_and_removes_its_folder_on_a_signal(sample_db, tmp_path, number):
    db = tmp_path / "stadt.db"  # not named ratsinfo.db: served through a link in a temporary folder
    shutil.copy(sample_db, db)
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, process_group=0)
    started = set()
    try:
        _wait_for(port)
        started = descendants(serve.pid)
        folders = {Path(os.readlink(f"/proc/{pid}/cwd")) for pid, _ in started}
        assert len(started) == 1 and all(folder.name.startswith("ratsinfo-serve-") for folder in folders)
        os.kill(serve.pid, number)  # as `kill PID` or Ctrl+C does: to `pipeline serve` only
        assert serve.wait(timeout=15) == 0
        assert serve.stdout.read() == "Datasette stopped (exit 0)\n"
        assert not [pid for pid, since in started if alive(pid, since)], "Datasette has stopped"
        assert not any(folder.exists() for folder in folders), "the link's folder is removed"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # the port is free
    finally:
        for pid, since in started | descendants(serve.pid):
            if alive(pid, since):
                os.kill(pid, signal.SIGKILL)
        serve.kill()
        serve.wait()


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


def test_serve_refuses_a_port_in_use(sample_db):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(sample_db), "--port", str(port)])
    assert (result.exit_code, result.output) == (
        1, f"Error: 127.0.0.1:{port}: port already in use (stop the server there or choose another --port)\n")


def test_serve_refuses_an_address_it_cannot_listen_on(sample_db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(sample_db), "--host", "192.0.2.1", "--port", "8001"])
    assert (result.exit_code, result.output) == (
        1, "Error: 192.0.2.1:8001: cannot listen there (Cannot assign requested address)\n")


# 10. Tests leave no server running.

def test_a_served_site_leaves_no_process_behind(sample_db):
    from ..helpers.serving import pipeline_serve

    with pipeline_serve(sample_db) as base:
        port = base.rsplit(":", 1)[1]
        started = {(pid, since) for pid, since in descendants(os.getpid()) if f"--port {port} " in _command(pid)}
        assert {"pipeline.cli", "datasette"} <= {word for pid, _ in started for word in _command(pid).split()}
    assert not [pid for pid, since in started if alive(pid, since)]


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_a_process_that_escapes_the_group_is_killed_and_reported(tmp_path):
    # The server starts a child in a session of its own, which a signal to the group does not reach.
    script = ("import subprocess, sys, http.server\n"
              "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True)\n"
              "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler)"
              ".serve_forever()\n")
    (tmp_path / "-").mkdir()
    (tmp_path / "-" / "versions.json").write_text("{}")
    escaped = set()
    with pytest.raises(LeftBehind, match="left 1 process"):
        with serving(lambda port: [sys.executable, "-c", script, str(port)], cwd=tmp_path):
            escaped = {(pid, since) for pid, since in descendants(os.getpid())
                       if _command(pid).rstrip().endswith("time.sleep(600)")}
    assert len(escaped) == 1 and not [pid for pid, since in escaped if alive(pid, since)]

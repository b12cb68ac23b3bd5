"""`pipeline ingest` end to end against a local copy of the demo site, with faults put in on purpose."""

from __future__ import annotations

import json
import shutil
import time

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.crawl.localsite import LocalSite
from pipeline.store.writer import row_key

from ..helpers.paths import SAMPLE_SITE, VORLAGE_PDF

CITY = """[[city]]
slug = "herne"
name = "Herne"
ags = "05916000"
state = "NW"
[city.ris]
system = "allris"
url = "{url}/herne/allris/"

[[city]]
slug = "herten"
name = "Herten"
ags = "05562020"
state = "NW"
"""


class Site:
    """A copy of the demo site, served for the whole test so URLs stay the same across runs."""

    def __init__(self, root, url):
        self.root, self.url = root, url

    def __truediv__(self, relative):
        return self.root / relative


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, root)
    with LocalSite(root) as server:
        yield Site(root, server.url)


def ingest(tmp_path, site, *extra):
    cities = tmp_path / "cities.toml"
    cities.write_text(CITY.format(url=site.url), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            "--cities",
            str(cities),
            "--db",
            str(tmp_path / "r.db"),
            "--cache",
            str(tmp_path / "cache.sqlite"),
            "--since",
            "2025-01-01",
            *extra,
        ],
    )
    return result, sqlite_utils.Database(tmp_path / "r.db")


def line(result, prefix):
    return next(row for row in result.stdout.splitlines() if row.startswith(prefix))


def test_clean_run_and_idempotent_rerun(tmp_path, site):
    first, db = ingest(tmp_path, site)
    assert first.exit_code == 0, first.output
    assert "papers 3 new / 0 changed / 0 deleted, 3 meetings, 7 files, 0 failures" in line(first, "herne:")
    sizes = {t: db[t].count for t in ("papers", "consultations", "meetings", "agenda_items", "files", "mentions")}
    second, db = ingest(tmp_path, site)
    assert "papers 0 new / 0 changed / 0 deleted" in line(second, "herne:")
    assert {t: db[t].count for t in sizes} == sizes
    dates = {r["reference"]: r["date"] for r in db.query("select reference, date from papers")}
    assert dates == {"2025/0112": "2025-03-11", "2025/0140": "2025-03-18", "2025/0151": "2025-03-11"}
    assert second.stdout.splitlines()[-1].startswith("total: 2 cities,")


def test_city_without_council_system_says_how_to_add_one(tmp_path, site):
    result, _ = ingest(tmp_path, site)
    assert line(result, "herten:").endswith(
        "; no council system configured; add a [city.ris] table with system and url to the city list "
        "(see README, 'The city list')"
    )


def test_robots_txt_disallowing_crawlers_is_obeyed_and_reported(tmp_path, site):
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0
    herne = line(result, "herne:")
    assert herne.startswith("herne: 0 pages fetched, papers 0 new")
    assert (
        "robots.txt at http://127.0.0.1:" in herne
        and "disallows crawling this site; nothing fetched (obeying it)" in herne
    )
    assert db["papers"].count == 0


def test_layout_change_is_counted_and_the_run_goes_on(tmp_path, site):
    page = site / "herne/allris/vo020.asp__VOLFDNR=2002.html"
    page.write_bytes(page.read_bytes().replace(b"Betreff:", b"Gegenstand:"))
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0
    assert "papers 2 new" in line(result, "herne:")
    assert "1 failures (layout 1)" in line(result, "herne:")
    assert db["papers"].count == 2


def test_broken_attachment_is_stored_with_a_status(tmp_path, site):
    (site / "herne/allris/do027.asp__DOLFDNR=3003__options=64.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (site / "herne/allris/do027.asp__DOLFDNR=3004__options=64.pdf").unlink()
    result, db = ingest(tmp_path, site)
    assert "papers 3 new" in line(result, "herne:")
    assert "failures (file 2)" in line(result, "herne:")
    statuses = {r["name"]: (r["status"], r["text_method"]) for r in db["files"].rows}
    assert statuses["Antrag"] == ("truncated", "none")
    assert statuses["Bericht KI 2024"] == ("fetch_failed", "none")


def test_paper_gone_at_the_source_is_kept_as_deleted(tmp_path, site):
    ingest(tmp_path, site)
    (site / "herne/allris/vo020.asp__VOLFDNR=2003.html").unlink()
    result, db = ingest(tmp_path, site)
    assert "papers 0 new / 0 changed / 1 deleted" in line(result, "herne:")
    gone = next(db.query("select title, deleted from papers where id like '%VOLFDNR=2003'"))
    assert gone == {"title": "Bericht des Kommunalen Integrationszentrums 2024", "deleted": 1}


def test_unreachable_paper_list_fails_the_city_with_exit_1(tmp_path, site):
    for page in (site / "herne/allris").glob("vo040.asp__*"):
        page.unlink()
    result, _ = ingest(tmp_path, site, "--city", "herne")
    assert result.exit_code == 1
    assert "failures (fetch 1)" in line(result, "herne:")


def test_silent_prints_only_the_total(tmp_path, site):
    result, _ = ingest(tmp_path, site, "-s")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("total: 2 cities")


def test_unexpected_error_in_one_paper_is_counted_and_the_run_goes_on(tmp_path, site, monkeypatch):
    from scrapers import allris

    real = allris.parse_paper

    def flaky(content, url):
        if url.endswith("VOLFDNR=2002"):
            raise RuntimeError("parser bug")
        return real(content, url)

    monkeypatch.setattr(allris, "parse_paper", flaky)
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0
    assert "papers 2 new" in line(result, "herne:") and "1 failures (error 1)" in line(result, "herne:")
    assert db["papers"].count == 2


def test_disk_full_stops_with_a_clear_error_and_keeps_the_database(tmp_path, site, monkeypatch):
    import sqlite3

    from pipeline.store.writer import Store

    ingest(tmp_path, site, "--city", "herne")
    (site / "herne/allris/vo020.asp__VOLFDNR=2001.html").write_bytes(
        (site / "herne/allris/vo020.asp__VOLFDNR=2001.html").read_bytes().replace(b"Fortschreibung", b"Neufassung")
    )

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "save_paper", full)
    result, db = ingest(tmp_path, site, "--city", "herne")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {tmp_path / 'r.db'}: database error, run stopped (database or disk is full)"
    )
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db["papers"].count == 3


def test_shrinkage_guard_stops_before_marking_many_papers_deleted(tmp_path, site, monkeypatch):
    monkeypatch.setattr("pipeline.crawl.run.SHRINK_MIN", 1)
    ingest(tmp_path, site)
    for volfdnr in (2002, 2003):
        (site / f"herne/allris/vo020.asp__VOLFDNR={volfdnr}.html").unlink()
    stopped, db = ingest(tmp_path, site)
    assert stopped.exit_code == 1
    assert line(stopped, "herne:").endswith(
        "shrinkage guard: 2 of 3 stored papers would be marked deleted (limit 1); none were; "
        "check the site, then rerun with --allow-shrinkage if this is right")
    assert db.execute("select count(*) from papers where deleted = 1").fetchone()[0] == 0
    allowed, db = ingest(tmp_path, site, "--allow-shrinkage")
    assert allowed.exit_code == 0
    assert "papers 0 new / 0 changed / 2 deleted" in line(allowed, "herne:")
    assert db.execute("select count(*) from papers where deleted = 1").fetchone()[0] == 2


def test_high_water_mark_is_set_after_a_clean_run(tmp_path, site):
    ingest(tmp_path, site)
    db = sqlite_utils.Database(tmp_path / "r.db")
    assert db["ingest_state"].get("herne")["modified_since"][:4] >= "2026"
    assert "herten" not in {r["city"] for r in db["ingest_state"].rows}, "no council system, no mark"


def test_agenda_items_get_their_resolution_text_from_to020(tmp_path, site):
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0
    row = db["agenda_items"].get(row_key("herne", f"{site.url}/herne/allris/to020.asp?TOLFDNR=500302"))
    assert (row["result"], row["outcome"]) == ("geändert beschlossen", "geaendert_beschlossen")
    assert row["resolution_text"].startswith("Der Rat der Stadt fasst zu Vorlage 2025/0112 folgenden Beschluss:")
    opening = db["agenda_items"].get(row_key("herne", f"{site.url}/herne/allris/to010.asp?SILFDNR=5001#TOPÖ1"))
    assert opening["resolution_text"] is None


def test_html_page_served_as_pdf_gets_a_status(tmp_path, site):
    (site / "herne/allris/do027.asp__DOLFDNR=3004__options=64.pdf").write_bytes(
        b"<!DOCTYPE html><html><body><h1>Sitzung abgelaufen</h1></body></html>")
    result, db = ingest(tmp_path, site)
    assert "1 failures (file 1)" in line(result, "herne:")
    row = next(db.query("select status, status_reason, text from files where name = 'Bericht KI 2024'"))
    assert row == {"status": "wrong_type", "status_reason": "expected a PDF, got an HTML page (declared application/pdf)",
                   "text": None}


def test_file_over_the_size_cap_gets_a_status(tmp_path, site):
    big = site / "herne/allris/do027.asp__DOLFDNR=3004__options=64.pdf"
    big.write_bytes(big.read_bytes() + b"%" + b"x" * 60_000 + b"\n")
    result, db = ingest(tmp_path, site, "--city", "herne", "--limit", "file_mb=0.03")
    assert "1 failures (file 1)" in line(result, "herne:")
    row = next(db.query("select status, status_reason from files where name = 'Bericht KI 2024'"))
    assert row["status"] == "too_large"
    assert f"exceeds the cap of {int(0.03 * 2**20)}" in row["status_reason"]


def test_vorlage_attachment_keeps_page_methods_and_its_beratungsfolge_table(tmp_path, site):
    vorlage = VORLAGE_PDF
    (site / "herne/allris/do027.asp__DOLFDNR=3003__options=64.pdf").write_bytes(vorlage.read_bytes())
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0
    row = next(db.query("select text_method, page_methods, layout from files where name = 'Antrag'"))
    assert (row["text_method"], json.loads(row["page_methods"])) == ("pdfium", ["pdfium"])
    layout = json.loads(row["layout"])
    assert layout["header"]["reference"] == "2024/0412"
    assert [c["organization"] for c in layout["consultations"]][-1] == "Rat der Stadt Herne"


@pytest.mark.parametrize("hostile", [b"24:00 - 25:00", b"99:99"])
def test_regression_an_impossible_time_in_the_calendar_loses_at_most_that_month(tmp_path, site, hostile):
    """A time of 24:00 raised ValueError, which only ParseError was caught for: exit 1, no summary, no later city."""
    calendar = site / "herne/allris/si010_e.asp__MM=3__YY=2025.html"
    calendar.write_bytes(calendar.read_bytes().replace(b"17:00 - 19:00", hostile, 1))
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0, result.output
    assert "papers 3 new" in line(result, "herne:")
    assert line(result, "herten:").startswith("herten: ")
    assert result.stdout.splitlines()[-1].startswith("total: 2 cities,")


def test_regression_an_impossible_day_in_the_calendar_loses_at_most_that_month(tmp_path, site):
    calendar = site / "herne/allris/si010_e.asp__MM=3__YY=2025.html"
    calendar.write_bytes(calendar.read_bytes().replace(b"&nbsp;&nbsp;11</td>", b"&nbsp;&nbsp;32</td>", 1))
    result, db = ingest(tmp_path, site)
    assert result.exit_code == 0, result.output
    assert "papers 3 new" in line(result, "herne:")
    assert result.stdout.splitlines()[-1].startswith("total: 2 cities,")


def test_regression_a_45_mb_page_is_refused_before_parsing(tmp_path, site):
    """A 45 MB paper page took 1.8 GB and more than 70 s to parse; the page cap refuses it unread."""
    page = site / "herne/allris/vo020.asp__VOLFDNR=2002.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>" + b"Junk " * 9_000_000 + b"</p></body>"))
    started = time.monotonic()
    result, db = ingest(tmp_path, site)
    assert time.monotonic() - started < 60
    assert result.exit_code == 0, result.output
    assert "papers 2 new" in line(result, "herne:") and "1 failures (fetch 1)" in line(result, "herne:")


def test_a_city_known_by_its_documents_only_says_so(tmp_path, site):
    cities = tmp_path / "cities.toml"
    cities.write_text(f'[[city]]\nslug = "herdecke"\nname = "Herdecke"\nags = "05954020"\nstate = "NW"\n'
                      f'[[city.documents]]\nurl = "{site.url}/herdecke/integration.html"\ntitle = "Integration"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--cities", str(cities), "--db", str(tmp_path / "r.db"),
                                      "--cache", str(tmp_path / "cache.sqlite")])
    assert result.exit_code == 0, result.output
    assert line(result, "herdecke:").endswith(", 1 files, 0 failures; documents only (1 configured; no council system)")

"""Faults from a server that misbehaves on purpose: each run's end state is compared with a fault-free run.

The demo site is served by a local server that answers a chosen page or PDF wrongly (the first
time, or every time). Transient faults must leave exactly the state of a fault-free run; lasting
ones must lose only the document they hit, count it, and be repaired by the next clean run.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date

import pytest
import sqlite_utils

from pipeline.crawl.config import parse_cities
from pipeline.crawl.context import CityReport, Context
from pipeline.crawl.localsite import LocalSite
from pipeline.crawl.run import ingest_city
from pipeline.fetch.client import HttpClient
from pipeline.store.writer import Store

from ..helpers.paths import SAMPLE_SITE

TIMEOUT = 1.0
PAPER = "/herne/allris/vo020.asp?VOLFDNR=2002"
PDF = "/herne/allris/do027.asp?DOLFDNR=3003&options=64"
CITY = '[[city]]\nslug = "herne"\nname = "Herne"\nags = "05916000"\nstate = "NW"\n' \
       '[city.ris]\nsystem = "allris"\nurl = "{url}/herne/allris/"\n'
# When a row was fetched, and for HTML systems (no source timestamp) when a paper was first seen or changed.
VOLATILE = {"fetched_at", "changed_at", "last_ingest", "modified"}  # when a row was fetched or changed
TABLES = ("papers", "consultations", "meetings", "agenda_items", "files", "passages", "mentions", "topic_links",
          "organizations")


class FaultySite(LocalSite):
    """The demo site, with scripted faults per path: each request to a path takes the next fault."""

    def __init__(self, root):
        super().__init__(root)
        self.root = root
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.hits: dict[str, int] = defaultdict(int)
        self.held = threading.Event()  # a request is waiting at a 'hold' fault
        self.release = threading.Event()
        site = self

        class Handler(self.server.RequestHandlerClass):
            def do_GET(self):
                site.hits[self.path] += 1
                queue = site.faults.get(self.path)
                fault = queue.pop(0) if queue else None
                if fault is None:
                    return super().do_GET()
                getattr(self, "_" + fault.split(":")[0])(fault)

            def _status(self, fault):
                code = int(fault.split(":")[1])
                self.send_response(code)
                if code == 429:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _hold(self, fault):
                site.held.set()
                site.release.wait(60)
                super().do_GET()

            def _slow(self, fault):
                time.sleep(float(fault.split(":")[1]))
                super().do_GET()

            def _reset(self, fault):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.close_connection = True
                self.connection.close()

            def _timeout(self, fault):
                time.sleep(TIMEOUT + 0.5)
                super().do_GET()

            def _body(self, fault):
                """Headers for the whole body, then half of it: 'stall' waits past the timeout, 'truncate' closes."""
                body = self._resolve().read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                if fault.endswith("stall"):
                    time.sleep(TIMEOUT + 0.5)
                self.close_connection = True

            def _loop(self, fault):
                self.send_response(302)
                self.send_header("Location", self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _type(self, fault):
                """The right body under a wrong content type, or none."""
                body = self._resolve().read_bytes()
                self.send_response(200)
                declared = fault.split(":", 1)[1]
                if declared != "none":
                    self.send_header("Content-Type", declared)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _errorpage(self, fault):
                body = "<html><body><h1>Fehler</h1><p>Das Dokument ist nicht verfügbar.</p></body></html>".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server.RequestHandlerClass = Handler


@contextmanager
def faulty_demo_site(tmp_path):
    """A copy of the demo site under tmp_path, served by a FaultySite."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, root)
    with FaultySite(root) as server:
        yield server


@pytest.fixture
def site(tmp_path):
    with faulty_demo_site(tmp_path) as server:
        yield server


def run(site, db) -> CityReport:
    city = parse_cities(CITY.format(url=site.url), "cities.toml")[0]
    report = CityReport(city.slug)
    with Store(db) as store, HttpClient(None, retries=3, backoff=0.01, timeout=TIMEOUT) as client:
        ingest_city(Context(city=city, client=client, store=store, report=report, since=date(2025, 1, 1)))
    return report


def state(db) -> dict[str, list]:
    """Every stored row without the columns that record when it was fetched."""
    rows = sqlite_utils.Database(db)
    return {table: sorted((tuple(v for k, v in sorted(row.items()) if k not in VOLATILE)
                           for row in rows[table].rows), key=repr) for table in TABLES}


@pytest.fixture
def reference(site, tmp_path):
    report = run(site, tmp_path / "reference.db")
    assert not report.failures and report.papers_new == 3
    return state(tmp_path / "reference.db")


TRANSIENT = [
    (PAPER, "status:500"), (PAPER, "status:502"), (PAPER, "status:503"), (PAPER, "status:429"),
    (PAPER, "reset"), (PAPER, "timeout"), (PAPER, "body:stall"), (PAPER, "body:truncate"),
    (PDF, "status:503"), (PDF, "reset"), (PDF, "body:stall"), (PDF, "body:truncate"),
    (PDF, "type:none"), (PDF, "type:text/html"), (PAPER, "type:application/octet-stream"), (PAPER, "type:none"),
]


@pytest.mark.parametrize("path,fault", TRANSIENT, ids=[f"{f}@{'pdf' if p == PDF else 'paper'}" for p, f in TRANSIENT])
def test_a_transient_fault_leaves_the_state_of_a_fault_free_run(site, tmp_path, reference, path, fault):
    site.faults[path] = [fault]
    report = run(site, tmp_path / "faulty.db")
    assert not site.faults[path], "the fault was served"
    assert not report.failures, dict(report.failures)
    assert state(tmp_path / "faulty.db") == reference


def test_a_redirect_loop_loses_only_its_page_and_the_next_run_repairs_it(site, tmp_path, reference):
    site.faults[PAPER] = ["loop"] * 20
    report = run(site, tmp_path / "faulty.db")
    assert sum(report.failures.values()) == 1 and report.papers_new == 2
    faulty = state(tmp_path / "faulty.db")
    assert len(faulty["papers"]) == len(reference["papers"]) - 1
    assert set(faulty["meetings"]) == set(reference["meetings"]), "nothing else is lost"
    site.faults[PAPER] = []
    assert not run(site, tmp_path / "faulty.db").failures
    assert state(tmp_path / "faulty.db") == reference


def test_an_html_error_page_where_a_pdf_belongs_is_stored_as_wrong_type_and_repaired(site, tmp_path, reference):
    site.faults[PDF] = ["errorpage"] * 5
    report = run(site, tmp_path / "faulty.db")
    assert dict(report.failures) == {"file": 1}
    files = sqlite_utils.Database(tmp_path / "faulty.db")["files"]
    wrong = [r for r in files.rows if r["status"] == "wrong_type"]
    assert len(wrong) == 1 and wrong[0]["url"].endswith("DOLFDNR=3003&options=64")
    assert "expected a PDF, got an HTML page" in wrong[0]["status_reason"]
    site.faults[PDF] = []
    assert not run(site, tmp_path / "faulty.db").failures
    assert state(tmp_path / "faulty.db") == reference


def test_a_server_error_that_lasts_loses_only_its_document(site, tmp_path, reference):
    site.faults[PDF] = ["status:500"] * 10
    report = run(site, tmp_path / "faulty.db")
    assert dict(report.failures) == {"file": 1}
    faulty = state(tmp_path / "faulty.db")
    assert {t: len(v) for t, v in faulty.items() if t not in ("files", "passages", "mentions", "topic_links")} == \
           {t: len(v) for t, v in reference.items() if t not in ("files", "passages", "mentions", "topic_links")}
    site.faults[PDF] = []
    run(site, tmp_path / "faulty.db")
    assert state(tmp_path / "faulty.db") == reference

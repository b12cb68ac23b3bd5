"""The offline demo has a database of its own: its cities carry the real slugs, so its rows and dates must never
reach a real run (issue 15: a real run after the demo used the demo's date window)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import StoreError
from pipeline.store.writer import Store


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_HOME", str(tmp_path))
    return tmp_path


def test_the_demo_never_writes_the_operators_database(home):
    result = CliRunner().invoke(cli, ["ingest", "--demo", "--city", "herne", "-s"])
    assert result.exit_code == 0, result.output
    assert (home / "demo.db").is_file() and not (home / "ratsinfo.db").exists()


def test_a_database_is_for_the_demo_or_for_real_cities(tmp_path):
    demo, real = tmp_path / "demo.db", tmp_path / "real.db"
    with Store(demo) as store:
        store.claim("demo")
        store.claim("demo")  # again: the same purpose is fine
    with Store(demo) as store, pytest.raises(StoreError) as raised:
        store.claim("cities")
    assert str(raised.value) == (f"{demo}: this database holds the offline demo; ingest real cities into another one "
                                 "(leave out --db)")
    with Store(real) as store:
        store.claim("cities")
    with Store(real) as store, pytest.raises(StoreError) as raised:
        store.claim("demo")
    assert str(raised.value) == (f"{real}: this database holds real cities; the offline demo writes a database of "
                                 "its own (leave out --db)")


def test_a_database_with_cities_from_before_the_mark_is_a_real_one(tmp_path):
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.db.table("cities").insert({"slug": "herne", "name": "Herne"})
    with Store(db) as store, pytest.raises(StoreError, match="holds real cities"):
        store.claim("demo")


def test_ingest_demo_into_a_real_database_is_one_clear_error(tmp_path):
    db = tmp_path / "real.db"
    with Store(db) as store:
        store.claim("cities")
    result = CliRunner().invoke(cli, ["ingest", "--demo", "--db", str(db), "-s"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {db}: this database holds real cities; the offline demo writes a database of "
                             "its own (leave out --db)\n")


def _served(monkeypatch, *args) -> tuple:
    """Which database `pipeline serve` would serve, and what it said (Datasette itself is not started)."""
    chosen = []
    monkeypatch.setattr("pipeline.publish.serve.prepare", lambda db, host, port: [])
    monkeypatch.setattr("pipeline.publish.serve.serve_database", lambda db, *rest: chosen.append(db) or 0)
    result = CliRunner().invoke(cli, ["serve", *args])
    return (chosen[0] if chosen else None), result


def test_serve_shows_the_demo_before_any_real_ingest_and_the_real_database_after(home, monkeypatch):
    (home / "demo.db").write_bytes(b"")
    served, result = _served(monkeypatch)
    assert served == home / "demo.db"
    assert result.stderr.startswith(f"Serving the offline demo ({home / 'demo.db'}); real cities are served from "
                                    f"{home / 'ratsinfo.db'} once ingested\n")
    (home / "ratsinfo.db").write_bytes(b"")
    assert _served(monkeypatch)[0] == home / "ratsinfo.db"
    assert _served(monkeypatch, "--demo")[0] == home / "demo.db"


def test_serve_demo_with_db_is_wrong_usage(home, monkeypatch):
    served, result = _served(monkeypatch, "--demo", "--db", str(home / "x.db"))
    assert served is None and result.exit_code == 2
    assert result.stderr.endswith("Error: --demo and --db cannot be combined: --demo serves the demo's own database\n")

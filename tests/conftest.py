"""Shared fixtures: the network guard, the real-world corpus, the demo's database and the sample's."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fuzzing budget (tests/test_fuzz.py): bounded in CI, longer on demand with HYPOTHESIS_PROFILE=long.
# The deadline is how "never a hang" is checked: one example may take at most this long.
settings.register_profile("ci", max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Fail any connection to a non-loopback address: tests never use the network."""
    monkeypatch = pytest.MonkeyPatch()
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
                raise AssertionError(f"test tried to reach the network: {address!r}")
            return method(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    yield
    monkeypatch.undo()


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus; skips the test when the corpus is absent."""
    path = CORPUS / relative
    if not CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {CORPUS} (only present in the project's workspace and CI)")
    if not path.exists():
        pytest.skip(f"corpus file {relative} not present")
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, no_network) -> Path:
    """A database built by `pipeline ingest --demo` in a temporary folder."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    db = tmp_path_factory.mktemp("demo") / "ratsinfo.db"
    result = CliRunner().invoke(cli, ["ingest", "--demo", "--db", str(db), "-s"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, no_network) -> Path:
    """A database ingested from the invented sample site (tests/crawl/fixtures): every outcome, votes, failures.

    The demo (`demo_db`) re-creates the four cities' public record and is small; the crawl, store and
    publishing tests need more kinds of rows than it has.
    """
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.crawl.localsite import LocalSite

    from .helpers.paths import SAMPLE_CITIES, SAMPLE_SITE

    folder = tmp_path_factory.mktemp("sample")
    db, cities = folder / "ratsinfo.db", folder / "cities.toml"
    with LocalSite(SAMPLE_SITE) as site:
        cities.write_text(SAMPLE_CITIES.read_text(encoding="utf-8").replace("{demo}", site.url), encoding="utf-8")
        result = CliRunner().invoke(cli, ["ingest", "--cities", str(cities), "--db", str(db), "--cache",
                                          str(folder / "cache.sqlite"), "--since", "2025-01-01", "--index", "-s"])
    assert result.exit_code == 0, result.output
    return db

"""`pipeline publish`: a read-only Datasette bundle that starts and answers."""

from __future__ import annotations

import json
import os
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .serving import serving

WRITING_PLUGINS = ("datasette-write", "datasette-insert", "datasette-upload-csvs", "datasette-edit-schema",
                   "datasette-edit-templates", "datasette-import", "datasette-configure-fts")


@pytest.fixture(scope="module")
def bundle(demo_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("publish") / "site"
    result = CliRunner().invoke(cli, ["publish", "--db", str(demo_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"publish: bundle in {out} (")
    return out


def test_bundle_holds_database_metadata_source_and_start_command(bundle):
    assert {p.name for p in bundle.iterdir()} == {"ratsinfo.db", "metadata.json", "src", "requirements.txt",
                                                  "start.sh", "Dockerfile"}
    assert (bundle / "requirements.txt").read_text() == "-e ./src\n"
    assert (bundle / "src" / "pipeline" / "datasette_plugin.py").is_file()
    assert (bundle / "src" / "data" / "nlp" / "topics.toml").is_file()
    start = (bundle / "start.sh").read_text()
    assert "--immutable ratsinfo.db" in start and '"${HOST:-127.0.0.1}"' in start
    assert json.loads((bundle / "metadata.json").read_text())["databases"]["ratsinfo"]["queries"]["volltextsuche"]


def test_no_plugin_that_writes_is_a_dependency():
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    dependencies = " ".join(project["project"]["dependencies"])
    assert not [name for name in WRITING_PLUGINS if name in dependencies]


def test_bundle_starts_read_only_and_answers_a_search(bundle):
    # start.sh calls `datasette` from PATH: the one installed beside this Python.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

    def start(port: int) -> list[str]:
        return ["env", "HOST=127.0.0.1", f"PORT={port}", f"PATH={path}", "sh", "start.sh"]

    with serving(start, cwd=bundle) as base:
        url = base + "/ratsinfo/volltextsuche.json?_shape=array&suchbegriff=Integrationskonzepte&stadt=&von=&bis=&ergebnis="
        rows = json.loads(urllib.request.urlopen(url, timeout=10).read())
        assert any("[[Integrationskonzept]]" in (r["ausschnitt"] or "") for r in rows)
        databases = json.loads(urllib.request.urlopen(base + "/-/databases.json", timeout=5).read())
        assert [(d["name"], d["is_mutable"]) for d in databases] == [("ratsinfo", False)]


def test_publish_into_a_folder_that_is_not_empty_is_refused(demo_db, tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    result = CliRunner().invoke(cli, ["publish", "--db", str(demo_db), "--out", str(tmp_path)])
    assert (result.exit_code, result.output) == (1, f"Error: {tmp_path}: folder exists and is not empty (choose a new --out)\n")

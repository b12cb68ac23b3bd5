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

from ..helpers.serving import serving

WRITING_PLUGINS = ("datasette-write", "datasette-insert", "datasette-upload-csvs", "datasette-edit-schema",
                   "datasette-edit-templates", "datasette-import", "datasette-configure-fts")


@pytest.fixture(scope="module")
def bundle(sample_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("publish") / "site"
    result = CliRunner().invoke(cli, ["publish", "--db", str(sample_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"publish: bundle in {out} (")
    return out


def test_bundle_holds_database_metadata_wheel_and_start_command(bundle):
    import zipfile

    assert {p.name for p in bundle.iterdir()} == {"ratsinfo.db", "metadata.json", "wheels", "requirements.txt",
                                                  "start.sh", "Dockerfile"}
    wheels = list((bundle / "wheels").iterdir())
    assert [w.name for w in wheels] == ["ratsinfo_pipeline-0.1.0-py3-none-any.whl"]
    assert (bundle / "requirements.txt").read_text() == f"./wheels/{wheels[0].name}\n", "the wheel, not -e ./src"
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    assert {"pipeline/publish/plugin.py", "pipeline/data/nlp/topics.toml", "pipeline/data/datasette_metadata.json",
            "scrapers/allris.py", "ratsinfo_pipeline-0.1.0.dist-info/entry_points.txt"} <= names
    assert not any(name.endswith((".db", ".sqlite", ".pyc")) for name in names)
    start = (bundle / "start.sh").read_text()
    assert "--immutable ratsinfo.db" in start and '"${HOST:-127.0.0.1}"' in start
    assert json.loads((bundle / "metadata.json").read_text())["databases"]["ratsinfo"]["queries"]["volltextsuche"]


def test_the_wheel_installs_and_brings_the_plugin(bundle, tmp_path):
    """pip takes the bundle's wheel as any other: its RECORD is valid and the plugin is registered."""
    import subprocess
    import sysconfig
    import venv

    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    # The dependencies from this environment (no network); a plain path entry runs none of its .pth files,
    # so this checkout's editable install stays out.
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                                str(next((bundle / "wheels").iterdir()))], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    check = subprocess.run([python, "-c", "import importlib.metadata as m, pipeline, pipeline.publish.plugin, "
                            "pipeline.resources as r; print(pipeline.__file__.startswith(r'" + str(tmp_path) + "'), "
                            "[e.value for e in m.entry_points(group='datasette', name='ratsinfo')], "
                            "r.metadata().is_file(), r.shipped('nlp', 'topics.toml').is_file())"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert check.stdout.strip() == "True ['pipeline.publish.plugin'] True True", check.stderr


def test_no_plugin_that_writes_is_a_dependency():
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
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


def test_publish_into_a_folder_that_is_not_empty_is_refused(sample_db, tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    result = CliRunner().invoke(cli, ["publish", "--db", str(sample_db), "--out", str(tmp_path)])
    assert (result.exit_code, result.output) == (1, f"Error: {tmp_path}: folder exists and is not empty (choose a new --out)\n")

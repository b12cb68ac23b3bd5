"""The package as pip builds it: every module and every data file the code reads is in the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(PROJECT["tool"]["setuptools"]["packages"])
    folders = {".".join(init.parent.relative_to(ROOT).parts)
               for root in ("pipeline", "scrapers") for init in (ROOT / root).rglob("__init__.py")}
    assert folders | {"pipeline.data"} == listed


def test_the_package_data_patterns_take_every_file_the_code_reads_and_nothing_of_the_operator():
    """What pyproject.toml's package-data globs select in data/ is what ships (the wheel check in .ci/ builds it)."""
    data = ROOT / "data"
    selected = {path for pattern in PROJECT["tool"]["setuptools"]["package-data"]["pipeline.data"]
                for path in data.glob(pattern) if path.is_file()}
    wanted = {path for path in data.rglob("*") if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"
              and not path.name.endswith((".db", ".sqlite", ".db-wal", ".db-shm", ".lock", ".lock.json"))
              and path.relative_to(data).parts[0] != "cache"}
    assert wanted - selected == set(), sorted(str(p.relative_to(data)) for p in wanted - selected)[:5]
    assert {data / "nlp" / "topics.toml", data / "datasette_metadata.json", data / "cities.toml",
            data / "demo" / "cities.toml"} <= selected
    assert not any(path.suffix in (".db", ".sqlite") for path in selected)

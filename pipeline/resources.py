"""Where things are: the data the package ships, and the operator's own files (database, cache, city list).

Shipped data (the NLP vocabularies, the default city list, the demo, the Datasette metadata) is the
project's top-level data/ folder, installed as the package `pipeline.data` and read with
importlib.resources, so it is found the same way from a checkout and from a wheel.

The operator's files live in one folder, PIPELINE_HOME, by default the user's data folder
(`~/.local/share/ratsinfo-pipeline` on Linux): `ratsinfo.db`, `cache/http.sqlite` and, once
`pipeline cities add` has written one, `cities.toml`. Every command takes explicit paths too.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

APP = "ratsinfo-pipeline"


def shipped(*parts: str) -> Path:
    """A file or folder of the shipped data, e.g. shipped("nlp", "topics.toml")."""
    # Installed packages live on disk (pip never installs zipped); their resources are real paths.
    return Path(str(files("pipeline.data").joinpath(*parts)))


def home() -> Path:
    """The folder of the operator's own files: PIPELINE_HOME, else the user's data folder."""
    configured = os.environ.get("PIPELINE_HOME")
    return Path(configured).expanduser() if configured else Path(user_data_dir(APP, appauthor=False))


def default_db() -> Path:
    """The database every command uses without --db."""
    return home() / "ratsinfo.db"


def demo_db() -> Path:
    """The database `pipeline ingest --demo` writes without --db: never the operator's own (default_db)."""
    return home() / "demo.db"


def default_cache() -> Path:
    """The HTTP cache of `pipeline ingest` without --cache."""
    return home() / "cache" / "http.sqlite"


def own_cities() -> Path:
    """The operator's city list, which `pipeline cities add` writes (it starts as a copy of the shipped one)."""
    return home() / "cities.toml"


def default_cities() -> Path:
    """The city list used without --cities: the operator's own if there is one, else the shipped one."""
    own = own_cities()
    return own if own.is_file() else shipped("cities.toml")


def metadata() -> Path:
    """The Datasette metadata: titles, descriptions, canned queries and the dashboard."""
    return shipped("datasette_metadata.json")

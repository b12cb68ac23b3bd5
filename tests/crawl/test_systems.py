"""The one registry of council systems: the city list, the CLI, the run windows and extract read it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.cli.cities import cities_add
from pipeline.crawl.config import parse_cities
from pipeline.crawl.systems import NAMES, SYSTEMS
from pipeline.errors import ConfigError

CITY = '[[city]]\nslug = "x"\nname = "X"\nags = "05916000"\nstate = "NW"\n[city.ris]\nsystem = "{system}"\nurl = "{url}"\n'


def test_the_city_list_accepts_exactly_the_registered_systems():
    for name in NAMES:
        assert parse_cities(CITY.format(system=name, url="https://ris.example.de/x"), "c.toml")[0].ris.system == name
    with pytest.raises(ConfigError) as unknown:
        parse_cities(CITY.format(system="regisafe", url="https://ris.example.de/x"), "c.toml")
    assert str(unknown.value) == (f"c.toml: city 'x'.ris.system 'regisafe' must be one of {', '.join(NAMES)}")


def test_cities_add_offers_exactly_the_registered_systems():
    option = next(p for p in cities_add.params if p.name == "system")
    assert tuple(option.type.choices) == NAMES


def test_html_systems_take_their_folder_and_read_a_year_first():
    for name, system in SYSTEMS.items():
        url = parse_cities(CITY.format(system=name, url="https://ris.example.de/bi"), "c.toml")[0].ris.url
        assert url.endswith("/") == system.folder_url
        assert (system.first_run is None) == (name in ("oparl", "sdnet")), name
    assert SYSTEMS["allris"].first_run == timedelta(days=365)


def test_a_first_run_reads_the_window_the_registry_gives(tmp_path):
    from pipeline.crawl.context import CityReport, Context
    from pipeline.crawl.run import resolve_since
    from pipeline.store.writer import Store

    with Store(tmp_path / "r.db") as store:
        for name, system in SYSTEMS.items():
            city = parse_cities(CITY.format(system=name, url="https://ris.example.de/bi"), "c.toml")[0]
            since = resolve_since(Context(city=city, client=None, store=store, report=CityReport("x"), since=None))
            expected = None if system.first_run is None else date.today() - system.first_run
            assert (since.date() if since else None) == expected, name


def test_every_system_has_a_loader_a_probe_and_parsers():
    import importlib

    for system in SYSTEMS.values():
        module, _, function = system.loader.partition(":")
        assert callable(getattr(importlib.import_module(module), function))
        assert callable(system.probe) and system.parsers

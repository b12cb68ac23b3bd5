"""The city list (data/cities.toml): loading and validation."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.crawl.systems import NAMES, SYSTEMS
from pipeline.errors import ConfigError, UrlRefused
from pipeline.fetch.policy import HostRule, is_address, target
from pipeline.limits import Budgets

HOST = re.compile(r"(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
                  r"(:[0-9]{1,5})?")  # a host name or *.domain, optionally with a port
STATES = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH")


@dataclass(frozen=True)
class Ris:
    system: str
    url: str


@dataclass(frozen=True)
class CityDocument:
    url: str
    title: str


@dataclass(frozen=True)
class City:
    slug: str
    name: str
    ags: str
    state: str
    ris: Ris | None = None
    documents: tuple[CityDocument, ...] = field(default_factory=tuple)
    allow_hosts: tuple[str, ...] = ()  # hosts besides the configured URLs' that a run may fetch from

    def urls(self) -> list[str]:
        """The configured URLs: the council system's and the documents'."""
        return ([self.ris.url] if self.ris else []) + [d.url for d in self.documents]

    def hosts(self) -> frozenset[str]:
        """Every host (and port, where not 80 or 443) this city's run may send requests to: a named host on its
        configured port and the default ones, an address written in the URL on its configured port only (a local
        mirror on 10.0.0.5:8080 must not lead the run to whatever else answers on 10.0.0.5:80)."""
        entries = set(self.allow_hosts)
        for url in self.urls():
            where = target(url)
            if where.port in (80, 443) or not is_address(where.host):
                entries.add(str(HostRule(where.host, None)))
            if where.port not in (80, 443):
                entries.add(str(HostRule(where.host, where.port)))
        return frozenset(entries)

    def credentials(self) -> dict[tuple[str, str, int], str]:
        """The user:password configured in a URL, by origin; sent with every request to that origin."""
        return {where.origin: where.userinfo for where in map(target, self.urls()) if where.userinfo}


def load_cities(path: Path | str) -> list[City]:
    """Read and validate a city list."""
    return load_config(path)[0]


def load_config(path: Path | str) -> tuple[list[City], Budgets]:
    """Read and validate a city list: its cities and its `[limits]`."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a TOML file")
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return parse_config(text, path)


def parse_limits(table: object, path: Path, where: str = "limits") -> Budgets:
    """Validate a `[limits]` table: known names, positive numbers."""
    if table is None:
        return Budgets()
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where} must be a table of limits")
    values = {}
    for name, value in table.items():
        if name not in Budgets.names():
            raise ConfigError(f"{path}: {where}.{name} is not a limit (known: {', '.join(Budgets.names())})")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            raise ConfigError(f"{path}: {where}.{name} must be a positive number")  # nan and inf are none
        values[name] = type(getattr(Budgets(), name))(value)
    return Budgets().with_values(values)


def parse_cities(text: str, path: Path) -> list[City]:
    """Validate the text of a city list; `path` names it in errors."""
    return parse_config(text, path)[0]


def parse_config(text: str, path: Path) -> tuple[list[City], Budgets]:
    """Validate the text of a city list: its cities and its `[limits]`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    unknown = set(data) - {"city", "limits"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key '{sorted(unknown)[0]}' (expected [[city]] tables "
                          "and an optional [limits] table)")
    limits = parse_limits(data.get("limits"), path)
    entries = data.get("city")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[city]] entries")
    cities, slugs = [], set()
    for i, entry in enumerate(entries):
        city = _city(path, f"city[{i}]", entry)
        if city.slug in slugs:
            raise ConfigError(f"{path}: city[{i}].slug '{city.slug}' is used twice")
        slugs.add(city.slug)
        cities.append(city)
    return cities, limits


def _text(path: Path, where: str, entry: dict, key: str, pattern: str | None = None, hint: str = "") -> str:
    value = entry.get(key)
    if value is None:
        raise ConfigError(f"{path}: {where}.{key} is missing")
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: {where}.{key} must be a non-empty string")
    if pattern and not re.fullmatch(pattern, value):
        raise ConfigError(f"{path}: {where}.{key} '{value}' {hint}")
    return value


def _url(path: Path, where: str, value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{path}: {where} '{value}' must be an http(s) URL")
    try:
        target(value)
    except UrlRefused as exc:
        raise ConfigError(f"{path}: {where} '{value}': {exc.problem}") from None
    return value


def _port_ok(entry: str) -> bool:
    try:
        HostRule.parse(entry)
    except ValueError:
        return False
    return True


def _city(path: Path, where: str, entry: object) -> City:
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    allowed = {"slug", "name", "ags", "state", "ris", "documents", "allow_hosts"}
    unknown = set(entry) - allowed
    if unknown:
        raise ConfigError(f"{path}: {where} has unknown key '{sorted(unknown)[0]}'")
    slug = _text(path, where, entry, "slug", r"[a-z0-9][a-z0-9_-]*", "must be lowercase letters, digits, - or _")
    where = f"city '{slug}'"
    ags = _text(path, where, entry, "ags", r"\d{8}", "must be the 8-digit Amtlicher Gemeindeschlüssel")
    state = _text(path, where, entry, "state", "|".join(STATES), f"must be one of {', '.join(STATES)}")
    ris = None
    if "ris" in entry:
        raw = entry["ris"]
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: {where}.ris must be a table")
        unknown = set(raw) - {"system", "url"}
        if unknown:
            raise ConfigError(f"{path}: {where}.ris has unknown key '{sorted(unknown)[0]}'")
        system = _text(path, f"{where}.ris", raw, "system", "|".join(NAMES), f"must be one of {', '.join(NAMES)}")
        url = _url(path, f"{where}.ris.url", _text(path, f"{where}.ris", raw, "url"))
        # HTML systems are addressed by their folder; an OParl URL names an object and stays as given.
        if SYSTEMS[system].folder_url and not url.endswith("/"):
            url += "/"
        ris = Ris(system=system, url=url)
    documents = []
    raw_documents = entry.get("documents", [])
    if not isinstance(raw_documents, list):
        raise ConfigError(f"{path}: {where}.documents must be a list of [[city.documents]] tables")
    for j, doc in enumerate(raw_documents):
        dwhere = f"{where}.documents[{j}]"
        if not isinstance(doc, dict):
            raise ConfigError(f"{path}: {dwhere} must be a table")
        unknown = set(doc) - {"url", "title"}
        if unknown:
            raise ConfigError(f"{path}: {dwhere} has unknown key '{sorted(unknown)[0]}'")
        documents.append(
            CityDocument(
                url=_url(path, f"{dwhere}.url", _text(path, dwhere, doc, "url")),
                title=_text(path, dwhere, doc, "title"),
            )
        )
    allow_hosts = entry.get("allow_hosts", [])
    if not isinstance(allow_hosts, list):
        raise ConfigError(f"{path}: {where}.allow_hosts must be a list of host names")
    for j, host in enumerate(allow_hosts):
        if not isinstance(host, str) or not HOST.fullmatch(host) or not _port_ok(host):
            raise ConfigError(f"{path}: {where}.allow_hosts[{j}] '{host}' must be a host name such as "
                              "ris.example.de, *.example.de or ris.example.de:8443 (no scheme, no path)")
    return City(
        slug=slug, name=_text(path, where, entry, "name"), ags=ags, state=state, ris=ris, documents=tuple(documents),
        allow_hosts=tuple(h.lower() for h in allow_hosts),
    )


STATE_BY_AGS = {"01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
                "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH"}


def add_city(path: Path, *, slug: str, name: str, ags: str, state: str, system: str, url: str,
             check_only: bool = False) -> str:
    """The city list with a city appended, validated whole; written unless check_only (then only returned).

    A list that does not exist yet starts as a copy of the shipped one.
    """
    from pipeline import resources

    source = path if path.is_file() else resources.shipped("cities.toml")
    text = source.read_text(encoding="utf-8").rstrip("\n") + "\n"
    text += (f'\n[[city]]\nslug = "{slug}"\nname = "{_toml_text(name)}"\nags = "{ags}"\nstate = "{state}"\n'
             f'[city.ris]\nsystem = "{system}"\nurl = "{_toml_text(url)}"\n')
    parse_cities(text, path)
    if not check_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return text


def _toml_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def listing(cities: list[City], path: Path) -> str:
    """The cities as an aligned list, and a line counting them."""
    width = max(len(c.slug) for c in cities)
    lines = []
    for c in cities:
        system = f"{c.ris.system:<10} {c.ris.url}" if c.ris else "(no council system configured)"
        extra = f"  +{len(c.documents)} documents" if c.documents else ""
        lines.append(f"{c.slug:<{width}}  {c.name:<12} {c.ags} {c.state}  {system}{extra}")
    with_ris = sum(1 for c in cities if c.ris)
    return "\n".join(lines + [f"{len(cities)} cities in {path}, {with_ris} with a council system"])

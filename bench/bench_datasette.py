"""Datasette latency on a large database: full-text search, city comparison, table and dashboard pages.

Run: python bench/bench_karlsruhe.py --keep /tmp/karlsruhe.db   (builds the database, ~10 min)
     python bench/bench_datasette.py --db /tmp/karlsruhe.db [--requests 200] [--clients 2]

The site runs as users run it (`pipeline serve`, a separate process); a local client on loopback
sends a bounded load: `--clients` connections at a time, each request waiting for the one before.
Every scenario is warmed up once per distinct URL, then timed. Prints median and p95 per scenario
and the size of each search index next to the database's.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import re
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.serving import pipeline_serve  # noqa: E402 - the same start-and-wait as the tests

CITY = "karlsruhe"
# Inflected forms, compound parts, rare and very common words, as journalists type them.
TERMS = ["Integrationskonzept", "Kindertagesstätten", "Radwege", "Klimaschutzkonzept", "schule", "Sanierung",
         "Bebauungsplan", "Flüchtlinge", "Straßenbahn", "Sprachförderung", "Spielplätze", "beschlossen"]


def _search(term: str, **filters) -> str:
    params = {"suchbegriff": term, "stadt": "", "von": "", "bis": "", "ergebnis": ""} | filters
    return "/ratsinfo/volltextsuche.json?_shape=array&" + urlencode(params)


def _dashboard_queries() -> list[str]:
    """The SQL requests the city overview page's script sends, for all cities (filters left out)."""
    metadata = json.loads((ROOT / "datasette_metadata.json").read_text(encoding="utf-8"))
    charts = metadata["plugins"]["datasette-dashboards"]["stadtuebersicht"]["charts"].values()
    return ["/ratsinfo.json?" + urlencode({"sql": re.sub(r"\[\[.*?\]\]", "", chart["query"]), "_shape": "objects"})
            for chart in charts if "query" in chart]


SCENARIOS = {
    "Volltextsuche (12 Begriffe)": [_search(term) for term in TERMS],
    "Volltextsuche mit Stadt und Zeitraum": [_search(term, stadt=CITY, von="2018-01-01", bis="2022-12-31")
                                             for term in TERMS],
    # Words in a tenth of all passages: the worst case, reported apart from the mix above.
    "Volltextsuche, sehr häufige Wörter": [_search(term) for term in ("Stadt", "Gemeinderat", "Antrag")],
    "Handlungsfelder-Matrix (Vergleich)": ["/ratsinfo/handlungsfelder_matrix.json?_shape=array"],
    "Handlungsfelder je Stadt mit Belegen": ["/ratsinfo/handlungsfelder_je_stadt.json?_shape=array"],
    "Stadtübersicht: Abfragen der Diagramme": _dashboard_queries(),
    "Integrationspolitik im Städtevergleich": ["/ratsinfo/staedtevergleich.json?_shape=array&stadt="],
    "Tabellenseite papers (HTML)": ["/ratsinfo/papers", "/ratsinfo/papers?_sort_desc=date"],
    "Tabellenseite consultations (JSON, gefiltert)": ["/ratsinfo/consultations.json?outcome=beschlossen&_size=50"],
}


def _timed(port: int, paths: list[str], requests: int, clients: int) -> tuple[list[float], int]:
    """Latencies in ms of `requests` GETs spread over `clients` keep-alive connections, and failures."""
    cycle = itertools.cycle(paths)
    lock = threading.Lock()
    latencies: list[float] = []
    failures = [0]
    remaining = [requests]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
                path = next(cycle)
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                failures[0] += response.status != 200

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def index_sizes(db: Path) -> list[tuple[str, float]]:
    """MB per search index (its FTS5 shadow tables together), and the whole file."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    connection.close()
    sizes: dict[str, float] = {}
    for name, size in rows:
        if name == "passages_search":  # not FTS, but built with them for sorting hits by date
            sizes[name] = size / 1e6
        for suffix in ("_fts", "_lemmas", "_trigram"):
            if suffix + "_" in name:
                index = name[: name.index(suffix + "_") + len(suffix)]
                sizes[index] = sizes.get(index, 0) + size / 1e6
    return sorted(sizes.items()) + [("(Datenbank insgesamt)", db.stat().st_size / 1e6)]


def run(db: Path, requests: int = 200, clients: int = 2):
    """Each scenario's URL count, latencies (ms) and failures, served by `pipeline serve` on loopback."""
    with pipeline_serve(db, cwd=ROOT) as base:
        port = urlsplit(base).port
        for name, paths in SCENARIOS.items():
            _timed(port, paths, len(paths), 1)  # warm-up: each URL once
            latencies, failures = _timed(port, paths, requests, clients)
            yield name, len(paths), latencies, failures


TARGETS = {"Volltextsuche (12 Begriffe)": 300, "Volltextsuche mit Stadt und Zeitraum": 300,
           "Handlungsfelder-Matrix (Vergleich)": 500}


def figures(db: Path, requests: int = 200, clients: int = 2) -> list[dict]:
    """p95 latency per scenario, against its target where the issue names one (for bench/run.py)."""
    result = []
    for name, _, latencies, failures in run(db, requests, clients):
        p95 = _p95(latencies)
        figure = {"name": f"Datasette p95: {name}", "value": p95, "unit": "ms", "failures": failures}
        if name in TARGETS:
            figure |= {"baseline": TARGETS[name], "baseline_name": f"target {TARGETS[name]} ms",
                       "ratio": p95 / TARGETS[name], "target": "ratio < 1"}
        result.append(figure)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an indexed database (bench_karlsruhe.py --keep)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--clients", type=int, default=2, help="connections sending at the same time")
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"{args.db}: database not found (build it with bench/bench_karlsruhe.py --keep PATH)")
    print("| scenario | URLs | requests | clients | median | p95 | max | failures |")
    print("|---|---|---|---|---|---|---|---|")
    for name, urls, latencies, failures in run(args.db, args.requests, args.clients):
        print(f"| {name} | {urls} | {len(latencies)} | {args.clients} | {statistics.median(latencies):.0f} ms "
              f"| {_p95(latencies):.0f} ms | {max(latencies):.0f} ms | {failures} |")
    print("\n| index | size |\n|---|---|")
    for name, megabytes in index_sizes(args.db):
        print(f"| {name} | {megabytes:,.0f} MB |")


if __name__ == "__main__":
    main()

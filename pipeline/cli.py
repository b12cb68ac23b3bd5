"""The `pipeline` command line: a thin layer over ingest, extract, serve and the city list."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .budget import Budgets
from .config import (PROJECT_DIR, SYSTEMS, City, ConfigError, default_cities_path, load_config, parse_cities,
                     parse_limits)
from .runlock import LockError, writer_lock

DEFAULT_DB = "data/ratsinfo.db"
DEFAULT_CACHE = "data/cache/http.sqlite"
METADATA = PROJECT_DIR / "datasette_metadata.json"


class UsageFailure(click.ClickException):
    """Wrong usage reported on one line, exit code 2."""

    exit_code = 2


def _since(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageFailure(f"--since '{value}': not a date in the form YYYY-MM-DD") from None


def _cities(path: str | None) -> tuple[Path, list[City]]:
    cities_path, cities, _ = _config(path)
    return cities_path, cities


def _config(path: str | None) -> tuple[Path, list[City], Budgets]:
    """The city list and its [limits]; a bad file is a one-line error."""
    cities_path = Path(path) if path else default_cities_path()
    try:
        return cities_path, *load_config(cities_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _limits(ctx, param, values: tuple[str, ...]) -> dict:
    """--limit NAME=VALUE pairs, checked like the city list's [limits]."""
    table = {}
    for value in values:
        name, equals, number = value.partition("=")
        try:
            table[name.strip()] = float(number) if equals else None
        except ValueError:
            table[name.strip()] = None
        if table[name.strip()] is None:
            raise UsageFailure(f"--limit '{value}': expected NAME=NUMBER, e.g. city_minutes=30")
    try:
        parse_limits(table, Path("--limit"))
    except ConfigError as exc:
        raise UsageFailure(str(exc).replace("--limit: limits.", "--limit ")) from None
    return table


def _select(cities: list[City], slugs: tuple[str, ...]) -> list[City]:
    if not slugs:
        return cities
    known = {c.slug: c for c in cities}
    for slug in slugs:
        if slug not in known:
            raise UsageFailure(f"--city '{slug}': unknown city (configured: {', '.join(known)})")
    return [known[s] for s in dict.fromkeys(slugs)]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
@click.option("-v", "--verbose", count=True, help="More log lines on stderr: -v info, -vv debug.")
@click.option("-q", "--quiet", is_flag=True, help="Log errors only.")
def cli(verbose: int, quiet: bool) -> None:
    """Scrape, parse and publish what German city councils decided.

    Log lines go to stderr, one per event with time, level, city and URL (PIPELINE_LOG_FORMAT=json
    for JSON lines); passwords and tokens in URLs are removed. A trained spaCy pipeline is
    optional: set PIPELINE_SPACY_MODEL (e.g. de_core_news_sm) to add its organisation entities.

    \b
    Examples:
        pipeline ingest --demo && pipeline serve
        pipeline -v ingest --city herne
    """
    global _VERBOSITY
    _VERBOSITY = -1 if quiet else verbose
    if os.environ.get("PIPELINE_SPACY_MODEL"):
        from .nlp import ModelError, get_nlp

        try:
            get_nlp()
        except ModelError as exc:
            raise click.ClickException(str(exc)) from None


@cli.command()
@click.option(
    "--city",
    "slugs",
    multiple=True,
    metavar="SLUG",
    help="Ingest only this city (repeatable). Default: every configured city.",
)
@click.option(
    "--cities",
    "cities_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="City list (TOML). Default: data/cities.toml.",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database to write.",
)
@click.option(
    "--since",
    callback=_since,
    metavar="YYYY-MM-DD",
    help="Only look at what changed since this date. Default: since the city's last successful run "
    "(first run: 365 days back for HTML systems, everything for OParl).",
)
@click.option("--demo", is_flag=True, help="Ingest the bundled offline sample (data/demo) from a local server.")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False),
    default=DEFAULT_CACHE,
    show_default=True,
    help="HTTP cache (SQLite) for conditional requests on reruns.",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0.01),
    default=1.0,
    show_default=True,
    help="Requests per second per host (not applied to 127.0.0.1).",
)
@click.option(
    "--allow-shrinkage",
    is_flag=True,
    help="Apply deletions even when a run would mark unusually many stored papers deleted.",
)
@click.option("--index", is_flag=True,
              help="Build the search index when the run ends (as 'pipeline index' does; --demo always does).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE", callback=_limits,
              help="Override a limit of the city list's [limits] for this run (repeatable), e.g. city_minutes=30; "
              "the limits and their defaults: docs/operations.md, 'Budgets'.")
@click.option("-s", "--silent", is_flag=True, help="No progress bar, warnings or per-city lines; only the total.")
def ingest(slugs, cities_path, db_path, since, demo, cache_path, rate, allow_shrinkage, index, limits, silent) -> None:
    """Fetch, parse and store the configured cities' council information.

    Ends with one line per city and a total. Exit code 1 when a city could not be read at all, or
    stopped at its time or memory budget; the other cities are ingested all the same.

    \b
    Examples:
        pipeline ingest --demo
        pipeline ingest --city herne --since 2025-01-01 --db data/ratsinfo.db
        pipeline ingest --limit city_minutes=30 --limit file_mb=20
    """
    from .demo import DemoError, demo_site
    from .ingest import total_line

    _configure_logging(silent)
    if demo and cities_path:
        raise UsageFailure("--demo and --cities cannot be combined: the demo brings its own city list")
    if not demo:
        _select(_cities(cities_path)[1], slugs)  # a wrong city list or --city fails before anything is locked
    try:
        with writer_lock(db_path, "pipeline ingest"), demo_site(demo) as demo_url:
            reports = _run(demo, demo_url, slugs, cities_path, db_path, since, cache_path, rate, allow_shrinkage,
                           silent, limits)
            if demo or index:
                _build_index(db_path, silent=True)
    except (DemoError, LockError) as exc:
        raise click.ClickException(str(exc)) from None
    except sqlite3.Error as exc:
        raise click.ClickException(f"{db_path}: database error, run stopped ({exc})") from None
    click.echo(total_line(reports))
    if any(r.aborted for r in reports):
        sys.exit(1)


def _run(demo, demo_url, slugs, cities_path, db_path, since, cache_path, rate, allow_shrinkage, silent, limits):
    """Ingest the selected cities one after the other; returns their reports."""
    from .demo import DEMO_SINCE, demo_cities
    from .http import HttpClient
    from .progress import Progress
    from .store import Store, StoreError

    if demo:
        cities, budgets = demo_cities(demo_url), Budgets()
        since = since or DEMO_SINCE
    else:
        _, cities, budgets = _config(cities_path)
    budgets = budgets.with_values({name: type(getattr(budgets, name))(value) for name, value in limits.items()})
    selected = _select(cities, slugs)
    try:
        store = Store(db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    reports = []
    with store, HttpClient(None if demo else cache_path, per_second=rate, max_bytes=budgets.file_bytes,
                           page_bytes=budgets.page_bytes, body_seconds=budgets.body_seconds,
                           retry_after_max=budgets.retry_after_seconds) as client:
        run = store.start_run(os.getpid(), __version__, len(selected))
        status = "failed"
        try:
            for city in selected:
                store.start_city_run(run, city.slug)
                with Progress(city.slug, enabled=not silent) as progress:
                    report = _ingest_one(city, client, store, since, progress.advance, allow_shrinkage, budgets)
                store.finish_city_run(run, city.slug, report.counts())
                reports.append(report)
                if not silent:
                    click.echo(report.line())
            status = "failed" if any(r.aborted for r in reports) else "ok"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            with contextlib.suppress(sqlite3.Error):  # a full disk may refuse this too; the next run says crashed
                store.finish_run(run, status, 0 if status == "ok" else 1)
    return reports


def _ingest_one(city, client, store, since, progress, allow_shrinkage, budgets):
    """One city's run; whatever stops it (a bug, a hostile source) stops only this city."""
    import logging

    from .budget import BudgetExceeded
    from .ingest import CityReport, Context, ingest_city

    report = CityReport(city.slug)
    try:
        ingest_city(Context(city=city, client=client, store=store, report=report, since=since, progress=progress,
                            allow_shrinkage=allow_shrinkage, budgets=budgets))
    except (sqlite3.Error, KeyboardInterrupt):
        raise  # the database or the operator: the run as a whole stops
    except (Exception, BudgetExceeded) as exc:  # noqa: BLE001 - one city never stops the next
        report.aborted = True
        report.notes.append(f"stopped by an unexpected error ({exc.__class__.__name__}: {exc}); "
                            "what was stored is kept, the next city goes on")
        logging.getLogger("pipeline.ingest").error("city stopped: %s: %s", exc.__class__.__name__, exc,
                                                   exc_info=True, extra={"city": city.slug})
    return report


@cli.command()
@click.argument("path", metavar="PATH")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="Output as JSON (the documented shape) or readable text.",
)
@click.option("--tables", "with_tables", is_flag=True,
              help="Also read every ruled table of a PDF with pdfplumber (slow: about 10 pages/s).")
def extract(path: str, fmt: str, with_tables: bool) -> None:
    """Print what the pipeline extracts from one local file: a saved RIS page, a PDF or text.

    \b
    Examples:
        pipeline extract ../shared/corpus/allris/vo020_hamburg_altona.html --format json
        pipeline extract sitzungsplan.pdf --tables
    """
    from .extract import ExtractError, extract_file

    try:
        result = extract_file(Path(path), with_tables=with_tables)

    except ExtractError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(_as_text(result))
    click.echo(
        f"{result['kind']} {result['reference'] or '(no reference)'}: {len(result['consultations'])} "
        f"consultations, {len(result['dates'])} dates, {len(result['organizations'])} organisations, "
        f"{len(result['topics'])} topics" + (f", {len(result['tables'])} tables" if "tables" in result else ""),
        err=True,

    )


def _as_text(result: dict) -> str:
    lines = [
        f"Source:      {result['source']}",
        f"Kind:        {result['kind']}",
        f"Reference:   {result['reference'] or '-'}",
        f"Title:       {result['title'] or '-'}",
        f"Type:        {result['paper_type'] or '-'}",
    ]
    if result["consultations"]:
        lines.append("Beratungsfolge:")
        for c in result["consultations"]:
            lines.append(
                f"  {c['date'] or '          '}  {c['organization']}  [{c['role'] or '-'}]  "
                f"{c['result'] or ''}{' -> ' + c['outcome'] if c['outcome'] else ''}"
            )
    if result["references"]:
        lines.append("References:  " + ", ".join(result["references"]))
    if result["dates"]:
        lines.append(
            "Dates:       " + ", ".join(f"{d['value']} ({' '.join(d['text'].split())})" for d in result["dates"][:20])
        )
    if result["organizations"]:
        lines.append("Bodies:      " + ", ".join(o["name"] for o in result["organizations"]))
    for t in result["topics"]:
        lines.append(f"Topic:       {t['key']} ({'declared' if t['declared'] else 'mentioned'}, {t['mentions']}x)")
    for table in result.get("tables", []):
        lines.append(f"Table on page {table['page']}:")
        lines.extend("  " + " | ".join(" ".join(cell.split()) for cell in row) for row in table["rows"])
    return "\n".join(lines)


@cli.command()
@click.option("--city", "slugs", multiple=True, metavar="SLUG",
              help="Only this city's texts (repeatable); default: every city in the database.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
              help="SQLite database whose stored texts are analysed again.")
@click.option("-s", "--silent", is_flag=True, help="No progress bar and no log output; only the summary line.")
def reprocess(slugs: tuple[str, ...], db_path: str, silent: bool) -> None:
    """Run the NLP again on the texts already stored, without the network.

    Use it after the rules or the taxonomy in data/nlp changed: every paper's text and every
    file's text is analysed again and its evidence (mentions, action fields) replaced.

    \b
    Example:
        pipeline reprocess --city herne --db data/ratsinfo.db
    """
    from .progress import Progress
    from .reprocess import reprocess as run
    from .store import Store, StoreError

    _configure_logging(silent)
    path = Path(db_path)
    if not path.is_file():
        raise click.ClickException(f"{path}: database not found (run 'pipeline ingest' first)")
    try:
        store = Store(path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    with store:
        known = [row["slug"] for row in store.db.query("SELECT slug FROM cities ORDER BY slug")]
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise UsageFailure(f"--city '{unknown[0]}': not in {path} (stored: {', '.join(known) or 'none'})")
        try:
            with writer_lock(path, "pipeline reprocess"), \
                    Progress("reprocess", enabled=not silent, unit=" texts") as progress:
                report = run(store, list(slugs) or None, progress=progress.advance)
        except LockError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.Error as exc:
            raise click.ClickException(f"{path}: database error, reprocessing stopped ({exc})") from None
    click.echo(report.line())


@cli.command()
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of gold documents (*.json); default: the project's tests/gold.")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False), default=None,
              help="The shared corpus the gold documents are read from; default: ../shared/corpus.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list each document's misses and wrong findings.")
def evaluate(gold_dir: str | None, corpus_dir: str | None, show_errors: bool) -> None:
    """Print precision, recall and F1 per field on the project's gold set.

    \b
    Example:
        pipeline evaluate --errors
    """
    from . import evaluate as ev

    try:
        gold = ev.load_gold(Path(gold_dir) if gold_dir else ev.GOLD_DIR)
        report = ev.evaluate(gold, Path(corpus_dir) if corpus_dir else ev.CORPUS_DIR)
    except ev.GoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(ev.table(report))
    if show_errors:
        for line in report.errors:
            click.echo(line)
    below = [name for name, floor in ev.FLOORS.items() if report.scores[name].f1 < floor]
    click.echo(f"evaluated {report.documents} gold documents; "
               + (f"below the floor: {', '.join(below)}" if below else "every field meets its floor"), err=True)


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
              help="SQLite database to publish.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="New folder for the bundle (database, metadata, source, requirements, start.sh, Dockerfile).")
def publish(db_path: str, out_dir: str) -> None:
    """Write a deployable, read-only Datasette bundle of the database.

    \b
    Example:
        pipeline publish --db data/ratsinfo.db --out dist/site && sh dist/site/start.sh
    """
    from .publish import PublishError, build_bundle

    try:
        built = build_bundle(Path(db_path), Path(out_dir), METADATA)
    except PublishError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"publish: bundle in {out_dir} ({built['megabytes']:.1f} MB database); "
               f"start it with: pip install -r requirements.txt && sh start.sh (or build the Dockerfile)")


@cli.command()
@click.option("--karlsruhe", is_flag=True, help="Also ingest Karlsruhe's whole archive from the corpus (~10 min).")
@click.option("--datasette", "datasette_db", type=click.Path(dir_okay=False), default=None,
              help="Also measure Datasette latency on this indexed database.")
@click.option("--quick", is_flag=True, help="Smaller samples and one round: a smoke run, not a record.")
def bench(karlsruhe: bool, datasette_db: str | None, quick: bool) -> None:
    """Run the benchmark suite; write bench/results.json and the table in docs/BENCHMARKS.md.

    Every figure stands beside a baseline measured in the same run (bare pypdfium2, bare
    tokenisation, the first ingest), with the machine and versions. Needs a checkout of the project.

    \b
    Examples:
        pipeline bench
        pipeline bench --karlsruhe --datasette /tmp/karlsruhe.db
    """
    if not (PROJECT_DIR / "bench" / "run.py").is_file():
        raise click.ClickException(
            f"{PROJECT_DIR / 'bench'}: benchmarks not found (run from a checkout of the project)")
    command = [sys.executable, "-m", "bench"] + (["--karlsruhe"] if karlsruhe else []) + \
        (["--datasette", str(Path(datasette_db).resolve())] if datasette_db else []) + (["--quick"] if quick else [])
    sys.exit(subprocess.call(command, cwd=PROJECT_DIR))


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
              help="SQLite database whose run history is read.")
@click.option("--city", "slugs", multiple=True, metavar="SLUG", help="Only this city (repeatable); default: all.")
@click.option("--days", type=click.FloatRange(min=0), default=3, show_default=True,
              help="Flag a city whose last successful run is older than this many days.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table for people, or JSON for monitoring (with the recent runs).")
@click.option("--runs", type=click.IntRange(1, 6), default=1, show_default=True,
              help="Also list this many recent runs per city (text format).")
def status(db_path: str, slugs: tuple[str, ...], days: float, fmt: str, runs: int) -> None:
    """Show the last runs per city and flag cities that need attention.

    A city needs attention when its last successful run is older than --days, when its last run
    crashed, or when its failures jumped (at least 10 more than usual, and at least twice as many).
    Exit code 1 when any city needs attention, so that a monitor can run it after the ingest.

    \b
    Examples:
        pipeline status --db data/ratsinfo.db
        pipeline status --days 7 --format json || mail -s "ratsinfo" ops@example.org
    """
    from .status import StatusError, history, read_status, table

    try:
        statuses = read_status(Path(db_path), days, slugs)
    except StatusError as exc:
        raise click.ClickException(str(exc)) from None
    flagged = [s for s in statuses if s.attention]
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in statuses], ensure_ascii=False, indent=2))
    else:
        click.echo(table(statuses))
        if runs > 1:
            click.echo("\nrecent runs:\n" + history(statuses, runs))
    click.echo(f"status: {len(statuses)} cities, {len(flagged)} {'needs' if len(flagged) == 1 else 'need'} attention"
               + (f" ({', '.join(s.city for s in flagged)})" if flagged else ""), err=fmt == "json")
    if flagged:
        sys.exit(1)


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
              help="SQLite database whose search index is built.")
@click.option("-s", "--silent", is_flag=True, help="No log output; only the summary line.")
def index(db_path: str, silent: bool) -> None:
    """Build the search indexes (lemmas and word parts) over passages, paper titles and agenda items.

    Run it after an ingest: in cron, 'pipeline ingest -s && pipeline index -s'.

    \b
    Example:
        pipeline index --db data/ratsinfo.db
    """
    _configure_logging(silent)
    if not Path(db_path).is_file():
        raise click.ClickException(f"{db_path}: database not found (run 'pipeline ingest' first)")
    try:
        with writer_lock(db_path, "pipeline index"):
            line = _build_index(db_path, silent)
    except LockError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(line)


def _build_index(db_path: str, silent: bool) -> str:
    import time

    from .store import Store, StoreError

    started = time.monotonic()
    try:
        with Store(db_path) as store:
            counts = store.build_search_index()
    except (StoreError, sqlite3.Error) as exc:
        raise click.ClickException(f"{db_path}: search index not built ({exc})") from None
    return (f"index: {counts['passages']:,} passages, {counts['papers']:,} papers and {counts['agenda_items']:,} "
            f"agenda items indexed for search (lemmas and word parts) in {time.monotonic() - started:.1f} s")


@cli.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database to serve.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind to.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--immutable", is_flag=True,
              help="For a database nothing writes any more (a copy): faster counts. Never while an ingest runs.")
def serve(db_path: str, host: str, port: int, immutable: bool) -> None:
    """Serve the database read-only in Datasette, with the project's metadata.

    Read-only connections see each document an ingest commits, whole, while it runs (WAL).

    \b
    Example:
        pipeline serve --db data/ratsinfo.db --port 8001
    """
    path = Path(db_path)
    if not path.is_file():
        raise click.ClickException(f"{path}: database not found (run 'pipeline ingest --demo' first)")
    from .store import Store, StoreError

    try:
        with Store(path) as store:
            stale = store.search_index_stale()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if stale:
        click.echo(f"Warning: {stale}; full-text search will miss passages.", err=True)
    from .serving import PortUnavailable, check_port, run

    try:
        check_port(host, port)
    except PortUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Serving {path} read-only at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    with served_as_ratsinfo(path) as served:
        # Started in the database's folder under its bare name: the site shows no path of this machine.
        code = run(datasette_command(Path(served.name), host, port, immutable), cwd=served.parent)
    click.echo(f"Datasette stopped (exit {code})")
    sys.exit(code)


@contextlib.contextmanager
def served_as_ratsinfo(db: Path):
    """The database under the name the metadata, canned queries and dashboards use: `ratsinfo`."""
    if db.stem == "ratsinfo":
        yield db
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ratsinfo-serve-") as folder:
        link = Path(folder) / "ratsinfo.db"
        link.symlink_to(db.resolve())  # Datasette names a database after its file
        yield link


def datasette_command(db: Path, host: str, port: int, immutable: bool = False) -> list[str]:
    """The Datasette command line that serves a database read-only with our metadata.

    Datasette opens a database it may not write with mode=ro: readers see committed transactions
    only. `--immutable` promises SQLite that the file never changes, which is only true of a copy.
    `-P`: the working directory (the database's folder) is no place to import modules from.
    """
    return [
        sys.executable,
        "-P",
        "-m",
        "datasette",
        "serve",
        *(["--immutable", str(db)] if immutable else [str(db)]),
        "--metadata",
        str(METADATA),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]


@cli.group(invoke_without_command=True)
@click.option("--cities", "cities_path", type=click.Path(dir_okay=False), default=None,
              help="City list (TOML). Default: data/cities.toml.")
@click.pass_context
def cities(ctx: click.Context, cities_path: str | None) -> None:
    """List the configured cities, their council systems and URLs.

    \b
    Examples:
        pipeline cities --cities data/cities.toml
        pipeline cities add karlsruhe --name Karlsruhe --ags 08212000 --system oparl --url https://web1.karlsruhe.de/oparl/system
    """
    ctx.obj = cities_path
    if ctx.invoked_subcommand is not None:
        return
    path, configured = _cities(cities_path)
    width = max(len(c.slug) for c in configured)
    for c in configured:
        system = f"{c.ris.system:<10} {c.ris.url}" if c.ris else "(no council system configured)"
        extra = f"  +{len(c.documents)} documents" if c.documents else ""
        click.echo(f"{c.slug:<{width}}  {c.name:<12} {c.ags} {c.state}  {system}{extra}")
    with_ris = sum(1 for c in configured if c.ris)
    click.echo(f"{len(configured)} cities in {path}, {with_ris} with a council system")


@cities.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The city's name, e.g. Karlsruhe.")
@click.option("--ags", required=True, help="Amtlicher Gemeindeschlüssel (8 digits); it also gives the state.")
@click.option("--system", type=click.Choice(SYSTEMS), required=True, help="The council system at --url.")
@click.option("--url", required=True, help="The system's address: the ALLRIS folder or the OParl System URL.")
@click.option("--no-check", is_flag=True, help="Append without asking the URL first (for sites offline now).")
@click.pass_obj
def cities_add(cities_path: str | None, slug: str, name: str, ags: str, system: str, url: str, no_check: bool) -> None:
    """Append a city to the city list after checking that --url answers as --system.

    \b
    Example:
        pipeline cities add karlsruhe --name Karlsruhe --ags 08212000 --system oparl --url https://web1.karlsruhe.de/oparl/system
    """
    from .http import HttpClient
    from .probe import STATE_BY_AGS, ProbeFailed, probe

    path, configured = _cities(cities_path)
    if any(c.slug == slug for c in configured):
        raise UsageFailure(f"{slug}: a city with this slug is already in {path}")
    state = STATE_BY_AGS.get(ags[:2])
    if not state:
        raise UsageFailure(f"--ags '{ags}': not an 8-digit Amtlicher Gemeindeschlüssel of a German state")
    entry = (f'\n[[city]]\nslug = "{slug}"\nname = "{_toml_text(name)}"\nags = "{ags}"\nstate = "{state}"\n'
             f'[city.ris]\nsystem = "{system}"\nurl = "{_toml_text(url)}"\n')
    text = path.read_text(encoding="utf-8")
    try:
        parse_cities(text + entry, path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    found = "not checked"
    if not no_check:
        with HttpClient(None) as client:
            try:
                found = probe(client, system, url)
            except ProbeFailed as exc:
                raise click.ClickException(f"{exc} (nothing added)") from None
    path.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
    click.echo(f"added {slug} ({name}, {state}, {system} at {url}; {found}) to {path}")


def _toml_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


_VERBOSITY = 0  # set by the group's -v/-q


def _configure_logging(silent: bool) -> None:
    from .logs import configure

    configure(_VERBOSITY, silent)


if __name__ == "__main__":
    cli()

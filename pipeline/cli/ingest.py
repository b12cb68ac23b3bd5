"""`pipeline ingest` and `pipeline index`."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from pathlib import Path

import click
from click.core import ParameterSource

from pipeline import resources
from pipeline.cli.options import (
    UsageFailure,
    cities_option,
    config,
    configure_logging,
    database_errors,
    db_option,
    limits_option,
    select,
    silent_option,
    since_option,
)
from pipeline.limits import Budgets
from pipeline.ops.lock import writer_lock


@click.command()
@click.option("--city", "slugs", multiple=True, metavar="SLUG",
              help="Ingest only this city (repeatable). Default: every configured city.")
@cities_option()
@db_option("SQLite database to write (with --demo: demo.db there instead).")
@click.option("--since", callback=since_option, metavar="YYYY-MM-DD",
              help="Only look at what changed since this date. Default: since the city's last successful run "
              "(first run: 365 days back for HTML systems, everything for OParl).")
@click.option("--demo", is_flag=True, help="Ingest the bundled offline sample (data/demo) from a local server, into "
              "a database of its own (demo.db in PIPELINE_HOME unless --db).")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTTP cache (SQLite) for conditional requests on reruns. "
              "Default: cache/http.sqlite in PIPELINE_HOME.")
@click.option("--rate", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="Requests per second per host (not applied to 127.0.0.1).")
@click.option("--allow-shrinkage", is_flag=True,
              help="Apply deletions even when a run would mark unusually many stored papers deleted.")
@click.option("--index", is_flag=True,
              help="Build the search index when the run ends (as 'pipeline index' does; --demo always does).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE", callback=limits_option,
              help="Override a limit of the city list's [limits] for this run (repeatable), e.g. city_minutes=30; "
              "the limits and their defaults: docs/operations.md, 'Budgets'.")
@silent_option("No progress bar, warnings or per-city lines; only the total.")
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
    from pipeline.crawl.demo import DEMO_SINCE, demo_cities, demo_site
    from pipeline.crawl.context import total_line
    from pipeline.crawl.run import run_cities
    from pipeline.fetch.client import HttpClient
    from pipeline.ops.progress import Progress
    from pipeline.search.index import build_index
    from pipeline.store.writer import Store

    configure_logging(silent)
    if demo and cities_path:
        raise UsageFailure("--demo and --cities cannot be combined: the demo brings its own city list")
    if demo and click.get_current_context().get_parameter_source("db_path") == ParameterSource.DEFAULT:
        db_path = resources.demo_db()  # never the operator's database: the demo's cities carry the real slugs
    if not demo:
        _, cities, budgets = config(cities_path)
        selected = select(cities, slugs)  # a wrong city list or --city fails before anything is locked
    with terminate_as_interrupt(), writer_lock(db_path, "pipeline ingest"), demo_site(demo) as demo_url, \
            database_errors(db_path, "run stopped"):
        if demo:
            selected, budgets, since = select(demo_cities(demo_url), slugs), Budgets(), since or DEMO_SINCE
        budgets = budgets.with_values({name: type(getattr(budgets, name))(value) for name, value in limits.items()})
        with Store(db_path) as store, HttpClient(
                None if demo else (cache_path or resources.default_cache()), per_second=rate,
                max_bytes=budgets.file_bytes, page_bytes=budgets.page_bytes, body_seconds=budgets.body_seconds,
                retry_after_max=budgets.retry_after_seconds) as client:
            store.claim("demo" if demo else "cities")
            reports = run_cities(selected, store, client, since, budgets, allow_shrinkage,
                                 progress_for=lambda slug: Progress(slug, enabled=not silent),
                                 on_report=None if silent else lambda report: click.echo(report.line()))
        if demo or index:
            build_index(db_path)
    click.echo(total_line(reports))
    if any(r.aborted for r in reports):
        sys.exit(1)


@contextlib.contextmanager
def terminate_as_interrupt():
    """SIGTERM (systemd stopping the service, a plain kill) ends a run as Ctrl-C does: recorded as interrupted,
    its lock released, not left 'running' for the next status to call crashed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.command()
@db_option("SQLite database whose search index is built.", must_exist=True)
@silent_option("No log output; only the summary line.")
def index(db_path: Path, silent: bool) -> None:
    """Build the search indexes (lemmas and word parts) over passages, paper titles and agenda items.

    Run it after an ingest: in cron, 'pipeline ingest -s && pipeline index -s'.

    \b
    Example:
        pipeline index --db data/ratsinfo.db
    """
    from pipeline.search.index import build_index

    configure_logging(silent)
    with writer_lock(db_path, "pipeline index"), database_errors(db_path, "search index not built"):
        click.echo(build_index(db_path))

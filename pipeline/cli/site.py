"""`pipeline serve` and `pipeline publish`: the database read-only in Datasette, here or as a bundle."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from pipeline import resources
from pipeline.cli.options import db_option


@click.command()
@db_option("SQLite database to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind to.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--immutable", is_flag=True,
              help="For a database nothing writes any more (a copy): faster counts. Never while an ingest runs.")
@click.option("--demo", is_flag=True, help="Serve the offline demo's database ('pipeline ingest --demo').")
def serve(db_path: Path, host: str, port: int, immutable: bool, demo: bool) -> None:
    """Serve the database read-only in Datasette, with the project's metadata.

    Read-only connections see each document an ingest commits, whole, while it runs (WAL). The
    database file is never written, not even to upgrade it.

    Without --db it serves the operator's database, or, before any real ingest, the demo's.

    \b
    Examples:
        pipeline serve
        pipeline serve --demo
        pipeline serve --db data/ratsinfo.db --port 8001
    """
    from pipeline.publish.serve import prepare, serve_database

    if click.get_current_context().get_parameter_source("db_path") == ParameterSource.DEFAULT:
        if demo or (not db_path.exists() and resources.demo_db().exists()):
            db_path = resources.demo_db()
            click.echo(f"Serving the offline demo ({db_path}); real cities are served from {resources.default_db()} "
                       "once ingested", err=True)
    elif demo:
        raise click.UsageError("--demo and --db cannot be combined: --demo serves the demo's own database")

    for warning in prepare(db_path, host, port):
        click.echo(f"Warning: {warning}", err=True)
    with _demo_sources(db_path):
        click.echo(f"Serving {db_path} read-only at http://{host}:{port}/ (Ctrl+C stops)", err=True)
        code = serve_database(db_path, host, port, immutable)
    click.echo(f"Datasette stopped (exit {code})")
    sys.exit(code)


@contextlib.contextmanager
def _demo_sources(db_path: Path):
    """For the demo's database, its source site on 127.0.0.1 while serving, so that every source link opens."""
    from pipeline.crawl.demo import DEMO_PORT, demo_site
    from pipeline.errors import DemoError
    from pipeline.store.reader import purpose

    with contextlib.ExitStack() as stack:
        if purpose(db_path) == "demo":
            try:
                url = stack.enter_context(demo_site())
                click.echo(f"Serving the demo's source pages at {url}/", err=True)
            except DemoError as exc:
                click.echo(f"Warning: {exc}; the demo's source links open only while port {DEMO_PORT} serves them",
                           err=True)
        yield


@click.command()
@db_option("SQLite database to publish.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="New folder for the bundle (database, metadata, package, requirements, start.sh, Dockerfile).")
def publish(db_path: Path, out_dir: Path) -> None:
    """Write a deployable, read-only Datasette bundle of the database.

    \b
    Example:
        pipeline publish --db data/ratsinfo.db --out dist/site && sh dist/site/start.sh
    """
    from pipeline.publish.bundle import build_bundle

    built = build_bundle(db_path, out_dir)
    click.echo(f"publish: bundle in {out_dir} ({built['megabytes']:.1f} MB database); "
               f"start it with: pip install -r requirements.txt && sh start.sh (or build the Dockerfile)")

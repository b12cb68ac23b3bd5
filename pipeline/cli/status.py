"""`pipeline status`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.options import db_option


@click.command()
@db_option("SQLite database whose run history is read.")
@click.option("--city", "slugs", multiple=True, metavar="SLUG", help="Only this city (repeatable); default: all.")
@click.option("--days", type=click.FloatRange(min=0), default=3, show_default=True,
              help="Flag a city whose last successful run is older than this many days.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table for people, or JSON for monitoring (with the recent runs).")
@click.option("--runs", type=click.IntRange(1, 6), default=1, show_default=True,
              help="Also list this many recent runs per city (text format).")
def status(db_path: Path, slugs: tuple[str, ...], days: float, fmt: str, runs: int) -> None:
    """Show the last runs per city and flag cities that need attention.

    A city needs attention when its last run did not succeed, when its last successful run is
    older than --days, or when its failures jumped (at least 10 more than usual, and at least twice
    as many). Exit code 1 when any city needs attention, so that a monitor can run it after the ingest.

    \b
    Examples:
        pipeline status --db data/ratsinfo.db
        pipeline status --days 7 --format json || mail -s "ratsinfo" ops@example.org
    """
    from pipeline.ops.status import history, read_status, summary, table

    statuses = read_status(db_path, days, slugs)
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in statuses], ensure_ascii=False, indent=2))
    else:
        click.echo(table(statuses))
        if runs > 1:
            click.echo("\nrecent runs:\n" + history(statuses, runs))
    click.echo(summary(statuses), err=fmt == "json")
    if any(s.attention for s in statuses):
        sys.exit(1)

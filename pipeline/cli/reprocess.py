"""`pipeline reprocess`."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.options import UsageFailure, configure_logging, database_errors, db_option, silent_option
from pipeline.ops.lock import writer_lock


@click.command()
@click.option("--city", "slugs", multiple=True, metavar="SLUG",
              help="Only this city's texts (repeatable); default: every city in the database.")
@db_option("SQLite database whose stored texts are analysed again.", must_exist=True)
@silent_option("No progress bar and no log output; only the summary line.")
def reprocess(slugs: tuple[str, ...], db_path: Path, silent: bool) -> None:
    """Run the NLP again on the texts already stored, without the network.

    Use it after the rules or the taxonomy in data/nlp changed: every paper's text and every
    file's text is analysed again and its evidence (mentions, action fields) replaced, and every
    consultation's and agenda item's result gets its outcome and votes again.

    \b
    Example:
        pipeline reprocess --city herne --db data/ratsinfo.db
    """
    from pipeline.ops.progress import Progress
    from pipeline.ops.reprocess import reprocess as run
    from pipeline.store.writer import Store

    configure_logging(silent)
    with Store(db_path) as store:
        known = store.city_slugs()
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise UsageFailure(f"--city '{unknown[0]}': not in {db_path} (stored: {', '.join(known) or 'none'})")
        with writer_lock(db_path, "pipeline reprocess"), database_errors(db_path, "reprocessing stopped"), \
                Progress("reprocess", enabled=not silent, unit=" texts") as progress:
            report = run(store, list(slugs) or None, progress=progress.advance)
    click.echo(report.line())

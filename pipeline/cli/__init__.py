"""The `pipeline` command line: one module per command, a thin layer over the stages.

Every PipelineError a command raises ends as one line `Error: <message>` with exit 1; wrong usage
exits 2 (click's convention). -v/-q travel in the click context (options.VERBOSITY).
"""

from __future__ import annotations

import os

import click

from pipeline import __version__
from pipeline.cli.cities import cities
from pipeline.cli.develop import bench, evaluate
from pipeline.cli.extract import extract
from pipeline.cli.ingest import index, ingest
from pipeline.cli.options import VERBOSITY, PipelineGroup
from pipeline.cli.reprocess import reprocess
from pipeline.cli.site import publish, serve
from pipeline.cli.status import status


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
@click.option("-v", "--verbose", count=True, help="More log lines on stderr: -v info, -vv debug.")
@click.option("-q", "--quiet", is_flag=True, help="Log errors only.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Scrape, parse and publish what German city councils decided.

    Log lines go to stderr, one per event with time, level, city and URL (PIPELINE_LOG_FORMAT=json
    for JSON lines); passwords and tokens in URLs are removed. A trained spaCy pipeline is
    optional: set PIPELINE_SPACY_MODEL (e.g. de_core_news_sm) to add its organisation entities.
    The operator's files (database, cache, own city list) live in PIPELINE_HOME, by default
    ~/.local/share/ratsinfo-pipeline.

    \b
    Examples:
        pipeline ingest --demo && pipeline serve
        pipeline -v ingest --city herne
    """
    ctx.meta[VERBOSITY] = -1 if quiet else verbose
    if os.environ.get("PIPELINE_SPACY_MODEL"):
        from pipeline.nlp import get_nlp

        get_nlp()  # a missing model is a one-line error before any work


for command in (ingest, extract, index, reprocess, evaluate, publish, bench, status, serve, cities):
    cli.add_command(command)

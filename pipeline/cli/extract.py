"""`pipeline extract`."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("path", metavar="PATH", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="Output as JSON (the documented shape) or readable text.")
@click.option("--tables", "with_tables", is_flag=True,
              help="Also read every ruled table of a PDF with pdfplumber (slow: about 10 pages/s).")
@click.option("--organizations", "organizations", metavar="FILE", type=click.Path(path_type=Path),
              help="An OParl organisation list (JSON) of the file's council system: its bodies and offices are "
                   "also found by their listed names and short names (\"TBA\" for Tiefbauamt).")
def extract(path: Path, fmt: str, with_tables: bool, organizations: Path | None) -> None:
    """Print what the pipeline extracts from one local file: a saved RIS page, a PDF or text.

    \b
    Examples:
        pipeline extract ../shared/corpus/allris/vo020_hamburg_altona.html --format json
        pipeline extract sitzungsplan.pdf --tables
        pipeline extract stellungnahme.pdf --organizations organizations.json
    """
    from pipeline.crawl.extract import as_text, extract_file, read_organization_list, summary

    known = read_organization_list(organizations) if organizations else ()
    result = extract_file(path, with_tables=with_tables, known=known)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else as_text(result))
    click.echo(summary(result), err=True)

"""`pipeline cities` and `pipeline cities add`."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import resources
from pipeline.cli.options import PipelineGroup, UsageFailure, cities_option, config
from pipeline.crawl.systems import NAMES


@click.group(cls=PipelineGroup, invoke_without_command=True)
@cities_option()
@click.pass_context
def cities(ctx: click.Context, cities_path: Path | None) -> None:
    """List the configured cities, their council systems and URLs.

    \b
    Examples:
        pipeline cities --cities data/cities.toml
        pipeline cities add karlsruhe --name Karlsruhe --ags 08212000 --system oparl --url https://web1.karlsruhe.de/oparl/system
    """
    ctx.obj = cities_path
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.crawl.config import listing

    path, configured, _ = config(cities_path)
    click.echo(listing(configured, path))


@cities.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The city's name, e.g. Karlsruhe.")
@click.option("--ags", required=True, help="Amtlicher Gemeindeschlüssel (8 digits); it also gives the state.")
@click.option("--system", type=click.Choice(NAMES), required=True, help="The council system at --url.")
@click.option("--url", required=True, help="The system's address: the ALLRIS folder or the OParl System URL.")
@click.option("--no-check", is_flag=True, help="Append without asking the URL first (for sites offline now).")
@click.pass_obj
def cities_add(cities_path: Path | None, slug: str, name: str, ags: str, system: str, url: str, no_check: bool) -> None:
    """Append a city to the city list after checking that --url answers as --system.

    Without --cities the operator's own list is written (PIPELINE_HOME/cities.toml); the first
    time, it starts as a copy of the list shipped with the package.

    \b
    Example:
        pipeline cities add karlsruhe --name Karlsruhe --ags 08212000 --system oparl --url https://web1.karlsruhe.de/oparl/system
    """
    from pipeline.crawl.config import STATE_BY_AGS, add_city
    from pipeline.crawl.systems import SYSTEMS
    from pipeline.errors import ProbeFailed
    from pipeline.fetch.client import HttpClient

    path = cities_path or resources.own_cities()
    _, configured, _ = config(cities_path)
    if any(c.slug == slug for c in configured):
        raise UsageFailure(f"{slug}: a city with this slug is already in {path}")
    state = STATE_BY_AGS.get(ags[:2])
    if not state or not (len(ags) == 8 and ags.isdigit()):
        raise UsageFailure(f"--ags '{ags}': not an 8-digit Amtlicher Gemeindeschlüssel of a German state")
    text = add_city(path, slug=slug, name=name, ags=ags, state=state, system=system, url=url, check_only=True)
    found = "not checked"
    if not no_check:
        with HttpClient(None) as client:
            try:
                found = SYSTEMS[system].probe(client, url)
            except ProbeFailed as exc:
                raise click.ClickException(f"{exc} (nothing added)") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"added {slug} ({name}, {state}, {system} at {url}; {found}) to {path}")

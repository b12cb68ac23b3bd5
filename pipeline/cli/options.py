"""What the commands share: the group that turns errors into one line, common options, logging."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from pipeline import resources
from pipeline.crawl.config import City, load_config, parse_limits
from pipeline.errors import ConfigError, PipelineError
from pipeline.limits import Budgets

VERBOSITY = "pipeline.verbosity"  # key of the -v/-q count in the click context's meta


class UsageFailure(click.ClickException):
    """Wrong usage reported on one line, exit code 2."""

    exit_code = 2


class PipelineGroup(click.Group):
    """A command group whose commands' PipelineErrors end as one line, `Error: …`, exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            raise click.ClickException(str(exc)) from None

    def group(self, *args, **kwargs):
        kwargs.setdefault("cls", PipelineGroup)
        return super().group(*args, **kwargs)


def db_option(help: str, must_exist: bool = False) -> Callable:
    """--db, defaulting to the operator's database (pipeline.resources.default_db)."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help=f"{help} Default: {_shown(resources.default_db())} (PIPELINE_HOME).",
                        callback=_existing_db if must_exist else _db)


def _db(ctx, param, value: Path | None) -> Path:
    return value or resources.default_db()


def _existing_db(ctx, param, value: Path | None) -> Path:
    path = value or resources.default_db()
    if not path.is_file():
        raise click.ClickException(f"{path}: database not found (run 'pipeline ingest' first)")
    return path


def cities_option(help: str = "City list (TOML).") -> Callable:
    """--cities, defaulting to the operator's list, else the shipped one (pipeline.resources.default_cities)."""
    return click.option("--cities", "cities_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help=f"{help} Default: {_shown(resources.own_cities())} if it exists, else the list "
                             "shipped with the package.")


def silent_option(help: str) -> Callable:
    return click.option("-s", "--silent", is_flag=True, help=help)


def _shown(path: Path) -> str:
    home = Path.home()
    return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)


def configure_logging(silent: bool = False) -> None:
    """Log lines as the group's -v/-q asked (pipeline.ops.logs)."""
    from pipeline.ops.logs import configure

    ctx = click.get_current_context(silent=True)
    configure(ctx.meta.get(VERBOSITY, 0) if ctx else 0, silent)


def config(path: Path | None) -> tuple[Path, list[City], Budgets]:
    """The city list and its [limits]."""
    cities_path = path or resources.default_cities()
    return cities_path, *load_config(cities_path)


def select(cities: list[City], slugs: tuple[str, ...]) -> list[City]:
    """The cities --city names (all without it); an unknown slug is wrong usage."""
    if not slugs:
        return cities
    known = {c.slug: c for c in cities}
    for slug in slugs:
        if slug not in known:
            raise UsageFailure(f"--city '{slug}': unknown city (configured: {', '.join(known)})")
    return [known[s] for s in dict.fromkeys(slugs)]


def since_option(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageFailure(f"--since '{value}': not a date in the form YYYY-MM-DD") from None


def limits_option(ctx, param, values: tuple[str, ...]) -> dict:
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


def database_errors(path: Path, what: str):
    """A context turning SQLite errors into one line naming the database: `<db>: database error, <what> (…)`."""
    import contextlib

    @contextlib.contextmanager
    def guard():
        try:
            yield
        except sqlite3.Error as exc:
            raise click.ClickException(f"{path}: database error, {what} ({exc})") from None

    return guard()

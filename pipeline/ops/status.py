"""`pipeline status`: the last runs per city, and which cities need an operator's attention."""

from __future__ import annotations

import sqlite3
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import StatusError

RECENT = 6  # runs per city read: the last one and up to five before it, the failures' baseline
# Failures "jumped" when the last run had at least this many more than the usual (the median of
# the runs before), and at least twice as many: 3 -> 13 jumps, 40 -> 55 does not.
JUMP_MIN = 10


@dataclass
class CityStatus:
    """One city's recent runs, judged."""

    city: str
    last_started: str | None = None
    last_status: str | None = None
    last_failures: int | None = None
    usual_failures: float | None = None
    last_success: str | None = None
    attention: list[str] = field(default_factory=list)
    recent: list[dict] = field(default_factory=list)  # the runs read, newest first

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _last_run(outcome: str | None) -> str:
    """The attention text for a last run that did not succeed."""
    if outcome == "running":
        return "last run still running, or cut off (the next run marks it crashed)"
    if outcome in ("failed", "crashed", "interrupted"):
        return f"last run {outcome}"
    return "last run has no status" if outcome is None else f"last run ended with status '{outcome}'"


def _age_days(iso: str, now: datetime) -> float:
    return (now - datetime.fromisoformat(iso)).total_seconds() / 86400


def judge(city: str, runs: list[dict], days: float, now: datetime) -> CityStatus:
    """A city's status from its runs, newest first (rows of ingest_run_cities); every last run not "ok" is flagged."""
    status = CityStatus(city, recent=runs)
    if not runs:
        status.attention.append("never ingested")
        return status
    last = runs[0]
    status.last_started, status.last_status, status.last_failures = last["started"], last["status"], last["failures"]
    successes = [r["started"] for r in runs if r["status"] == "ok"]
    status.last_success = successes[0] if successes else None
    if last["status"] != "ok":
        status.attention.append(_last_run(last["status"]))
    if status.last_success is None:
        status.attention.append(f"no successful run among the last {len(runs)}")
    elif _age_days(status.last_success, now) > days:
        status.attention.append(f"no successful run for {_age_days(status.last_success, now):.0f} days")
    earlier = [r["failures"] for r in runs[1:] if r["failures"] is not None]
    if earlier and last["failures"] is not None:
        status.usual_failures = statistics.median(earlier)
        if last["failures"] - status.usual_failures >= max(JUMP_MIN, status.usual_failures):
            status.attention.append(f"failures jumped to {last['failures']} (usually {status.usual_failures:g})")
    return status


def read_status(db: Path, days: float, cities: tuple[str, ...] = (), now: datetime | None = None) -> list[CityStatus]:
    """Every stored city's status (or the named ones'), read without writing."""
    if not db.is_file():
        raise StatusError(f"{db}: database not found (run 'pipeline ingest' first)")
    now = now or datetime.now(timezone.utc)
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        with connection:
            known = [row[0] for row in connection.execute("SELECT slug FROM cities ORDER BY slug")]
            has_runs = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'ingest_run_cities'").fetchone() is not None
            result = []
            for city in cities or known:
                runs = [dict(row) for row in connection.execute(
                    "SELECT started, status, failures FROM ingest_run_cities WHERE city = ? "
                    "ORDER BY started DESC, run DESC LIMIT ?", [city, RECENT])] if has_runs else []
                result.append(judge(city, runs, days, now))
        connection.close()
    except sqlite3.Error as exc:
        raise StatusError(f"{db}: cannot read the run history ({exc})") from None
    return result


def table(statuses: list[CityStatus]) -> str:
    """The statuses as an aligned text table."""
    rows = [("city", "last run", "status", "failures", "last success", "attention")]
    for s in statuses:
        usual = f" (usually {s.usual_failures:g})" if s.usual_failures is not None else ""
        rows.append((s.city, _short(s.last_started), s.last_status or "-",
                     "-" if s.last_failures is None else f"{s.last_failures}{usual}",
                     _short(s.last_success), "; ".join(s.attention) or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True))
                     + "  " + row[-1] for row in rows)


def history(statuses: list[CityStatus], count: int) -> str:
    """The last `count` runs of every city, one line each."""
    lines = []
    for s in statuses:
        for run in s.recent[:count]:
            lines.append(f"  {s.city}  {_short(run['started'])}  {run['status']}  {run['failures']} failures")
    return "\n".join(lines)


def _short(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else "-"


def summary(statuses: list[CityStatus]) -> str:
    """One line: how many cities, how many need attention, and which."""
    flagged = [s for s in statuses if s.attention]
    return (f"status: {len(statuses)} cities, {len(flagged)} {'needs' if len(flagged) == 1 else 'need'} attention"
            + (f" ({', '.join(s.city for s in flagged)})" if flagged else ""))

"""`pipeline extract` on one saved file, run as a user runs it: the JSON it prints, or its one-line error."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli


def extract_json(path: Path) -> dict:
    """What `pipeline extract PATH --format json` prints; the command must succeed."""
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def extract_error(path: Path) -> str:
    """The error `pipeline extract PATH` ends with; the command must fail with exit code 1."""
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    return result.output

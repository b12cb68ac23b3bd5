"""Snapshots: what a parser makes of a page, kept as JSON beside its fixtures; UPDATE_SNAPSHOTS=1 rewrites them."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path


def updating() -> bool:
    """Whether this run rewrites the snapshots (UPDATE_SNAPSHOTS=1; UPDATE_GOLDEN=1, the earlier name, works too)."""
    return bool(os.environ.get("UPDATE_SNAPSHOTS") or os.environ.get("UPDATE_GOLDEN"))


def as_json(value: object) -> object:
    """A record (a dataclass) or a list of records as plain JSON values."""
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def check_snapshot(path: Path, value: object) -> None:
    """The value equals the snapshot at path (rewritten first when updating); review the diff after a rewrite."""
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert value == json.loads(path.read_text(encoding="utf-8"))

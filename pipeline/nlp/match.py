"""The unit every finder returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """A finding in a text: what it means (value), what was written, and where."""

    label: str  # reference | date | organization | topic | consultation
    value: str
    text: str
    start: int
    end: int
    kind: str | None = None
    item: str | None = None  # a declared topic's list item, as printed

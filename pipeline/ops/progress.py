"""A progress display on a terminal, silent elsewhere (cron, pipes, --silent)."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    """Counts items as they are processed; shows a tqdm bar only on a terminal."""

    def __init__(self, label: str, enabled: bool = True, unit: str = " pages"):
        self.bar = tqdm(
            desc=label, unit=unit, leave=False, file=sys.stderr, disable=not (enabled and sys.stderr.isatty())
        )

    def advance(self, url: str = "") -> None:
        self.bar.update(1)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()

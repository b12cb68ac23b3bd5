"""The offline demo: the bundled re-creation of the four cities' public record, served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import errno
from datetime import date
from pathlib import Path

from pipeline import resources
from pipeline.crawl.config import City, parse_cities
from pipeline.crawl.localsite import LocalSite
from pipeline.errors import DemoError

DEMO_DIR = resources.shipped("demo")
DEMO_SINCE = date(2007, 1, 1)  # the demo's meetings lie in 2007 (Herne) and 2011 (Rostock)
# A fixed port keeps the demo's source URLs, and so its row ids, the same from run to run.
DEMO_PORT = 8799


@contextlib.contextmanager
def demo_site(enabled: bool = True):
    """Serve data/demo/site while the block runs; yields its base URL (or None if disabled)."""
    if not enabled:
        yield None
        return
    try:
        site = LocalSite(DEMO_DIR / "site", port=DEMO_PORT)
    except OSError as exc:
        hint = "; is 'pipeline serve' showing the demo, or another demo ingest running?" \
            if exc.errno == errno.EADDRINUSE else ""
        raise DemoError(f"127.0.0.1:{DEMO_PORT}: cannot serve the demo site ({exc.strerror}{hint})") from None
    with site:
        yield site.url


def demo_cities(base_url: str) -> list[City]:
    """The demo city list with its URLs pointed at the local server."""
    path = DEMO_DIR / "cities.toml"
    return parse_cities(path.read_text(encoding="utf-8").replace("{demo}", base_url), Path(path))

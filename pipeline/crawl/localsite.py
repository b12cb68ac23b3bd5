"""Serve a folder of saved pages on 127.0.0.1, mapping query strings to file names.

`vo020.asp?VOLFDNR=2001` is served from `vo020.asp__VOLFDNR=2001.*`; a page without its own
file falls back to `<page>__default.*` (the demo's empty calendar months).
"""

from __future__ import annotations

import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
CHARSETS = {".html": "iso-8859-1"}  # ALLRIS pages are Latin-1; the demo writes them so


class _Handler(BaseHTTPRequestHandler):
    root: Path

    def log_message(self, *args) -> None:  # keep test and demo output quiet
        pass

    def do_GET(self) -> None:
        target = self._resolve()
        if target is None:
            self.send_error(404, "Not Found")
            return
        body = target.read_bytes()
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if mime == "text/html":
            charset = (
                "utf-8"
                if body[:200].lower().find(b'charset="utf-8"') != -1 or b"charset=utf-8" in body[:300]
                else CHARSETS[".html"]
            )
            mime = f"text/html; charset={charset}"
        self.send_response(200)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _resolve(self) -> Path | None:
        parts = urlsplit(self.path)
        relative = unquote(parts.path).lstrip("/")
        base = (self.root / relative).resolve()
        if self.root not in base.parents and base != self.root:
            return None
        if parts.query:
            stem = base.name + "__" + unquote(parts.query).replace("&", "__")
            candidates = sorted(base.parent.glob(_glob_escape(stem) + ".*"))
            if not candidates:
                candidates = sorted(base.parent.glob(_glob_escape(base.name) + "__default.*"))
            return candidates[0] if candidates else None
        if base.is_file():
            return base
        candidates = sorted(base.parent.glob(_glob_escape(base.name) + ".*"))
        if not candidates:
            candidates = sorted(base.parent.glob(_glob_escape(base.name) + "__default.*"))
        return candidates[0] if candidates else None


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


class LocalSite:
    """A static site on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, root: Path | str, port: int = 0):
        handler = type("Handler", (_Handler,), {"root": Path(root).resolve()})
        self.server = ThreadingHTTPServer((HOST, port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_port}"

    def __enter__(self) -> "LocalSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

"""Log lines for operators: one line per event with time, level, city and URL, secrets removed.

Text by default (`2026-11-23T04:00:00Z WARNING pipeline.ingest city=herne url=… message`), JSON
lines with PIPELINE_LOG_FORMAT=json. URLs lose their user and password and the values of query
parameters that look like credentials; messages are scrubbed the same way.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

FIELDS = ("city", "url", "kind", "db")
SECRET_PARAMETER = re.compile(r"(pass|pwd|secret|token|key|auth|session|sid|signature|sig)$|^code$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s'\"<>]+")


def redact_url(url: str) -> str:
    """The URL without user, password, or the values of credential-like query parameters."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1] if "@" in parts.netloc else parts.netloc
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(SECRET_PARAMETER.search(name) for name, _ in pairs):
            query = urlencode([(name, "***" if SECRET_PARAMETER.search(name) else value) for name, value in pairs],
                              safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact(text: str) -> str:
    """Every URL in a text redacted."""
    return _URL.sub(lambda m: redact_url(m.group(0)), text)


class OperatorFormatter(logging.Formatter):
    """One line per record: time, level, logger, the known fields, the message."""

    def __init__(self, as_json: bool = False):
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = {name: redact(str(getattr(record, name))) for name in FIELDS if getattr(record, name, None)}
        message = redact(record.getMessage())
        if record.exc_info and record.levelno <= logging.DEBUG:
            message += "\n" + redact(self.formatException(record.exc_info))
        message = message.replace("\n", "\\n")  # one line per event, tracebacks included
        if self.as_json:
            return json.dumps({"time": when, "level": record.levelname, "logger": record.name, **fields,
                               "message": message}, ensure_ascii=False)
        extra = "".join(f" {name}={value}" for name, value in fields.items())
        return f"{when} {record.levelname} {record.name}{extra} {message}"


def configure(verbosity: int = 0, silent: bool = False) -> None:
    """Log to stderr: WARNING by default, -v INFO, -vv DEBUG, -q (or --silent) ERROR only."""
    if verbosity > 0:
        level = logging.INFO if verbosity == 1 else logging.DEBUG
    elif verbosity < 0 or silent:
        level = logging.ERROR
    else:
        level = getattr(logging, os.environ.get("PIPELINE_LOG_LEVEL", "WARNING").upper(), logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OperatorFormatter(os.environ.get("PIPELINE_LOG_FORMAT", "text") == "json"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "ratsinfo", False)]:
        root.removeHandler(old)
    handler.ratsinfo = True
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("urllib3", "requests_cache", "requests_ratelimiter", "pyrate_limiter", "filelock", "pdfminer",
                  "PIL"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))

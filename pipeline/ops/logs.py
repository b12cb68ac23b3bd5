"""Log lines for operators: one line per event with time, level, city and URL, secrets removed.

Text by default (`2026-11-23T04:00:00Z WARNING pipeline.crawl.run city=herne url=… message`), JSON
lines with PIPELINE_LOG_FORMAT=json. URLs lose their user and password and the values of query
parameters that look like credentials (pipeline.redact); messages are scrubbed the same way.
Whatever a server sent cannot start a line of its own: line breaks and every other unprintable
character are escaped, and a text field's value with a blank or a quote is written in quotes.
A flood of warnings of one kind is cut off after FAILURES_LOGGED lines (FailureLimit).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
from datetime import datetime, timezone

from pipeline.redact import public_url, redact, redact_url

__all__ = ["FAILURES_LOGGED", "FIELDS", "FailureLimit", "OperatorFormatter", "configure", "escape", "public_url",
           "redact", "redact_url", "reset_failure_counts"]

FIELDS = ("city", "url", "kind", "db")
FAILURES_LOGGED = 20  # warnings per logger, city and kind of failure written in a run; the summary counts the rest
_MAX_KINDS = 10_000  # distinct (logger, city, kind) counted; beyond that new kinds share one count per city
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNPRINTABLE = re.compile(r"[^ -~]")  # candidates only: non-ASCII letters are printable and stay
_FIELD_LIKE = re.compile(r'^[^\s="]+=')  # a message starting like `city=…` would read as a field


def _code(char: str) -> str:
    """One character as a backslash escape: \\n, \\x1b, \\u2028, \\U000e0001."""
    point = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def escape(text: str) -> str:
    """The text with every unprintable character (controls, line and format characters) escaped."""
    if text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda m: m.group(0) if m.group(0).isprintable() else _code(m.group(0)), text)


def _text_value(value: str) -> str:
    """A field value for the text format: escaped, and quoted when a blank or quote could end it early."""
    value = escape(value.replace("\\", "\\\\"))
    if value and " " not in value and '"' not in value:
        return value
    return '"' + value.replace('"', '\\"') + '"'


def _json_line(entry: dict) -> str:
    """One JSON line whose strings hold no raw unprintable character (U+2028, NEL, DEL, …)."""
    text = json.dumps(entry, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: m.group(0) if m.group(0).isprintable() else _json_code(m.group(0)), text)


def _json_code(char: str) -> str:
    """One character as a JSON \\u escape (a surrogate pair beyond the BMP)."""
    point = ord(char)
    if point < 0x10000:
        return f"\\u{point:04x}"
    point -= 0x10000
    return f"\\u{0xd800 + (point >> 10):04x}\\u{0xdc00 + (point & 0x3ff):04x}"


def _field(name: str, value: object) -> str:
    """A field's value with secrets removed; a url field is redacted as a whole, relative or not."""
    text = str(value)
    return redact(redact_url(text)) if name == "url" else redact(text)


class OperatorFormatter(logging.Formatter):
    """One line per record: time, level, logger, the known fields, the message."""

    def __init__(self, as_json: bool = False):
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = {name: _field(name, getattr(record, name)) for name in FIELDS if getattr(record, name, None)}
        message = redact(record.getMessage())
        if record.exc_info and record.levelno <= logging.DEBUG:
            message += "\n" + redact(self.formatException(record.exc_info))  # escaped below: still one line
        if self.as_json:
            return _json_line({"time": when, "level": record.levelname, "logger": record.name, **fields,
                               "message": message})
        extra = "".join(f" {name}={_text_value(value)}" for name, value in fields.items())
        message = escape(message)
        if _FIELD_LIKE.match(message):
            message = message.replace("=", "\\x3d", 1)
        return f"{when} {record.levelname} {escape(record.name)}{extra} {message}"


def _failure_kind(record: logging.LogRecord) -> str:
    """What kind of warning a record is: its `kind` field, else its first argument if text, else its template."""
    kind = record.__dict__.get("kind")
    if kind is None and isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
        kind = record.args[0]
    return str(record.msg if kind is None else kind)


class FailureLimit(logging.Filter):
    """At most `limit` warnings per (logger, city, kind) pass; the next one becomes a notice, later ones are dropped.

    The kind is the record's `kind` field (extra={"kind": …}), else its first argument if that is a
    string (CityReport.fail's "%s failure: %s"), else its message template. Errors and everything
    below warnings always pass. The notice replaces the record in place (message, arguments, url).
    """

    def __init__(self, limit: int = FAILURES_LOGGED):
        super().__init__()
        self.limit = limit
        self._counts: dict[tuple[str, str | None, str], int] = {}
        self._lock = threading.Lock()

    def reset(self) -> None:
        """Forget every count: the next run logs its first warnings of each kind again."""
        with self._lock:
            self._counts.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether the record is written; the first one over the limit is turned into the notice."""
        if not logging.WARNING <= record.levelno < logging.ERROR:
            return True
        city = record.__dict__.get("city")
        city = None if city is None else str(city)
        key = (record.name, city, _failure_kind(record))
        with self._lock:
            if key not in self._counts and len(self._counts) >= _MAX_KINDS:
                key = (record.name, city, "other")
            seen = self._counts[key] = self._counts.get(key, 0) + 1
        if seen <= self.limit:
            return True
        if seen == self.limit + 1:
            _become_notice(record, city, key[2])
            return True
        return False


def _become_notice(record: logging.LogRecord, city: str | None, kind: str) -> None:
    """Turn the first record over the limit into the line saying that further ones are not logged."""
    if city is None:
        record.msg = f"further '{kind}' warnings are not logged"
    else:
        record.msg = f"further '{kind}' failures of {city} are not logged; the summary counts them"
    record.args, record.url, record.exc_info, record.exc_text, record.stack_info = (), None, None, None, None


def _installed() -> list[logging.Handler]:
    """The handlers configure() put on the root logger."""
    return [h for h in logging.getLogger().handlers if getattr(h, "ratsinfo", False)]


def reset_failure_counts() -> None:
    """Start the warning limits afresh, as at the start of a run (configure() does it too)."""
    for handler in _installed():
        for limit in handler.filters:
            if isinstance(limit, FailureLimit):
                limit.reset()


class Urllib3Retries(logging.Filter):
    """urllib3's retry lines in the project's words: `connection broken (ReadTimeoutError), retrying`.

    urllib3 logs `Retrying (Retry(total=3, connect=None, …)) after connection broken by
    'NewConnectionError(…)': /path` at WARNING; the line keeps the URL path as its url field and
    moves to INFO, since the run's own failure line follows if the retries do not help.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("urllib3") and isinstance(record.msg, str) and record.msg.startswith("Retrying ("):
            error = record.args[1] if isinstance(record.args, tuple) and len(record.args) > 2 else None
            record.url = str(record.args[2]) if error is not None else None
            record.msg, record.args = "connection broken (%s), retrying", (error.__class__.__name__,)
            record.levelno, record.levelname = logging.INFO, "INFO"
            return logging.getLogger().isEnabledFor(logging.INFO)
        return True


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
    handler.addFilter(FailureLimit())  # a fresh one: each configured run counts from zero
    handler.addFilter(Urllib3Retries())
    root = logging.getLogger()
    for old in _installed():
        root.removeHandler(old)
    handler.ratsinfo = True
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("urllib3", "requests_cache", "requests_ratelimiter", "pyrate_limiter", "filelock", "pdfminer",
                  "PIL"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))

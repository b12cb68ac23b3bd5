"""Datasette plugin: German search helpers as SQL functions, highlighted snippets, and the site's bounds.

Registered through the `datasette` entry point in pyproject.toml, so `pipeline serve` and a
published bundle both have it. Everything here reads; nothing writes, and any request other than
GET, HEAD or OPTIONS is answered 405 before Datasette sees it.

- `ratsinfo_fts(term)`: an FTS5 query for the `lemmas` column of the lemma indexes
  (`passages_fts`, `papers_lemmas`, `agenda_items_lemmas`): every word of the term lemmatised as
  the index was ("Integrationskonzepte" -> "integrationskonzept", "beschlossen" -> "beschließen").
- `ratsinfo_trigram(term)`: an FTS5 query for the trigram indexes, which find parts of compounds
  ("konzept" in "Integrationskonzept"); words shorter than three letters are left out.
- `ratsinfo_highlight(text, term)`: a snippet of about 240 characters around the first hit, the hits
  marked [[like this]]; the `ausschnitt` column renders the marks as <mark>.
- `ratsinfo_uid(part, …)`: a stable iCalendar UID (`<hash>@ratsinfo`) for a record's key.
- `ratsinfo_line(text)`: the text on one line, without control characters (iCalendar, Atom).
- `ratsinfo_link(url)`: the URL if it is an http(s) URL on one line, else NULL (feed links).
- `ratsinfo_words(term)`: an FTS5 query of the term's words, each quoted: what a user types is
  searched as plain words, never as FTS syntax ("fts5: syntax error"); an empty term matches nothing.
- `ratsinfo_outcome(value)`, `ratsinfo_topic(value)`: an outcome or action field as a form gives it, by its
  German label or its key, in any case ("geändert beschlossen", "Sprache") -> its key; else the value.
- `ratsinfo_step_kind(kind)`: a process step's kind by its German label ("decision" -> "Beschluss").
- `ratsinfo_date(value)`: a date typed as TT.MM.JJJJ or JJJJ-MM-TT as JJJJ-MM-TT; anything else NULL.
- `ratsinfo_local(when)`: an ISO date-time as wall-clock time in Europe/Berlin without offset (the
  calendar's DTSTART/DTEND carry TZID=Europe/Berlin): "2026-09-09T16:00:00Z" -> "2026-09-09T18:00:00";
  a time without offset is local already and stays; anything else is NULL.
- `ratsinfo_html(text)`: the text HTML-escaped, for the dashboard's tables and metrics, which
  datasette-dashboards puts into the page as HTML.
- A `belege` column holding a path within the site renders as a link to the evidence; `quelle` and
  `vorlage_url` render as links named by their host.

Bounds: every connection gets limits on value length, SQL length and LIKE patterns, keeps its
temporary data in memory under a process-wide heap limit, may not call `fts3_tokenizer` or
`load_extension`, and reads no file path from `pragma_database_list`. Built-ins whose work grows
with the product of two arguments' lengths (instr, replace, trim) refuse arguments beyond a budget,
and printf/format a width or precision longer than the longest value,
since a query's time limit only acts between function calls. A path no page can have (and the
/-/threads debug page, which shows the Python installation's path) is answered 404 before Datasette
sees it; a "not found" or an over-limit query is answered 404 or 400, never 500.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sqlite3
import threading
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo
from urllib.parse import urlsplit

from datasette import Response, hookimpl
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

from pipeline.publish.forms import choice_script, choices, date_problems, note_html
from pipeline.publish.german import translate
from pipeline.search.terms import MAX_TERM, MAX_TERM_WORDS, fts_query, highlight, lemma, term_words, trigram_query

LINK_COLUMNS = ("quelle", "vorlage_url")
OUTCOME_TABLES = ("consultations", "agenda_items")  # process_steps.outcome is a foreign key: shown by its label
STEP_KINDS = {"decision": "Beschluss", "commission": "Auftrag", "consultation": "Beratung", "event": "Veranstaltung",
              "plan": "geplant"}


READ_METHODS = ("GET", "HEAD", "OPTIONS")
REFUSED = "Nur lesender Zugriff: diese Seite nimmt keine Änderungen an.\n".encode()
NOT_FOUND = "Diese Seite gibt es nicht.\n".encode()
MAX_PATH = 4096  # characters of a request path; Datasette's longest are row pages with URL keys
# Debug pages a public site does not need: /-/threads shows the Python installation's path.
HIDDEN_PAGES = frozenset({"/-/threads", "/-/threads.json"})

# What one connection may do. The longest stored values are a file's whole text: a few MB (the
# ingest's text budget is 8 Mi characters by default, about 8.5 MB of German UTF-8). A value over
# MAX_VALUE could be stored but not read here: a query touching it fails with "too big".
MAX_VALUE = 32 * 1024 * 1024  # bytes of one string, blob or row (SQLITE_LIMIT_LENGTH)
MAX_SQL = 100_000  # bytes of one statement
# LIKE and GLOB try the pattern at every position: a value at MAX_VALUE and a pathological pattern
# of this length take about 4 s in one call. Datasette's own patterns find a table's full-text
# index: about 35 bytes and the table's name.
MAX_LIKE_PATTERN = 100
# SQLite's heap limit is one for the whole process: every connection and query together.
HEAP_LIMIT = 512 * 1024 * 1024
SOFT_HEAP_LIMIT = 256 * 1024 * 1024
TEMP_PAGES = 25_000  # pages of the temp schema (about 100 MB at 4 KiB)
REFUSED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension"})  # hand out or take native pointers
# Built-ins that compare every position of their first argument with all of the second, and the
# products of the two lengths they may take: about 0.3 s (memcmp) and 0.5 s (a loop per character).
QUADRATIC = {("instr", 2): 10**10, ("replace", 3): 10**10,
             ("trim", 2): 2 * 10**8, ("ltrim", 2): 2 * 10**8, ("rtrim", 2): 2 * 10**8}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Control characters (C0, DEL, C1 incl. NEL), line and paragraph separators, and the two code points
# XML forbids: any of them can end a line for some reader of a calendar or a feed.
_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]+")


@hookimpl
def asgi_wrapper(datasette):
    """Every request that is not a read ends here with 405, a path no page can have with 404."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READ_METHODS:
                await _plain(send, 405, REFUSED, [(b"allow", ", ".join(READ_METHODS).encode())])
                return
            if scope["type"] == "http" and (malformed(scope["path"], scope.get("raw_path"))
                                            or scope["path"].rstrip("/") in HIDDEN_PAGES):
                await _plain(send, 404, NOT_FOUND)
                return
            if scope["type"] == "http" and scope["method"] == "GET":
                problems = date_problems(scope.get("query_string", b""), form_date) \
                    if scope["path"].startswith("/ratsinfo/") else []
                if problems and scope["path"].endswith(".json"):
                    await _json(send, 400, {"ok": False, "error": " ".join(problems), "status": 400})
                    return
                if problems and scope["path"].endswith((".atom", ".ics", ".csv")):
                    await _plain(send, 400, (" ".join(problems) + "\n").encode())
                    return
                await app(scope, receive, _in_german(send, note_html(problems)))
                return
            await app(scope, receive, send)

        return read_only

    return wrap


MAX_TRANSLATED = 8 * 1024 * 1024  # bytes of an HTML page put into German; a bigger one leaves as it is


def _in_german(send, note: str = ""):
    """A `send` that gathers an HTML page and sends it with German chrome (pipeline.publish.german), and
    with `note` (HTML) after its heading."""
    state: dict = {"start": None, "parts": [], "size": 0, "passing": False}

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = dict((k.lower(), v) for k, v in message.get("headers", []))
            if not headers.get(b"content-type", b"").startswith(b"text/html"):
                state["passing"] = True
                await send(message)
                return
            state["start"] = message
            return
        if state["passing"] or message["type"] != "http.response.body":
            await send(message)
            return
        state["parts"].append(message.get("body", b""))
        state["size"] += len(state["parts"][-1])
        if message.get("more_body") and state["size"] <= MAX_TRANSLATED:
            return
        body = b"".join(state["parts"])
        if state["size"] <= MAX_TRANSLATED:
            page = translate(body.decode("utf-8", "replace"))
            if note:
                page = page.replace("</h1>", "</h1>" + note, 1)
            body = page.encode("utf-8")
        start = state["start"]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
                   if not message.get("more_body") else {**start, "headers": headers})
        state["passing"] = True
        await send({"type": "http.response.body", "body": body, "more_body": bool(message.get("more_body"))})

    return sending


async def _json(send, status: int, data: dict) -> None:
    """Answer with a JSON object, as Datasette answers its errors."""
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8")]})
    await send({"type": "http.response.body", "body": json.dumps(data, ensure_ascii=False).encode()})


async def _plain(send, status: int, body: bytes, headers: list | None = None) -> None:
    """Answer with a short plain text."""
    await send({"type": "http.response.start", "status": status,
                "headers": [*(headers or []), (b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})


def malformed(path: str, raw: bytes | None = None) -> bool:
    """Whether a request path is no page of this site: too long, control characters, dot or empty segments."""
    if len(path) > MAX_PATH or len(raw or b"") > MAX_PATH or _CONTROL.search(path):
        return True
    segments = path.split("/")[1:]
    return any(segment in (".", "..") for segment in segments) or "" in segments[:-1]


@hookimpl(wrapper=True)
def handle_exception(datasette, request, exception):
    """Answer "not found" and over-limit queries ourselves; anything else as Datasette does."""
    # Datasette's own handler prints a rich traceback, which fails (a 500) for the "not found" it
    # makes up for a path no route matches: the exception was never raised.
    responses = yield
    if request.path.endswith(".atom") and isinstance(exception, ValueError):
        # datasette-atom 0.9 takes max() of the entries' dates: a feed without entries (a city
        # with no new resolutions yet) raised ValueError, a 500. It is an empty feed.
        return [lambda: Response(_empty_feed(request), content_type="application/xml; charset=utf-8")]
    answer = _client_error(exception)
    if answer is None:
        return responses
    status, message = answer

    async def respond():
        info = {"ok": False, "error": message, "status": status, "title": None}
        if request.path.endswith(".json"):
            return Response.json(info, status=status)
        page = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
        return Response.html(page, status=status)

    return [respond]


def _client_error(exception: BaseException) -> tuple[int, str] | None:
    """The status and message for an exception the visitor caused, or None."""
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else "Nicht gefunden"
    if isinstance(exception, MemoryError):
        return 400, "Die Abfrage braucht mehr Speicher, als diese Seite einer Abfrage gibt."
    if isinstance(exception, sqlite3.DataError):
        return 400, f"Die Abfrage erzeugt einen zu langen Wert ({exception})."
    if isinstance(exception, DatasetteError) and str(exception).startswith("Cannot sort table by"):
        return 400, f"Nach dieser Spalte lässt sich nicht sortieren ({exception})."  # ?_sort=<no such column>
    return None


def _empty_feed(request) -> str:
    """A valid Atom feed without entries, for the query's own address."""
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>{html.escape(request.url)}</id><title>Keine Einträge</title><updated>{now}</updated></feed>\n")


@hookimpl
def extra_body_script(template, database, datasette):
    """On a canned query's page, drop-down lists of German labels for city, action field, outcome, body type."""
    if template != "query.html" or database != "ratsinfo":
        return None

    async def script():
        return choice_script(await choices(datasette.get_database(database)))

    return script


@hookimpl
def startup(datasette):
    # The lookup table takes about a second to load: at startup, not inside a query's time limit.
    lemma("Integrationskonzepte")


@hookimpl
def prepare_connection(conn):
    conn.create_function("ratsinfo_fts", 1, fts_query, deterministic=True)
    conn.create_function("ratsinfo_trigram", 1, trigram_query, deterministic=True)
    conn.create_function("ratsinfo_highlight", 2, highlight, deterministic=True)
    conn.create_function("ratsinfo_uid", -1, uid, deterministic=True)
    conn.create_function("ratsinfo_line", 1, one_line, deterministic=True)
    conn.create_function("ratsinfo_link", 1, web_link, deterministic=True)
    conn.create_function("ratsinfo_local", 1, local_time, deterministic=True)
    conn.create_function("ratsinfo_words", 1, plain_words, deterministic=True)
    conn.create_function("ratsinfo_date", 1, form_date, deterministic=True)
    conn.create_function("ratsinfo_outcome", 1, outcome_key, deterministic=True)
    conn.create_function("ratsinfo_topic", 1, topic_key, deterministic=True)
    conn.create_function("ratsinfo_html", 1, html_text, deterministic=True)
    conn.create_function("ratsinfo_step_kind", 1, step_kind, deterministic=True)
    bound(conn)
    for (name, arguments), budget in QUADRATIC.items():
        conn.create_function(name, arguments, _guarded(name, arguments, budget), deterministic=True)
    for name in ("printf", "format"):
        conn.create_function(name, -1, _guarded_printf(name), deterministic=True)
    conn.set_authorizer(_authorize)


def bound(conn: sqlite3.Connection) -> None:
    """Limit what one statement on this connection may build, and keep temporary data in bounded memory."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    # Sorts and temporary tables spill to memory, not disk: there the heap limit bounds them.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA temp.max_page_count = {TEMP_PAGES}")
    # These only lower a limit already set, so every connection may ask.
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")
    conn.execute(f"PRAGMA soft_heap_limit = {SOFT_HEAP_LIMIT}")


def _authorize(action: int, first: str | None, second: str | None, database: str | None, source: str | None) -> int:
    """Refuse the functions that deal in native pointers; read the database file's path as NULL."""
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (first or "").lower() == "pragma_database_list" and second == "file":
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


_builtins = threading.local()


def _guarded(name: str, arguments: int, budget: int):
    """The built-in `name`, refused when its first two arguments' lengths multiply beyond the budget."""
    def call(*values):
        # An OverflowError reaches the query as SQLite's own "string or blob too big".
        if _length(values[0]) * _length(values[1]) > budget:
            raise OverflowError(f"{name}: arguments too long")
        return _builtin(name, values)

    return call


def _builtin(name: str, values: tuple):
    """SQLite's own function `name` on the values (a name this module chose; values travel as parameters)."""
    sql = f"SELECT {name}({', '.join('?' * len(values))})"
    try:
        return _builtin_connection().execute(sql, values).fetchone()[0]
    except sqlite3.DataError as exc:
        raise OverflowError(f"{name}: {exc}") from None


_WIDTH = re.compile(r"\d{8,}")  # a width or precision written in a format, as long as it may matter


def _guarded_printf(name: str):
    """printf/format, NULL at once when a width or precision passes the longest value: SQLite builds the string
    before it checks its length, in C, where no time limit reaches it (attack a21: 9.7 s for one call)."""
    def call(*values):
        pattern = values[0] if values and isinstance(values[0], str) else ""
        if any(int(width) > MAX_VALUE for width in _WIDTH.findall(pattern)) or ("*" in pattern and any(
                isinstance(v, (int, float)) and abs(v) > MAX_VALUE for v in values[1:])):
            return None  # what SQLite's printf answers for a value over the length limit, at once
        return _builtin(name, values)

    return call


def _builtin_connection() -> sqlite3.Connection:
    """This thread's connection with SQLite's own functions, to which the guarded ones hand over."""
    conn = getattr(_builtins, "conn", None)
    if conn is None:
        conn = _builtins.conn = sqlite3.connect(":memory:")
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)
    return conn


def _length(value) -> int:
    """The length SQLite works through for a function argument."""
    if value is None:
        return 0
    return len(value) if isinstance(value, (str, bytes)) else len(str(value))


def uid(*parts) -> str:
    """A stable iCalendar UID for a record: a hash of its key, so no stored text reaches the calendar raw."""
    key = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@ratsinfo"


def one_line(value):
    """Text on one line: every control character or line separator becomes a space."""
    return _LINE_BREAKERS.sub(" ", value) if isinstance(value, str) else value


def plain_words(term) -> str:
    """The term's words as an FTS5 query of quoted words, a trailing * kept as a prefix search ("Integration*");
    '""' (nothing) for an empty term."""
    if not isinstance(term, str):
        return '""'
    parts: list[str] = []
    for token in term[:MAX_TERM].split()[:MAX_TERM_WORDS]:
        words = term_words(token)
        if words:
            parts.extend('"' + w + '"' for w in words)
            if token.endswith("*"):
                parts[-1] += "*"
    return " ".join(parts) or '""'


_GERMAN_DAY = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*$")


def form_date(value) -> str | None:
    """A form's date as ISO: "01.03.2025" and "2025-03-01" give "2025-03-01"; anything else None."""
    if not isinstance(value, str):
        return None
    german = _GERMAN_DAY.match(value)
    try:
        if german:
            return date(int(german.group(3)), int(german.group(2)), int(german.group(1))).isoformat()
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _key_of(value, labels: dict[str, str]):
    if not isinstance(value, str):
        return value
    wanted = " ".join(value.split()).casefold()
    return next((key for key, label in labels.items() if wanted in (key.casefold(), label.casefold())), value)


def step_kind(value):
    """A process step's kind by its German label ("decision" -> "Beschluss"); anything else as it is."""
    return STEP_KINDS.get(value, value) if isinstance(value, str) else value


def outcome_key(value):
    """An outcome by its label or key ("geändert beschlossen", "Geaendert_beschlossen") -> its key."""
    from pipeline.nlp.resources import load_outcome_labels

    return _key_of(value, load_outcome_labels())


def topic_key(value):
    """An action field by its label or key ("Sprache", "sprache") -> its key."""
    from pipeline.nlp.resources import load_topics

    return _key_of(value, {t.key: t.label for t in load_topics()})


BERLIN = ZoneInfo("Europe/Berlin")


def local_time(value) -> str | None:
    """An ISO date or date-time as Berlin wall-clock time without offset; None for anything else."""
    if not isinstance(value, str) or not value[:4].isdigit():
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(BERLIN).replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds") if "T" in value else value


def web_link(value) -> str | None:
    """The value if it is an http(s) URL on one line, else None: a feed's links may not run script."""
    if not isinstance(value, str) or _LINE_BREAKERS.search(value) or " " in value:
        return None
    parts = urlsplit(value)
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def html_text(value):
    """Text as inert HTML (markup shown, not run); numbers and NULL unchanged."""
    return html.escape(value) if isinstance(value, str) else value


@hookimpl
def render_cell(value, column, table):
    if table in OUTCOME_TABLES and column == "outcome" and isinstance(value, str):
        from pipeline.nlp.resources import load_outcome_labels

        return load_outcome_labels().get(value, value)  # a label, never a key; the key is in the JSON
    if table == "process_steps" and column == "kind" and isinstance(value, str):
        return step_kind(value)
    if column == "ausschnitt" and isinstance(value, str):
        return Markup(str(escape(value)).replace("[[", "<mark>").replace("]]", "</mark>"))
    if column == "belege" and isinstance(value, str) and value.startswith("/"):
        return Markup(f'<a href="{escape(value)}">Belege</a>')
    if column in LINK_COLUMNS and isinstance(value, str) and value.startswith(("http://", "https://")):
        # The whole URL would squeeze the snippet column; the host says where the link goes.
        host = urlsplit(value).netloc
        return Markup(f'<a href="{escape(value)}" title="{escape(value)}">{escape(host)} ↗</a>')
    return None

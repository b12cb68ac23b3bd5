"""Datasette plugin: German search helpers as SQL functions, and highlighted snippets.

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
- A `belege` column holding a path within the site renders as a link to the evidence; `quelle` and
  `vorlage_url` render as links named by their host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape

from .search import fts_query, highlight, lemma, trigram_query

LINK_COLUMNS = ("quelle", "vorlage_url")


READ_METHODS = ("GET", "HEAD", "OPTIONS")
REFUSED = "Nur lesender Zugriff: diese Seite nimmt keine Änderungen an.\n".encode()


@hookimpl
def asgi_wrapper(datasette):
    """Every request that is not a read ends here, with 405: the site has no write path at all."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READ_METHODS:
                await send({"type": "http.response.start", "status": 405,
                            "headers": [(b"allow", ", ".join(READ_METHODS).encode()),
                                        (b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": REFUSED})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def startup(datasette):
    # The lookup table takes about a second to load: at startup, not inside a query's time limit.
    lemma("Integrationskonzepte")


@hookimpl
def prepare_connection(conn):
    conn.create_function("ratsinfo_fts", 1, fts_query, deterministic=True)
    conn.create_function("ratsinfo_trigram", 1, trigram_query, deterministic=True)
    conn.create_function("ratsinfo_highlight", 2, highlight, deterministic=True)


@hookimpl
def render_cell(value, column):
    if column == "ausschnitt" and isinstance(value, str):
        return Markup(str(escape(value)).replace("[[", "<mark>").replace("]]", "</mark>"))
    if column == "belege" and isinstance(value, str) and value.startswith("/"):
        return Markup(f'<a href="{escape(value)}">Belege</a>')
    if column in LINK_COLUMNS and isinstance(value, str) and value.startswith(("http://", "https://")):
        # The whole URL would squeeze the snippet column; the host says where the link goes.
        host = urlsplit(value).netloc
        return Markup(f'<a href="{escape(value)}" title="{escape(value)}">{escape(host)} ↗</a>')
    return None

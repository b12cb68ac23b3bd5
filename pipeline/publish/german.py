"""German chrome for Datasette's own pages, put in as each HTML page leaves the server.

Datasette's templates are English ("Run SQL", "This data as", "Powered by", "5 rows"). Rather than
copies of its templates, the site translates the words of its chrome: a text node or a button label
that is exactly one of these phrases, or has the shape of one of the counted phrases, is replaced; data
never is, because a cell's text is only replaced if it is exactly such a phrase, which no council text is.
The home page's search box leads to the Volltextsuche instead of Datasette's search over raw tables.
"""

from __future__ import annotations

import re

# Whole texts of elements (and the labels of buttons) and their German.
PHRASES = {
    "home": "Startseite",
    "Menu": "Menü",
    "Search all tables": "Alle Tabellen durchsuchen",
    "Search": "Suchen",
    "Search:": "Suche:",
    "Dashboards": "Übersichten",
    "Powered by": "Bereitgestellt mit",
    "Data license:": "Lizenz der Daten:",
    "&middot; Data license:": "&middot; Lizenz der Daten:",
    "&middot; Data source:": "&middot; Quelle der Daten:",
    "Custom SQL query": "Eigene SQL-Abfrage",
    "Format SQL": "SQL formatieren",
    "Run SQL": "SQL ausführen",
    "Queries": "Abfragen",
    "Tables": "Tabellen",
    "Views": "Sichten",
    "Download SQLite DB:": "SQLite-Datenbank herunterladen:",
    "show": "zeigen",
    "hide": "verbergen",
    "Query parameters": "Parameter der Abfrage",
    "Edit SQL": "SQL bearbeiten",
    "View and edit SQL": "SQL ansehen und bearbeiten",
    "This data as": "Diese Daten als",
    "- column -": "- Spalte -",
    "Sort...": "Sortieren …",
    "descending": "absteigend",
    "Apply": "Anwenden",
    "advanced": "erweitert",
    "Advanced export": "Erweiterter Export",
    "Download file": "Datei herunterladen",
    "Export": "Exportieren",
    "expand all": "alles ausklappen",
    "Error 404": "Fehler 404",
    "Error 400": "Fehler 400",
    "Database not found": "Datenbank nicht gefunden",
    "Table not found": "Tabelle nicht gefunden",
    "Row not found": "Zeile nicht gefunden",
    "exact": "gleich",
    "not": "ungleich",
    "contains": "enthält",
    "ends with": "endet mit",
    "starts with": "beginnt mit",
    "like": "wie (LIKE)",
    "not like": "nicht wie (NOT LIKE)",
    "not in": "nicht in",
    "array contains": "Liste enthält",
    "array does not contain": "Liste enthält nicht",
    "is null": "ist leer (NULL)",
    "is not null": "ist nicht leer",
    "is blank": "ist leer",
    "is not blank": "ist nicht leer",
    "Next page": "Nächste Seite",
    "Suggested facets:": "Mögliche Facetten:",
    "JSON shape:": "JSON-Form:",
}
# Phrases with a count or a name in them.
COUNTED = [
    (re.compile(r"^Custom SQL query returning ([\d,]+) rows?$"), r"Eigene SQL-Abfrage mit \1 Zeilen"),
    (re.compile(r"^(.*?)([\d,]+) rows? sorted by (.+?)( descending)?$"),
     lambda m: f"{m.group(1)}{m.group(2)} Zeilen, sortiert nach {m.group(3)}{' absteigend' if m.group(4) else ''}"),
    (re.compile(r"^([\d,]+) rows?$"), r"\1 Zeilen"),
    (re.compile(r"^([\d,]+) rows? where (.+)$"), r"\1 Zeilen mit \2"),
    (re.compile(r"^([\d,]+) rows? in ([\d,]+) tables?$"), r"\1 Zeilen in \2 Tabellen"),
    (re.compile(r"^([\d,]+) rows? in ([\d,]+) tables?, ([\d,]+) rows? in ([\d,]+) hidden tables?$"),
     r"\1 Zeilen in \2 Tabellen, \3 Zeilen in \4 verborgenen Tabellen"),
    (re.compile(r"^([\d,]+) hidden tables?$"), r"\1 verborgene Tabellen"),
    (re.compile(r"^\.\.\. and$"), "… und"),
    (re.compile(r"^Sort by (.+)$"), r"Sortieren nach \1"),
    (re.compile(r"^Sort descending by (.+)$"), r"Absteigend sortieren nach \1"),
    (re.compile(r"^&middot; Queries took ([\d.]+)ms &middot; Data license:$"),
     r"&middot; Abfragen dauerten \1 ms &middot; Lizenz der Daten:"),
    (re.compile(r"^&middot; Queries took ([\d.]+)ms$"), r"&middot; Abfragen dauerten \1 ms"),
]
_TEXT = re.compile(r">(\s*)([^<>]*?[A-Za-z][^<>]*?)(\s*)<")
_LABEL = re.compile(r'\b(value|placeholder|title|aria-label)="([^"<>]{1,80})"')
_BUTTONS = {"Run SQL", "Apply", "Search", "Format SQL", "Export"}
# The search box of datasette-search-all on the home page: to the project's full-text search instead.
_SEARCH_FORM = re.compile(r'<form class="core" action="/-/search" method="get">\s*<p>\s*'
                          r'<input type="search" name="q"[^>]*>\s*<input type="submit"[^>]*>', re.S)
SEARCH_BOX = ('<form class="core" action="/ratsinfo/volltextsuche" method="get"><p>'
              '<input type="search" name="suchbegriff" value="" placeholder="Vorlagen, Dokumente und '
              'Tagesordnungspunkte durchsuchen" id="search-all-q">'
              '<input type="hidden" name="stadt" value=""><input type="hidden" name="von" value="">'
              '<input type="hidden" name="bis" value=""><input type="hidden" name="ergebnis" value="">'
              '<input type="submit" value="Suchen">')


def german(text: str) -> str | None:
    """The German of one piece of chrome, or None when it is none."""
    if text in PHRASES:
        return PHRASES[text]
    for pattern, replacement in COUNTED:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return None


def translate(page: str) -> str:
    """A Datasette HTML page with German chrome and the home page's search box leading to the Volltextsuche."""
    page = _SEARCH_FORM.sub(SEARCH_BOX, page, count=1)

    def text_node(m: re.Match) -> str:
        words = " ".join(m.group(2).split())
        found = german(words)
        return m.group(0) if found is None else f">{m.group(1)}{found}{m.group(3)}<"

    def label(m: re.Match) -> str:
        attribute, words = m.group(1), m.group(2)
        if attribute == "value" and words not in _BUTTONS:
            return m.group(0)  # an option's or a field's value is data, not chrome
        found = german(words)
        return m.group(0) if found is None else f'{attribute}="{found}"'

    return _LABEL.sub(label, _TEXT.sub(text_node, page))

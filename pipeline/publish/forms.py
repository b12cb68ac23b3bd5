"""The canned queries' forms: German choices for city, action field, outcome and body type, and a word
about a date the form cannot read.

Datasette draws every parameter of a canned query as a text field. A script (`choice_script`)
turns the fields named in CHOICES into drop-down lists of German labels; the value a link or a
user typed stays selected (a slug, a key or a name: the queries accept all of them). A date in
`von`, `bis` or `seit` that is neither TT.MM.JJJJ nor JJJJ-MM-TT is named above the results
(`date_problems`), as the results of a filter that cannot apply are empty.
"""

from __future__ import annotations

import html
import json
from urllib.parse import parse_qsl

DATE_PARAMS = {"von": "von", "bis": "bis", "seit": "seit"}
ANY = "– alle –"
# The body types the `beschluesse` query sorts bodies into (its SQL names them).
BODY_TYPES = ["Rat", "Ausschuss", "Beirat", "Bezirks- oder Ortsgremium", "sonstiges"]
CHOICES = {
    "stadt": "select slug, name from cities order by name",
    "handlungsfeld": "select key, label from topics order by label",
    "ergebnis": "select key, label from outcomes order by label",
}
MAX_CHOICES = 500  # options of one list; a city list longer than that stays a text field


def date_problems(query_string: bytes, form_date) -> list[str]:
    """What to tell about the dates of a request's query string that `form_date` cannot read."""
    problems = []
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in DATE_PARAMS and value.strip() and form_date(value) is None:
            shown = value.strip()[:40]
            problems.append(f"„{shown}“ ({DATE_PARAMS[name]}) ist kein Datum: bitte als TT.MM.JJJJ oder "
                            "JJJJ-MM-TT eingeben. Dieser Filter findet so nichts.")
    return problems


def note_html(problems: list[str]) -> str:
    """The problems as Datasette's error messages."""
    return "".join(f'<p class="message-error">{html.escape(problem)}</p>' for problem in problems)


async def choices(database) -> dict[str, list[list[str]]]:
    """Per form field, its (value, German label) choices from the database."""
    found: dict[str, list[list[str]]] = {"gremienart": [[name, name] for name in BODY_TYPES]}
    for field, sql in CHOICES.items():
        try:
            rows = (await database.execute(sql)).rows
        except Exception:  # a table missing from an older database: that field stays a text field
            continue
        if 0 < len(rows) <= MAX_CHOICES:
            found[field] = [[str(row[0]), str(row[1] or row[0])] for row in rows]
    return found


def choice_script(found: dict[str, list[list[str]]]) -> str:
    """A script that puts drop-down lists of `found` in place of the form's text fields of those names."""
    data = json.dumps(found, ensure_ascii=False).replace("</", "<\\/")
    return f"""
(function () {{
  var choices = {data};
  var fold = function (s) {{ return (s || "").trim().toLowerCase(); }};
  document.querySelectorAll("form input[type=text]").forEach(function (input) {{
    var options = choices[input.name];
    if (!options) return;
    var select = document.createElement("select");
    select.name = input.name;
    select.id = input.id;
    var any = new Option({json.dumps(ANY)}, "");
    select.add(any);
    var wanted = fold(input.value), chosen = wanted === "" ? any : null;
    options.forEach(function (pair) {{
      var option = new Option(pair[1], pair[0]);
      select.add(option);
      if (!chosen && (fold(pair[0]) === wanted || fold(pair[1]) === wanted)) chosen = option;
    }});
    if (!chosen) {{ chosen = new Option(input.value, input.value); select.add(chosen); }}
    chosen.selected = true;
    input.replaceWith(select);
  }});
}})();
"""

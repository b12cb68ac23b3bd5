"""Steps of a council process told in prose (issue 15), read sentence by sentence.

"Der Rat der Stadt Herne hat in seiner Sitzung am 27.03.2007 die Leitlinien beschlossen" is a decision
of the Rat der Stadt Herne on 2007-03-27; "Geplant ist, das Konzept im Frühjahr 2018 im Rat zu
verabschieden" a plan of 2018. A step has the date at the precision written, the acting body where the
sentence names one, its kind, for a decision its outcome, and the sentence as evidence. The words
live in data/nlp/process.toml; dates and bodies are those the other rules found (pipeline.nlp.rules).
A Beratungsfolge table is not prose: its rows are consultations (pipeline.nlp.consultations).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from pipeline.nlp.match import Match
from pipeline.nlp.resources import load_process_words

MAX_SENTENCE = 600  # characters; a longer "sentence" is a table or a list run together, not prose
PAIR_REACH = 80  # characters between a body and the date of its session ("im Planungsausschuss am 22. April")

# A bare year where the sentence says it is the step's time: "im Jahr 2009", "aus dem Jahr 2010",
# "im Spätsommer 2014" (find_dates leaves bare years alone: "Haushalt 2024" is no date).
_YEAR = re.compile(r"\b(?:(?:im|aus dem|seit dem|[Ii]m Laufe des) Jahr(?:e|es)?|(?:[Ii]m|[Ii]n der) "
                   r"(?:Spät|Früh)?(?:sommer|herbst|winter|frühling|frühjahr|jahr|hälfte)\w*|[Ee]nde|[Aa]nfang|"
                   r"[Mm]itte) ((?:19|20)\d{2})\b", re.I)
# A date that dates a document, not a step: "Schreiben vom 26. Februar 2021", "Antrag vom".
_DOCUMENT_DATE = re.compile(r"\b(?:vom|Stand:?|Datum:?)\s*$")
# A body named inside a compound: "Gemeinderatsbeschluss", "Sozialausschusssitzung", "Ratsbeschluss".
_BODY_COMPOUND = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]*(?:rat|ausschuss|beirat))s?(?:beschlu(?:ss|ß)|sitzung)", re.I)
# "im Rat", "vom Rat", "der Rat": the council by its short name, which the gazetteer leaves out (advice).
_BARE_COUNCIL = re.compile(r"\b(?:[Ii]m|[Vv]om|[Dd]em|[Dd]er|[Dd]en|[Dd]es|dessen) (Rat(?:es|s)?)\b(?! der Stadt)")
# The town itself acting: "hat die Stadt Karlsruhe … beauftragt".
_TOWN = re.compile(r"\b(?:die|der) (Stadt [A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)\b")
_BODY_WORD = re.compile(r"(?:[Rr]at|[Aa]usschuss|[Bb]eirat|[Rr]ates|[Aa]usschusses)\b")
# A step told under a condition has not happened: "Falls der Antrag genehmigt wird", "sofern … beschlossen".
_CONDITION = re.compile(r"\b(?:[Ff]alls|[Ss]ofern|[Ss]oweit|[Ss]ollten?)\b")
# A short line of no lowercase word before a line break is a table row or a header field ("Gremium Termin
# TOP ö nö", "Gemeinderat 10.12.2019 27 x", "Kurzfassung"), not a wrapped line of prose ("Im Gemeinderat am").
_SHORT_LINE = 45
_WORDS = re.compile(r"\b(?!nö\b)[a-zäöüß]{2,}\b|[-,]$")
_EVENT_HELD = re.compile(r"\b(?:statt|stattgefunden|stattfand|durchgeführt|veranstaltet|organisiert)\b")
# Bodies the rules found act in steps; a trained model's ORG guesses (kind "ner") do not.
_ACTOR_KINDS = ("council", "administration", "civil_society", None)


@dataclass
class Step:
    """One step of a council process with its evidence (characters of the text it was read from)."""

    date: str | None
    organization: str | None
    kind: str
    outcome: str | None
    text: str
    start: int
    end: int


def find_process_steps(text: str, sentences: list[tuple[int, int]], dates: list[Match],
                       organizations: list[Match]) -> list[Step]:
    """The steps the sentences of a text tell; `dates` and `organizations` are the rules' findings in it."""
    words = load_process_words()
    dates, organizations = sorted(dates, key=lambda m: m.start), sorted(organizations, key=lambda m: m.start)
    date_starts, org_starts = [d.start for d in dates], [o.start for o in organizations]
    stems = [m.start() for m in words.stems.finditer(text)]

    def telling(bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(a, b) for a, b in bounds if bisect_left(stems, b) > bisect_left(stems, a)]

    zones = _resolutions(text)
    steps: list[Step] = []
    for start, end in telling(list(_prose(text, telling(sentences)))):
        if end - start > MAX_SENTENCE:
            continue
        sentence = text[start:end]
        if _CONDITION.search(sentence):
            continue
        recorded = any(a <= start < b for a, b in zones)
        # The findings inside the sentence, by bisection: a page of 50,000 sentences and 4,000 dates stays linear.
        near = dates[bisect_left(date_starts, start):bisect_left(date_starts, end)]
        inside_dates = [d for d in near if not _DOCUMENT_DATE.search(text[start:d.start])]
        kind, outcome = _kind(sentence, words, bool(inside_dates or _year(sentence)), recorded)
        if kind is None:
            continue
        inside_orgs = [o for o in organizations[bisect_left(org_starts, start):bisect_left(org_starts, end)]
                       if o.kind in _ACTOR_KINDS]
        inside_orgs += _extra_bodies(sentence, start, inside_orgs)
        if kind == "event" and not inside_dates and not _EVENT_HELD.search(sentence):
            continue  # a workshop named, not held
        evidence = " ".join(sentence.split())
        for day, body in _pairs(inside_dates, inside_orgs, sentence):
            steps.append(Step(day, body, kind, outcome if kind == "decision" else None, evidence, start, end))
    return steps


# "Beschluss:" opens the resolution minutes record (not "Beschlussantrag:", a paper's proposal); it ends
# at the vote, the chair's next words, the signatures or the next item.
_RESOLUTION = re.compile(r"(?m)^[ \t]*Beschluss(?:fassung)?[ \t]*:")
_RESOLUTION_END = re.compile(r"(?m)^[ \t]*(?:Abstimmungsergebnis|Der Vorsitzende|Die Vorsitzende|Der Oberbürgermeister|"
                             r"Zur Beurkundung|Punkt \d+ der Tagesordnung)|\n[ \t]*\n[ \t]*\n")
RESOLUTION_REACH = 4000


# Minutes say so; a Vorlage prints its proposed resolution under "Beschluss:" too (Karlsruhe), and is no record.
_MINUTES = re.compile(r"Niederschrift|NIEDERSCHRIFT|Protokoll|PROTOKOLL|Abstimmungsergebnis")


def _resolutions(text: str) -> list[tuple[int, int]]:
    """Where minutes record the resolution a meeting took ("Beschluss:")."""
    if not _MINUTES.search(text):
        return []
    zones = []
    for m in _RESOLUTION.finditer(text):
        end = _RESOLUTION_END.search(text, m.end(), m.end() + RESOLUTION_REACH)
        zones.append((m.start(), end.start() if end else min(len(text), m.end() + RESOLUTION_REACH)))
    return zones


# A year closes a sentence ("… bis Ende 2015. Der Gemeinderat …"): the tokenizer keeps "2015." as one token, as it
# keeps the ordinal "8." of "8. Dezember", so the sentencizer does not split there.
_YEAR_END = re.compile(r"(?<=[12]\d{3})\.\s+(?=[A-ZÄÖÜ])")


def _prose(text: str, sentences: list[tuple[int, int]]):
    """The sentences, each cut where a short line ends (a header field or table row the sentencizer ran into
    the prose that follows: "Gremium Termin TOP ö nö\nGemeinderat 10.12.2019 27 x\nKurzfassung\nDie ...")."""
    for start, end in sentences:
        begin = line_start = start
        while (line_end := text.find("\n", line_start, end)) != -1:
            content = text[line_start:line_end].strip()
            if len(content) < _SHORT_LINE and not _WORDS.search(content):
                yield from _at_years(text, begin, line_end)
                begin = line_end + 1
            line_start = line_end + 1
        yield from _at_years(text, begin, end)


def _at_years(text: str, start: int, end: int):
    """A part cut where a year ends a sentence; empty parts left out."""
    for m in _YEAR_END.finditer(text, start, end):
        if text[start:m.start() + 1].strip():
            yield start, m.start() + 1
        start = m.end()
    if text[start:end].strip():
        yield start, end


def _kind(sentence: str, words, dated: bool, recorded: bool = False) -> tuple[str | None, str | None]:
    """The step's kind by the words of the sentence (a plan when it is announced), and a decision's outcome;
    `recorded`: the sentence is part of a resolution minutes record ("Beschluss: …"), told in the present."""
    if not recorded and any(p.search(sentence) for p in words.plan):
        return "plan", None
    found: dict[str, str | None] = {}
    announced = not recorded and any(p.search(sentence) for p in words.announce)
    past = recorded or words.past.search(sentence) is not None
    for pattern in words.patterns:
        if pattern.kind in found or (pattern.tense == "past" and not (past or announced)) \
                or (pattern.tense == "plan" and not announced) or (pattern.tense == "minutes" and not recorded) \
                or (pattern.dated and not dated):
            continue
        if pattern.regex.search(sentence):
            found[pattern.kind] = pattern.outcome
    if not found:
        return None, None
    if announced:
        return "plan", None
    kind = next(k for k in words.priority if k in found)
    if kind == "consultation" and "event" in found and not _BODY_WORD.search(sentence):
        kind = "event"  # "Bei der Tagung am 24.11.2008 wurde das Thema diskutiert": the event, no body's session
    return kind, found[kind]


def _extra_bodies(sentence: str, offset: int, taken: list[Match]) -> list[Match]:
    """Bodies the organisation rules leave to context: a compound's first part and the bare "Rat"."""
    spans = [(o.start, o.end) for o in taken]
    extra = []
    for pattern in (_BODY_COMPOUND, _BARE_COUNCIL, _TOWN):
        for m in pattern.finditer(sentence):
            begin, finish = offset + m.start(1), offset + m.end(1)
            if all(finish <= s or begin >= e for s, e in spans):
                name = re.sub(r"(?<=rat)(?:es|s)$|(?<=ausschuss)es$", "", m.group(1))
                kind = "administration" if pattern is _TOWN else "council"
                extra.append(Match("organization", name[0].upper() + name[1:], m.group(1), begin, finish, kind))
    return extra


def _pairs(dates: list[Match], bodies: list[Match], sentence: str):
    """(date, body) of each step a sentence tells: one per session named as "im X am D" when it names
    several ("im Planungsausschuss am 22. April 2015 und im Wirtschaftsförderungsausschuss am 12. Mai
    2015"), else one with the sentence's first date and its acting body (_subject)."""
    values = [d for d in dates if d.kind != "range_end"]
    if len(values) > 1:
        paired = []
        for d in values:
            before = [b for b in bodies if b.end <= d.start and d.start - b.end <= PAIR_REACH]
            if not before:
                break
            paired.append((d.value, before[-1].value))
        else:
            if len({body for _, body in paired}) > 1:
                return paired
    day = values[0].value if values else _year(sentence)
    return [(day, _subject(bodies))]


def _year(sentence: str) -> str | None:
    m = _YEAR.search(sentence)
    return m.group(1) if m else None


def _subject(bodies: list[Match]) -> str | None:
    """The acting body: of several, a council body before others; of those, the first named."""
    if not bodies:
        return None
    councils = [b for b in bodies if b.kind == "council"]
    return sorted(councils or bodies, key=lambda b: b.start)[0].value

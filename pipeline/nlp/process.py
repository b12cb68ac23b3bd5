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
_YEAR = re.compile(r"\b(?:(?:im|aus dem|seit dem|[Ii]m Laufe des) (?:Geschäfts|Kalender)?[Jj]ahr(?:e|es)?|"
                   r"(?:[Ii]m|[Ii]n der) (?:Spät|Früh)?(?:sommer|herbst|winter|frühling|frühjahr|jahr|hälfte)\w*|"
                   r"[Ee]nde|[Aa]nfang|(?:zum |zu )?Jahres(?:ende|anfang|beginn|mitte)|"
                   r"[Mm]itte|[Ss]eit) ((?:19|20)\d{2})\b", re.I)
# A date that dates a document, not a step: "Schreiben vom 26. Februar 2021", "Antrag vom"; but a session's or
# a decision's "vom" dates the step: "in seiner Sitzung vom 19. März 2024", "Beschluss des Gemeinderates vom".
# A date after "seit" or "ab" dates a state, not a step: "aufgrund der seit 19. Oktober 2020 geltenden Pandemiestufe",
# "in der ab 19. Oktober 2020 gültigen Fassung".
_DOCUMENT_DATE = re.compile(r"\b(?:vom|Stand:?|Datum:?|(?:seit|ab)(?: dem)?)\s*$")
_STEP_VOM = re.compile(r"(?:[Ss]itzung|[Bb]escheid|"
                       r"[Bb]eschlu(?:ss|ß)(?:es)?(?:\s+de[sr]\s+\S+(?:\s+der\s+Stadt\s+\S+)?)?)"
                       r"\s+vom\s*$")
# A bare year next to the step's participle: "wurde 2021 erarbeitet und beschlossen", "2022 wurde … beauftragt",
# "dem Planungsausschuss 2010 bereits vorgestellt"; not a budget's or a plan's year ("Haushalt 2024").
_BARE_YEAR = re.compile(r"(?:^\W*|\b(?:wurden?|ist|sind|hat|hatte|haben|hatten)\b[^.;:]{0,60}?\s)((?:19|20)\d{2})\s+"
                        r"(?:(?:wurden?|hat|hatte|bereits|erstmals|erneut|zuletzt|nochmals)\s+)?[a-zäöüß]{3,}"
                        # a relative clause: "die Förderung, die 2013 durch den Gemeinderat beschlossen wurde"
                        r"|,\s+(?:die|der|das|den|dem)\s+((?:19|20)\d{2})\s+(?:durch|vom|von|im|in|bereits|erstmals)\b"
                        # the adjective of a decision: "der bereits 2020 beschlossenen Umfahrung"
                        # "die 2014 beschlossene teilweise Herausnahme", "vom Gemeinderat 2012 einstimmig verabschiedet"
                        r"|\b((?:19|20)\d{2})\s+(?:(?:einstimmig|mehrheitlich|bereits|erstmals)\s+)?"
                        r"(?:beschlossene|verabschiedete|genehmigte)[nmrs]?\s+(?:[a-zäöü]\w+\s+)?[A-ZÄÖÜ]")
_YEAR_OF_THING = re.compile(r"(?:[Hh]aushalt\w*|[Ww]irtschafts\w+|[Jj]ahresabschluss|Bericht|Plan|Programm|Konzept|"
                            r"Stand|Nr\.|Drucksache|Jahr|Vorlage)\s+$")
# A body named inside a compound: "Gemeinderatsbeschluss", "Sozialausschusssitzung", "Ratsbeschluss".
_BODY_COMPOUND = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]*(?:rat|ausschuss|beirat))s?(?:beschlu(?:ss|ß)|sitzung)", re.I)
# "im Rat", "vom Rat", "der Rat": the council by its short name, which the gazetteer leaves out (advice).
_BARE_COUNCIL = re.compile(r"\b(?:[Ii]m|[Vv]om|[Dd]em|[Dd]er|[Dd]en|[Dd]es|dessen) (Rat(?:es|s)?)\b(?! der Stadt)")
# A body by a compound name the organisation rules leave to context: "Der Stiftungsrat hat … beschlossen",
# "Der Neureuter Ortschaftsrat", "Der Aufsichtsrat der KASIG", "Die Kommission hat in ihrer Sitzung", "durch
# Beschluss der Verbandsversammlung" (an association's assembly; a Bürgerversammlung is an event, not a body).
_NAMED_BODY = re.compile(r"\b(?:[Dd]er|[Dd]ie|[Dd]em|[Dd]en|[Dd]es|im|vom)\s+((?:[A-ZÄÖÜ][a-zäöüß]+er\s+)?"
                         r"(?:[A-ZÄÖÜ][a-zäöüß]*(?:rat|ausschuss|beirat|kommission)|Kommission|"
                         r"(?:Verbands|Voll|Mitglieder)versammlung)(?:es|s)?\b"
                         r"(?:\s+der\s+[A-ZÄÖÜ]{2,}\b)?)")
# A working group of the process acting: "beschloss die Steuerungsgruppe, ein Institut zu beauftragen".
_GROUP = re.compile(r"\b(?:die|der) ((?:Steuerungs|Lenkungs|Arbeits|Projekt)(?:gruppe|kreis))\b")
# The town itself acting: "hat die Stadt Karlsruhe … beauftragt".
_TOWN = re.compile(r"\b(?:[Dd]ie|der) (Stadt [A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)\b")
# What has long been done is no plan: "Daher wird seit 2014 jährlich über … berichtet", "Für Eingriffe werden in der
# Regel externe Fachbüros beauftragt" (but "Der Gemeinderat wird regelmäßig informiert" is one).
_HABITUAL = re.compile(r"\b(?:stets|laufend|seit|in der Regel)\b")
# A body named by a word that points back: "stimmte dieser … zu", "das Gremium hat".
_BACK = re.compile(r"\b(?:dieser|[Dd]ieses Gremium|[Dd]as Gremium)\b")
_BODY_WORD = re.compile(r"(?:[Rr]at|[Aa]usschuss|[Bb]eirat|[Rr]ates|[Aa]usschusses)\b")
# A step told under a condition or in the subjunctive has not happened: "Falls der Antrag genehmigt wird", "sofern …
# beschlossen", "Eine Mehrfachbeauftragung würde ca. 3 Monate beanspruchen", "wäre … wünschenswert".
# "sollte" opening a clause is a condition ("Sollte der Antrag genehmigt werden", ", sollten …"); inside one it
# is a plan ("Darüber sollte der Gemeinderat … entscheiden").
_CONDITION = re.compile(r"\b(?:[Ff]alls|[Ss]ofern|[Ss]oweit|würden?|müssten?|wären?)\b|(?:^|[,;:]\s*)[Ss]ollten?\b")
# A short line of no lowercase word before a line break is a table row or a header field ("Gremium Termin
# TOP ö nö", "Gemeinderat 10.12.2019 27 x", "Kurzfassung"), not a wrapped line of prose ("Im Gemeinderat am").
_SHORT_LINE = 45
_WORDS = re.compile(r"\b(?!nö\b)[a-zäöüß]{2,}\b|[-,]$|^(?:Der|Die|Das|Dem|Den|Des|Im|Am|In|Vom|Zum|Zur|Ein|Eine)\s")
# A date's dots would end the words' reach ("werden dem Gemeinderat am 22. Januar 2019 zur Beschlussfassung
# vorgelegt"): the kinds are read with a digit's dot taken out.
_DIGIT_DOT = re.compile(r"(?<=\d)\.")
_EVENT_HELD = re.compile(r"\b(?:statt|stattgefunden|stattfand|durchgeführt|veranstaltet|organisiert)\b")
# An event still to come is a plan: "Am 20.09.2008 wird ein Freiwilligentag … durchgeführt", "Für das Vorhaben wird
# ein Verfahren mit Öffentlichkeitsbeteiligung durchgeführt".
_EVENT_TO_COME = re.compile(r"\b(?:wird|werden)\b[^.;]{0,160}\b(?:durchgeführt|veranstaltet|stattfinden|angeboten)\b")
# What a body has not done is no step of it: "Die Forstverwaltung hat bisher nicht zugestimmt", "wir haben dem
# Doppelhaushalt nicht zugestimmt".
_NOT_DONE = re.compile(r"\b(?:nicht|nie)\s+(?:mehr\s+)?(?:zugestimmt|beschlossen|verabschiedet|genehmigt|beauftragt|"
                       r"befürwortet|beraten|gefolgt)\b")
# What is not planned is no plan: "Die Anbringung von Pfosten ist nicht vorgesehen", "keine Tarifanpassungen
# vorgesehen sind"; nor is a design: "Die Wohnungen sind so geplant, dass …".
_NOT_PLANNED = re.compile(r"\b(?:nicht|keine?[nmrs]?)\b(?:\s+[\wäöüß.-]+){0,6}?\s+(?:vorgesehen|geplant|angedacht|"
                          r"beabsichtigt)\b|\bso (?:geplant|vorgesehen), dass\b")
# "vorgesehen" without a step's verb is mostly what a design provides ("Eine Toilettenanlage ist … vorgesehen", "Auf
# Teilflächen ist eine Dachbegrünung vorgesehen"): a plan only where it names an act ("ist vorgesehen, die Poller
# auszutauschen", "ein Workshop ist vorgesehen"). Asking the same of "geplant" lost more plans than it saved
# ("Eine weitere Geschwindigkeitsmessung ist geplant").
_PROVIDED = re.compile(r"\bvorgesehen\b")
_PLANNED_ACT = re.compile(r"\b(?:zu\s+[a-zäöü]{2,}e[lr]?n|[a-zäöü]+zu[a-zäöü]{2,}e[lr]?n)\b|"
                          r"(?:[Ff]orum|[Ww]orkshop|[Vv]eranstaltung|[Bb]eschluss|[Vv]erfahren|[Tt]ermin|[Ww]ettbewerb)")
# A deadline dates no step that happened: "im Rahmen der bis zum 16.11.2018 dauernden Anhörungsfrist".
_DEADLINE = re.compile(r"\bbis (?:zum|spätestens|spätestens zum)\s*$")
# A body's session before the decision: "Nach Vorberatung im Planungsausschuss am 14. März 2024 fasste der
# Gemeinderat am 19. März 2024 den Beschluss": the committee consulted, the council decided.
_PRIOR_CONSULTATION = re.compile(r"\b(?:Vorberatung|Vorberatungen|vorberaten|Beratung)\s+"
                                 r"(?:im|in\s+der|in\s+dem|des|der)\s*$")
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
    previous: list[Match] = []
    for start, end in telling(list(_prose(text, telling(sentences)))):
        if end - start > MAX_SENTENCE:
            continue
        sentence = text[start:end]
        if _CONDITION.search(sentence) or sentence.rstrip().endswith("?"):
            continue  # a condition or a question ("Welche Maßnahmen sind geplant?") tells no step
        recorded = any(a <= start < b for a, b in zones)
        past = recorded or words.past.search(_DIGIT_DOT.sub(" ", sentence)) is not None
        evidence = " ".join(sentence.split())
        told: list[tuple[int, int, str, str | None, list[Match], list[Match]]] = []  # clause, kind, dates, bodies
        for part_start, part_end, joined in _clauses(sentence, start):
            part = text[part_start:part_end]
            # The findings inside the part, by bisection: a page of 50,000 sentences and 4,000 dates stays linear.
            near = dates[bisect_left(date_starts, part_start):bisect_left(date_starts, part_end)]
            inside_dates = [d for d in near if d.kind == "range_start"  # "vom 23. August bis 24. September"
                            or not _DOCUMENT_DATE.search(text[part_start:d.start])
                            or _STEP_VOM.search(text[max(part_start, d.start - 80):d.start])]
            kind, outcome = _kind(part, words, bool(inside_dates or _year(part)), recorded, past)
            if kind is None:
                continue
            if kind != "plan":
                inside_dates = [d for d in inside_dates
                                if not _DEADLINE.search(text[max(part_start, d.start - 20):d.start])]
            named = organizations[bisect_left(org_starts, part_start):bisect_left(org_starts, part_end)]
            inside_orgs = [o for o in named if o.kind in _ACTOR_KINDS]
            inside_orgs += _extra_bodies(part, part_start, inside_orgs)
            if not inside_orgs and told:
                inside_orgs = told[-1][5]  # "… hat … zur Kenntnis genommen und wird am 19.09.2011 beraten"
            elif not inside_orgs and _BACK.search(part):
                inside_orgs = previous  # "Zuletzt stimmte dieser … zu": the body of the sentence before
            if not inside_dates and told and joined == "and":
                inside_dates = told[-1][4]  # "stimmte am 20. Juli 2011 zu und genehmigte …": the same session
            if kind == "event" and not past and _EVENT_TO_COME.search(part):
                kind = "plan"
            elif kind == "event" and not inside_dates and not _EVENT_HELD.search(part):
                continue  # a workshop named, not held
            told.append((part_start, part_end, kind, outcome, inside_dates, inside_orgs))
        if told:
            previous = told[-1][5]
        for part_start, part_end, kind, outcome, inside_dates, inside_orgs in told:
            part = text[part_start:part_end]
            pairs = _listed(inside_dates, text, inside_orgs) if kind == "event" else []
            pairs = pairs or _pairs(inside_dates, inside_orgs, part)
            if kind == "consultation" and len(pairs) == 1:
                pairs = [(pairs[0][0], body) for body in _joint(inside_orgs, text)] or pairs
            for day, body in pairs:
                own = kind
                if body is not None and kind == "decision" and _PRIOR_CONSULTATION.search(
                        text[max(0, body.start - 40):body.start]):
                    own = "consultation"
                steps.append(Step(day, body.value if body else None, own, outcome if own == "decision" else None,
                                  evidence, start, end))
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


def _kind(sentence: str, words, dated: bool, recorded: bool = False,
          past: bool | None = None) -> tuple[str | None, str | None]:
    """The step's kind by the words of the sentence (a plan when it is announced), and a decision's outcome;
    `recorded`: the sentence is part of a resolution minutes record ("Beschluss: …"), told in the present."""
    # the words' patterns write one space where PDF text breaks lines ("gemäß \nBeschluss des Gemeinderates")
    sentence = _NOT_DONE.sub(" ", _NOT_PLANNED.sub(" ", _DIGIT_DOT.sub(" ", " ".join(sentence.split()))))
    habitual = _HABITUAL.search(sentence) is not None
    if not recorded and not habitual and any(p.search(sentence) for p in words.plan):
        return "plan", None
    found: dict[str, str | None] = {}
    announced = not recorded and any(p.search(sentence) for p in words.announce)
    if past is None:  # else the whole sentence's, for one of its clauses
        past = recorded or words.past.search(sentence) is not None
    for pattern in words.patterns:
        if pattern.kind in found or (pattern.tense == "past" and not (past or announced)) \
                or (pattern.tense == "plan" and not announced) or (pattern.tense == "minutes" and not recorded) \
                or (pattern.dated and not dated):
            continue
        if pattern.regex.search(sentence):
            found[pattern.kind] = pattern.outcome
    if not found:  # "Ein Workshop ist geplant"; not "Auf Teilflächen ist eine Dachbegrünung vorgesehen"
        designed = _PROVIDED.search(sentence) and not _PLANNED_ACT.search(sentence)
        return ("plan", None) if announced and not habitual and not designed else (None, None)
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
    for pattern in (_BODY_COMPOUND, _BARE_COUNCIL, _TOWN, _GROUP, _NAMED_BODY):
        for m in pattern.finditer(sentence):
            begin, finish = offset + m.start(1), offset + m.end(1)
            if all(finish <= s or begin >= e for s, e in spans):
                name = re.sub(r"(?<=rat)(?:es|s)(?= der |$)|(?<=ausschuss)es(?= der |$)|(?<=kommission)s$", "",
                              m.group(1))
                kind = "administration" if pattern is _TOWN else None if pattern is _GROUP else "council"
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
            paired.append((d.value, before[-1]))
        else:
            if len({body.value for _, body in paired}) > 1:
                return paired
    subject = _subject(bodies)
    # "Nach einer Beteiligung im Frühjahr 2015 hat der Gemeinderat im Oktober 2015 entschieden": of several dates, the
    # one just after the acting body is its session's
    after = [d for d in values[1:] if subject is not None and 0 <= d.start - subject.end <= PAIR_REACH // 2]
    day = after[0].value if after else values[0].value if values else _year(sentence)
    return [(day, subject)]


# "Vorberatung im Sozialausschuss bzw. im Jugendhilfeausschuss", "im Ortschaftsrat und im Hauptausschuss": bodies
# listed one after the other, each consulted.
_AND_BODY = re.compile(r"\s*(?:,|und|bzw\.|sowie)\s*(?:(?:auch\s+)?(?:im|in der|in dem|vom|von der)\s+)?")


def _joint(bodies: list[Match], text: str) -> list[Match]:
    """Council bodies listed one after another in a consultation, each its own step; [] unless there are several."""
    councils = sorted((b for b in bodies if b.kind == "council"), key=lambda b: b.start)
    gaps = [text[a.end:b.start] for a, b in zip(councils, councils[1:], strict=False)]
    if len(councils) < 2 or not all(_AND_BODY.fullmatch(gap) for gap in gaps):
        return []
    return councils


# "am 04.10.2017 und am 10.10.2017", "am 3., 5. und 7. Mai": dates listed one after the other.
_LISTED = re.compile(r"\s*(?:,|und|sowie)\s*(?:am\s+)?")


def _listed(dates: list[Match], text: str, bodies: list[Match]) -> list[tuple[str, Match | None]]:
    """Events on dates listed one after another ("Workshops am 04.10.2017 und am 10.10.2017"): one per date."""
    values = [d for d in dates if d.kind != "range_end"]
    gaps = [text[a.end:b.start] for a, b in zip(values, values[1:], strict=False)]
    if len(values) < 2 or not all(_LISTED.fullmatch(gap) for gap in gaps):
        return []
    body = _subject(bodies)
    return [(d.value, body) for d in values]


# Two steps in one sentence, their clauses joined by "und": "… zur Kenntnis genommen und wird am 19.09.2011 nochmals
# beraten", "vom Gemeinderat beschlossen und anschließend vom Regierungspräsidium genehmigt", "stimmte … zu und
# genehmigte …". A clause that names no body has the one before's; one joined by "und" alone, its date too.
_CLAUSE = re.compile(r"\s(?:,\s*)?und\s+(?:(anschließend|danach|später|dann)\s+|(?=(?:wird|werden|hat|haben|hatte|"
                     r"wurde|wurden|genehmigte|beschloss|stimmte|beauftragte|verabschiedete|nahm)\b))"
                     # "… zur Kenntnis genommen und die beschriebene Vorgehensweise befürwortet": noted, then decided
                     r"|(?<=zur Kenntnis genommen)\s+und\s+")


def _clauses(sentence: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, how it is joined to the one before: "first", "and" or "then") of each clause of a sentence."""
    parts, begin, joined = [], 0, "first"
    for m in _CLAUSE.finditer(sentence):
        parts.append((offset + begin, offset + m.start(), joined))
        begin, joined = m.end(), "then" if m.group(1) else "and"
    parts.append((offset + begin, offset + len(sentence), joined))
    return parts


def _year(sentence: str) -> str | None:
    m = _YEAR.search(sentence)
    if m:
        return m.group(1)
    for bare in _BARE_YEAR.finditer(sentence):
        group = next(i for i in (1, 2, 3) if bare.group(i))
        if not _YEAR_OF_THING.search(sentence[:bare.start(group)]):
            return bare.group(group)
    return None


def _subject(bodies: list[Match]) -> Match | None:
    """The acting body: of several, a council body before others; of those, the first named."""
    if not bodies:
        return None
    councils = [b for b in bodies if b.kind == "council"]
    return sorted(councils or bodies, key=lambda b: b.start)[0]

"""Votes where they are printed: "einstimmig", "bei 2 Gegenstimmen und 1 Enthaltung", "Ja 4, Nein 0".

The semantics are the annotation rules' (tests/annotations/README.md, field `votes`): counts as
printed; `unanimous` true where "einstimmig" is printed, false where "mehrheitlich" or a vote
against is, else None. Precision first: a number counts only where a vote's label says so, never
a date, a paragraph or "Tagesordnungspunkt 3". One pass over the text:

1. parts: labelled counts ("41 Ja-Stimmen", "Dafür: 8", "25 zu 24 Stimmen", a row "38 0 0" of a
   table headed "Ja Nein Enth."), flags ("einstimmig", "mehrheitlich");
2. parts printed together, each count once, make one vote ("Beschluss: einstimmig zugestimmt /
   Abstimmung: Ja: 4, Nein: 0, Enthaltungen: 6" is one);
3. a vote printed twice counts once.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.nlp.resources import VoteWords, load_vote_words

YES, NO, ABSTAIN = 0, 1, 2
MAX_GAP = 60  # characters between two parts of one vote at most
BEFORE, AFTER = 25, 30  # characters around "mehrheitlich" searched for a decision word
HYPOTHETICAL_CHARS = 35  # characters before a flag searched for "kann nur", "bedarf"
LABEL_CHARS = 30  # characters before a lone weak count searched for a vote label
SHORT_LINE = 40  # a line this short holding "mehrheitlich" is a result field
TABLE_LINES = 8  # lines under a "Ja Nein Enth." header read as its rows
CONTEXT_CHARS = 30  # letters and digits either side that tell one printed passage from another
SENTENCE_CHARS, SENTENCE_MIN = 300, 40  # a vote's sentence: searched this far, this many letters to compare
WORD_CHARS = 25  # the longest word of a context list ("Abstimmungsergebnisse"), to search windows whole

_NOT_LETTER = r"(?![a-zäöüß])"
_NUMBER = r"(?<![\d.,/:])\d{1,5}(?![\d.,/]\d)"  # not part of a date, a decimal or "2/3"
_FIRST, _NEXT, _END = r"(?<![\d.,/:])\d{1,5}", r"\d{1,5}", r"(?![.,/:]?\d)"  # of "11:11", "12/3/1"
_SENTENCE_END = re.compile(r"[.!?]\s")
_BLANK_LINE = re.compile(r"\n[ \t\xa0]*\n")
_ENUMERATOR = re.compile(r"(?:^|[\s,;:])[a-h]\)")  # "a) einstimmig, 0 Enthaltungenb) 9 Ja-Stimmen"
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[^0-9a-zäöüß]+")
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s|$)|\n[ \t\xa0]*\n")
# A row of a table headed "Ja Nein Enth.": three bare numbers ("Rat 08.10.2026 2 4/2026 38 0 0 Freigabe fehlt").
_TABLE_HEADER = re.compile(r"(?<![A-Za-zÄÖÜäöüß])Ja[ \t]+Nein[ \t]+(?:Enth\.?|(?:Stimm)?[Ee]nthaltung(?:en)?)"
                           + _NOT_LETTER)
_TABLE_RUN = re.compile(r"(?<![\w./:,-])\d{1,4}(?:[ \t]+\d{1,4})+(?![\w./:,-])")


@dataclass(frozen=True)
class Vote:
    """One printed vote: its counts where printed, whether unanimous, and where it stands in the text."""

    yes: int | None
    no: int | None
    abstain: int | None
    unanimous: bool | None
    text: str  # as printed, from its first part to its last
    start: int
    end: int

    @property
    def key(self) -> tuple[int | None, int | None, int | None, bool | None]:
        return self.yes, self.no, self.abstain, self.unanimous

    def as_dict(self) -> dict:
        """As `pipeline extract` shows it and the store keeps it, the text's white space collapsed."""
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain, "unanimous": self.unanimous,
                "text": " ".join(self.text.split())}


@dataclass
class _Part:
    start: int
    end: int
    counts: dict[int, int] = field(default_factory=dict)  # YES / NO / ABSTAIN -> number
    flag: bool | None = None  # True "einstimmig", False "mehrheitlich" or "nicht einstimmig"
    strong: bool = False  # a vote by itself
    labelled: bool = False  # a weak count after a vote label ("Abstimmung: Dafür 11")


@dataclass
class _Group:
    parts: list[_Part]
    counts: dict[int, int] = field(default_factory=dict)
    flag: bool | None = None

    def add(self, part: _Part) -> _Group:
        self.parts.append(part)
        self.counts.update(part.counts)
        self.flag = part.flag if part.flag is not None else self.flag
        return self


@dataclass(frozen=True)
class _Grammar:
    parts: re.Pattern
    numbers: dict[str, int]
    articles: frozenset[str]
    decision: re.Pattern
    vote_label: re.Pattern
    hypothetical: re.Pattern
    separator: re.Pattern
    heading: re.Pattern


def _any(fragments: tuple[str, ...]) -> str:
    return "(?:" + "|".join(fragments) + ")"


@lru_cache(maxsize=4)
def _grammar(words: VoteWords) -> _Grammar:
    """The one pattern of every part, and the context patterns, made of data/nlp/votes.toml."""
    numbers = dict(words.numbers)
    number_words = r"(?<![A-Za-zÄÖÜäöüß])" + _any(tuple(sorted(numbers, key=len, reverse=True))) + _NOT_LETTER
    strong = {rank: _any(words.label(name)) for rank, name in ((YES, "yes_strong"), (NO, "no_strong"),
                                                                (ABSTAIN, "abstain_strong"))}
    weak = {YES: _any(words.label("yes_weak")), NO: _any(words.label("no_weak"))}
    count_label = (f"(?:(?P<ys>{strong[YES]})|(?P<ns>{strong[NO]})|(?P<sa>{strong[ABSTAIN]})"
                   f"|(?P<yw>{weak[YES]}){_NOT_LETTER}|(?P<nw>{weak[NO]}){_NOT_LETTER})")
    # not "1= ja 2= nein 9= k.A." (a form's boxes); "Ja-Stimmen :8" (Osnabrück's minutes) glues the colon to the count
    label_count = (f"(?<![A-Za-zÄÖÜäöüß-])(?:(?P<lys>{strong[YES]})|(?P<lns>{strong[NO]})|(?P<las>{strong[ABSTAIN]})"
                   f"|(?P<lyw>{weak[YES]})|(?P<lnw>{weak[NO]}))\\s*:?\\s*(?P<lnum>\\d{{1,5}})(?![\\d.,/:]\\d)(?!\\s*=)")
    alternatives = [
        # "mit 25 zu 24 Stimmen", "11:11 Stimmen", "mit 12 gegen 3 Stimmen"
        rf"(?P<p1>{_FIRST})\s*(?::|zu|gegen)\s*(?P<p2>{_NEXT})(?:\s*(?::|zu)\s*(?P<p3>{_NEXT}))?{_END}"
        r"\s*(?:Ja-)?Stimmen?(?!th)",
        # "Abstimmungsergebnis: 12 : 3 : 1", "Abstimmung: 12/0/1"
        _any(words.vote_labels) + rf"\s*:?\s*(?P<v1>{_FIRST})\s*[:/]\s*(?P<v2>{_NEXT})"
        rf"(?:\s*[:/]\s*(?P<v3>{_NEXT}))?{_END}(?!\s*Uhr)",
        # "Ja/Nein/Enthaltung: 12/3/1"
        r"(?<![A-Za-zÄÖÜäöüß])Ja\s*/\s*Nein(?:\s*/\s*(?:Stimm)?Enth(?:altung(?:en)?|\.)?)?\s*:?\s*"
        rf"(?P<s1>{_FIRST})\s*/\s*(?P<s2>{_NEXT})(?:\s*/\s*(?P<s3>{_NEXT}))?{_END}",
        # "25 Stimmen für …", "3 Stimmen dagegen"
        rf"(?P<fn>{_NUMBER}|{number_words})\s*Stimmen?\s+(?:(?P<sfor>dafür|für)|dagegen|gegen(?!\s*\d)){_NOT_LETTER}",
        # "41 Ja-Stimmen", "zwei Gegenstimmen", "2 JA", "15-Ja-Stimmen", "Bei38Ja-Stimmenund4Nein-Stimmen"
        # (a text without spaces)
        rf"(?:(?P<num>{_NUMBER})\s*-?\s*|(?P<word>{number_words})\s+){count_label}(?!\s*:\s*\d)",
        # "Ja-Stimmen: 41", "Ja 4", "Dafür: 8", "pro 1046"
        label_count,
        # "einstimmig", "nicht einstimmig", "mehrheitlich"
        rf"(?:(?P<neg>{_any(words.negations)})\s+)?(?P<uni>{_any(words.unanimous)})|(?P<maj>{_any(words.majority)})",
    ]
    # Every part starts at a digit or a word's start, or is a flag glued to the word before it
    # ("Stimmenmehrheitlichzugestimmt" in a text without spaces): tried only there, twice as fast.
    start = r"(?=\d|(?<![a-zäöüß])[a-zäöüß]|einstim|mehrheit|abstimm)"
    return _Grammar(
        parts=re.compile(start + "(?:" + "|".join(alternatives) + ")", re.IGNORECASE),
        numbers=numbers,
        articles=frozenset(words.articles),
        decision=re.compile(_any(words.decisions), re.IGNORECASE),
        vote_label=re.compile(_any(words.vote_labels) + r"\s*:?\s*[^\n]{0,%d}$" % LABEL_CHARS, re.IGNORECASE),
        hypothetical=re.compile(r"(?<![a-zäöüß])" + _any(words.hypotheticals) + _NOT_LETTER
                                + r"[^.!?]{0,%d}$" % HYPOTHETICAL_CHARS, re.IGNORECASE),
        separator=re.compile(_any(words.separators) + r"\w*[^\n:\d]{0,40}?[:\d]", re.IGNORECASE),
        heading=re.compile(r"^[ \t]*" + _any(words.headings), re.MULTILINE),
    )


def read_votes(text: str) -> list[Vote]:
    """Every vote the text prints, in order; a vote printed twice (a summary and its counts) once."""
    if not text:
        return []
    grammar = _grammar(load_vote_words())
    parts = _parts(text, grammar)
    votes = [vote for group in _groups(text, parts, grammar) if (vote := _vote(text, group, grammar))]
    return _counted_flags(text, _once(text, votes, grammar))


FLAG_TO_COUNTS = 80  # characters between "Einstimmig angenommen." and the counts printed under it
_FLAG_TAIL = re.compile(r"[^\d\W]*[\s.,:;]*(?:[^\d\W]+[\s.,:;]*)?")  # the decision word, no other row's figures


def _counted_flags(text: str, votes: list[Vote]) -> list[Vote]:
    """A flag and the counts printed right under it are one vote: "Einstimmig angenommen." / "Ja-Stimmen :8" /
    "Nein-Stimmen :0" (Osnabrück's minutes) is a unanimous vote of 8 to 0."""
    out: list[Vote] = []
    for vote in votes:
        flag = out[-1] if out else None
        if (flag is not None and flag.unanimous is not None and (flag.yes, flag.no, flag.abstain) == (None, None, None)
                and vote.unanimous is None and vote.start - flag.end <= FLAG_TO_COUNTS
                and _FLAG_TAIL.fullmatch(text[flag.end:vote.start]) and (vote.no in (0, None)) == flag.unanimous):
            out[-1] = Vote(vote.yes, vote.no, vote.abstain, flag.unanimous, f"{flag.text} / {vote.text}", flag.start,
                           vote.end)
        else:
            out.append(vote)
    return out


def result_votes(result: str | None, resolution_text: str | None = None) -> list[dict]:
    """The votes of an agenda item's or a consultation's result, then those of its resolution text
    that the result does not print already, as `pipeline extract` and the store give them.

    A result that only says how ("mehrheitlich beschlossen") and a resolution text with the one count
    ("Abstimmung: Ja 9, Nein 2") print one vote.
    """
    votes = read_votes(result or "")
    printed = {vote.key for vote in votes}
    more = [vote for vote in read_votes(resolution_text or "") if vote.key not in printed]
    counted = [vote for vote in more if (vote.yes, vote.no, vote.abstain) != (None, None, None)]
    if len(votes) == 1 and len(counted) == 1 and votes[0].key[:3] == (None, None, None) \
            and counted[0].unanimous in (None, votes[0].unanimous):
        flag, count = votes[0], counted[0]
        votes = [Vote(count.yes, count.no, count.abstain, flag.unanimous, f"{flag.text} / {count.text}", flag.start,
                      flag.end)]
        more.remove(count)
    return [vote.as_dict() for vote in votes + more]


def document_votes(pages: list[str]) -> list[dict]:
    """The votes a document prints on all its pages, in order."""
    return [vote.as_dict() for vote in read_votes("\n".join(pages))]


def _parts(text: str, grammar: _Grammar) -> list[_Part]:
    parts = []
    for m in grammar.parts.finditer(text):
        part = _part(text, m, grammar)
        if part is not None:
            parts.append(part)
    taken = [(p.start, p.end) for p in parts]
    for row in _table_rows(text):
        i = bisect.bisect_left(taken, (row.start, row.end))
        if all(not (s < row.end and row.start < e) for s, e in taken[max(0, i - 1):i + 1]):
            parts.append(row)
    return sorted(parts, key=lambda p: p.start)


def _part(text: str, m: re.Match, grammar: _Grammar) -> _Part | None:
    """One labelled count or flag; None where the context says it is no vote."""
    g = m.groupdict()
    part = _Part(m.start(), m.end())
    if g["p1"]:
        part.counts = _ranked(g["p1"], g["p2"], g["p3"])
        part.strong = True
    elif g["v1"]:
        part.counts = _ranked(g["v1"], g["v2"], g["v3"])
        part.strong = True
    elif g["s1"]:
        part.counts = _ranked(g["s1"], g["s2"], g["s3"])
        part.strong = True
    elif g["fn"]:
        part.counts = {YES if g["sfor"] else NO: _value(g["fn"], grammar)}
    elif g["num"] or g["word"]:
        rank = YES if g["ys"] or g["yw"] else NO if g["ns"] or g["nw"] else ABSTAIN
        word = (g["word"] or "").lower()
        if word and (g["yw"] or g["nw"] or _hypothetical(text, m.start(), grammar)):
            return None  # "eine Ja" is no count; "wenn sie dies ohne Gegenstimme beschließt" a rule
        part.counts = {rank: _value(g["num"] or word, grammar)}
        if word in grammar.articles:  # "eine Enthaltung" may be the article: a vote beside a decision word
            part.strong = _decided(text, part.start, part.end, grammar)
        else:
            part.strong = bool(g["ys"] or g["ns"] or g["sa"])
    elif g["lnum"]:
        rank = YES if g["lys"] or g["lyw"] else NO if g["lns"] or g["lnw"] else ABSTAIN
        part.counts = {rank: int(g["lnum"])}
        part.strong = bool(g["lys"] or g["lns"] or g["las"])
    elif g["uni"]:
        if _hypothetical(text, m.start(), grammar):
            return None  # "kann nur einstimmig beschlossen werden"
        part.flag = not g["neg"]
        part.strong = True
    else:  # "mehrheitlich", "Rest Ablehnung": beside a decision word or alone on its line, not "mehrheitlich städtisch"
        part.flag = False
        part.strong = _decided(text, part.start, part.end, grammar) or _alone_on_line(text, part.start, part.end)
    if not part.strong and part.counts:
        part.labelled = bool(grammar.vote_label.search(text, max(0, part.start - LABEL_CHARS - WORD_CHARS), part.start))
    return part


def _hypothetical(text: str, start: int, grammar: _Grammar) -> bool:
    return bool(grammar.hypothetical.search(text, max(0, start - HYPOTHETICAL_CHARS - WORD_CHARS), start))


def _ranked(*values: str | None) -> dict[int, int]:
    return {rank: int(value) for rank, value in enumerate(values) if value is not None}


def _value(number: str, grammar: _Grammar) -> int:
    return int(number) if number.isdigit() else grammar.numbers[number.lower()]


def _decided(text: str, start: int, end: int, grammar: _Grammar) -> bool:
    return bool(grammar.decision.search(text, max(0, start - BEFORE), min(len(text), end + AFTER)))


def _alone_on_line(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - SHORT_LINE - 1):start].rsplit("\n", 1)[-1]
    after = text[end:end + SHORT_LINE + 1].split("\n", 1)[0]
    return len((before + text[start:end] + after).strip()) <= SHORT_LINE


def _table_rows(text: str) -> list[_Part]:
    """Rows of a table headed "Ja Nein Enth." (PROVOX's Beratungsfolge): exactly three bare numbers in a line."""
    rows, read_to = [], 0
    for header in _TABLE_HEADER.finditer(text):
        position = text.find("\n", header.end())
        for _ in range(TABLE_LINES):
            if position < read_to:  # the end of the text, or lines read under an earlier header
                break
            end = text.find("\n", position + 1)
            line = text[position + 1:end if end >= 0 else len(text)]
            if not line.strip():
                break
            runs = [run for run in _TABLE_RUN.finditer(line) if len(run.group().split()) == 3]
            if len(runs) == 1:
                yes, no, abstain = runs[0].group().split()
                start = position + 1 + runs[0].start()
                rows.append(_Part(start, start + len(runs[0].group()), _ranked(yes, no, abstain), strong=True))
            position = read_to = end if end >= 0 else len(text)
    return rows


def _groups(text: str, parts: list[_Part], grammar: _Grammar) -> list[_Group]:
    """Parts printed together, each count and the flag at most once, as one group each."""
    groups: list[_Group] = []
    for part in parts:
        current = groups[-1] if groups else None
        if current is not None and _joins(text, current, part, grammar):
            current.add(part)
        else:
            groups.append(_Group([]).add(part))
    return groups


def _joins(text: str, group: _Group, part: _Part, grammar: _Grammar) -> bool:
    last = group.parts[-1]
    if part.start - last.end > MAX_GAP:
        return False
    if part.flag is not None and group.flag is not None and (part.flag != group.flag or not group.counts):
        return False  # the same flag after counts is theirs: "mehrheitlich abgelehnt (2 Ja-Stimmen, Rest Ablehnung)"
    if set(part.counts) & set(group.counts):
        return False  # "41 Ja-Stimmen, 4 Nein-Stimmen, 12 Ja-Stimmen": the third starts another vote
    gap = text[last.end:part.start]
    return not (_DIGIT.search(gap) or _BLANK_LINE.search(gap) or _SENTENCE_END.search(gap)
                or _ENUMERATOR.search(gap) or grammar.separator.search(gap))


def _vote(text: str, group: _Group, grammar: _Grammar) -> Vote | None:
    counts, parts = group.counts, group.parts
    accepted = (any(p.strong for p in parts) or len(counts) >= 2 or (bool(counts) and group.flag is not None)
                or any(p.labelled for p in parts))
    if not accepted or (not counts and group.flag is None):
        return None
    unanimous = group.flag
    if unanimous is None and counts.get(NO):
        unanimous = False  # a vote against is printed
    start, end = parts[0].start, parts[-1].end
    return Vote(counts.get(YES), counts.get(NO), counts.get(ABSTAIN), unanimous, text[start:end], start, end)


def _once(text: str, votes: list[Vote], grammar: _Grammar) -> list[Vote]:
    """Each vote once: the same passage printed twice, and, within one agenda item's part of the text,
    a result without counts that a counted vote with the same flag states again ("Mehrheitlich
    zugestimmt" above "bei 29 Ja-Stimmen und 18 Nein-Stimmen mehrheitlich zugestimmt")."""
    seen, distinct = set(), []
    for vote in votes:
        key = (vote.key, _around(text, vote.start, vote.end))
        if key not in seen:
            seen.add(key)
            distinct.append(vote)
    headings = [m.start() for m in grammar.heading.finditer(text)]
    counted: dict[tuple[int, bool], deque[int]] = defaultdict(deque)
    for i, vote in enumerate(distinct):
        if vote.unanimous is not None and (vote.yes, vote.no, vote.abstain) != (None, None, None):
            counted[(bisect.bisect_right(headings, vote.start), vote.unanimous)].append(i)
    dropped = set()
    for i, vote in enumerate(distinct):
        if (vote.yes, vote.no, vote.abstain) == (None, None, None) and vote.unanimous is not None:
            restated = counted.get((bisect.bisect_right(headings, vote.start), vote.unanimous))
            if restated:
                restated.popleft()
                dropped.add(i)
    return [vote for i, vote in enumerate(distinct) if i not in dropped]


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """What tells the same passage printed twice: the letters and digits either side of a vote, within its
    sentence where that holds enough of them to be the same text again."""
    head, tail = text[max(0, start - SENTENCE_CHARS):start], text[end:end + SENTENCE_CHARS]
    opening = max((m.end() for m in _SENTENCE_BREAK.finditer(head)), default=0)
    closing = m.start() if (m := _SENTENCE_BREAK.search(tail)) else len(tail)
    before, after = _letters(head[opening:])[-CONTEXT_CHARS:], _letters(tail[:closing])[:CONTEXT_CHARS]
    if len(before) + len(after) >= SENTENCE_MIN:
        return before, after
    return _letters(head)[-CONTEXT_CHARS:], _letters(tail)[:CONTEXT_CHARS]


def _letters(text: str) -> str:
    return _ALNUM.sub("", text.lower())

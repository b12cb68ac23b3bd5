"""Action fields (Handlungsfelder): word lemmas and phrases, and where a document declares its own."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any, cast

import numpy
from spacy.attrs import IDX, LEMMA, LENGTH, ORTH
from spacy.tokens import Doc

from pipeline.nlp.match import Match
from pipeline.nlp.resources import load_neutral_heads, load_topics

_MIX = numpy.uint64(0x9E3779B97F4A7C15)
_TYPE_CACHE: dict[int, tuple[str, ...]] = {}
CACHE_LIMIT = 100_000  # word types whose topic keys are kept (see pipeline.nlp.components)


@lru_cache(maxsize=1)
def _topics():
    return load_topics()


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern, dict[str, str]]:
    """Every topic's phrases in one pattern (one pass over the text); the group name says whose."""
    groups, owners = [], {}
    for number, topic in enumerate(_topics()):
        if topic.phrases is not None:
            groups.append(f"(?P<t{number}>{topic.phrases.pattern})")
            owners[f"t{number}"] = topic.key
    # Matched on the lowercased text, and only at word starts: \b first rejects most positions at once.
    return re.compile(r"\b(?:" + ("|".join(groups) or "(?!)") + ")"), owners


@lru_cache(maxsize=1)
def _any_topic() -> re.Pattern:
    """All topics' lemma patterns in one: most words match none, and are rejected in one test."""
    return re.compile("|".join(f"(?:{t.lemmas.pattern})" for t in _topics()), re.IGNORECASE)


@lru_cache(maxsize=1 << 16)  # most words recur: a document's vocabulary is small, and so is a corpus's
def _keys_of(word: str, lemma: str) -> tuple[str, ...]:
    word, lemma = word.lower().strip("-"), lemma.lower().strip("-")
    anything = _any_topic()
    if not anything.fullmatch(lemma) and not anything.fullmatch(word):
        return _compound_keys(word) if len(word) >= MIN_COMPOUND else ()
    return tuple(t.key for t in _topics() if t.lemmas.fullmatch(lemma) or t.lemmas.fullmatch(word))


MIN_COMPOUND = 8  # letters: shorter words are not compounds worth splitting
MIN_PART = 4
_INFLECTED = ("", "s", "es", "e", "en", "n", "er", "ern")  # the head's own endings: "-angeboten", "-maßnahmen"
# Fugen-s and friends between a compound's parts: "Arbeits|politik", "Bildungs|angebote", "Sprach|förderung".
_LINKS = ("", "s", "es", "n", "en", "e")


def _direct(part: str) -> tuple[str, ...]:
    return tuple(t.key for t in _topics() if t.lemmas.fullmatch(part)) if _any_topic().fullmatch(part) else ()


def _compound_keys(word: str) -> tuple[str, ...]:
    """A compound's topics from its parts: the first part when the head carries no field, else the last part."""
    if "-" in word:  # "Integrations-Politik", "Sprach-Kurse": the parts are printed
        first, _, head = word.rpartition("-")
        return _compound_keys(first + head) if first and head else ()
    heads, tails, tail_keys = _compound_parts()
    if word.endswith(heads):
        for head in load_neutral_heads():  # longest first
            for ending in _INFLECTED:
                if word.endswith(head + ending) and len(word) - len(head) - len(ending) >= 3:
                    return _first_part(word[: len(word) - len(head) - len(ending)])
        return ()
    last = tails.search(word, 3)  # leftmost: the longest last part that is a topic word, inflected or not
    if last is None:
        return ()
    tail = last.group(0)
    return next((tail_keys[tail[: len(tail) - len(e)]] for e in _INFLECTED
                 if tail.endswith(e) and tail[: len(tail) - len(e)] in tail_keys), ())


# A lemma pattern whose core is one plain word: "schule", "quartier\w*", "\w+sprachkurs\w*".
_PLAIN_CORE = re.compile(r"^(?:\\w[*+])?([a-zäöüß]{4,})(?:\\w[*+])?$")


@lru_cache(maxsize=1)
def _compound_parts() -> tuple[tuple[str, ...], re.Pattern, dict[str, tuple[str, ...]]]:
    """Every neutral head with its endings (for one str.endswith); one pattern of the plain topic words a
    compound may end in (literals only: "sprach\\w+" as a last part would read "Aussprache" as Sprache),
    and those words' topics."""
    heads = tuple(head + ending for head in load_neutral_heads() for ending in _INFLECTED)
    tails: dict[str, list[str]] = {}
    for topic in _topics():
        for source in topic.sources:
            core = _PLAIN_CORE.match(source)
            if core and topic.key not in tails.setdefault(core.group(1), []):
                tails[core.group(1)].append(topic.key)
    keys = {word: tuple(owners) for word, owners in tails.items() if len(word) >= MIN_PART}
    words = "|".join(sorted(map(re.escape, keys), key=len, reverse=True))
    endings = "|".join(e for e in _INFLECTED if e)
    return heads, re.compile(rf"(?:{words})(?:{endings})?$"), keys


def _first_part(modifier: str) -> tuple[str, ...]:
    """The topics of a compound's first part, with or without its linking letters ("wohnungs" → "wohnung")."""
    for link in _LINKS:
        if link and not modifier.endswith(link):
            continue
        part = modifier[: len(modifier) - len(link)] if link else modifier
        for candidate in (part, part + "e"):  # "sprach" + e: Sprache
            if len(candidate) >= MIN_PART:
                keys = _direct(candidate)
                if keys:
                    return keys
    return ()


def find_topics(doc: Doc, text: str) -> list[Match]:
    """Topic words (by lemma, once per word type) and phrases; kind 'declared' inside a declared list."""
    hits: list[tuple[str, int, int]] = []
    if len(doc):
        # spaCy's stub says float64; hash attributes such as ORTH and LEMMA come as uint64.
        values = cast("numpy.ndarray[Any, numpy.dtype[numpy.uint64]]", doc.to_array([ORTH, LEMMA]))
        combined = values[:, 0] ^ (values[:, 1] * _MIX)
        types, first, inverse = numpy.unique(combined, return_index=True, return_inverse=True)
        strings = doc.vocab.strings
        keys = []
        for kind, index in zip(types.tolist(), first.tolist(), strict=True):
            found = _TYPE_CACHE.get(kind)
            if found is None:
                found = _keys_of(strings[int(values[index, 0])], strings[int(values[index, 1])])
                if len(_TYPE_CACHE) >= CACHE_LIMIT:
                    _TYPE_CACHE.clear()
                _TYPE_CACHE[kind] = found
            keys.append(found)
        has = numpy.array([bool(k) for k in keys], dtype=bool)
        positions = numpy.flatnonzero(has[inverse])
        if len(positions):
            spans = doc.to_array([IDX, LENGTH])[positions]
            for position, (start, length) in zip(positions.tolist(), spans.tolist(), strict=True):
                for key in keys[inverse[position]]:
                    hits.append((key, start, start + length))
    phrases, owners = _phrases()
    for m in phrases.finditer(text.lower()):
        hits.extend((owners[name], m.start(), m.end()) for name, value in m.groupdict().items() if value is not None)
    raw = declared_zones(text) if hits else []
    zones = _merged(raw)
    starts = [s for s, _ in zones]
    out = []
    for key, start, end in sorted(hits, key=lambda h: (h[1], h[0])):
        zone = bisect_right(starts, start) - 1
        if zone >= 0 and end <= zones[zone][1]:
            out.append(Match("topic", key, text[start:end], start, end, "declared", list_item(text, raw, start, end)))
        else:
            out.append(Match("topic", key, text[start:end], start, end, "mention"))
    return out


_ITEM_CUT = re.compile(r"[;,\n•]|(?<=\s)[-–](?=\s)")
_ITEM_AND = re.compile(r"\s(?:und|sowie|oder)\s(?![-–])")
_ITEM_TRIM = " \t-–•▪*·:.;,\u2022"


def list_item(text: str, zones: list[tuple[int, int]], start: int, end: int) -> str | None:
    """The declared list's item a topic word stands in, as printed ("Stadtentwicklung und -planung").

    A vertical list's item is its line; an enumeration in a sentence is cut at commas and
    semicolons, and also at "und"/"sowie" when it has them (not before "-planung").
    """
    around = [(s, e) for s, e in zones if s <= start and end <= e]
    if not around:
        return None
    zone_start, zone_end = min(around, key=lambda z: z[1] - z[0])
    left, right = zone_start, zone_end
    for cut in _ITEM_CUT.finditer(text, zone_start, zone_end):
        if cut.end() <= start:
            left = cut.end()
        elif cut.start() >= end:
            right = cut.start()
            break
    bullet = _BULLET.match(text[zone_start:zone_end])
    if _ITEM_CUT.search(text, zone_start + (bullet.end() if bullet else 0), zone_end):  # "Sprache, Wohnen sowie …"
        for cut in _ITEM_AND.finditer(text, left, right):
            if cut.end() <= start:
                left = cut.end()
            elif cut.start() >= end:
                right = cut.start()
                break
    item = _BULLET.sub("", " ".join(text[left:right].split()), count=1).strip(_ITEM_TRIM)  # "1. Sprache": Sprache
    return item[:MAX_ITEM] or None


def _merged(zones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping zones joined, sorted by start, so a position is looked up by bisection."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(zones):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# ---------------------------------------------------------------- declared action fields

_FIELD_WORD = (r"(?:Handlungsfeld(?:er|ern|es)?|(?:Arbeits|Themen|Förder)?[Ss]chwerpunkt(?:e|en|s)?"
               r"|Themenbereich(?:e|en)?|Themenfeld(?:er|ern)?|Leitlinie(?:n)?|Zielbereiche(?:n)?)")
# "Handlungsfeld 3: Wohnen" / "2.1 Handlungsfeld Bildung" at the start of a line: the rest of the line.
_HEADING = re.compile(r"^[ \t]*(?:\d+(?:\.\d+)*\.?[ \t]*)?(?:Handlungsfeld|Themenfeld|Schwerpunkt|Leitlinie)"
                      r"[ \t]*(?:\d+|[IVX]+)?[ \t]*[:.–-]?[ \t]+(?=\S)(.+)$", re.M)
# "Handlungsfelder:", "folgende Handlungsfelder identifiziert:", "Schwerpunkte der Beratung sind:"
# Text extraction sometimes loses the spaces around the word ("folgende vierHandlungsfeldergegliedert:").
# The words up to the colon may wrap onto the next line ("die vier Handlungsfelder des\nKonzepts bearbeitet:").
_WITH_COLON = re.compile(r"(?:(?<![a-zäöüß])" + _FIELD_WORD + r"|Handlungsfeld(?:er|ern)?|\bBereiche)"
                         r"(?:[^\n:.;]|\n(?![ \t]*\n)){0,60}:", re.M)
# "mit den Handlungsfeldern Sprache und Bildung, Wohnen sowie Gesundheit."; "Deren Schwerpunkte Natur, Klimaschutz
# und Gesundheitsförderung"; with what they belong to and a verb: "Die Schwerpunkte des Rahmenplans sind, qualitative
# … Weiterentwicklung des Wohnraumangebots", "Themenschwerpunkte der diesjährigen Bürgerumfrage waren die …".
_INLINE_CUE = (r"(?:(?:Themen|Arbeits|Förder|Handlungs|Tätigkeits|Vertiefungs|Inhalts)?[Ss]chwerpunkt(?:e|en)"
               r"|Handlungsfeld(?:er|ern)|Themenfeld(?:er|ern)|Themenbereich(?:e|en)|Zielbereich(?:e|en))")
_OWNER = (r"(?:\s+(?:des|der|dieses|dieser|unseres|unserer|ihres|ihrer|seines|seiner)(?:\s+[a-zäöüß]+e[nrs]?)?"
          r"\s+[A-ZÄÖÜ][\wäöüß-]+)")
_COPULA = r"\s+(?:sind|waren|lauten|liegen\s+(?:auf|in)|umfassen|umfassten|betreffen)\b[:,]?"
_INLINE = re.compile(r"(?:\b(?:[Ff]olgenden?|[Dd]en|[Dd]ie|[Dd]er|[Dd]eren|[Dd]essen|[Dd]iese[nr]?|[Uu]nsere[nr]?|"
                     r"[Ii]hre[nr]?|[Ss]eine[nr]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\d+)\s+"
                     + _INLINE_CUE + r"\b(?![^\n.:]{0,60}:)(?=[ \t]+[A-ZÄÖÜ„\"])"
                     r"|\b" + _INLINE_CUE + _OWNER + r"?" + _COPULA + r"(?=\s+\S))")
# One field named after its singular cue word in a sentence: "im Themenfeld Sprache und Bildung wurden …",
# "für das Themenfeld Interkulturelle Öffnung, Wohnen gewählt", "Im Themenfeld Rechtliche und wirtschaftliche
# Integration erhielt …" (Karlsruhe 12374, an advisory council's seats by field): its name runs to the first
# word in lower case that is no conjunction and no adjective before a noun. A "Themenbereich" in running text is a
# subject area, not a declared field ("Im Themenbereich Zwangs- und Armutsprostitution werden …", Karlsruhe 613263).
_GAP = r"(?:[ \t]+\n?|\n)[ \t]*"  # spaces, or one line break
_NAME_WORD = r"(?:[A-ZÄÖÜa-zäöüß][a-zäöüß]+(?:e|er|es|en)" + _GAP + r")?[A-ZÄÖÜ][\wäöüß-]+"
_NAMED_FIELD = re.compile(r"\b(?:[Ii]m|[Dd]as|[Dd]em|[Dd]es|[Ii]ns|[Zz]um|[Ee]in(?:em)?)[ \t]+"
                          r"(?:Handlungsfeld|Themenfeld|Aktionsfeld)(?:e?s)?[ \t]+"
                          r"(?P<name>" + _NAME_WORD + r"(?:(?:[ \t]*,[ \t]*|" + _GAP + r"(?:und|sowie|&)" + _GAP + r")"
                          + _NAME_WORD + r")*)")
# One priority its authors set: "legen wir als CDU-Fraktion einen Schwerpunkt auf die Belange von Kitas, Schulen und
# Bildung" (Karlsruhe 652151), "Unser Schwerpunkt liegt auf …".
_PRIORITY_ON = re.compile(r"\b(?:(?:[Ee]inen|[Uu]nseren|[Ii]hren|[Ss]einen)\s+(?:besonderen\s+)?Schwerpunkt\s+auf|"
                          r"(?:Unser|Ihr|Sein)\s+(?:besonderer\s+)?Schwerpunkt\s+liegt\s+(?:auf|bei))\s")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ„\"(])|\.\s*$|\n\s*\n", re.M)
# Bullets: the PDF's private-use symbols (Symbol and Wingdings fonts, U+F000 to U+F0FF: "\uf0b7", "\uf02d" in
# Karlsruhe 9967) among them.
_BULLET = re.compile(r"^(?:[-–•▪■□◦*·\u2022\uf000-\uf0ff\x84]+|\(?\d{1,2}[.)]|[a-z]\))\s*")
_BULLET_ONLY = re.compile(r"^(?:[-–•▪■□◦*·\u2022\uf000-\uf0ff\x84]\s*)+$")
MAX_ITEM = 90  # characters: a longer line without a bullet is prose, and ends a list
MAX_ITEMS = 20
MAX_INLINE = 500


def declared_zones(text: str) -> list[tuple[int, int]]:
    """Character spans of the text where a document lists its own action fields or priorities."""
    zones: list[tuple[int, int]] = []
    for m in _HEADING.finditer(text):
        zones.append((m.start(1), m.end(1)))
    for m in _WITH_COLON.finditer(text):
        if not all(_wrapped(text, i) for i in range(m.start(), m.end()) if text[i] == "\n"):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        if len(text[m.end():line_end].strip()) >= 3:
            zones.append((m.end(), _sentence_end(text, m.end())))
        else:
            zones.extend(_list_after(text, line_end))
    for m in _INLINE.finditer(text):
        zones.append((m.end(), _sentence_end(text, m.end())))
    for m in _NAMED_FIELD.finditer(text):
        zones.append((m.start("name"), m.end("name")))
    for m in _PRIORITY_ON.finditer(text):
        zones.append((m.end(), _sentence_end(text, m.end())))
    return zones


def _wrapped(text: str, newline: int) -> bool:
    """Whether a line break falls inside a phrase: the word before it is lowercase ("des\nKonzepts")."""
    words = text[max(0, newline - 40):newline].split()
    return bool(words) and words[-1][:1].islower()


def _sentence_end(text: str, start: int) -> int:
    """Where an enumeration that starts at start ends: a sentence end, or a line that does not run on."""
    limit = min(len(text), start + MAX_INLINE)
    end = _SENTENCE_END.search(text, start, limit)
    stop = end.start() + 1 if end else limit
    line_end = text.find("\n", start, stop)
    while line_end != -1:
        line = text[start:line_end].rstrip()
        following = text[line_end + 1 : line_end + 2]
        if not line.endswith(_RUNS_ON) and following[:1].isupper():
            return line_end
        line_end = text.find("\n", line_end + 1, stop)
    return stop


_RUNS_ON = (",", "und", "sowie", "oder", "-", "/", "&", ":")


_PAGE_MARK = re.compile(r"(?:^|\s)Seite\s+\d+(?:\s*(?:von|/)\s*\d+)?$|^[-–]\s*\d{1,3}\s*[-–]$")


def _list_after(text: str, position: int) -> list[tuple[int, int]]:
    """The items of a vertical list that starts on the line after position."""
    zones: list[tuple[int, int]] = []
    bulleted = None
    previous = ""
    blank_run = 0
    start = position + 1
    for raw in text[position + 1 : position + 1 + 4000].split("\n"):
        line_start, start = start, start + len(raw) + 1
        line = raw.strip()
        if not line:
            blank_run += 1
            if blank_run > 2 and zones:
                break
            continue
        if _PAGE_MARK.search(line):
            continue  # a running head or foot where the list crosses a page ("Ergänzende Erläuterungen  Seite 16")
        after_blank, blank_run = blank_run > 0, 0
        if _BULLET_ONLY.match(line):
            bulleted = True
            previous = "•"
            continue
        bullet = _BULLET.match(line)
        continues = (bool(zones) and not after_blank and len(line) <= 2 * MAX_ITEM
                     and (line[0].islower() or previous.endswith(("-", " und", " oder"))))
        if bullet or previous == "•":
            bulleted = True if bulleted is None else bulleted
        elif continues:
            pass
        elif bulleted or len(line) > MAX_ITEM or line.endswith(":"):
            break
        offset = raw.index(line[0])
        zones.append((line_start + offset, line_start + offset + len(line)))

        previous = line
        if len(zones) >= MAX_ITEMS:
            break
    return zones

"""What council pages and documents print in their fields, whatever the vendor: labels, paper types, numbers.

The shared vocabulary of the generic readers (scrapers.generic for HTML pages, pipeline.nlp.header for
the text of documents): which label names which field, a paper type as its value or heading names it,
the number a labelled value holds, and a body's name as a meeting's name gives it.
"""

from __future__ import annotations

import re

from scrapers.base import paper_type_name

# Row labels (lower case, without colon and spaces around hyphens) by the field they name.
_LABELS = {
    "title": ("betreff", "betr.", "gegenstand", "titel", "thema", "bezeichnung", "vorlagenbezeichnung", "kurzbetreff"),
    "paper_type": ("vorlageart", "vorlage-art", "vorlagenart", "vorlagen-art", "art der vorlage", "vorlagentyp", "typ",
                   "art", "dokumentart", "dokument-art", "dokumenttyp", "drucksachenart", "drucksache-art",
                   "drucksachen-art", "drucksachentyp", "vorgangsart", "antragsart", "kategorie"),
    "reference": ("vorlage nr.", "vorlage-nr.", "vorlagen-nr.", "vorlagennr.", "vorlagennummer", "vorlage",
                  "drucksache", "drucksache nr.", "drucksachen-nr.", "drucksachennr.", "drucksachennummer", "ds-nr.",
                  "nr.", "nummer", "antragsnummer", "antrag nr.", "anfrage nr.", "vorgang", "vorgangsnummer",
                  "az.", "aktenzeichen", "sitzungsvorlage", "sitzungsnummer", "sitzung nr."),
    "date": ("datum", "sitzungsdatum", "termin", "sitzungstermin", "geplanter sitzungstermin", "erstellt",
             "erstellt am", "vom"),
    "body": ("gremium", "gremien", "ausschuss", "organ", "beratungsgremium"),
    "meeting": ("sitzung", "sitzungsbezeichnung", "sitzungsname"),
    "agenda_number": ("top", "top-nr.", "tagesordnungspunkt", "to-punkt", "top nr."),
    "result": ("beschlussart", "beschluss", "ergebnis", "abstimmungsergebnis", "beschlussergebnis", "abstimmung",
               "entscheidung"),
}
FIELD_OF_LABEL = {label: field for field, labels in _LABELS.items() for label in labels}
# Labels that name the paper's number only where no better number is printed ("Az." of a letter is its file).
WEAK_REFERENCE_LABELS = frozenset({"nr.", "nummer", "az.", "aktenzeichen", "vorgang"})

# A paper type: a compound on one of these heads ("Beschlussvorlage", "Ergänzungsantrag") or one of the words
# below; a bare "Vorlage", "Drucksache" or "Sitzungsvorlage" is a row label, not a type.
_TYPE_HEADS = ("vorlage", "antrag", "anfrage", "mitteilung", "stellungnahme", "empfehlung", "drucksache",
               "beantwortung", "ersuchen", "eingabe", "petition", "resolution", "anregung", "unterrichtung")
_TYPE_WORDS = {"antrag", "anfrage", "mitteilung", "stellungnahme", "beschlussempfehlung", "eingabe", "petition",
               "resolution", "anregung", "unterrichtung", "beantwortung", "auskunftsersuchen", "bericht"}
_NOT_TYPES = {"vorlage", "drucksache", "sitzungsvorlage", "vorlagen", "drucksachen", "vorlagendetails",
              "tagesordnung", "niederschrift", "protokoll", "einladung", "beschluss"}
_TYPE_WORD = re.compile(r"(?<![\w-])([A-Za-zÄÖÜäöüß][\wäöüß]*(?:-\s?/\s?[\wäöüß]+|-[\wäöüß]+)*)(?![\w-])")
# "Vorlage zur Kenntnis", "Vorlage zur Beschlussfassung": a Vorlage's kind spelled out (SD.NET RIM).
_PHRASE_TYPE = re.compile(r"^(?:Vorlage|Mitteilung|Antrag|Anfrage) (?:zur|zum) (?:Kenntnis(?:nahme)?|Beschlussfassung|"
                          r"Beratung|Information|Entscheidung)\b", re.I)
# "Große Anfrage", "Kleine Anfrage", "Dringlicher Antrag"
_QUALIFIED_TYPE = re.compile(r"^(?:Große|Kleine|Dringliche[rs]?|Gemeinsame[rs]?|Interfraktionelle[rs]?) "
                             r"(?:Anfrage|Antrag|Vorlage)\b", re.I)


def short_text(tag, limit: int = 200) -> str:
    """An element's text up to about `limit` characters, read lazily: a huge element costs no more than a small one."""
    parts: list[str] = []
    size = 0
    for string in tag.strings:
        parts.append(string)
        size += len(string)
        if size > limit:
            break
    return " ".join(" ".join(parts).split())


def field_of(label: str) -> str | None:
    """The field a printed label names ('Betreff:' -> title, 'Vorlage-Nr.' -> reference), or None."""
    key = " ".join(label.lower().replace(" -", "-").replace("- ", "-").rstrip(":").split())
    return FIELD_OF_LABEL.get(key)


def label_key(label: str) -> str:
    """A label as the vocabulary spells it: lower case, without colon, spaces collapsed."""
    return " ".join(label.lower().replace(" -", "-").replace("- ", "-").rstrip(":").split())


def is_type_word(word: str) -> bool:
    """Whether one word is a paper type ('Beschlussvorlage', 'Änderungs-/Ergänzungsantrag', not 'Vorlage')."""
    lowered = word.lower().replace(" ", "")
    if lowered in _NOT_TYPES or len(lowered) < 5:
        return False
    return lowered in _TYPE_WORDS or lowered.endswith(_TYPE_HEADS)


def paper_type_of(value: str | None) -> str | None:
    """The paper type a type field's value or a heading names, as the type's words.

    'öffentliche Beschlussvorlage' -> 'Beschlussvorlage', 'Beschlussvorlage VB' -> 'Beschlussvorlage',
    '02_Unterrichtungsvorlage' -> 'Unterrichtungsvorlage', 'BESCHLUSSVORLAGE' -> 'Beschlussvorlage',
    'Vorlage zur Kenntnis' stays; 'Vorlage', 'Tagesordnung' or a title are no type (None).
    """
    name = paper_type_name(value)
    if not name or len(name) > 120:
        return None
    if name.isupper():
        name = name[0] + name[1:].lower()
    phrase = _PHRASE_TYPE.match(name) or _QUALIFIED_TYPE.match(name)
    if phrase:
        words = phrase.group(0).split()
        return " ".join([words[0][0].upper() + words[0][1:]] + words[1:])
    first = _TYPE_WORD.match(name)
    if first is None or not is_type_word(first.group(1)):
        return None
    word = first.group(1)
    return word[0].upper() + word[1:]


# A line that is a paper type and nothing else, or a type with how it is meant: "ANFRAGE NACH § 4 DER
# GESCHÄFTSORDNUNG DES RATES", "Antrag der SPD-Fraktion", "Beschlussvorlage (öffentlich)". Not a subject line
# that begins with a type ("Anfrage zum Deutschen Lernatlas 2011") nor a body line ("Antragsschluss: ...").
_TYPE_HEADING_TAIL = re.compile(r"^(?:$|\s*\((?:nicht)?öffentlich\)$|\s+(?:nach|gem\.|gemäß|gemäss|i\.\s?S\.|der|des|"
                                r"von|vom)\s|\s+(?:Nr\.|Nummer)\s?\S"
                                # "Antrag zum Thema" above its subject (Karlsruhe budget motions, 633909)
                                r"|\s+zum\s+Thema\s*:?$"
                                # the session it is written for: "Druckvorlage zur öffentlichen Sitzung des
                                # Ortschaftsrates Neureut" (Karlsruhe 14593)
                                r"|\s+(?:zur|für\s+die)\s+(?:(?:nicht\s*)?öffentlichen\s+)?(?:Plenar)?[Ss]itzung\b"
                                # its own number after it: "ANTRAG DHH/2023/4166" (Karlsruhe budget motions)
                                r"|(?-i:\s+(?=[^\n]*\d)[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9./_-]{0,30}"
                                r"(?:\s[A-ZÄÖÜ0-9./_-]{1,12})?$))", re.I)


# "STELLUNGNAHME zur Anfrage", "Stellungnahme zu den Änderungsanträgen": a type about another paper.
_ABOUT_PAPER = re.compile(r"^\s+zu(?:r|m|\s+de[mnr])?\s+(?:\w+\s+)?\w*(?:antrag|anträgen?|anfragen?|vorlagen?)\b", re.I)
# "A N F R A G E": a heading set in spaced capitals.
_SPACED = re.compile(r"^(?:[A-ZÄÖÜ] ){3,}[A-ZÄÖÜ]$")


def type_heading(line: str) -> str | None:
    """The paper type a heading line prints ('BESCHLUSSVORLAGE', 'Anfrage nach § 4 ...'), or None."""
    text = " ".join(line.split())
    if _SPACED.match(text):
        text = text.replace(" ", "")
    if not text or len(text) > 90 or text.endswith(":"):
        return None
    phrase = _PHRASE_TYPE.match(text) or _QUALIFIED_TYPE.match(text)
    if phrase and _TYPE_HEADING_TAIL.match(text[phrase.end():]):
        return paper_type_of(phrase.group(0))
    first = _TYPE_WORD.match(text)
    if first is None or not is_type_word(first.group(1)):
        return None
    tail = text[first.end():]
    if not (_TYPE_HEADING_TAIL.match(tail) or _ABOUT_PAPER.match(tail)):
        return None
    return paper_type_of(first.group(1))


_NUMBER_END = re.compile(r"\s*(?:\(|,|;|\bvom\b|\bvon\b|\s[-–]\s|:|\n|\s{2,}|\t)")
_NUMBER = re.compile(r"^[A-ZÄÖÜ0-9][A-Za-zÄÖÜäöü0-9 ./_-]*$")
_A_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})$")
_ROMAN_TERM = re.compile(r"/\s?[IVXL]{1,6}\.$")  # "926 /XI.": the legislative term as a Roman numeral


def number_value(value: str | None) -> str | None:
    """The number a labelled value holds: '0728/2026 (Originalvorlage)' -> '0728/2026', 'T 02/325/26' stays;
    None when the value is prose, a date or holds no digit."""
    if not value:
        return None
    text = " ".join(value.split("\n", 1)[0].replace("\u00a0", " ").split(" "))
    end = _NUMBER_END.search(text)
    text = (text[: end.start()] if end else text).strip()
    text = re.sub(r"^(?:Nr\.|Nummer)\s*", "", text)
    if not _ROMAN_TERM.search(text):
        text = text.rstrip(".")
    text = " ".join(text.split())
    if not text or len(text) > 32 or not any(c.isdigit() for c in text) or not _NUMBER.match(text):
        return None
    if _A_DATE.match(text) or re.search(r"[a-zäöüß]{4}", text):
        return None
    return text


# "Öffentliche Sitzung des Gemeinderates", "20. Sitzung des Stadtrates", "Sitzung des Ortsrates der Ortschaft Laatzen"
_SESSION_OF = re.compile(r"^(?:(?:\d+\.|öffentliche|nichtöffentliche|nicht öffentliche|gemeinsame|konstituierende|"
                         r"außerordentliche|ordentliche)\s+)*(?:Plenar)?Sitzung\s+(?:des|der)\s+", re.I)
# "Gemeinderatssitzung", "Öffentliche Gemeinderatssitzung": the body is the compound's first part.
_BODY_SESSION = re.compile(r"^(?:(?:öffentliche|nichtöffentliche|nicht öffentliche)\s+)?"
                           r"([A-ZÄÖÜ][a-zäöüß-]+?)s?sitzung$", re.I)
_GENITIVE = ((re.compile(r"(?<=\w)(ausschuss)es\b", re.I), r"\1"),
             (re.compile(r"^(\S*(?:rat|tag|senat|vorstand|kollegium|gremium|konvent))e?s\b", re.I), r"\1"))


def body_of(name: str | None) -> str | None:
    """The body a meeting's name names: 'Sitzung des Ortsrates der Ortschaft Laatzen' -> 'Ortsrat der Ortschaft
    Laatzen', 'Öffentliche Gemeinderatssitzung' -> 'Gemeinderat'; other names stay as printed."""
    if not name:
        return None
    text = " ".join(name.split())
    session = _SESSION_OF.match(text)
    if session:
        text = text[session.end():]
        for pattern, replacement in _GENITIVE:
            text = pattern.sub(replacement, text)
    else:
        compound = _BODY_SESSION.match(text)
        if compound:
            text = compound.group(1)
    return text[0].upper() + text[1:] if text else None


# The page or system names a site prints as its heading or <title> ("Ratsinformationssystem", "Bürgerinfo").
SITE_NAME = re.compile(r"(?:rats|bürger|buerger|sitzungs)\s*info|informationssystem|sitzungsmanagement|sitzungsdienst|"
                       r"sessionnet|allris|parlis|\bris\b|\bsim\b|sd\.net|rim\s*\d|more! rubin|provox|\bstartseite\b|"
                       r"^(?:stadt|gemeinde|landeshauptstadt|hansestadt|markt|kreis|landkreis|verbandsgemeinde|"
                       r"samtgemeinde|amt|bezirksamt|universitätsstadt|kreisstadt|große kreisstadt)\b", re.I)

"""The head of a document's text: its title, paper type and kind, and for minutes the meeting they record.

Read from the first page of a Vorlage, an Antrag, a letter or minutes, whatever system printed it:
- the title is the subject line: the value of "Betreff", "Gegenstand" or "Titel", the subject of the one agenda
  item minutes record ("Punkt 6 der Tagesordnung: …"), the text block after a Vorlage's number, the line before
  a letter's salutation, else the first block of text under the letterhead; never a label, a letterhead
  ("STADT KARLSRUHE", "Der Oberbürgermeister") or a document-type heading ("BESCHLUSSVORLAGE", "NIEDERSCHRIFT");
- the paper type from a type field ("Vorlageart: …") or a type heading at the top ("BESCHLUSSVORLAGE",
  "ANFRAGE NACH § 4 DER GESCHÄFTSORDNUNG"); minutes have none unless a type field prints one;
- the kind: `paper` for a Vorlage, Antrag or Anfrage with its own number, `meeting` for an agenda or invitation,
  `calendar` for a meeting plan, `document` otherwise (minutes, letters, concepts).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pipeline.nlp.consultations import BODY_WORD, HINT, words
from pipeline.nlp.resources import load_beratungsfolge
from pipeline.nlp.rules import (AGENDA_ITEM_LINE, MONTHS, find_dates, label_columns, normalize_organization,
                                normalize_outcome, opens_as_minutes)
from scrapers.labels import field_of, is_type_word, paper_type_of, type_heading

HEAD_CHARS = 4000  # where a first page's head ends at the latest
HEAD_LINES = 40
MAX_TITLE_LINES = 6

# The words a letterhead names its municipality with ("Stadt Karlsruhe", "Hansestadt Rostock", "Landkreis Harburg").
_MUNICIPALITY = (r"(?:Stadt|Gemeinde|Landeshauptstadt|Hansestadt|Kreisstadt|Große Kreisstadt|Markt|Landkreis|Kreis|"
                 r"Bezirksamt|Verbandsgemeinde|Samtgemeinde|Amt|Universitätsstadt|Freie und Hansestadt|Stadtverwaltung|"
                 r"Gemeindeverwaltung|Kreisverwaltung)")
# Lines of a letterhead: the municipality, its head, an office ("Sozial- und Jugendbehörde", "OV Neureut"); never
# in lower case ("der Bürgermeister für den Frieden/Mayors for Peace“ durch …" is a sentence, Karlsruhe 146942).
_LETTERHEAD = re.compile(
    r"^(?-i:(?![a-zäöüß]))(?:"
    r"(?:(?:Der|Die)\s*)?(?:Ober)?[Bb]ürgermeister(?:in)?$|"
    r"^(?:" + _MUNICIPALITY + r"\b.{0,40}$|(?:Der|Die)\s+(?:Ober)?[Bb]ürgermeister(?:in)?\b|"
    r"(?:Der|Die)\s+(?:Landrat|Landrätin|"
    r"Bezirksbürgermeister(?:in)?|Stadtdirektor(?:in)?|Fraktionsvorsitzende)\b|Gedruckt auf\b|(?:Prozent\s+)?"
    r"Recyclingpapier$|Seite\s+\d+|-\s*\d+\s*-$|"
    r"\d{1,3}\.?$|\[.*\]$))", re.I)
_OFFICE = re.compile(r"^[\w .,/–-]{0,60}(?:amt|behörde|dezernat|referat|fachbereich|verwaltung|büro|betrieb)"
                     r"(?:\s+\S+)?$", re.I)
# The municipality's name on a line of its own, nothing else ("Stadt Karlsruhe", not "Stadt Münster 15.07.2026").
_TOWN = re.compile(r"^" + _MUNICIPALITY + r"\s+[A-ZÄÖÜ][\wäöüß-]*(?:\s+[\wäöüß-]+)?$")
_OFFICE_WORD = re.compile(r"(?:amt|behörde|dezernat|referat|fachbereich|verwaltung|büro)\b", re.I)
# An office named in a header's value ("Verkehrsbetriebe/Amt für Abfallwirtschaft", "Dez. 4").
_UNIT = re.compile(r"\bAmt für\b|\bDez(?:\.|ernat)\s*\d|\bFachbereich\s+\d|\bReferat\s+\d|"
                   r"^(?-i:OV)\s+[A-ZÄÖÜ][a-zäöüß-]+$", re.I)  # "OV Grötzingen": an Ortsverwaltung (Karlsruhe)
# Headings that say what kind of document it is, with the kind.
_DOCUMENT_HEADING = (
    (re.compile(r"^\W*(?:Auszug aus (?:dem|der) )?(?:Niederschrift|Protokoll|Ergebnisniederschrift|"
                r"Sitzungsniederschrift|Ergebnisprotokoll|Beschlussprotokoll|Sitzungsprotokoll|Wortprotokoll)\b", re.I),
     "minutes"),
    (re.compile(r"^\W*(?:Tagesordnung|Einladung)\b(?!spunkt)", re.I), "meeting"),
    (re.compile(r"^\W*(?:Sitzungskalender|Sitzungsplan|Sitzungstermine|Terminplan|Terminübersicht|Sitzungsübersicht)\b",
                re.I), "calendar"),
)
# What only minutes print: the record of an item, an opening, a vote ("Punkt 1 der Tagesordnung", "eröffnete … die
# 3. Sitzung", "Abstimmungsergebnis:"); an agenda headed "Tagesordnung" with these is the minutes' own agenda.
_MINUTES_SIGN = re.compile(r"^\s*Punkt\s*\d+\s*der\s*Tagesordnung|\beröffnete?\b[^\n]{0,80}\bSitzung|"
                           r"^\s*(?:Abstimmungsergebnis|Beschluss)\s*:|\bKeine Wortmeldungen\b", re.I | re.M)
_PART = re.compile(r"^(?:Öffentlicher|Nichtöffentlicher|Nicht öffentlicher)\s+(?:Teil|Sitzungsteil)\b", re.I)
_LABEL_LINE = re.compile(r"^(?P<label>[A-ZÄÖÜa-zäöü][\wäöüß.\- /]{0,40}?)\s*:\s*(?P<value>.*)$")
# Labels of a header that the vocabularies do not list ("vom: 07.09.12", "eingegangen:", "Verantwortlich:").
_HEADER_WORD = re.compile(r"^(?:vom|eingegangen|verantwortlich|dienststelle|federführ\w*|amt|dezernat|fachbereich|"
                          r"ort|raum|zeit|beginn|ende|vorsitz\w*|schriftführ\w*|protokoll\w*|status|anlagen?|"
                          r"aktenzeichen|az\.|telefon|tel\.|fax|e-mail|ansprechpartner\w*|bearbeiter\w*|hier)"
                          r"(?:/\w{1,6})?$", re.I)
# Author lines of an Antrag or Anfrage ("CDU-OR-Fraktion", "Stadträtin Sabine Zürn (Die Linke)").
# The budget form prints its empty cells as dashes after the authors: "… Deutschland-Gemeinderatsfraktion ---".
_FACTION = re.compile(r"(?:fraktion|gruppe)(?:\s+im\s+\w+)?[\s\-–—]*$|^\S*fraktion\b", re.I)
_AUTHOR = re.compile(_FACTION.pattern + r"|^(?:Stadträt(?:in|e|innen)|Stadtrat|Fraktion|Ortschaftsrät(?:in|e)|"
                     r"Ortschaftsrat|Bezirksverordnete\w*)\s+[A-ZÄÖÜ]", re.I)
# "Betreff: …", "Betreff …" or "Titel …" (OCR loses the colon); "Gegenstand" only with its colon.
_SUBJECT = re.compile(r"^(?:(?:Betreff|Betr\.|Titel|Thema)\s*:?|Gegenstand\s*:)\s*(?P<value>.*)$", re.I)
_SALUTATION = re.compile(r"^(?:Sehr geehrte|Liebe[rs]?\s|Guten Tag\b|Hallo\b)", re.I)
# "öffentlich", "Öffentlich x Nichtöffentlich", "Ja ☐ Nein ☒": a status or a box row, not text.
_STATUS = re.compile(r"^(?:(?:nicht\s*)?öffentlich(?:e[rs]?)?|ö|nö|ja|nein|x|\W)"
                     r"(?:\s*(?:(?:nicht\s*)?öffentlich|ö|nö|ja|nein|x|\W))*$", re.I)
# The recipient of a letter ("Herrn Oberbürgermeister", "An die Bezirksbürgermeisterin").
_RECIPIENT = re.compile(r"^(?:Herrn|Frau|An\s+(?:den|die|das)|z\.\s?H\.|Im Hause|- im Hause -)\b", re.I)
# A header label printed without its colon before its value ("verantwortlich Dez.5", "TOP 6").
_BARE_LABEL = re.compile(r"^(?:verantwortlich|dienststelle|federführung|federführend|amt|dezernat|fachbereich|"
                         r"aktenzeichen|az\.|datum|top|sitzung|gremium|termin|vorlage\s*nr\.?|drucksache)\b", re.I)
# A contact's room: "Karen Eßrich, R 7600", "Zimmer 112".
_ADDRESS = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]|\bTel(?:efon)?\b|\bFax\b|@|\bPostfach\b|\bwww\.|https?://|\b(?:IBAN|BIC|BLZ)\b|"
                      r",\s*(?:R|Zi\.?|Zimmer|Raum)\s*\d{1,4}\b|"
                      r"\b(?:str\.|straße|weg|platz)\s*\d", re.I)
# A list's item; the PDF's private bullets ("\uf0b7 26 Prozent", Karlsruhe 593005) with or without a space; a
# chapter numbered in Roman or by letter ("I. Erläuterungen zur Planung", Karlsruhe 657514; "A. Anpassung der
# Einheitssätze", 600217; not a person's initial, "H. Müller, Tel. 133-4455").
_NUMBERED = re.compile(r"^(?:(?:\d{1,2}\.(?:\d{1,2}\.?)*|[a-z]\)|-|•)\s+\S|[▪■◦\uf000-\uf0ff]\s*\S|"
                       r"[IVX]{1,4}\.\s+[A-ZÄÖÜ][a-zäöüß]|[A-H]\.\s+[A-ZÄÖÜ][a-zäöüß]+\s+[a-zäöüß])")
# A line that ends in a date ("Karlsruhe, 12.03.2025"), but not a subject that names when it takes effect
# ("Dezernatsverteilungsplan ab 1. Oktober 2025", "Gebühren zum 01.01.2026").
_DATE_END = re.compile(r"(?<!\bab )(?<!\bzum )(?<!\bbis )(?<!\bAB )(?<!\bZUM )(?<!\bBIS )(?<![\d.])"
                       r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s+\w+\s+\d{4})\s*$")
# When and where an invitation's event takes place, not its name: "MONTAG, 30. MAI 2022, 10 – 12 UHR",
# "Dienstag, 14.03.2023", "18:00 Uhr, Ratssaal"; not a subject that names a time ("Sperrzeit ab 22 Uhr").
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[-–]\s*\d{1,2}(?:[:.]\d{2})?\s*)?Uhr\b"
_WHEN = re.compile(r"^\W*(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)\b|"
                   rf"^\W*{_TIME}|\d{{4}},?\s+{_TIME}", re.I)
# The heading of a budget's motions and the labels of their budget form (Karlsruhe's Haushalt Anträge and
# Stellungnahmen, 585383, 621121, 633909): "DOPPELHAUSHALT 2022/2023", "Seite HH-Plan Produktbereich",
# "Erlös-/Aufwandsart", "Sachaufwendungen"; the motion's subject follows them.
_BUDGET_HEADING = re.compile(r"^(?:DOPPEL)?HAUSHALT(?:SPLAN)?\s+\d{4}(?:\s*/\s*\d{2,4})?$")
_BUDGET_FORM = re.compile(r"^(?:Seite(?:im)?HH-Plan|Zuordnung(?:im)?Haushaltsplan|Produkt(?:bereich|gruppe)|"
                          r"Teilhaushalt|Ergebnishaushalt|Finanzhaushalt|InvestiveMaßnahme|Erlös-|Ein-/Auszahlungsart|"
                          r"Schlüsselposition|[A-ZÄÖÜ][a-zäöüß]*(?:aufwendungen|auszahlungen|einzahlungen|erträge)$|"
                          r"(?:Auszahlungen|Einzahlungen)für|"
                          # a Vorlage's form of its costs: "Finanzielle Auswirkungen nein ja" / "Gesamtkosten der" /
                          # "Maßnahme" / "Einzahlungen/Erträge" / "Finanzierung durch" / "städtischen Haushalt"
                          r"FinanzielleAuswirkungen|Gesamtkostender|Einzahlungen/Erträge|Finanzierungdurch|"
                          r"Jährliche(?:laufende)?(?:Belastung|Folgekosten)|"
                          # a budget motion's own form (Karlsruhe's Haushaltsanträge): "Sperrvermerk",
                          # "Verpflichtungsermächtigung", "davon zahlungswirksam in", "Sonstige Änderungen"
                          r"Sperrvermerk$|Verpflichtungsermächtigung|davonzahlungswirksam|SonstigeÄnderungen$|"
                          r"Konzeption,Ziele,Maßnahmen,Kennzahlen$|(?:Aufwand|Ertrag)(?:\(inEuro\))?$)")
# The section of a Vorlage's costs, after its subject and resolution (an excerpt that begins there has no title).
# Its first rows where the excerpt begins under the heading: "Gesamtaufwand der" / "Maßnahme", "Gesamtkosten der"
# (Karlsruhe 40932, 597489).
_COSTS = re.compile(r"^(?:Finanzielle\s+Auswirkungen|Gesamt(?:aufwand|kosten)\s+der(?:\s+Maßnahme)?$)")
# A postcode and town ("76131 Karlsruhe"): the lines above it are an address (a sender's letterhead), no title.
_POSTCODE_LINE = re.compile(r"^\d{5}\s+[A-ZÄÖÜ]")
# A title's line that breaks before a date it names: "… mit Ablauf des" / "31.12.2021 und Feststellung …".
_OPEN_END = re.compile(r"\b(?:des|der|dem|den|am|vom|zum|zur|bis|ab|mit|und|für|seit|ab dem|bis zum)$", re.I)
_DATE_START = re.compile(r"^\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]+)")
# A sentence of the text's body, opening on the line below a subject.
_PROSE_START = re.compile(r"(?:Der|Die|Das|Dies\w*|Es|Wir|Im|In|Bei|Mit|Nach|Aufgrund|Seit|Durch)\s")
# A type word's line that runs on into what it is about: "Betriebssatzung" / "für den Eigenbetrieb …".
_RUNS_ON = re.compile(r"(?:für|über|zur|zum|zu|betreffend)\s+\S")
# An attachment's own heading: "Anlage 1", "Anlage 2 zur Vorlage 2019/0931", "Anlage 1 der Beschlussvorlage:
# Betriebssatzung" (Karlsruhe 637163, the subject follows below it); what follows the colon is the title only
# where nothing else is printed.
_ATTACHMENT = re.compile(r"^\W*Anlage\s*(?:(?:\d{1,2}[a-z]?|[IVX]{1,4})(?:\s+(?:zu[rm]?|der|des)\s+[^:]{0,60})?|"
                         r"(?=\s*$)|"  # "Anlage" alone on its line
                         r"(?:zu[rm]?|der|des)\s+(?:\w*[Vv]orlage|Drucksache|Antrag|Niederschrift|Stellungnahme)[^:]{0,40}|"
                         # "Anlage zu Ziff. 1.1" (Karlsruhe 587431)
                         r"zu[rm]?\s+(?:Ziff(?:er|\.)|Nr\.|Punkt|TOP)\s*\d[\d.]*[a-z]?)"
                         r"(?:\s*:\s*(?P<rest>.*))?$")


@dataclass
class Head:
    """What a document's head says about it."""

    kind: str = "document"
    title: str | None = None
    paper_type: str | None = None
    minutes: bool = False
    # The meeting minutes record (body, date, printed result) and the sessions they name; for a letter the body it is
    # addressed to.
    consultations: list[dict] = field(default_factory=list)


def read_head(first_page: str, own_reference: str | None = None, own_at: int | None = None,
              later_pages: Sequence[str] = ()) -> Head:
    """Title, paper type, kind and (for minutes) the recorded meetings of a document, from its first page;
    `own_at` is where its own number stands, if known. A Vorlage's next pages (`later_pages`) may show its form
    and repeat its subject where the first page (an excerpt's) printed neither."""
    head = _first_page_head(first_page, own_reference, own_at)
    if head.minutes or head.kind in ("meeting", "calendar"):
        return head
    if head.kind == "document" and any(_VORLAGE_FORM.search(page) for page in later_pages[:2]):
        head.kind = "paper"
    if head.title is None and head.kind == "paper":
        head.title = next((found for page in (first_page, *later_pages[:2]) if (found := _repeated_subject(page))),
                          None)
    if head.title is None and head.kind == "document":
        head.title = next((found for page in (first_page, *later_pages[:2]) if (found := _running_title(page))), None)
    return head


# A page's number as its own line, or with the bar a layout sets beside it: "11 |", "Seite 3", "- 20 -".
# (Not a bare number: a footnote's mark stands so beside a figure's caption, Karlsruhe 147396.)
_PAGE_NUMBER_LINE = re.compile(r"^(?:\d{1,3}\s*\||[-–]\s*\d{1,3}\s*[-–]|Seite\s+\d{1,3}(?:\s*(?:von|/)\s*\d+)?)$")


def _running_title(page: str) -> str | None:
    """The document's name in the running head beside a page number, where an excerpt from its middle prints no
    subject of its own: "11 |" / "RICHTLINIE DER STADT KARLSRUHE FÜR DIE FÖRDERUNG VON KINDERTAGESSTÄTTEN …"
    (Karlsruhe 661575, 670134)."""
    lines = [line.strip() for line in page.split("\n")]
    for index, line in enumerate(lines):
        if not _PAGE_NUMBER_LINE.match(line):
            continue
        neighbours = [n for n in (lines[index + 1] if index + 1 < len(lines) else "",
                                  lines[index - 1] if index else "") if n]
        for candidate in neighbours:
            if (len(candidate.split()) >= 3 and _title_line(candidate) and not _a_sentence(candidate)
                    and not _NUMBERED.match(candidate) and not _PROSE_START.match(candidate)
                    and not _FINITE.search(candidate) and not candidate.endswith((",", "-", "."))):
                return _tidy(candidate)
    return None


# The second page of a Karlsruhe Vorlage repeats its subject under its running head: "Ergänzende Erläuterungen
# Seite 2" / "Stadthalle, Modernisierung" / … (Karlsruhe 597489, an excerpt that begins in the costs' form; the
# text may not mark where the page breaks).
_SECOND_PAGE = re.compile(r"^[ \t]*Ergänzende\s+Erläuterungen[ \t]+Seite[ \t]+2[ \t]*\n", re.M)


def _repeated_subject(page: str) -> str | None:
    """The subject block under the second page's running head: at most three lines of words, then a blank line
    (not a section's heading that the text runs on under, as "Zwischenbericht über …" / "Aufbauend auf …")."""
    second = _SECOND_PAGE.search(page)
    if second is None:
        return None
    lines = [line.strip() for line in page[second.end():second.end() + HEAD_CHARS].split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    block = list(itertools.takewhile(bool, lines))
    if (not block or len(block) > 3 or len(block) == len(lines) or not _title_line(block[0])
            or _NUMBERED.match(block[0])):
        return None
    title = _tidy(" ".join(block))
    if (len(title.split()) < 2 or len(title.split()) > 14 or _FINITE.search(title) or _PROSE_START.match(title)
            or title.endswith(".") or any(_stops_title(line) for line in block[1:])):
        return None
    return title


# A running head or foot of a later page: "Ergänzende Erläuterungen      Seite 6", "- 3 -", "Seite 2 von 5".
_LATER_PAGE = re.compile(r"(?:^|\s)Seite\s+(?:[2-9]|[1-9]\d)(?:\s*(?:von|/)\s*\d+)?$|^[-–]\s*(?:[2-9]|[1-9]\d)\s*[-–]$")


def _later_page(lines: list[str]) -> bool:
    """The text begins on a later page (an excerpt of a document's middle): a page number above 1 in its first
    three lines, above any subject (a cover's subject may stand above the "- 2 -" of the page after it, Karlsruhe
    591020). Its first block is the body's, not a subject (Karlsruhe 12374: "Seite 3" over the list of those
    elected)."""
    first = [line.strip() for line in lines[:HEAD_LINES] if line.strip()][:3]
    return any(_LATER_PAGE.search(line) for line in first)


def _first_page_head(first_page: str, own_reference: str | None, own_at: int | None) -> Head:
    text = first_page[:HEAD_CHARS]
    lines = text.split("\n")[: HEAD_LINES * 4]
    head = Head()
    heading_kind = _heading_kind(lines)
    if heading_kind == "meeting" and _MINUTES_SIGN.search(first_page):
        heading_kind = "minutes"
    head.minutes = heading_kind == "minutes" or (heading_kind is None and opens_as_minutes(text))
    item = AGENDA_ITEM_LINE.search(text)
    labelled_type = next((found for line in lines[:HEAD_LINES] if (found := _type_field(line))), None)
    if head.minutes:
        head.paper_type = labelled_type
        head.title = (_continued(lines, _line_of(text, item.end()), item and text[item.end():].split("\n", 1)[0])
                      if item else None) or _named_heading(lines) or _first_block(lines)
        head.consultations = minutes_meetings(first_page, one_item=item is not None)
        return head
    head.paper_type = labelled_type or _type_heading(lines)
    head.consultations = addressed_bodies(text)
    if _is_letter(lines):
        head.title = _subject(lines) or _letter_subject(lines)
        if (not labelled_type and head.paper_type and head.title
                and head.title.casefold().startswith(head.paper_type.casefold())):
            # A letter's subject that names a paper ("Anfrage der Fraktionen … betreffend Frauenförderpläne", SWK
            # Köln's answer to it) is what the letter answers, not its own type.
            head.paper_type = None
    else:
        # Short values of a label-column header are field values; a long one is a subject the columns misaligned.
        values = {line for label, (line, _) in label_columns(text).items()
                  if len(line) <= 40 and not _ATTACHMENT.match(label)}
        point = _PAPER_ITEM.search(text)
        subject_of_point = point and text[point.end():].split("\n", 1)[0]
        head.title = (_subject(lines)
                      or (point and _continued(lines, _line_of(text, point.end()), subject_of_point))
                      or _after_reference(text, lines, _where(text, own_reference, own_at), values)
                      or (None if _later_page(lines) else _first_block(lines, values)))
    if heading_kind in ("meeting", "calendar"):
        head.kind = heading_kind
        head.paper_type = labelled_type
        head.title = _named_heading(lines) or head.title
    elif own_reference and (head.paper_type or _labelled_reference(text, own_reference)):
        head.kind = "paper"
    elif _VORLAGE_FORM.search(first_page):
        head.kind = "paper"  # a Vorlage's form, where an excerpt or a later page does not print its number
    return head


# The sections of a Vorlage's form: its costs ("Finanzielle Auswirkungen  nein  ja") and Karlsruhe's questions
# ("Anhörung Ortschaftsrat (§ 70 Abs. 1 GemO)", "Abstimmung mit städtischen Gesellschaften"); no other document
# prints them as headings.
# Its later pages are headed "Ergänzende Erläuterungen   Seite 6" (all 90 such dev texts are annotated papers).
# Since 2020 its sections are numbered: "IV. Ergänzende Erläuterungen zur CO2-Relevanz", "V. Erläuterungen zu
# finanziellen Auswirkungen"; a budget motion prints its own form ("DOPPELHAUSHALT 2015/2016", "Zuordnung im
# Haushaltsplan"). Every dev text with one of them is annotated a paper (4 and 16).
_VORLAGE_FORM = re.compile(r"^[ \t]*(?:[IVX]{1,4}\.[ \t]*)?(?:Finanzielle\s+Auswirkungen\b|Anhörung\s+Ortschaftsrat\b|"
                           r"Abstimmung\s+mit\s+städtischen\s+Gesellschaften\b|"
                           r"Ergänzende\s+Erläuterungen[ \t]+Seite[ \t]+\d|"
                           r"(?:Ergänzende\s+)?Erläuterungen\s+zu(?:r\s+CO2-Relevanz|\s+finanziellen\s+Auswirkungen)|"
                           r"DOPPELHAUSHALT\b|Zuordnung\s*im\s*Haushaltsplan\b)", re.M)


# "Druckvorlage zur öffentlichen Sitzung des Ortschaftsrates Neureut / am 22.01.2008 / Zu Punkt 2 der T.O.: Neubau
# eines Kindergartens …" (Karlsruhe 14593): the agenda item a paper is written for, its subject after the colon.
_PAPER_ITEM = re.compile(r"^[ \t]*Zu\s+(?:Punkt|TOP|Tagesordnungspunkt)\s*\d+[\d.]*[a-z]?"
                         r"(?:\s*der\s*(?:Tagesordnung|T\.\s?O\.))?\s*:[ \t]*(?=\S)", re.I | re.M)


# "Einladung zur 5. Sitzung des Bauausschusses", "Niederschrift über die 12. Sitzung des Rates": what the heading
# names.
_HEADING_PREFIX = re.compile(r"^\W*(?:Einladung|Tagesordnung|Niederschrift|Protokoll|Sitzungsniederschrift|"
                             r"Ergebnisprotokoll)\s*(?:zur|zu\s+der|für\s+die|über\s+die|der|des)?\s*", re.I)


def _named_heading(lines: list[str]) -> str | None:
    """The meeting or plan an agenda's or a calendar's heading names, when it names one."""
    for index, raw in enumerate(lines[:HEAD_LINES]):
        line = raw.strip()
        if not line or _LETTERHEAD.match(line):
            continue
        if _document_kind(line):
            named = _HEADING_PREFIX.sub("", line).strip(" :-–")
            if len(re.findall(r"[A-Za-zÄÖÜäöüß]", named)) >= 8 and not _ends_head(named):
                return named if _DOCUMENT_HEADING[2][0].match(line) is None else line
            return (_session_below(lines[index + 1:index + 4]) or _heading_runs_on(line, lines[index + 1:index + 6])
                    if not named else None)
    return None


_RUNS_ON_LOWER = re.compile(r"^(?:über|zur|zum|der|des|von|vom|für|am)\s+\S")


def _heading_runs_on(heading: str, below: list[str]) -> str | None:
    """A bare heading continued on the lines below, each in lower case: "Niederschrift" / "über die vollzogene
    Verpflichtung" / "von Frau Ortschaftsrätin …" (Karlsruhe 2130, blank lines between)."""
    parts = [heading.strip()]
    for raw in below:
        line = raw.strip()
        if not line:
            continue
        if not _RUNS_ON_LOWER.match(line) or len(line) > 90 or find_dates(line):
            break
        parts.append(line)
    return " ".join(parts) if len(parts) > 1 else None


def _session_below(lines: list[str]) -> str | None:
    """The session a bare 'PROTOKOLL' names on the lines below, past its part: '(öffentlicher Teil)' / 'Sitzung des
    Kulturausschusses (25)' (Osnabrück's minutes)."""
    for raw in lines:
        line = raw.strip()
        if not line or _PART.match(line.strip("()")):
            continue
        if _SESSION_NAME.match(line) and not _ends_head(line):
            return line
        return None
    return None


_SESSION_VALUE = re.compile(r"^(?:\d+\.\s+)?(?:[\wäöüß-]+\s+)?(?:Plenar)?[Ss]itzung\s+(?:des|der)\b")
_SESSION_NAME = re.compile(r"^(?:\d+\.\s+)?(?:[\wäöüß/ -]+\s)?(?:Sitzung|Versammlung)\s+(?:des|der)\s+[A-ZÄÖÜ]")


def _type_field(line: str) -> str | None:
    """The type a type field prints ('Vorlageart: öffentliche Beschlussvorlage', 'Drucksache-Art: Antrag')."""
    m = _LABEL_LINE.match(line.strip())
    if m and field_of(m.group("label")) == "paper_type":
        return paper_type_of(m.group("value"))
    # Several fields on one line: "Status: öffentlich Vorlage-Art: Beschlussvorlage" (ALLRIS in a city CMS).
    labels = list(_INLINE_LABEL.finditer(line))
    for this, following in zip(labels, labels[1:] + [None], strict=False):
        if field_of(this.group(1)) == "paper_type":
            return paper_type_of(line[this.end(): following.start() if following else len(line)])
    return None


_INLINE_LABEL = re.compile(r"(?:^|(?<=\s))([A-ZÄÖÜ][\wäöüß.\-/]*(?: [A-ZÄÖÜa-zäöü][\wäöüß.\-/]*){0,2}?)\s*:\s+")


def _heading_kind(lines: list[str]) -> str | None:
    """The kind a document heading among the first lines names ('NIEDERSCHRIFT', 'Tagesordnung'), if any."""
    seen = 0
    for raw in lines:
        line = raw.strip()
        if not line or _LETTERHEAD.match(line):
            continue
        for pattern, kind in _DOCUMENT_HEADING:
            if pattern.match(line):
                return kind
        seen += 1
        if seen >= 4:
            break
    return None


# The proposed resolution's heading, a section of the text and no paper's type ("Beschlussantrag", Karlsruhe 592489).
_RESOLUTION_SECTIONS = frozenset({"beschlussantrag", "beschlussvorschlag", "beschlussentwurf"})


def _type_heading(lines: list[str]) -> str | None:
    """A type heading among the head's first lines, before a Beratungsfolge or a section begins."""
    for index, raw in enumerate(lines[:HEAD_LINES]):
        line = raw.strip()
        if _ends_head(line) or line.rstrip(": ").lower() in _RESOLUTION_SECTIONS:
            break
        found = type_heading(line) or (_beside_letterhead(line) if index < 6 else None)
        if found:
            return found
    return None


# A letterhead with the type printed in the column beside it, which the text joins into one line:
# "Stadt Beispielstadt Beschlussvorlage", "Vorlage Nr. 812 ANFRAGE".
_LAST_WORD = re.compile(r"\s(\S+)$")


def _beside_letterhead(line: str) -> str | None:
    last = _LAST_WORD.search(line)
    if last is None or not (_LETTERHEAD.match(line[: last.start()].strip()) or _BARE_LABEL.match(line)):
        return None
    word = last.group(1)
    return type_heading(word) if is_type_word(word) else None


def _ends_head(line: str) -> bool:
    return bool(HINT.search(line) or (_is_section(line) and type_heading(line) is None))


_SECTION_TAIL_WORDS = {"vorlage", "kurzfassung", "gemeinderat", "ausschuss", "verwaltung", "ja", "nein",
                       "ortschaftsrat", "hauptausschuss", "rat", "kreistag", "bezirksvertretung", "bezirksbeirat"}


def _is_section(line: str) -> bool:
    """A section heading ('Sachverhalt:', 'Antrag an den Gemeinderat / Ausschuss', 'Finanzielle Auswirkungen nein ja'),
    not a subject that opens with a section's word ('Antrag Pendlerstrecke Durlach-Karlsruhe-Durlach')."""
    m = words().section.match(line)
    if m is None or len(line) >= 60:
        return False
    if line[m.end():].lstrip().startswith("/"):
        return True  # "Begründung/Einordnung", "Sachverhalt / Begründung" (Karlsruhe 659772)
    rest = line[m.end():].strip(" :-–()/")
    return not rest or not any(w[:1].isupper() and w.lower().strip("():/") not in _SECTION_TAIL_WORDS
                               for w in rest.split())


def _subject(lines: list[str]) -> str | None:
    """The value of a 'Betreff', 'Gegenstand' or 'Titel' line, on the same line or the next."""
    for index, raw in enumerate(lines[:HEAD_LINES * 2]):
        m = _SUBJECT.match(raw.strip())
        if m is None:
            continue
        value = m.group("value").strip()
        if value and not value[0].isupper() and not value[0].isdigit() and value[0] not in "„\"'(":
            continue  # "Titel der Maßnahme" in running text, not a label
        before = next((line.strip() for line in reversed(lines[max(0, index - 2):index]) if line.strip()), "")
        if ":" not in raw and (_OPEN_END.search(before) or before.endswith((",", "-"))):
            continue  # "… Zusammenhänge zum" / "Thema Menschenrechte gibt, vorzuziehen." (Karlsruhe 585953): prose
        if value:
            return _continued(lines, index, value)
        following = next((i for i in range(index + 1, min(index + 4, len(lines))) if lines[i].strip()), None)
        if following is not None and _labelled_value(lines[following].strip()):
            return _continued(lines, following, lines[following].strip())
    return None


def _labelled_value(line: str) -> bool:
    """A line that can be a label's value on the line below it ('Thema:' / 'Ausbau neue B 10')."""
    return (len(re.findall(r"[A-Za-zÄÖÜäöüß]", line)) >= 6 and not _is_label_line(line) and not _ends_head(line)
            and not _SALUTATION.match(line) and not _DATE_END.search(line))


def _continued(lines: list[str], index: int, first: str | None, keep_colon: bool = False) -> str | None:
    """A title that starts on line `index` with `first` and runs on until a blank line, a label, a section, a type
    heading, a dated line or a Beratungsfolge; lines are joined without a space where the text lost its spaces."""
    if not first or not first.strip():
        return None
    parts = [first.strip()]
    for raw in lines[index + 1: index + MAX_TITLE_LINES]:
        line = raw.strip()
        open_end = _OPEN_END.search(parts[-1]) is not None
        if _HIER.match(line):  # "Betreff: Anfrage zur Sitzung am 23.09.2008" / "hier: Verbreiterung der Radwege"
            parts.append(line)
            continue
        if _AUTHORS_LABEL.match(line):
            break
        # A line after one that ended open goes on with it, unless it is a label or a heading: "… Grundstück Nr.
        # 82211/x mit" / "10.600 m², Rudolf-Link-Straße, …" (Karlsruhe 617644); so does one inside an open quote
        # ("Bebauungsplan „Hanggebiet Durlach" / "- Bereich E“, Karlsruhe - Durlach", 648515).
        quoted = parts[-1].count("„") > parts[-1].count("“") and not parts[0].startswith("„")
        runs_on = (open_end or quoted) and not _is_label_line(line) and not _ends_head(line)
        if not line or (_stops_title(line) and not runs_on):
            break
        if (not open_end and not parts[-1].endswith((":", "-", "–", ",")) and _PROSE_START.match(line)
                and len(line.split()) >= 8):
            break  # the text begins without a blank line: "Erhöhung Schulbudget" / "Der Haushaltsplanentwurf …"
        parts.append(line)
    spaced = " " in parts[0] or len(parts[0]) < 40
    title = (" " if spaced else "").join(parts).strip()
    if _sentences(title) >= 2:
        return None  # a paragraph of prose (a text that begins in its middle, Karlsruhe 25495), no subject line
    return (" ".join(title.split()) if keep_colon else _tidy(title)) or None


# The number a motion carries in a list it belongs to, before its subject: "Antrag Nr. 92 (S. 229): Schaffung von
# Schülerhorten …" (Karlsruhe 595225, minutes of the budget debate).
_NUMBERED_MOTION = re.compile(r"^(?:Antrag|Anfrage|Anregung|Ergänzungsantrag|Änderungsantrag)\s+Nr\.\s*\d+[a-z]?"
                              r"(?:\s*\([^()]{1,20}\))?\s*:\s+(?=\S)")


def _tidy(title: str) -> str:
    return " ".join(_NUMBERED_MOTION.sub("", title.rstrip(":")).split())


# A sentence's end inside a block: a word of letters, a full stop, and a capital ("… erstellt. Der Ausweis …").
_SENTENCE_END = re.compile(r"(?<![\w.])([A-Za-zÄÖÜäöüß]{2,})[.!?]\s+(?:[#•\-–]\s+)?(?=[A-ZÄÖÜ][a-zäöüß])")
_ABBREVIATIONS = frozenset({"bzw", "usw", "ggf", "inkl", "ca", "Nr", "Str", "St", "Dr", "Abs", "Art", "vgl", "evtl",
                            "sog", "bzgl", "Tel", "Bd", "Hrsg", "Ziff", "Kap", "gem", "geb", "Prof", "Dipl"})


def _sentences(block: str) -> int:
    """How many sentences a block of text holds (a subject line holds one, or a phrase)."""
    ends = sum(1 for m in _SENTENCE_END.finditer(block) if m.group(1) not in _ABBREVIATIONS)
    return ends + 1 if ends else 1


_LETTER = re.compile(r"[A-Za-zÄÖÜäöüß0-9]")
_HIER = re.compile(r"^hier\s*:\s*\S", re.I)  # the subject's particular case, a part of the title
_NUMBERS_ONLY = re.compile(r"^(?=.*\d)(?!.*[a-zäöüß]{3})[^\n]*$")  # "250 31", "S 2.04 1a": a table's cells
# A form's boxes to tick, read as text: "Abstimmung mit städtischen Gesellschaften nein ja abgestimmt mit",
# "Ja durchgeführt am" (Karlsruhe's Vorlage forms, where an excerpt begins inside the form).
_FORM_LINE = re.compile(r"(?i)(?<!\w)(?:ja|nein)(?!\w).*(?<!\w)(?:ja|nein)(?!\w)|"
                        r"\b(?:durchgeführt|abgestimmt)\s+(?:am|mit)\s*$")
# A Beratungsfolge's row: its body, its date and the item's number ("Bauausschuss 13.10.2017 5"); or the body alone
# with the date and number on the next line ("Wirtschaftsförderung" / "06.03.2018 4").
_ROW_TAIL = r"\d{1,2}\.\d{1,2}\.\d{2,4}\s+(?:\d{1,3}(?:\.\d{1,2})*|[ÖN])(?:\s|$)"
_ROW = re.compile(r"^[A-ZÄÖÜ][\wäöüß .,/-]{2,80}?\s+" + _ROW_TAIL)
_ROW_BELOW = re.compile(r"^" + _ROW_TAIL)
# The resolution's formula, where the body of a Vorlage begins: "Der Gemeinderat beschließt nach Vorberatung im
# Bauausschuss:" (an excerpt that begins below the head); a page reference: "Beschlussfassung siehe Seite 16".
_RESOLUTION = re.compile(r"^(?:Der|Die|Das)\s+(?:[A-ZÄÖÜ][\wäöüß-]*\s+){1,3}(?:beschließt|beschloss|empfiehlt|"
                         r"stimmt|nimmt|bittet|beauftragt)\b|\bsiehe\s+Seite\s+\d")
# A running head with its page number ("Ergänzende Erläuterungen      Seite 2"); a line closing a bracket it did not
# open ("Kostenberechnung)") ends a phrase begun above it: neither opens a title.
_RUNNING_HEAD = re.compile(r"\bSeite\s+\d+(?:\s*(?:von|/)\s*\d+)?\s*$")
_SIGNED = re.compile(r"^gez\.(?:\s|$)", re.I)
_BOX = re.compile(r"(?:x\s*)?(?:ja|nein)\b.{0,25}", re.I)  # a box's line: "Nein", "x Ja", "Ja abgestimmt mit"
# The motion's authors below its subject: "Gemeinsamer Antrag: SPD, GRÜNE, KULT, Die Linke" (Karlsruhe 608869).
_AUTHORS_LABEL = re.compile(r"^[\wäöüß -]{0,30}[Aa]ntrag\s*:\s*\S")


def _budget_form(line: str) -> bool:
    """A budget motion's form: "HAUSHALT 2021", "Seite HH-Plan Produktgruppe", "Transferaufwendungen"."""
    return bool(_BUDGET_HEADING.match(line) or _BUDGET_FORM.match(line.replace(" ", "")))


# "…-Ortschaftsratsfraktion   Vorlage Nr.: 2022/1062": the number's label after other words on a line.
_INLINE_NUMBER_LABEL = re.compile(r"\s(?:Vorlagen?|Drucksachen?)[-\s]*(?:Nr\.?|Nummer)\s*:\s")


def _stops_title(line: str) -> bool:
    return bool(_budget_form(line) or not _LETTER.search(line) or "___" in line or " | " in line
                or _INLINE_NUMBER_LABEL.search(line + " ") or _PAGE_NUMBER_LINE.match(line)
                or (_office_line(line) and line[:1].isupper())  # the issuing offices under a report's name (669793)
                or _NUMBERS_ONLY.match(line)
                or _is_label_line(line) or _ends_head(line) or _FACTION.search(line)
                or type_heading(line)
                or find_dates(line) or line.lower().startswith("dazu") or _SALUTATION.match(line)
                or _NUMBERED.match(line))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


# A line wholly in brackets is an aside, not a subject: "(Unruhe, teilweise Heiterkeit)" in verbatim minutes, "(B 3
# bis Wachhausstraße)" where an excerpt begins after the subject's first line (Karlsruhe 146834, 16840).
_ASIDE = re.compile(r"^\([^()]*\)$")
# A file's path printed on a map or drawing: "X:\\_Projekte\\Fortschreibung Regionalplan\\…_A4.mxd" (Karlsruhe 625260).
_PATH = re.compile(r"^[A-Za-z]:\\|\\[^\\]+\\|\.(?:mxd|dwg|pdf|docx?|xlsx?|pptx?|odt)$", re.I)


_QUESTION = re.compile(r"^(?:Welche[rsnm]?|Wie(?:viele?)?|Was|Wann|Warum|Weshalb|Wieso|Wo(?:durch|mit|rauf|zu)?|Wer|"
                       r"Inwieweit|Inwiefern|Ist|Sind|Gibt|Kann|Können|Wird|Werden|Hat|Haben|Soll|Sollen)\s+\S+\s+\S+")


# A Beratungsfolge's row whose spaces the PDF lost: "Jugendhilfeausschuss13.07.20168X" (Karlsruhe 592489).
_GLUED_ROW = re.compile(r"[a-zäöüß]\d{1,2}\.\d{1,2}\.\d{4}")


def _title_line(line: str) -> bool:
    """A line that can open a title: enough letters, not a label, value, date, address or letterhead."""
    letters = len(re.findall(r"[A-Za-zÄÖÜäöüß]", line))
    sentence = line.endswith((".", "!")) and len(line.split()) >= 8 and not line.endswith(("ff.", "u.a."))
    # A question of an Anfrage's body opens with its question word ("Welche Pläne gibt es …?", Karlsruhe 659772); a
    # subject may end in a question mark ("Südostbahn - eine echte Ergänzung des Karlsruher Liniennetzes?", 36585).
    sentence = sentence or bool(_QUESTION.match(line)) or (line.endswith("?") and len(line.split()) >= 15)
    return (letters >= 12 and not sentence and " | " not in line and not _is_label_line(line)
            and not _AUTHOR.search(line)
            and not _LETTERHEAD.match(line) and not _STATUS.match(line) and not _BARE_LABEL.match(line)
            and not _DATE_END.search(line) and not _ADDRESS.search(line) and not _document_kind(line)
            and not _SALUTATION.match(line) and not _PART.match(line) and not _RECIPIENT.match(line)
            and not _WHEN.search(line) and not _ATTACHMENT.match(line) and not _FORM_LINE.search(line)
            and not _ROW.match(line) and not _RUNNING_HEAD.search(line) and line.count(")") <= line.count("(")
            and not _ASIDE.match(line) and not _PATH.search(line) and not _GLUED_ROW.search(line)
            and not (line.endswith(",") and _PROSE_START.match(line))
            and not line.endswith("!") and "___" not in line
            and type_heading(line) is None and not _ends_head(line)
            and (line[0].isupper() or line[0] in "„\"'" or re.match(r"\([A-ZÄÖÜ]", line) is not None))


# A label's value broken after its adjective ("Dienststelle: Zentraler" / "Juristischer Dienst", Karlsruhe 2026) or
# inside a coordinated name ("Dienststelle:  Umwelt- und" / "Arbeitsschutz", Karlsruhe 654169).
_OPEN_VALUE = re.compile(r"[a-zäöüß](?:isch|lich|ig|al|iv|ell|ein)e[rnsm]?$|[a-zäöüß]-\s*(?:und|oder)$")


def _runs_on_label(lines: list[str], index: int) -> bool:
    """The line finishes the value of the label line above it, which ended on an adjective."""
    above = lines[index - 1].strip() if index else ""
    return bool(_is_label_line(above) and _OPEN_VALUE.search(above))


def _is_label_line(line: str) -> bool:
    """'Vorlage Nr.:', 'Verantwortlich: Dez. 3', 'Voraussichtliche Auftragssumme: 1.475.000,00 EUR', not a subject
    with a colon ('Jugendhilfeplanung: Ausbau Plätze für Kinder unter drei Jahren')."""
    m = _LABEL_LINE.match(line)
    if m is None:
        return False
    label, value = m.group("label").strip(), m.group("value").strip()
    if field_of(label) or _HEADER_WORD.match(label) or label in _header_labels():
        return True
    if not value:
        # A title's line that runs on after a colon is no label: "von Wohnraum in Karlsruhe:" (Karlsruhe 2019).
        return label[0].isupper() or len(label.split()) <= 2
    digits = sum(c.isdigit() for c in value)
    return len(label.split()) <= 3 and (len(value) < 25 or digits * 5 >= len(value)
                                        or not re.search(r"[a-zäöüß]{4}", value))


@lru_cache(maxsize=1)
def _header_labels() -> frozenset[str]:
    return frozenset(load_beratungsfolge().header_labels)


def _document_kind(line: str) -> bool:
    return any(pattern.match(line) for pattern, _ in _DOCUMENT_HEADING)


def _where(text: str, own: str | None, at: int | None) -> int | None:
    """Where the own number stands: as found, else its first occurrence as a whole number."""
    if not own:
        return None
    if at is not None and text[at:at + len(own)] == own:
        return at
    m = re.search(r"(?<![\w/.-])" + re.escape(own) + r"(?![\w/])", text)
    return m.start() if m else None


def _after_reference(text: str, lines: list[str], at: int | None, values: set[str]) -> str | None:
    """The text block after a Vorlage's header fields, which follow its number: the line after the reference."""
    if at is None:
        return None
    start = _line_of(text, at) + 1
    prose = False  # inside a block that began in lower case: its authors ("der Stadträte …, der Stadträtinnen")
    for index in range(start, min(start + 20, len(lines))):
        line = lines[index].strip()
        if line and (_ends_head(line) or _SALUTATION.match(line)):
            return None
        if not line:
            prose = False
            continue
        if (prose or line in values or _office_line(line) and len(line) < 60 or _runs_on_label(lines, index)
                or _budget_form(line)):
            continue
        if _title_line(line):
            title, body = _unlabelled_title(lines, index, line)
            return None if body else title
        words_only = _words_only(lines, index, line)
        if words_only:
            return words_only
        prose = line[0].islower() and len(line.split()) >= 3
    return None


_WORDS = re.compile(r"^[A-ZÄÖÜ„\"][A-Za-zÄÖÜäöüß„“\"'’ ,.:/-]*$")


def _words_only(lines: list[str], index: int, line: str) -> str | None:
    """A title that OCR printed a word or two to a line ('Erweiterung / der / Grundschule / am / Lindenplatz'):
    a short line of words only, read on with the lines below it."""
    if (not _WORDS.match(line) or _STATUS.match(line) or _LETTERHEAD.match(line) or _RECIPIENT.match(line)
            or _AUTHOR.search(line)):
        return None
    joined = _continued(lines, index, line)
    return joined if joined and joined != line and _title_line(joined) else None


def _office_line(line: str) -> bool:
    """An office's name as a header prints it ("Sozial- und Jugendbehörde", "Dez. 4", "Verkehrsbetriebe/Amt für
    Abfallwirtschaft"), not a subject that ends with one ("Wahl einer oder eines Beigeordneten für das Dezernat 3",
    Karlsruhe 597930)."""
    unit = _UNIT.search(line)
    if re.match(r"Abteilung\s+[A-ZÄÖÜ]", line) and len(line.split()) <= 5:
        return True  # "Abteilung Kommunale Steuern" under "Stadtkämmerei" (Karlsruhe 660640)
    if _office_in_subject(line):
        return False
    return bool(_OFFICE.match(line) and len(line.split()) <= 6) or (unit is not None and unit.start() <= 25)


_OFFICE_AFTER_ARTICLE = re.compile(r"\b(?:der|des|dem|das|für)\s+(?:\S+\s+){0,2}?\S*(?:amt|behörde|dezernat|referat|"
                                   r"fachbereich|verwaltung|büro)(?:e?s)?\b", re.I)


def _office_in_subject(line: str) -> bool:
    """An office named inside a subject's phrase, after an article: "Richtlinien für das Mitteilungsblatt der
    Ortsverwaltung Wolfartsweier" (Karlsruhe 648594) is a title, not a letterhead's office."""
    words = line.split()
    return (len(words) >= 5 and not _OFFICE_WORD.search(words[0])
            and _OFFICE_AFTER_ARTICLE.search(line) is not None)


def _postcode_below(lines: list[str], index: int) -> int | None:
    """Where the address the line opens ends: a postcode and town within its block ("Sportkreis Karlsruhe e.V." /
    "Am Fächerbad 5" / "76131 Karlsruhe", Karlsruhe 664188); None if it opens none."""
    for below in range(index + 1, min(index + 4, len(lines))):
        if not lines[below].strip():
            return None
        if _POSTCODE_LINE.match(lines[below].strip()):
            return below
    return None


def _is_letter(lines: list[str]) -> bool:
    return any(_greeting(line.strip()) for line in lines[:HEAD_LINES * 2])


def _greeting(line: str) -> bool:
    """A letter's salutation on its own line, not a speaker addressing the audience inside a sentence ("Liebe
    Karlsruher, das Essen wird teurer, das Essen wird …", verbatim minutes, Karlsruhe 149182)."""
    return _SALUTATION.match(line) is not None and (line.endswith((",", "!", ":")) or len(line.split()) <= 10)


def _letter_subject(lines: list[str]) -> str | None:
    """The subject line above a letter's salutation ('Anfrage zum Deutschen Lernatlas 2011'); a value line like
    'Voraussichtliche Auftragssumme: …' between them is passed over, a 'hier: …' line belongs to the subject."""
    at = next((i for i, line in enumerate(lines[:HEAD_LINES * 2]) if _SALUTATION.match(line.strip())), None)
    if at is None:
        return None
    collected: list[str] = []
    index = at - 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    while index >= 0 and (m := _LABEL_LINE.match(lines[index].strip())) and not m.group("label").lower() == "hier":
        index -= 1
    while index >= 0 and len(collected) < 4:
        line = lines[index].strip()
        if not line:
            break
        # A subject wrapped over lines: "… im Rat der" / "Stadt Köln betreffend … stadtnahen" / "Gesellschaften"
        # (SWK Köln's answer to an Anfrage); its last line may be one word.
        above = lines[index - 1].strip() if index else ""
        wraps = (not collected and len(line.split()) <= 3 and re.search(r"[a-zäöüß]$", above) is not None
                 and _title_line(above))
        if (line.lower().startswith("hier:") or (_title_line(line) and len(line.split()) >= 2)
                or collected and _RUNS_ON_LINE.search(line) and len(line.split()) >= 3 and _wrapped_subject_line(line)
                or wraps and _wrapped_subject_line(line)):
            collected.insert(0, line)
            index -= 1
            continue
        break
    return " ".join(collected) or None


_RUNS_ON_LINE = re.compile(r"[a-zäöüß,-]$")


def _wrapped_subject_line(line: str) -> bool:
    """A line of a subject wrapped over lines: words, not a label, an address, a date or a greeting."""
    return (_LETTER.search(line) is not None and not _is_label_line(line) and not _ADDRESS.search(line)
            and not _DATE_END.search(line) and not _SALUTATION.match(line) and not _RECIPIENT.match(line))


def _first_block(lines: list[str], values: set[str] | None = None) -> str | None:
    """The first block of text under the letterhead, headings and header fields, before an agenda, a list or a
    section begins; `values` are the header's label-column values, passed over like its labels."""
    headed = False
    prose = False
    attached: str | None = None  # the subject an attachment's heading names after its colon
    venue = False
    address_end = -1  # the last line of an address block (a sender's letterhead), passed over
    passed: list[str] = []  # the lines of the block passed over as prose
    body_field = False  # a "Gremium" label was printed: a meeting's name below it is its value
    signed = False  # "gez." and the names of those who signed, one per line, up to a blank line
    # A field's value ended open ("Öffentliche Sitzung des", "Umwelt und"): its next line is the value's second
    value_runs_on = False
    for index, raw in enumerate(lines[:HEAD_LINES]):
        line = raw.strip()
        if value_runs_on and line:
            value_runs_on = False
            continue  # "Ortschaftsrates" (609929), "Verantwortlich: … Umwelt und" / "Arbeitsschutz" (23812)
        if _SIGNED.match(line) or signed and line:
            signed = True  # the signatures that end a page, above the next page's head (Karlsruhe 23812)
            continue
        signed = False
        if _COSTS.match(line):
            return attached  # a Vorlage's costs come after its subject: an excerpt that begins there printed none
        if (_FORM_LINE.search(line) or _ROW.match(line) or _ROW_BELOW.match(line) or _row_above(lines, index)
                or _boxes_below(lines, index)):
            continue  # a form's boxes or a Beratungsfolge's row, where an excerpt begins inside the form
        if _RESOLUTION.search(line):
            return attached
        if line.rstrip(": ") == "Gremium":
            body_field = True
        elif body_field and _SESSION_VALUE.match(line):
            # "Gremium / Termin / TOP" without colons, then "Öffentliche Sitzung des" / "Ortschaftsrates" (Karlsruhe
            # 609929): the body field's value, not the subject below it
            value_runs_on = _OPEN_END.search(line) is not None
            continue
        if prose and line:
            passed.append(line)
            if _sentences(" ".join(passed)) >= 2:
                return attached  # a text that begins inside its body (mid-sentence): what follows is body too
        if not line:
            prose, passed = False, []
            continue
        if (heading := _ATTACHMENT.match(line)) is not None:
            attached = attached or (heading.group("rest") or "").strip() or None
            continue
        if _WHEN.search(line):
            venue = True
            continue
        # The venue below an event's time: "Rathaus, Großer Saal", "GEROLDSAUER MÜHLE", "76534 BADEN-BADEN".
        if venue and len(line) < 40 and ("," in line or line.isupper() or _ADDRESS.search(line)):
            continue
        venue = False
        if index <= address_end or _budget_form(line):
            continue
        if (postcode := _postcode_below(lines, index)) is not None:
            address_end = postcode
            continue
        if _NUMBERED.match(line) and _AUTHOR.search(line):
            continue  # "a) SPD-Gemeinderatsfraktion": the authors, listed
        if _ends_head(line) or _NUMBERED.match(line) or _SALUTATION.match(line) or _PART.match(line):
            return None
        if headed and _DOCUMENT_HEADING[1][0].match(line):
            return None  # "Protokoll … Tagesordnung": the agenda begins, no name was printed
        headed = headed or _document_kind(line)
        typed = type_heading(line) is not None
        if typed and (_RUNS_ON.match(next((n.strip() for n in lines[index + 1:index + 3] if n.strip()), ""))
                      or len(line.split()) >= 6 and _OPEN_END.search(line)):
            # "Betriebssatzung / für den Eigenbetrieb …", "Antrag der FDP-Fraktion, … ein Zukunftsbild für" /
            # "Neureut … zu erarbeiten" (Karlsruhe 678101): a name that runs on, not a heading
            return _continued(lines, index, line)
        # "Stadt Karlsruhe" / "Team Sauberes Karlsruhe": the office that issues it, printed under the town's name
        under_letterhead = index > 0 and _TOWN.match(lines[index - 1].strip()) and len(line.split()) <= 5
        if line in (values or ()) and (_OPEN_END.search(line) or _OPEN_VALUE.search(line)):
            value_runs_on = True
        if (prose or _LETTERHEAD.match(line) or under_letterhead or _document_kind(line) or typed
                or line in (values or ()) or _runs_on_label(lines, index)
                or _office_line(line) and len(line) < 60
                or index < 4 and _OFFICE_WORD.search(line) and len(line) < 80 and not _office_in_subject(line)):
            continue
        if _title_line(line):
            title, body = _unlabelled_title(lines, index, line)
            return attached if body else title
        words_only = _words_only(lines, index, line)
        if words_only:
            return words_only
        # A block that begins in lower case (its authors) or with a recipient (an address) is passed over whole.
        prose = ((line[0].islower() and len(line.split()) >= 3) or _RECIPIENT.match(line) is not None
                 or _QUESTION.match(line) is not None)  # a question's next line is no subject (Karlsruhe 617502)
        passed = [line] if prose else []
    return attached


# A sentence's last word and full stop ("… durch den Oberbürgermeister zu.", "… für alle Arbeitgeber."), or a
# sentence that opens a list ("… folgender Zielerreichungsgrad … erreicht:"): no subject line ends so.
_CLOSING_WORD = re.compile(r"(?<![\w.])([A-Za-zÄÖÜäöüß]{2,})[.:]$")


_FINITE = re.compile(r"\b(?:ist|sind|war|waren|wird|werden|wurde|wurden|hat|haben|hatte|kann|können|soll|sollen|"
                     r"muss|müssen)\b")


def _unlabelled_title(lines: list[str], index: int, line: str) -> tuple[str | None, bool]:
    """The title that opens on `line` without a label, and whether the lines are instead a sentence of the text's
    body (then no title follows further down either)."""
    block = _continued(lines, index, line, keep_colon=True)
    if not block:
        return None, False
    if _a_sentence(block):
        if block != line and not _open_line(line) and not _FINITE.search(line):
            return _tidy(line), False  # "Klimaschutzkonzept 2030 - …" / "Um das Ziel … zu erreichen, sind …" (633755)
        return None, True  # the text begins inside its body: "Hauptausschuss dem Erlass … zu." (596371)
    return _tidy(block) or None, False


def _open_line(line: str) -> bool:
    """A line that ends where its phrase cannot: a comma, a hyphen, an article or preposition, an adjective."""
    return bool(line.endswith((",", "-", "–")) or _OPEN_END.search(line) or _OPEN_VALUE.search(line))


def _a_sentence(title: str) -> bool:
    """A title found unlabelled that is a sentence of six words or more, not a subject."""
    last = _CLOSING_WORD.search(title)
    if not last or last.group(1) in _ABBREVIATIONS:
        return False
    # A subject never ends on a verb or adjective and its full stop: "Deutschen Städtetag formulierten
    # Mindestanforderungen vorstellbar." (Karlsruhe 43342, an excerpt that begins in a sentence's middle).
    closing_lower = title.endswith(".") and last.group(1)[0].islower() and len(title.split()) >= 4
    return closing_lower or (len(title.split()) >= 6 and (title.endswith(".") or len(title.split()) >= 8))


def _boxes_below(lines: list[str], index: int) -> bool:
    """The line is a form's question, its boxes below: "Abstimmung mit städtischen Gesellschaften" / "x" / "Nein"."""
    below = [n.strip() for n in lines[index + 1:index + 6] if n.strip()][:3]
    return any(_BOX.fullmatch(n) for n in below)


def _row_above(lines: list[str], index: int) -> bool:
    """The line is a Beratungsfolge row's body, its date and number on the next line."""
    following = next((n.strip() for n in lines[index + 1:index + 2] if n.strip()), "")
    return bool(following) and _ROW_BELOW.match(following) is not None and len(lines[index].split()) <= 6


def _labelled_reference(text: str, own: str) -> bool:
    """Whether the number is printed under a label ('Vorlage Nr.:', 'Drucksache') rather than just first."""
    at = text.find(own)
    # The label starts a line, up to two lines up (OCR: "Vorlage / Nr.: / 202"): "Vorlage Nr.: 2025/0112",
    # not "… die Vorlage 2015/0042 beschlossen".
    start = at
    for _ in range(3):
        start = text.rfind("\n", 0, max(start, 0)) if start > 0 else -1
        if start < 0:
            break
    before = text[start + 1:at] if at >= 0 and at - start <= 80 else ""
    labelled = re.search(r"(?:^|\n)[ \t]*(?:Vorlage|Drucksache|Vorlagen|Drucksachen|Antrag|Anfrage)[-\s]*"
                         r"(?:Nr\.?|Nummer)?[ \t]*:?\s*$", before, re.I)
    # The label after the authors on the title's next line: "Grüne Liste …-Ortschaftsratsfraktion   Vorlage Nr.:
    # 2022/1062" (Karlsruhe 640843); with "Nr." and a colon it is no mention ("… die Vorlage 2015/0042 beschlossen").
    line = text[text.rfind("\n", 0, max(at, 0)) + 1:at] if at >= 0 else ""
    labelled = labelled or re.search(_INLINE_NUMBER_LABEL.pattern + r"*$", " " + line)
    return labelled is not None or any(field_of(label) == "reference" and value.strip() == own
                                       for label, (value, _) in label_columns(text).items())


# ---------------------------------------------------------------- the meeting minutes record

# "Gremium: 4. Sitzung Hauptausschuss" / "Termin: 24. Februar 2015, 16:30 Uhr"
_BODY_FIELD = re.compile(r"^\s*(?:Gremium|Sitzung)\s*:\s*(?P<body>.+)$", re.I | re.M)
_DATE_FIELD = re.compile(r"^\s*(?:Termin|Datum|Sitzungstermin|Sitzungsdatum)\s*:\s*(?P<date>.+)$", re.I | re.M)
# "Niederschrift 49. Plenarsitzung Gemeinderat" / "24. April 2018, 15:30 Uhr"
_MINUTES_OF = re.compile(r"^\W*(?:Niederschrift|Protokoll)\s+(?:über\s+die\s+|der\s+|zur\s+)?(?P<body>[^\n]{3,120})\n"
                         r"[ \t]*(?P<date>[^\n]{6,60})", re.I | re.M)
# "Niederschrift über die 12. Sitzung des Rates der Stadt Beispielstadt am Dienstag, 12.03.2025"
_SESSION_OF = re.compile(r"^\W*(?:Niederschrift|Protokoll|Sitzungsniederschrift|Ergebnisprotokoll)\b[^\n]{0,40}?"
                         r"\bSitzung\s+(?:des|der)\s+(?P<body>[^\n]{3,80}?)\s+(?:am|vom)\s+(?:[A-Z][a-z]+,?\s+)?"
                         r"(?P<date>\d{1,2}\.\s?(?:\d{1,2}\.\s?|[A-ZÄÖÜ][a-zäöü]+\s+)\d{2,4})", re.I | re.M)
_SESSION = re.compile(r"^(?:\d+\.\s*)?(?:öffentliche\s+|gemeinsame\s+)?(?:Plenar)?[Ss]itzung\s*(?:des|der)?\s*")
_RESULT_LABEL = re.compile(r"^\s*(?P<label>Abstimmungsergebnis|Beschluss|Ergebnis|Beschlussergebnis)\s*:"
                           r"\s*(?P<value>.*)$", re.I | re.M)
# "Vorberatung im Sozialausschuss am 15. Mai 2024 und im Hauptausschuss am 4. Juni 2024"
_EARLIER = re.compile(r"(?P<what>Vorberatung|verwiesen|vertagt|zurückverwiesen|überwiesen)\s+"
                      r"(?:im|in\s+der|in\s+den|aus|vom|von)\s+(?:dem\s+|der\s+)?(?P<body>[A-ZÄÖÜ][\wäöüß-]*(?:\s+[\wäöüß-]+){0,3}?)\s+am\s+"
                      r"(?P<date>\d{1,2}\.\s?(?:\d{1,2}\.\s?|[A-ZÄÖÜ][a-zäöü]+\s+)\d{2,4})")
_AND_EARLIER = re.compile(r"\s*und\s+(?:im|in\s+der)\s+(?P<body>[A-ZÄÖÜ][\wäöüß-]*(?:\s+[\wäöüß-]+){0,3}?)\s+am\s+"
                          r"(?P<date>\d{1,2}\.\s?(?:\d{1,2}\.\s?|[A-ZÄÖÜ][a-zäöü]+\s+)\d{2,4})")


# "auf die Tagesordnung der nächsten Sitzung der Bezirksvertretung Lindenthal zu setzen", "bitte ich zur nächsten
# Stadtvertretung um Beantwortung": the body an Antrag or Anfrage is addressed to, without a date.
_NEXT_SESSION = re.compile(r"\b(?:in|zur|zu\s+der|auf\s+die\s+Tagesordnung\s+der)\s+nächsten\s+"
                           r"(?:(?:öffentlichen\s+)?Sitzung\s+(?:des|der)\s+)?"
                           r"(?P<body>[A-ZÄÖÜ][\wäöüß-]*(?:[ \t]+[A-ZÄÖÜ0-9][\wäöüß-]*){0,2})")


def addressed_bodies(text: str) -> list[dict]:
    """The bodies a letter asks to deal with it at their next session (no date is printed)."""
    out: list[dict] = []
    for m in _NEXT_SESSION.finditer(text[:HEAD_CHARS]):
        body = m.group("body")
        if BODY_WORD.search(body.split()[0]) and all(r["organization"] != body for r in out):
            out.append(_row(body, None, None, None, m.start("body")))
    return out


def minutes_meetings(text: str, one_item: bool = True) -> list[dict]:
    """The meeting the minutes record (body, date and, for the minutes of one agenda item, the result printed
    under 'Abstimmungsergebnis' or 'Beschluss'), then the earlier sessions they name with a date ('Vorberatung im
    Sozialausschuss am 15. Mai 2024')."""
    head = text[:HEAD_CHARS]
    out: list[dict] = []
    body, day, start = _meeting_of(head)
    if body and day:
        result = _printed_result(text) if one_item else None
        out.append(_row(body, day, None, result, start))
    for m in _EARLIER.finditer(text[:HEAD_CHARS * 3]):
        role = "Vorberatung" if m.group("what") == "Vorberatung" else None
        result = None if role else m.group("what")
        rows = [(m.group("body"), m.group("date"), m.start())]
        rows += [(n.group("body"), n.group("date"), n.start()) for n in _and_more(text, m.end())]
        for name, written, at in rows:
            found = find_dates(written)
            if found and len(found[0].value) == 10:
                out.append(_row(name, found[0].value, role, result, at))
    return out


def _and_more(text: str, position: int):
    while (n := _AND_EARLIER.match(text, position)) is not None:
        yield n
        position = n.end()


# What a meeting's heading adds after its body in brackets: "57. Plenarsitzung Gemeinderat (DHH-Beratungen 2019/20)"
# (Karlsruhe 607207).
_BODY_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")


def _meeting_of(head: str) -> tuple[str | None, str | None, int]:
    body, day, at = _printed_meeting(head)
    if body:
        body = _BODY_ASIDE.sub("", body) or body
    return body, day, at


def _printed_meeting(head: str) -> tuple[str | None, str | None, int]:
    body_field, date_field = _BODY_FIELD.search(head), _DATE_FIELD.search(head)
    if body_field and date_field:
        day = _labelled_day(date_field.group("date"))
        if day:
            return _SESSION.sub("", body_field.group("body").strip()), day, body_field.start()
    session_of = _SESSION_OF.search(head)
    if session_of:
        day = _labelled_day(session_of.group("date"))
        if day:
            return session_of.group("body"), day, session_of.start()
    minutes_of = _MINUTES_OF.search(head)
    if minutes_of:
        found = find_dates(minutes_of.group("date"))
        if found and found[0].start == 0 and len(found[0].value) == 10:
            return _SESSION.sub("", minutes_of.group("body").strip()), found[0].value, minutes_of.start()
    # A body's line, then its date's, at the top of minutes (Münster: "Betriebsausschuss der Abfallwirtschaftsbetriebe"
    # / "07.07.2026").
    lines = [(m.start(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", head[:600])]
    for (at, line), (_, following) in zip(lines, lines[1:], strict=False):
        found = find_dates(following)
        if (BODY_WORD.search(line.split()[0] if line.split() else "") and len(line) <= 120 and not find_dates(line)
                and found and found[0].start == 0 and len(found[0].value) == 10):
            return line, found[0].value, at
    return None, None, 0


# "14.März2017,15:30Uhr": a labelled date whose spaces the text extraction lost.
_SPACELESS_DAY = re.compile(r"(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s*((?:19|20)\d{2})", re.I)


def _labelled_day(value: str) -> str | None:
    found = find_dates(value)
    if found:
        return found[0].value if len(found[0].value) == 10 else None
    m = _SPACELESS_DAY.match(value.strip())
    if m is None:
        return None
    try:
        return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
    except ValueError:
        return None


def _printed_result(text: str) -> str | None:
    """The result a minutes page prints under its result labels, if it names one ('mehrheitlich zugestimmt')."""
    found: dict[str, str] = {}
    for m in _RESULT_LABEL.finditer(text):
        value = m.group("value").strip() or text[m.end():].lstrip().split("\n", 1)[0].strip()
        found.setdefault(m.group("label").lower(), value)
    for label in ("abstimmungsergebnis", "beschlussergebnis", "ergebnis", "beschluss"):
        value = found.get(label)
        if value and words().result.search(value):
            return value
    return None


def _row(body: str, day: str | None, role: str | None, result: str | None, start: int) -> dict:
    return {"organization": normalize_organization(body.strip(" -–|,")), "date": day, "role": role, "result": result,
            "outcome": normalize_outcome(result), "agenda_number": None, "page": 1, "start": start, "end": start}

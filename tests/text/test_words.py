"""Our text's words against pdftotext's (Poppler) on the same pages: cleaning keeps every word both readers agree on."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from dev.samplepdf import make_pdf
from pipeline.text.documents import extract

from ..conftest import corpus_file

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext not installed (apt-get install poppler-utils)")

WORD = re.compile(r"\w+(?:[-'’./]\w+)*")
# Lines that are page numbers and nothing else: the text stage drops them, so they are no reference.
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:Seite\s+\d+(?:\s*von\s*\d+)?|-\s*\d+\s*-)\s*$", re.I | re.M)
# The cleaning's rule for a word broken at a line end, restated: "Bau-\nund" keeps its hyphen and
# space, "Kinder-\nJugend" and "3-\nfach" their hyphen, "Maß-\nnahmen" is one word.
_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w+)")
_KEEP_AFTER = {"und", "oder", "bzw", "sowie", "als", "bis", "wie", "u"}


def _joined(m: re.Match) -> str:
    left, right = m.group(1), m.group(2)
    if right.lower() in _KEEP_AFTER:
        return f"{left}- {right}"
    return f"{left}-{right}" if right[0].isupper() or left.isdigit() else left + right


def reference_words(text: str, without: tuple[str, ...] = ()) -> set[str]:
    """A reader's words: line-end hyphens joined by the rule above, page numbers and the given lines left out."""
    text = PAGE_NUMBER_LINE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n"))
    text = "\n".join(line for line in text.split("\n") if line.strip() not in without)
    return set(WORD.findall(_BREAK.sub(_joined, text)))


def poppler_pages(path) -> list[str]:
    """pdftotext's text of each page, in reading order. Poppler joins every line-end hyphen itself
    ("Ausbildungs-\nund" becomes "Ausbildungsund"), so such words are no agreement with pdfium."""
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8").split("\f")


def pdfium_pages(content: bytes) -> list[str]:
    """pypdfium2's raw text of each page, as the text stage reads it before cleaning."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def compare(content: bytes, poppler: list[str], without: tuple[str, ...] = ()) -> list[str]:
    """Per page, the words both readers agree on that our text lost, and our words that pdfium's own text,
    its line-end hyphens joined by the rule, does not have; an empty list when every page keeps every word."""
    document = extract(content, "application/pdf")
    assert document.method == "pdfium"
    problems = []
    for index, (ours, raw) in enumerate(zip(document.pages, pdfium_pages(content), strict=True)):
        theirs, pdfium = reference_words(poppler[index], without), reference_words(raw, without)
        words = set(WORD.findall(ours))
        lost = (theirs & pdfium) - words
        unknown = words - pdfium  # a word the cleaning made: glued ("3-Stadtwerke") or split ("Maß", "nahmen")
        if lost or unknown:
            problems.append(f"page {index + 1}: lost {sorted(lost)}, glued or split {sorted(unknown)}")
        assert "\ufffe" not in ours and "\u00ad" not in ours, f"page {index + 1} keeps a line-end mark"
    return problems


@needs_pdftotext
@pytest.mark.corpus
@pytest.mark.parametrize("name", ["koeln_swk_antwort_frauenfoerderplaene_382656",
                                  "koeln_bedarfspruefung_hist_archiv_2012_359812", "heilbronn_sitzungsplan_2018"])
def test_real_pdf_keeps_every_word_pdftotext_and_pdfium_agree_on(name):
    path = corpus_file(f"pdf/{name}.pdf")
    content = path.read_bytes()
    assert compare(content, poppler_pages(path)) == []


@needs_pdftotext
@pytest.mark.corpus
def test_koeln_line_end_marks_are_joined_and_page_numbers_gone():
    """33 U+FFFE in 7 pages hid words such as "Maßnahmen"; "- 3-Stadtwerke" and "Seite N" stayed."""
    path = corpus_file("pdf/koeln_swk_antwort_frauenfoerderplaene_382656.pdf")
    raw = pdfium_pages(path.read_bytes())
    assert sum(page.count("\ufffe") for page in raw) == 33  # the file as the issue measured it
    text = extract(path.read_bytes(), "application/pdf").text
    assert "individuelle Maßnahmen ein langfristiges" in text
    assert "im Ausbildungs- und Rekrutierungsprozess" in text
    assert "Kölner Verkehrs-Betriebe AG" in text
    assert re.findall(r"(?m)^(?:Seite \d+(?: von \d+)?|- ?\d+ ?-.*)$", text) == []


def test_line_end_hyphens_of_a_generated_pdf_are_joined():
    """pdfium prints a hyphen that ends a line as U+FFFE and runs the lines together (no reference needed)."""
    content = make_pdf([["Die Maß-", "nahmen der Verwal-", "tung für den Bau-", "und Planungsausschuss",
                         "im Kinder-", "Jugend-Parlament"]])
    assert "\ufffe" in pdfium_pages(content)[0]
    assert extract(content, "application/pdf").pages == [
        "Die Maßnahmen der Verwaltung für den Bau- und Planungsausschuss\nim Kinder-Jugend-Parlament"]


HEAD = "Stadt Beispielstadt – Vorlage 2025/0007 – Integrationskonzept"


def _vorlage() -> list[list[str]]:
    """Four pages with a running head, page numbers in two forms and words broken at line ends."""
    body = [["Beschlussvorlage", "Betreff: Integrationskonzept", "Der Rat beschließt die Maß-",
             "nahmen zur Sprachförderung und zur Verwal-", "tungsmodernisierung im Bau-", "und Planungsausschuss."],
            ["Die Migrationsberatung im Quartier wird ausge-", "baut; das Kommunale Integrations-",
             "Zentrum berät die Kinder-", "und Jugendhilfe sowie den Fachbereich Arbeitsmarkt."],
            ["Für Wohnraumversorgung und Teilhabe stehen 2025 insgesamt", "120.000 Euro bereit. Das Ehren-",
             "amt erhält eine 3-", "fache Förderung der Sprachkurse."],
            ["Der Haushalt trägt die Kosten der Integrationsar-", "beit. Der Stadtrat entscheidet abschließend",
             "über die Vorlage und ihre Anlagen."]]
    return [([HEAD, ""] if n else []) + lines + ["", f"Seite {n + 1} von 4" if n % 2 else f"- {n + 1} -"]
            for n, lines in enumerate(body)]


@needs_pdftotext
def test_generated_vorlage_keeps_every_word_and_loses_its_running_lines(tmp_path):
    path = tmp_path / "vorlage.pdf"
    path.write_bytes(make_pdf(_vorlage()))
    content = path.read_bytes()
    assert compare(content, poppler_pages(path), without=(HEAD,)) == []
    pages = extract(content, "application/pdf").pages
    assert [HEAD in page for page in pages] == [False] * 4
    assert not any(re.search(r"Seite \d|- \d", page) for page in pages)
    assert "Maßnahmen" in pages[0] and "Integrationsarbeit" in pages[3] and "3-fache" in pages[2]

"""pdfplumber where layout matters: a Vorlage's header block and Beratungsfolge table, and tables on request."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dev.samplepdf import make_pdf, paginate
from pipeline.nlp.layout import consultation_lines, read_layout, vorlage_layout, wants_layout
from pipeline.text.documents import extract
from pipeline.text.tables import tables

from ..conftest import corpus_file

VORLAGE = Path(__file__).parent / "fixtures" / "herne_vorlage_integrationskonzept.pdf"


def layout_of(pdf: bytes) -> dict | None:
    """The Vorlage layout as the ingest reads it: from the text stage's raw first pages."""
    return read_layout(pdf, extract(pdf, "application/pdf").head)


def test_vorlage_header_block_is_read_by_position():
    layout = layout_of(VORLAGE.read_bytes())
    header = layout["header"]
    assert (header["reference"], header["date"], header["paper_type"]) == ("2024/0412", "2024-03-12", "Beschlussvorlage")
    assert header["title"] == "Fortschreibung des Integrationskonzepts der Stadt Herne 2024–2030"
    assert header["fields"]["Aktenzeichen"] == "41/2-Int"
    assert header["fields"]["Verfasser"] == "Frau Yilmaz"


def test_beratungsfolge_table_rows_survive_a_wrapped_cell():
    # pdfium's text breaks "Ausschuss für Schule und / Bildung" over two lines; the table cell keeps it whole.
    layout = layout_of(VORLAGE.read_bytes())
    rows = [(c["organization"], c["date"], c["role"], c["result"], c["outcome"], c["page"])
            for c in layout["consultations"]]
    assert rows == [
        ("Integrationsrat", "2024-04-09", "Vorberatung", "einstimmig empfohlen", "beschlossen", 1),
        ("Ausschuss für Schule und Bildung", "2024-04-16", "Vorberatung", "ungeändert empfohlen", "beschlossen", 1),
        ("Haupt- und Personalausschuss", "2024-04-23", "Vorberatung", "vertagt", "vertagt", 1),
        ("Rat der Stadt Herne", "2024-05-07", "Entscheidung", "mehrheitlich beschlossen", "beschlossen", 1),
    ]


def test_a_document_without_beratungsfolge_is_not_read_twice():
    pdf = make_pdf(paginate(["Bericht über die Sprachkurse", "Die Volkshochschule meldet 240 Teilnehmende."]))
    assert not wants_layout(["Bericht über die Sprachkurse"])
    assert layout_of(pdf) is None


def test_layout_gives_up_quietly_when_pdfminer_cannot_read_the_file():
    assert vorlage_layout(b"%PDF-1.4 not really", ["Beratungsfolge:"]) is None


def test_rows_on_lines_of_their_own_are_read_without_pdfplumber(monkeypatch):
    def no_pdfplumber(*_):
        raise AssertionError("pdfplumber was called for a table pdfium prints row by row")

    monkeypatch.setattr("pipeline.nlp.layout._by_position", no_pdfplumber)
    pdf = make_pdf(paginate(["Beschlussvorlage", "Vorlage Nr.: 039/26", "Beratungsfolge:",
                             "Sozialausschuss 04.05.2026 Vorberatung", "Rat der Stadt 12.05.2026 Entscheidung",
                             "Sachverhalt:", "Die Stadt legt ein Integrationskonzept vor."]))
    layout = layout_of(pdf)
    assert (layout["read_by"], layout["header"]["reference"]) == ("pdfium", "039/26")
    assert [(c["organization"], c["date"], c["role"]) for c in layout["consultations"]] == [
        ("Sozialausschuss", "2026-05-04", "Vorberatung"), ("Rat der Stadt", "2026-05-12", "Entscheidung")]


def test_wrapped_cell_sends_the_table_to_pdfplumber():
    assert layout_of(VORLAGE.read_bytes())["read_by"] == "pdfplumber"


@pytest.mark.corpus
def test_karlsruhe_beratungsfolge_lines_golden():
    text = corpus_file("pdf/karlsruhe_beschlussvorlage_2026_0268_extracted.txt").read_text(encoding="utf-8")
    rows, clean = consultation_lines(text.split("-- 1 of 4 --")[0].splitlines(), 1)
    assert clean
    assert [(r["organization"], r["date"], r["role"], r["result"]) for r in rows] == [
        ("Ortschaftsrat Hohenwettersbach", "2026-06-17", "Anhörung", None),
        ("Ortschaftsrat Stupferich", "2026-06-17", "Anhörung", None),
        ("Planungsausschuss", "2026-06-18", "Vorberatung", None),
        ("Gemeinderat", "2026-06-23", "Entscheidung", None),
    ]



@pytest.mark.corpus
def test_tables_on_request_match_the_tabula_reference():
    path = corpus_file("pdf/heilbronn_sitzungsplan_2018.pdf")
    expected = [[" ".join(cell.split()) for cell in row]
                for row in csv.reader(corpus_file("pdf/heilbronn_sitzungsplan_2018.tabula.csv").open(encoding="utf-8"))]
    found = tables(path.read_bytes())
    assert [t["page"] for t in found] == [1]
    got = [[" ".join(cell.split()) for cell in row] for row in found[0]["rows"]]
    assert got == expected

"""Document text: PDFs the project writes, bad files, HTML main content; named after what they guard."""

from __future__ import annotations

import pytest

from pipeline.documents import clean, extract, html_main_text
from pipeline.samplepdf import make_pdf, paginate
from pipeline.sniff import sniff_mime

from .conftest import corpus_file


def test_born_digital_pdf_keeps_pages_and_umlauts():
    pdf = make_pdf(paginate(["Integrationskonzept für Herne", "Maßnahmen zur Sprachförderung", "\f", "Seite 2"]))
    document = extract(pdf, sniff_mime(pdf))
    assert (document.method, document.status) == ("pdfplumber", "ok")
    assert document.pages == ["Integrationskonzept für Herne\nMaßnahmen zur Sprachförderung", "Seite 2"]


@pytest.mark.parametrize(
    "content,status",
    [
        (b"", "empty"),
        (b"%PDF-1.4\n1 0 obj garbage", "corrupt"),
    ],
)
def test_bad_pdfs_get_a_status_not_a_crash(content, status):
    document = extract(content, "application/pdf")
    assert document.status == status
    assert document.reason


def test_truncated_pdf_is_corrupt_or_partial_but_never_raises():
    pdf = make_pdf(paginate(["Ein Satz"] * 200))
    document = extract(pdf[: len(pdf) // 2], "application/pdf")
    assert document.status in ("ok", "corrupt", "empty")


def test_unsupported_format_says_why():
    document = extract(b"\x89PNG\r\n\x1a\nxxxx", "image/png")
    assert (document.method, document.status, document.reason) == (
        "none",
        "unsupported",
        "no text extractor for image/png",
    )


def test_html_main_text_drops_navigation_banner_and_footer():
    page = (
        b"<html><body><nav>Startseite | Rathaus</nav><div class='cookie-banner'>Cookies!</div>"
        b"<main><h1>Integration</h1><p>Der <b>Integra</b>tionsrat tagt.</p></main><footer>Impressum</footer></body></html>"
    )
    assert html_main_text(page) == "Integration\nDer Integrationsrat tagt."


def test_clean_removes_soft_hyphens_ligatures_and_nbsp():
    assert clean("Verwal\u00adtung\u00a0ist \ufb01t") == "Verwaltung ist fit"


@pytest.mark.corpus
def test_scanned_pdf_without_text_layer_is_reported():
    pdf = corpus_file("pdf/koeln_bv7_antrag_musikschule_2008_121798.pdf").read_bytes()
    document = extract(pdf, sniff_mime(pdf))
    assert document.status == "empty"
    assert document.reason.startswith("no text layer")

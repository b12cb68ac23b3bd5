"""OCR of scans: quality against the human transcriptions, caps, and a clear reason without Tesseract."""

from __future__ import annotations

import pytest

from pipeline.text import ocr
from pipeline.text.documents import extract

from ..conftest import corpus_file

# Measured with bench/bench_ocr.py (docs/BENCHMARKS.md); the test fails if quality gets worse.
CER_CEILING = {"koeln_bv7_antrag_musikschule_2008_121798": (0.10, "ocr"),
               "koeln_swk_antwort_frauenfoerderplaene_382656": (0.22, "pdfium")}

needs_tesseract = pytest.mark.skipif(ocr.unavailable() is not None, reason=f"{ocr.unavailable()}")


def cer(hypothesis: str, reference: str) -> float:
    from rapidfuzz.distance import Levenshtein

    hyp, ref = " ".join(hypothesis.split()), " ".join(reference.split())
    return Levenshtein.distance(hyp, ref) / max(1, len(ref))


@pytest.mark.corpus
@needs_tesseract
@pytest.mark.parametrize("name", sorted(CER_CEILING))
def test_character_error_rate_against_the_transcriptions(name):
    ceiling, method = CER_CEILING[name]
    document = extract(corpus_file(f"pdf/{name}.pdf").read_bytes(), "application/pdf")
    reference = corpus_file(f"pdf/{name}.reference.txt").read_text(encoding="utf-8")
    assert document.method == method
    assert cer(document.text, reference) <= ceiling


@pytest.mark.corpus
@needs_tesseract
def test_page_cap_on_a_long_scan(monkeypatch):
    monkeypatch.setattr(ocr, "PAGE_CAP", 1)
    document = extract(corpus_file("pdf/schwerin_anfrage_lernatlas_2011.pdf").read_bytes(), "application/pdf")
    assert (document.method, document.reason) == ("ocr", "OCR of 1 of 3 scanned pages (page cap)")
    assert document.pages[0] and not document.pages[1] and not document.pages[2]


@pytest.mark.corpus
def test_without_tesseract_a_scan_says_why(monkeypatch):
    monkeypatch.setattr(ocr, "unavailable", lambda: "OCR not installed (Debian packages tesseract-ocr and tesseract-ocr-deu)")
    document = extract(corpus_file("pdf/koeln_bv7_antrag_musikschule_2008_121798.pdf").read_bytes(), "application/pdf")
    assert (document.status, document.method) == ("empty", "none")
    assert document.reason == ("no text layer on 1 of 1 pages; "
                               "OCR not installed (Debian packages tesseract-ocr and tesseract-ocr-deu)")


def _text_page_then_scan() -> bytes:
    """A born-digital page followed by the image-only page of a real scan."""
    import io

    import pypdfium2 as pdfium

    from dev.samplepdf import make_pdf, paginate

    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument(make_pdf(paginate(["Anschreiben an die Bezirksvertretung"]))))
    merged.import_pages(pdfium.PdfDocument(corpus_file("pdf/koeln_bv7_antrag_musikschule_2008_121798.pdf").read_bytes()))
    buffer = io.BytesIO()
    merged.save(buffer)
    return buffer.getvalue()


@pytest.mark.corpus
@needs_tesseract
def test_each_page_records_how_its_text_was_obtained():
    document = extract(_text_page_then_scan(), "application/pdf")
    assert (document.method, document.page_methods) == ("ocr", ["pdfium", "ocr"])
    assert document.pages[0] == "Anschreiben an die Bezirksvertretung"
    assert "Musikschule" in document.pages[1]


@pytest.mark.corpus
def test_without_tesseract_the_scan_page_alone_is_marked_none(monkeypatch):
    monkeypatch.setattr(ocr, "unavailable", lambda: "OCR not installed (Debian packages tesseract-ocr and tesseract-ocr-deu)")
    document = extract(_text_page_then_scan(), "application/pdf")
    assert (document.status, document.method, document.page_methods) == ("ok", "pdfium", ["pdfium", "none"])
    assert document.reason.startswith("no text layer on 1 of 2 pages; OCR not installed")


@pytest.mark.corpus
@needs_tesseract
def test_parallel_tesseract_processes_read_what_one_reads(monkeypatch):
    content = corpus_file("pdf/schwerin_anfrage_lernatlas_2011.pdf").read_bytes()
    monkeypatch.setenv("PIPELINE_OCR_WORKERS", "1")
    one = extract(content, "application/pdf")
    monkeypatch.setenv("PIPELINE_OCR_WORKERS", "3")
    three = extract(content, "application/pdf")
    assert one.pages == three.pages and all(three.pages)


@pytest.mark.corpus
@needs_tesseract
def test_file_time_cap_stops_a_long_scan(monkeypatch):
    monkeypatch.setattr(ocr, "FILE_SECONDS", 0)
    document = extract(corpus_file("pdf/schwerin_anfrage_lernatlas_2011.pdf").read_bytes(), "application/pdf")
    assert document.reason == "OCR stopped after 0 s at page 1"
    assert document.status == "empty" and document.page_methods == ["none"] * 3


def test_a_huge_page_is_rendered_under_the_pixel_cap():
    from pipeline.text.ocr import DPI, MAX_PIXELS, render_scale

    assert render_scale(595, 842) == DPI / 72, "A4 at full resolution"
    scale = render_scale(14_400, 14_400)  # the largest page PDF allows: 200 x 200 inches
    assert 14_400 * 14_400 * scale * scale <= MAX_PIXELS * 1.0001
    assert scale < DPI / 72

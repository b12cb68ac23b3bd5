"""Document text: PDFs the project writes, bad files, HTML main content; named after what they guard."""

from __future__ import annotations

import pytest

from pipeline.documents import clean, extract, html_main_text
from pipeline.samplepdf import make_pdf, paginate
from pipeline.sniff import sniff_mime

from .conftest import corpus_file


def test_born_digital_pdf_keeps_pages_and_umlauts():
    pdf = make_pdf(paginate(["Integrationskonzept für Herne", "Maßnahmen zur Sprachförderung", "\f", "Zweite Seite"]))
    document = extract(pdf, sniff_mime(pdf))
    assert (document.method, document.status) == ("pdfium", "ok")
    assert document.pages == ["Integrationskonzept für Herne\nMaßnahmen zur Sprachförderung", "Zweite Seite"]


@pytest.mark.parametrize(
    "content,status",
    [
        (b"", "empty"),
        (b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n", "corrupt"),
    ],
)
def test_bad_pdfs_get_a_status_not_a_crash(content, status):
    document = extract(content, "application/pdf")
    assert document.status == status
    assert document.reason


def test_truncated_pdf_says_so():
    pdf = make_pdf(paginate(["Ein Satz"] * 200))
    document = extract(pdf[: len(pdf) // 2], "application/pdf")
    assert document.status == "truncated"
    assert document.reason.startswith("PDF ends early (")


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


def test_encrypted_pdf_is_reported(tmp_path):
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(BytesIO(make_pdf(paginate(["Vertraulich"])))).pages:
        writer.add_page(page)
    writer.encrypt("geheim", algorithm="AES-256")
    out = BytesIO()
    writer.write(out)
    document = extract(out.getvalue(), "application/pdf")
    assert (document.status, document.method, document.reason) == ("encrypted", "none", "PDF is encrypted (password required)")


def test_page_cap(monkeypatch):
    monkeypatch.setattr("pipeline.documents.PAGE_CAP", 2)
    document = extract(make_pdf(paginate(["eins", "\f", "zwei", "\f", "drei"])), "application/pdf")
    assert (document.status, document.reason) == ("too_large", "3 pages, over the cap of 2")


def test_garbled_page_is_read_again_with_pdfplumber(monkeypatch):
    monkeypatch.setattr("pipeline.documents.looks_garbled", lambda text: True)
    document = extract(make_pdf(paginate(["Integrationskonzept der Stadt"])), "application/pdf")
    assert (document.method, document.pages) == ("pdfplumber", ["Integrationskonzept der Stadt"])


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["heilbronn_sitzungsplan_2018", "koeln_swk_antwort_frauenfoerderplaene_382656",
                                  "koeln_bedarfspruefung_hist_archiv_2012_359812"])
def test_golden_text_of_real_pdfs(name):
    """Golden files in tests/golden/pdf/; regenerate with UPDATE_GOLDEN=1 after a deliberate change."""
    import os

    from .conftest import GOLDEN

    content = corpus_file(f"pdf/{name}.pdf").read_bytes()
    document = extract(content, sniff_mime(content))
    text = "\n\f\n".join(document.pages)
    golden = GOLDEN / "pdf" / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert (document.status, document.method) == ("ok", "pdfium")
    assert text == golden.read_text(encoding="utf-8")


def _bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to the given size (spaces, so no text)."""
    import zlib

    inflater_input = zlib.compressobj(9)
    stream = b"".join(inflater_input.compress(b" " * (1 << 20)) for _ in range(megabytes)) + inflater_input.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_decompression_bomb_is_refused_before_pdfium_inflates_it(monkeypatch):
    monkeypatch.setattr("pipeline.documents.INFLATED_CAP", 32 * 1024 * 1024)
    bomb = _bomb(64)
    assert len(bomb) < 200_000
    document = extract(bomb, "application/pdf")
    assert (document.status, document.reason) == ("too_large", "compressed streams expand beyond 32 MB (decompression bomb)")
    assert extract(_bomb(8), "application/pdf").status == "empty", "a stream under the cap is read as usual"

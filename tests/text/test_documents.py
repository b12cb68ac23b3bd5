"""Document text: PDFs the project writes, bad files, HTML main content; named after what they guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from dev.samplepdf import make_pdf, paginate
from pipeline.fetch.sniff import sniff_mime
from pipeline.text.documents import clean, extract, html_main_text

from ..conftest import corpus_file
from ..helpers.pdfs import pdf_of


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
    assert document.reason == f"PDF ends early ({len(pdf) // 2} bytes, no %EOF)"  # not "%%EOF" (attack a13)


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
    monkeypatch.setattr("pipeline.text.documents.PAGE_CAP", 2)
    document = extract(make_pdf(paginate(["eins", "\f", "zwei", "\f", "drei"])), "application/pdf")
    assert (document.status, document.reason) == ("too_large", "3 pages, over the cap of 2")


def test_garbled_page_is_read_again_with_pdfplumber(monkeypatch):
    monkeypatch.setattr("pipeline.text.documents.looks_garbled", lambda text: True)
    document = extract(make_pdf(paginate(["Integrationskonzept der Stadt"])), "application/pdf")
    assert (document.method, document.pages) == ("pdfplumber", ["Integrationskonzept der Stadt"])


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["heilbronn_sitzungsplan_2018", "koeln_swk_antwort_frauenfoerderplaene_382656",
                                  "koeln_bedarfspruefung_hist_archiv_2012_359812"])
def test_golden_text_of_real_pdfs(name):
    """Snapshots of the text in tests/text/snapshots/; rewrite them with UPDATE_SNAPSHOTS=1 after a deliberate change."""
    from ..helpers.snapshots import updating

    content = corpus_file(f"pdf/{name}.pdf").read_bytes()
    document = extract(content, sniff_mime(content))
    text = "\n\f\n".join(document.pages)
    golden = Path(__file__).parent / "snapshots" / f"{name}.txt"
    if updating():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert (document.status, document.method) == ("ok", "pdfium")
    assert text == golden.read_text(encoding="utf-8")


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def _bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to the given size (spaces, so no text)."""
    import zlib

    inflater_input = zlib.compressobj(9)
    stream = b"".join(inflater_input.compress(b" " * (1 << 20)) for _ in range(megabytes)) + inflater_input.flush()
    return pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 _stream(stream, b"/Filter /FlateDecode")])



def test_decompression_bomb_is_refused_before_pdfium_inflates_it(monkeypatch):
    monkeypatch.setattr("pipeline.text.documents.INFLATED_CAP", 32 * 1024 * 1024)
    bomb = _bomb(64)
    assert len(bomb) < 200_000
    document = extract(bomb, "application/pdf")
    assert (document.status, document.reason) == ("too_large", "compressed streams expand beyond 32 MB (decompression bomb)")
    assert extract(_bomb(8), "application/pdf").status == "empty", "a stream under the cap is read as usual"


CATALOG, FONT = b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 10 10 Td (Beratungsfolge Hallo Welt) Tj ET"


def _page(contents: int, resources: bytes, parent: int = 2) -> bytes:
    return b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 200] /Contents %d 0 R /Resources %s >>" % (
        parent, contents, resources)


def _deep_page_tree(depth: int) -> bytes:
    objects = [CATALOG]
    for level in range(depth):  # object 2 + level is a Pages node whose only kid is the next one
        parent = b" /Parent %d 0 R" % (level + 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (level + 3, parent))
    page = depth + 2
    objects += [_page(page + 1, b"<< /Font << /F1 %d 0 R >> >>" % (page + 2), parent=page - 1), _stream(TEXT), FONT]
    return pdf_of(objects)


NESTING = {
    # Each is a PDF whose objects nest or refer to each other without bound; each must end with a status.
    "page_tree_20000_levels_deep": (_deep_page_tree(20000), "corrupt"),
    "pages_node_is_its_own_kid": (pdf_of([CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                                        _page(4, b"<< /Font << /F1 5 0 R >> >>"), _stream(TEXT), FONT]), "corrupt"),
    "form_xobject_draws_itself": (pdf_of([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                        _page(4, b"<< /XObject << /Fm0 5 0 R >> /Font << /F1 6 0 R >> >>"),
                                        _stream(TEXT + b" /Fm0 Do"),
                                        _stream(b"/Fm0 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 200 200] "
                                                b"/Resources << /XObject << /Fm0 5 0 R >> >>"), FONT]), "ok"),
    "content_array_nested_100000_deep": (pdf_of([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                               _page(4, b"<< /Font << /F1 5 0 R >> >>"),
                                               _stream(TEXT + b" BT " + b"[" * 100000 + b"]" * 100000 + b" TJ ET"),
                                               FONT]), "ok"),
    "font_dictionary_nested_100000_deep": (pdf_of([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                                 _page(4, b"<< /Font << /F1 5 0 R >> >>"), _stream(TEXT),
                                                 FONT[:-2] + b"/X " + b"<< /A " * 100000 + b"1" + b" >>" * 100000
                                                 + b" >>"]), "ok"),
}


@pytest.mark.parametrize("name", sorted(NESTING))
@pytest.mark.parametrize("through_pdfplumber", [False, True], ids=["pdfium", "pdfplumber"])
def test_pdf_whose_objects_nest_without_bound_ends_with_a_status(name, through_pdfplumber, monkeypatch):
    import signal

    if through_pdfplumber:  # the garbled-text path hands every page to pdfminer as well
        monkeypatch.setattr("pipeline.text.documents.looks_garbled", lambda text: True)
    content, status = NESTING[name]

    def too_slow(*_):
        raise AssertionError(f"{name}: extraction did not finish within 30 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(30)
    try:
        document = extract(content, "application/pdf")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert document.status == status, document.reason
    if status == "ok":
        assert "Hallo Welt" in document.text
    else:
        assert document.reason.startswith("unreadable PDF")

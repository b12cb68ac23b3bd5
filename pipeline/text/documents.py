"""Document text extraction: PDF, HTML and plain text, page by page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from io import BytesIO

from pipeline.model import FileStatus
from pipeline.text.cleaning import clean_pages, dehyphenate, looks_garbled, normalize
from pipeline.text.office import SUFFIX, office_text
from pipeline.text.pdfguard import INFLATED_CAP, BombCheckFailed, inflates_beyond
from pipeline.text.webpage import html_main_text
from scrapers.base import decode_html

log = logging.getLogger(__name__)


@dataclass
class DocumentText:
    """Text of one document, split into pages, and how it was obtained."""

    pages: list[str] = field(default_factory=list)
    method: str = "none"  # pdfium | pdfplumber | ocr | html | text | office | none
    status: FileStatus = "ok"  # ok | empty | encrypted | corrupt | truncated | too_large | unsupported | error
    reason: str | None = None
    page_methods: list[str] = field(default_factory=list)  # how each page's text was obtained
    head: list[str] = field(default_factory=list)  # a PDF's first pages as pdfium read them, before cleaning

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


def clean(text: str) -> str:
    """One page of text, normalised and de-hyphenated (see pipeline.cleaning)."""
    return dehyphenate(normalize(text))


HEAD_PAGES = 2  # raw pages kept for the Vorlage layout (pipeline.nlp.layout): its header and Beratungsfolge


def extract(content: bytes, mime_type: str) -> DocumentText:
    """Text of a document of a known (sniffed) type; never raises for bad input."""
    if not content:
        return DocumentText(status="empty", reason="zero-byte file")
    try:
        if mime_type == "application/pdf":
            return _pdf(content)
        if mime_type == "text/html":
            return _single(clean(html_main_text(content)), "html")
        if mime_type == "text/plain":
            return _single(clean(decode_html(content)), "text")
        if mime_type in SUFFIX:
            text, reason = office_text(content, mime_type)
            if text is None:
                return DocumentText(status="unsupported", reason=reason)
            pages = clean_pages(text.split("\f"))
            if not any(pages):
                return DocumentText(pages=pages, status="empty", reason="the office document has no text")
            return DocumentText(pages=pages, method="office", page_methods=_methods(pages, {}, "office"))
    except Exception as exc:  # noqa: BLE001 - one bad document must never stop an ingest
        log.warning("text extraction failed: %s", exc)
        return DocumentText(status="error", reason=f"{exc.__class__.__name__}: {exc}"[:300])
    return DocumentText(status="unsupported", reason=f"no text extractor for {mime_type}")


def _single(text: str, method: str) -> DocumentText:
    if not text:
        return DocumentText(pages=[text], status="empty", reason=f"no text in the {method} document")
    return DocumentText(pages=[text], method=method, page_methods=[method])


def _methods(pages: list[str], by_page: dict[int, str], default: str) -> list[str]:
    """Each page's text method: by_page where set, else default; 'none' for a page without text."""
    return [by_page.get(i, default) if text else "none" for i, text in enumerate(pages)]


PAGE_CAP = 2000  # pages; a longer PDF is reported, not read (and cannot stall an ingest)
def _pdf(content: bytes) -> DocumentText:
    """Bulk text with pypdfium2; pages whose text came out garbled again with pdfplumber's layout."""
    import pypdfium2 as pdfium

    try:
        if inflates_beyond(content, INFLATED_CAP):
            return DocumentText(status="too_large", reason=f"compressed streams expand beyond "
                                f"{INFLATED_CAP // 2**20} MB (decompression bomb)")
    except BombCheckFailed as exc:
        return DocumentText(status="encrypted", reason=str(exc))
    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            return DocumentText(status="encrypted", reason="PDF is encrypted (password required)")
        if b"%%EOF" not in content[-2048:]:
            return DocumentText(status="truncated", reason=f"PDF ends early ({len(content)} bytes, no %EOF)")
        return DocumentText(status="corrupt", reason=f"unreadable PDF ({message})")
    try:
        count = len(pdf)
        if count > PAGE_CAP:
            return DocumentText(status="too_large", reason=f"{count} pages, over the cap of {PAGE_CAP}")
        raw, scanned = [], []
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            raw.append(textpage.get_text_range())
            textpage.close()
            if len(raw[-1].strip()) < MIN_LAYER_CHARS and _has_image(page):
                scanned.append(index)
            page.close()
        by_page: dict[int, str] = {}
        reason = None
        if scanned:
            reason = _ocr(pdf, raw, scanned, by_page)
    except pdfium.PdfiumError as exc:
        return DocumentText(status="corrupt", reason=f"unreadable PDF page ({exc})")
    finally:
        pdf.close()
    garbled = [i for i, text in enumerate(raw) if i not in by_page and looks_garbled(text)]
    if garbled:
        for index, text in _pdfplumber_pages(content, garbled).items():
            raw[index] = text
            by_page[index] = "pdfplumber"
    head = raw[:HEAD_PAGES]
    pages = clean_pages(raw)
    if not any(pages):
        return DocumentText(pages=pages, method="none", status="empty", reason=reason or "no text found",
                            page_methods=["none"] * len(pages))
    page_methods = _methods(pages, by_page, "pdfium")
    # The file's method is the most telling one used: OCR over pdfplumber over pdfium.
    method = next(m for m in ("ocr", "pdfplumber", "pdfium") if m in page_methods or m == "pdfium")
    return DocumentText(pages=pages, method=method, reason=reason, page_methods=page_methods, head=head)


MIN_LAYER_CHARS = 20  # a page with an image and less text than this is taken for a scan


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def _ocr(pdf, raw: list[str], scanned: list[int], by_page: dict[int, str]) -> str | None:
    """OCR the scanned pages in place and mark them in by_page; a reason when OCR could not (fully) run."""
    from pipeline.text import ocr

    missing = ocr.unavailable()
    if missing:
        return f"no text layer on {len(scanned)} of {len(raw)} pages; {missing}"
    texts, note = ocr.ocr_pages(pdf, scanned)
    for index, text in texts.items():
        raw[index] = text
        by_page[index] = "ocr"
    return note


def _pdfplumber_pages(content: bytes, indexes: list[int]) -> dict[int, str]:
    """pdfplumber's layout-aware text of some pages (slow: only where pdfium's text is garbled)."""
    import pdfplumber

    out: dict[int, str] = {}
    try:
        with pdfplumber.open(BytesIO(content)) as pdf:
            for index in indexes:
                page = pdf.pages[index]
                out[index] = page.extract_text() or ""
                page.close()  # pdfplumber holds ~7 MB per parsed page otherwise
    except Exception as exc:  # noqa: BLE001 - keep pdfium's text when pdfminer cannot read the file
        log.info("pdfplumber fallback failed: %s", exc)
    return out

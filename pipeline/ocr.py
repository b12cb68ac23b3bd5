"""OCR of pages without a usable text layer: Tesseract with its German model, one process a page.

Tesseract (Debian packages tesseract-ocr and tesseract-ocr-deu) and pytesseract form an optional
extra (`pip install -e '.[ocr]'`). Where they are missing, scans keep `text_method = none` with a
reason that says so.
"""

from __future__ import annotations

import logging
import shutil
import time
from functools import lru_cache

log = logging.getLogger(__name__)

DPI = 300
PAGE_CAP = 50  # pages OCR'd per file; the rest of a huge scan is left out, and the reason says so
PAGE_SECONDS = 60  # one page's Tesseract process is killed after this
FILE_SECONDS = 600  # and a file's OCR stops after this


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    try:
        import pytesseract
    except ImportError:
        return "OCR not installed (pip install -e '.[ocr]' and Debian's tesseract-ocr, tesseract-ocr-deu)"
    if shutil.which("tesseract") is None:
        return "OCR not installed (Debian packages tesseract-ocr and tesseract-ocr-deu)"
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # noqa: BLE001 - a broken Tesseract install is reported, not raised
        return f"Tesseract does not answer ({exc.__class__.__name__})"
    if "deu" not in languages:
        return "Tesseract's German model is missing (Debian package tesseract-ocr-deu)"
    return None


def ocr_pages(pdf, indexes: list[int]) -> tuple[dict[int, str], str | None]:
    """OCR text of some pages of an open pypdfium2 document, and a note when caps cut it short."""
    import pytesseract

    texts: dict[int, str] = {}
    started = time.monotonic()
    todo = indexes[:PAGE_CAP]
    for index in todo:
        if time.monotonic() - started > FILE_SECONDS:
            return texts, f"OCR stopped after {FILE_SECONDS} s at page {index + 1}"
        page = pdf[index]
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        page.close()
        try:
            texts[index] = pytesseract.image_to_string(image, lang="deu", timeout=PAGE_SECONDS)
        except RuntimeError:  # pytesseract's timeout
            log.info("OCR of page %d timed out after %d s", index + 1, PAGE_SECONDS)
            texts[index] = ""
    if len(indexes) > PAGE_CAP:
        return texts, f"OCR of {PAGE_CAP} of {len(indexes)} scanned pages (page cap)"
    return texts, None

"""OCR of pages without a usable text layer: Tesseract with its German model, one process a page.

Pages are rendered one at a time in this process (pdfium is not thread-safe) and recognised by a
small pool of Tesseract processes, so a long scan uses every core and a stuck page cannot stall
the ingest: each page's process is killed after PAGE_SECONDS, and a file stops after FILE_SECONDS.

Tesseract (Debian packages tesseract-ocr and tesseract-ocr-deu) and pytesseract form an optional
extra (`pip install -e '.[ocr]'`). Where they are missing, scans keep `text_method = none` with a
reason that says so.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import lru_cache

log = logging.getLogger(__name__)

DPI = 300
MAX_PIXELS = 60_000_000  # per rendered page: A4 at 300 dpi is 8.7 million; a PDF page may be 200 x 200 inches
PAGE_CAP = 50  # pages OCR'd per file; the rest of a huge scan is left out, and the reason says so
PAGE_SECONDS = 60  # one page's Tesseract process is killed after this
FILE_SECONDS = 600  # and a file's OCR stops after this


def render_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point for OCR: DPI, less for a page so large that its bitmap would exceed MAX_PIXELS."""
    scale = DPI / 72
    pixels = width_pt * height_pt * scale * scale
    return scale if pixels <= MAX_PIXELS else (MAX_PIXELS / (width_pt * height_pt)) ** 0.5


def workers() -> int:
    """Tesseract processes at once: PIPELINE_OCR_WORKERS, else one per core."""
    value = os.environ.get("PIPELINE_OCR_WORKERS", "")
    return max(1, int(value)) if value.isdigit() else (os.cpu_count() or 1)


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


def _recognise(image, index: int) -> str:
    import pytesseract

    try:
        return pytesseract.image_to_string(image, lang="deu", timeout=PAGE_SECONDS)
    except RuntimeError:  # pytesseract's timeout: the process was killed
        log.info("OCR of page %d timed out after %d s", index + 1, PAGE_SECONDS)
        return ""


def ocr_pages(pdf, indexes: list[int]) -> tuple[dict[int, str], str | None]:
    """OCR text of some pages of an open pypdfium2 document, and a note when caps cut it short."""
    # Tesseract's own OpenMP threads would compete with the parallel processes for the same cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pool_size = workers()
    deadline = time.monotonic() + FILE_SECONDS
    texts: dict[int, str] = {}
    running: dict[Future, int] = {}
    note = None

    def collect(timeout: float | None) -> None:
        done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            texts[running.pop(future)] = future.result()

    # The threads only wait on Tesseract processes; at most pool_size rendered pages are held at once.
    with ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="ocr") as pool:
        for index in indexes[:PAGE_CAP]:
            while len(running) >= pool_size and time.monotonic() < deadline:
                collect(max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                note = f"OCR stopped after {FILE_SECONDS} s at page {index + 1}"
                break
            page = pdf[index]
            image = page.render(scale=render_scale(*page.get_size()), grayscale=True).to_pil()
            page.close()
            running[pool.submit(_recognise, image, index)] = index
        while running and time.monotonic() < deadline:
            collect(max(0.0, deadline - time.monotonic()))
        if running:
            note = note or f"OCR stopped after {FILE_SECONDS} s with {len(running)} pages unfinished"
            for future in running:
                future.cancel()  # a page already in Tesseract ends by its own PAGE_SECONDS
    if note is None and len(indexes) > PAGE_CAP:
        note = f"OCR of {PAGE_CAP} of {len(indexes)} scanned pages (page cap)"
    return texts, note


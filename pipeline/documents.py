"""Document text extraction: PDF, HTML and plain text, page by page."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO

from scrapers.base import block_text, decode_html, make_soup

log = logging.getLogger(__name__)


@dataclass
class DocumentText:
    """Text of one document, split into pages, and how it was obtained."""

    pages: list[str] = field(default_factory=list)
    method: str = "none"  # pdfplumber | html | text | none
    status: str = "ok"  # ok | empty | encrypted | corrupt | unsupported | error
    reason: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


_SOFT = str.maketrans(
    {
        "\u00ad": "",
        "\u00a0": " ",
        "\u202f": " ",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb00": "ff",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)


def clean(text: str) -> str:
    """NFC, no soft hyphens or ligatures, tidy spaces."""
    text = unicodedata.normalize("NFC", text).translate(_SOFT)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r" *\n *", "\n", text).strip()


def extract(content: bytes, mime_type: str) -> DocumentText:
    """Text of a document of a known (sniffed) type; never raises for bad input."""
    if not content:
        return DocumentText(status="empty", reason="zero-byte file")
    try:
        if mime_type == "application/pdf":
            return _pdf(content)
        if mime_type == "text/html":
            return DocumentText(pages=[clean(html_main_text(content))], method="html")
        if mime_type == "text/plain":
            return DocumentText(pages=[clean(decode_html(content))], method="text")
    except Exception as exc:  # noqa: BLE001 - one bad document must never stop an ingest
        log.warning("text extraction failed: %s", exc)
        return DocumentText(status="error", reason=f"{exc.__class__.__name__}: {exc}"[:300])
    return DocumentText(status="unsupported", reason=f"no text extractor for {mime_type}")


def _pdf(content: bytes) -> DocumentText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[str] = []
    try:
        with pdfplumber.open(BytesIO(content)) as pdf:
            for page in pdf.pages:
                pages.append(clean(page.extract_text() or ""))
                page.close()  # pdfplumber holds ~7 MB per parsed page otherwise
    except PDFPasswordIncorrect:
        return DocumentText(status="encrypted", reason="PDF is encrypted")
    except (PDFSyntaxError, Exception) as exc:  # noqa: BLE001 - pdfminer raises many types
        name = exc.__class__.__name__
        if "Password" in name or "Encrypt" in name:
            return DocumentText(status="encrypted", reason="PDF is encrypted")
        return DocumentText(status="corrupt", reason=f"unreadable PDF ({name})")
    if not any(pages):
        return DocumentText(
            pages=pages, method="none", status="empty", reason="no text layer (scanned PDF; OCR not available yet)"
        )
    return DocumentText(pages=pages, method="pdfplumber")


_BOILERPLATE = re.compile(r"(nav|menu|footer|header|cookie|banner|breadcrumb|sidebar|skip)", re.I)


def html_main_text(content: bytes) -> str:
    """Main text of an HTML page, without navigation, banners and footers."""
    soup = make_soup(content)
    for tag in soup.find_all(["nav", "footer", "header", "aside", "script", "style", "form"]):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        marker = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
        if marker.strip() and _BOILERPLATE.search(marker) and tag.name not in ("body", "html"):
            tag.decompose()
    main = soup.find("main") or soup.find(id="rismain") or soup.find("article") or soup.body or soup
    return block_text(main)

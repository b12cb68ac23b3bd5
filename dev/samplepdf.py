"""Write small born-digital text PDFs: for the demo data, tests and benchmarks."""

from __future__ import annotations

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
LINES_PER_PAGE = 52


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def paginate(paragraphs: list[str], width: int = 90) -> list[list[str]]:
    """Wrap paragraphs into lines and cut them into pages; '\\f' forces a new page."""
    pages: list[list[str]] = [[]]
    for paragraph in paragraphs:
        if paragraph == "\f":
            pages.append([])
            continue
        lines = textwrap.wrap(paragraph, width=width) or [""]
        for line in lines + [""]:
            if len(pages[-1]) >= LINES_PER_PAGE:
                pages.append([])
            pages[-1].append(line)
    return [page for page in pages if page] or [[""]]


def make_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A PDF with one Helvetica text line per list item, one page per inner list."""
    objects: list[bytes] = []
    font_id = 3
    page_ids = []
    for index in range(len(pages)):
        page_ids.append(4 + 2 * index)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(pages)).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for index, lines in enumerate(pages):
        stream = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines:
            stream.append(b"(" + _escape(line) + b") Tj T*")
        stream.append(b"ET")
        body = b"\n".join(stream)
        content_id = page_ids[index] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream")
    info_id = len(objects) + 1
    objects.append(b"<< /Title (" + _escape(title) + b") /Producer (ratsinfo-pipeline samplepdf) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)

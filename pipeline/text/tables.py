"""Every ruled table of a PDF, on request (`pipeline extract --tables`): pdfplumber, page by page."""

from __future__ import annotations

from io import BytesIO

TABLE_PAGE_CAP = 200  # pages read for `pipeline extract --tables`


def tables(content: bytes, pages: int | None = None) -> list[dict]:
    """Every ruled table of a PDF, page by page: [{"page": n, "rows": [[cell, ...], ...]}]."""
    import pdfplumber

    out = []
    with pdfplumber.open(BytesIO(content)) as pdf:
        for index, page in enumerate(pdf.pages[: pages or TABLE_PAGE_CAP]):
            for table in page.extract_tables():
                out.append({"page": index + 1, "rows": [[(cell or "").strip() for cell in row] for row in table]})
            page.close()
    return out

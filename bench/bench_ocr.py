"""Character error rate (CER) of the document stage on the two corpus scans with human transcriptions.

Run: python bench/bench_ocr.py
CER = Levenshtein distance / length of the transcription, both with white space collapsed.
Reports what the pipeline extracts (OCR where a page has no text layer) and, for comparison,
Tesseract forced on every page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.text import ocr  # noqa: E402
from pipeline.text.documents import extract  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
SCANS = ["koeln_bv7_antrag_musikschule_2008_121798", "koeln_swk_antwort_frauenfoerderplaene_382656"]


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate with white space collapsed."""
    hyp, ref = " ".join(hypothesis.split()), " ".join(reference.split())
    return Levenshtein.distance(hyp, ref) / max(1, len(ref))


def forced_ocr(content: bytes) -> str:
    pdf = pdfium.PdfDocument(content)
    texts, _ = ocr.ocr_pages(pdf, list(range(len(pdf))))
    pdf.close()
    return "\n".join(texts[i] for i in sorted(texts))


def main() -> None:
    if ocr.unavailable():
        raise SystemExit(ocr.unavailable())
    print("| scan | pipeline method | pipeline CER | Tesseract on every page | seconds |\n|---|---|---|---|---|")
    for name in SCANS:
        content = (CORPUS / f"{name}.pdf").read_bytes()
        reference = (CORPUS / f"{name}.reference.txt").read_text(encoding="utf-8")
        started = time.perf_counter()
        document = extract(content, "application/pdf")
        forced = forced_ocr(content)
        seconds = time.perf_counter() - started
        print(f"| {name} | {document.method} | {cer(document.text, reference):.3f} | "
              f"{cer(forced, reference):.3f} | {seconds:.0f} |")


if __name__ == "__main__":
    main()

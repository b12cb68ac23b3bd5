"""The document stage (text, cleaning, page splitting) against bare pypdfium2 text extraction.

Run: python bench/bench_documents.py [--rounds 3] [--pdfs 120]
Both are measured in the same run on the same files: PDFs this script generates (born-digital,
German council-style Vorlagen with a Beratungsfolge, running heads and page numbers) and the real text-layer PDFs of
../shared/corpus/pdf/. Target (issue 4): the stage reaches at least half of bare pdfium's pages/s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dev.samplepdf import make_pdf, paginate  # noqa: E402
from pipeline.nlp.layout import read_layout  # noqa: E402
from pipeline.text.documents import extract  # noqa: E402

WORDS = ("Integrationskonzept Sprachförderung Bildungsberatung Arbeitsmarkt Wohnraumversorgung Verwaltung "
         "Ausschuss beschließt Vorlage Beratung Stadtrat Handlungsfeld Teilhabe Quartier Maßnahmen Haushalt "
         "Jugendhilfe Fachbereich Kommunales Integrationszentrum Ehrenamt Migrationsberatung").split()


def beratungsfolge(n: int) -> list[str]:
    """A Vorlage's header and Beratungsfolge; every tenth has a wrapped cell, so pdfplumber reads it."""
    rows = ["Beratungsfolge:", "Integrationsrat 09.04.2025 Vorberatung empfohlen",
            "Ausschuss für Schule und Bildung 16.04.2025 Vorberatung", "Rat der Stadt 07.05.2025 Entscheidung"]
    if n % 10 == 0:
        rows[2:3] = ["Ausschuss für Schule und", "Bildung 16.04.2025 Vorberatung"]
    return ["Beschlussvorlage", f"Vorlage Nr.: 2025/{n:04d}   Datum: 12.03.2025", "Betreff: Integrationskonzept",
            *rows, "Sachverhalt:"]


def generated(count: int) -> list[bytes]:
    rng = random.Random(7)
    pdfs = []
    for n in range(count):
        paragraphs = beratungsfolge(n)
        for page in range(1, 7):

            paragraphs.append(f"Stadt Beispielstadt – Vorlage 2025/{n:04d}")
            for _ in range(6):
                words = [rng.choice(WORDS) for _ in range(rng.randint(25, 60))]
                paragraphs.append(" ".join(words) + ".")
            paragraphs += [f"Seite {page} von 6", "\f"]
        pdfs.append(make_pdf(paginate(paragraphs)))
    return pdfs


def real() -> list[bytes]:
    folder = ROOT.parent / "shared" / "corpus" / "pdf"
    names = ["heilbronn_sitzungsplan_2018.pdf", "koeln_swk_antwort_frauenfoerderplaene_382656.pdf",
             "koeln_bedarfspruefung_hist_archiv_2012_359812.pdf"]
    return [(folder / n).read_bytes() for n in names if (folder / n).exists()]


def bare(pdfs: list[bytes]) -> int:
    pages = 0
    for content in pdfs:
        pdf = pdfium.PdfDocument(content)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages


def stage(pdfs: list[bytes]) -> int:
    """Text, cleaning and page splitting: the stage the target is set for."""
    return sum(len(extract(content, "application/pdf").pages) for content in pdfs)


def stage_with_layout(pdfs: list[bytes]) -> int:
    """The same plus the Vorlage layout pass (header block, Beratungsfolge; pdfplumber where rows wrap)."""
    pages = 0
    for content in pdfs:
        document = extract(content, "application/pdf")
        read_layout(content, document.head)
        pages += len(document.pages)
    return pages


def measure(function, pdfs: list[bytes], rounds: int) -> float:
    """Median pages per second."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        pages = function(pdfs)
        rates.append(pages / (time.perf_counter() - started))
    return statistics.median(rates)


def figures(pdf_count: int = 120, rounds: int = 3) -> list[dict]:
    """The stage's pages/s against bare pypdfium2's, measured now, per corpus (for bench/run.py)."""
    result = []
    for name, pdfs in (("generated", generated(pdf_count)), ("real (corpus)", real())):
        if not pdfs:
            continue
        fast, full = measure(bare, pdfs, rounds), measure(stage, pdfs, rounds)
        result.append({"name": f"PDF text, {name} PDFs ({bare(pdfs):,} pages)", "value": full, "unit": "pages/s",
                       "baseline": fast, "baseline_name": "bare pypdfium2", "ratio": full / fast,
                       "target": "ratio >= 0.5"})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (median is reported)")
    parser.add_argument("--pdfs", type=int, default=120, help="generated PDFs (6 pages each)")
    args = parser.parse_args()
    print("| corpus | pages | bare pypdfium2 | document stage | ratio | stage + layout pass | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, pdfs in (("generated", generated(args.pdfs)), ("real (corpus)", real())):
        if not pdfs:
            print(f"| {name} | – | skipped (corpus absent) | | | | |")
            continue
        pages = bare(pdfs)
        fast, full = measure(bare, pdfs, args.rounds), measure(stage, pdfs, args.rounds)
        laid = measure(stage_with_layout, pdfs, args.rounds)
        print(f"| {name} | {pages:,} | {fast:,.0f} pages/s | {full:,.0f} pages/s | {full / fast:.2f} "
              f"| {laid:,.0f} pages/s | {laid / fast:.2f} |")
    plumbed = sum(1 for content in generated(args.pdfs) if _needs_pdfplumber(content))
    print(f"\nGenerated Vorlagen whose Beratungsfolge went to pdfplumber (a wrapped cell): {plumbed} of {args.pdfs}")


def _needs_pdfplumber(content: bytes) -> bool:
    from pipeline.nlp.layout import consultation_lines

    first = extract(content, "application/pdf").pages[0]
    return not consultation_lines(first.splitlines(), 1)[1]


if __name__ == "__main__":
    main()

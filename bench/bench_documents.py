"""The document stage (text, cleaning, page splitting) against bare pypdfium2 text extraction.

Run: python bench/bench_documents.py [--rounds 3] [--pdfs 120]
Both are measured in the same run on the same files: PDFs this script generates (born-digital,
German council-style text with running heads and page numbers) and the real text-layer PDFs of
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

from pipeline.documents import extract  # noqa: E402
from pipeline.samplepdf import make_pdf, paginate  # noqa: E402

WORDS = ("Integrationskonzept Sprachförderung Bildungsberatung Arbeitsmarkt Wohnraumversorgung Verwaltung "
         "Ausschuss beschließt Vorlage Beratung Stadtrat Handlungsfeld Teilhabe Quartier Maßnahmen Haushalt "
         "Jugendhilfe Fachbereich Kommunales Integrationszentrum Ehrenamt Migrationsberatung").split()


def generated(count: int) -> list[bytes]:
    rng = random.Random(7)
    pdfs = []
    for n in range(count):
        paragraphs = []
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
    return sum(len(extract(content, "application/pdf").pages) for content in pdfs)


def measure(function, pdfs: list[bytes], rounds: int) -> float:
    """Median pages per second."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        pages = function(pdfs)
        rates.append(pages / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (median is reported)")
    parser.add_argument("--pdfs", type=int, default=120, help="generated PDFs (6 pages each)")
    args = parser.parse_args()
    print("| corpus | pages | bare pypdfium2 | document stage | ratio |\n|---|---|---|---|---|")
    for name, pdfs in (("generated", generated(args.pdfs)), ("real (corpus)", real())):
        if not pdfs:
            print(f"| {name} | – | skipped (corpus absent) | | |")
            continue
        pages = bare(pdfs)
        fast, full = measure(bare, pdfs, args.rounds), measure(stage, pdfs, args.rounds)
        print(f"| {name} | {pages:,} | {fast:,.0f} pages/s | {full:,.0f} pages/s | {full / fast:.2f} |")


if __name__ == "__main__":
    main()

"""Peak memory and time of HTML parsing on huge generated pages, to choose the HTTP client's page cap.

Run: python bench/bench_pages.py [--sizes 1 5 10 20] [--shapes table paragraphs nesting blob]
Each measurement runs in a fresh process: peak resident memory (ru_maxrss) above the process after
its imports and the generated page, and CPU seconds. Shapes, each an ALLRIS vo020 page of the given size:
  table       a Beratungsfolge of as many rows as fit (cut at scrapers.base.ROW_CAP rows)
  paragraphs  a Sachverhalt of Word-style <p><span> runs (every element becomes a Python object)
  nesting     <div> nested as deep as the size allows (libxml2 stops at depth 256)
  blob        a Sachverhalt of one paragraph of text without any markup
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = (b'<html><head><meta name="description" content="ALLRIS net Version 3.9.3"></head><body>'
        b'<div id="allriscontainer" class="vo020"><div id="risname"><h1>Vorlage - 2025/0001</h1></div>'
        b'<table><tr><td class="kb1">Betreff:</td><td class="text1">Integrationskonzept</td></tr>'
        b'<tr><td class="kb1" colspan="4">Beratungsfolge:</td></tr><tr><td colspan="4"><table>')
MIDDLE = b'</table></td></tr></table><a name="allrisSV"></a><div class="docPart">'
TAIL = b"</div></div></body></html>"
ROW = (b'<tr><td title="Erledigt"></td><td class="text2">04.05.2015</td><td></td><td><a href="to010.asp?SILFDNR=1">'
       b'Sitzung des Sozialausschusses</a></td><td class="text3">vertagt</td><td></td><td></td></tr>\n')
SENTENCE = b"Der Integrationsrat empfiehlt dem Rat der Stadt, das Konzept zu beschlie\xc3\x9fen. "


def page(shape: str, megabytes: float) -> bytes:
    """An ALLRIS paper page of about the given size in the given shape."""
    size = int(megabytes * 2**20)
    group = (b'<tr><td title="Erledigt"></td><td class="text1" colspan="3">Sozialausschuss</td>'
             b'<td class="text1">Vorberatung</td></tr>')
    if shape == "table":
        return HEAD + group + ROW * (size // len(ROW)) + MIDDLE + TAIL
    if shape == "paragraphs":
        run = b"<p><span>" + SENTENCE[:40] + b"</span><span>" + SENTENCE[40:] + b"</span></p>\n"
        return HEAD + group + MIDDLE + run * (size // len(run)) + TAIL
    if shape == "nesting":
        depth = size // 11
        return HEAD + group + MIDDLE + b"<div>" * depth + b"Text" + b"</div>" * depth + TAIL
    if shape == "blob":
        return HEAD + group + MIDDLE + b"<p>" + SENTENCE * (size // len(SENTENCE)) + b"</p>" + TAIL
    raise ValueError(shape)


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from bench.bench_pages import page
from scrapers import allris, sessionnet
from scrapers.base import make_soup
from pipeline.text.documents import html_main_text
content = page(sys.argv[1], float(sys.argv[2]))
run = {{"make_soup": lambda: make_soup(content), "allris.parse_paper": lambda: allris.parse_paper(content, "https://x/bi/vo020.asp?VOLFDNR=1"),
       "sessionnet.parse_paper": lambda: sessionnet.parse_paper(content, "https://x/bi/vo0050.php?__kvonr=1"),
       "html_main_text": lambda: html_main_text(content)}}[sys.argv[3]]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
try:
    run()
    outcome = "records"
except Exception as exc:
    outcome = type(exc).__name__
print(json.dumps({{"seconds": time.process_time() - started, "outcome": outcome, "bytes": len(content),
                  "peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}}))
"""


def measure(shape: str, megabytes: float, parser: str) -> dict:
    """One measurement in a fresh process."""
    run = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), shape, str(megabytes), parser],
                         capture_output=True, text=True, timeout=1800)
    if run.returncode:
        return {"seconds": None, "peak_mb": None, "outcome": run.stderr.strip().splitlines()[-1][:60]}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10, 20], help="page sizes in MB")
    parser.add_argument("--shapes", nargs="+", default=["table", "paragraphs", "nesting", "blob"])
    parser.add_argument("--parsers", nargs="+",
                        default=["make_soup", "allris.parse_paper", "sessionnet.parse_paper", "html_main_text"])
    args = parser.parse_args()
    print("| shape | MB | parser | CPU s | peak MB above baseline | outcome |")
    print("|---|---|---|---|---|---|")
    for shape in args.shapes:
        for size in args.sizes:
            for name in args.parsers:
                result = measure(shape, size, name)
                seconds = f"{result['seconds']:.1f}" if result["seconds"] is not None else "–"
                peak = f"{result['peak_mb']:.0f}" if result["peak_mb"] is not None else "–"
                print(f"| {shape} | {size:g} | {name} | {seconds} | {peak} | {result['outcome']} |", flush=True)


if __name__ == "__main__":
    main()

"""`python -m dev evaluate [--gold DIR] [--corpus DIR] [--errors]`: what `pipeline evaluate` runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dev import evaluate as ev


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="P/R/F1 per field on the annotated documents")
    evaluate.add_argument("--gold", type=Path, default=ev.GOLD_DIR)
    evaluate.add_argument("--corpus", type=Path, default=ev.CORPUS_DIR)
    evaluate.add_argument("--errors", action="store_true")
    options = parser.parse_args(argv)
    try:
        report = ev.evaluate(ev.load_gold(options.gold), options.corpus)
    except ev.GoldError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(ev.table(report))
    if options.errors:
        print("\n".join(report.errors))
    below = [name for name, floor in ev.FLOORS.items() if report.scores[name].f1 < floor]
    print(f"evaluated {report.documents} gold documents; "
          + (f"below the floor: {', '.join(below)}" if below else "every field meets its floor"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m dev evaluate [--gold DIR] [--corpus DIR] [--errors]`: what `pipeline evaluate` runs;
`python -m dev agreement [--split dev|test|all]`: two annotators' agreement on process steps (dev/agreement.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dev import agreement as ag
from dev import evaluate as ev


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="P/R/F1 per field on the annotated documents")
    evaluate.add_argument("--gold", type=Path, default=ev.GOLD_DIR)
    evaluate.add_argument("--corpus", type=Path, default=ev.CORPUS_DIR)
    evaluate.add_argument("--errors", action="store_true")
    evaluate.add_argument("--split", choices=ev.SPLITS, default="all")
    evaluate.add_argument("--set", dest="only", choices=("foundation", "breadth", "process"), default=None)
    agree = commands.add_parser("agreement", help="two annotators' agreement on process steps, and the pipeline's")
    agree.add_argument("--split", choices=ev.SPLITS, default="all")
    agree.add_argument("--corpus", type=Path, default=ev.CORPUS_DIR)
    options = parser.parse_args(argv)
    if options.command == "agreement":
        try:
            print(ag.table(ag.agreement(ag.pairs(split=options.split), options.corpus)))
        except ev.GoldError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
        return 0
    try:
        report = ev.evaluate(ev.load_gold(options.gold, options.split, options.only), options.corpus)
    except ev.GoldError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    floors = ev.TEST_FLOORS if options.split == "test" or options.only == "breadth" else ev.FLOORS
    print(ev.table(report, floors))
    if options.errors:
        print("\n".join(report.errors))
    scored = {name: score for name, score in report.scores.items() if score.tp + score.fp + score.fn}
    below = [name for name, floor in floors.items() if name in scored and scored[name].f1 < floor]
    what = f"{options.split} split" + (f" of the {options.only} set" if options.only else "")
    print(f"evaluated {report.documents} annotated documents ({what}); "
          + (f"below the floor: {', '.join(below)}" if below else "every field meets its floor"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How far two annotators agree on process steps, and how far the pipeline agrees with each of them.

Some process documents were annotated twice, independently: the first annotation is the gold document in
tests/annotations/, the second has the same name in tests/annotations/second/. The agreement of the two under
the gold set's own match (date, kind and body) is the ceiling a floor can be held against; looser matches
show which part of a step the annotators read differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dev import evaluate as ev

SECOND_DIR = ev.GOLD_DIR / "second"


def _bodies(step: dict) -> set[str] | None:
    value = step.get("organization")
    if value is None:
        return None
    return set().union(*(ev._alternatives(name) for name in (value if isinstance(value, list) else [value])))


def _same_body(a: dict, b: dict) -> bool:
    """Both name no body, or an accepted spelling of one is an accepted spelling of the other."""
    first, second = _bodies(a), _bodies(b)
    if first is None or second is None:
        return first is None and second is None
    return bool(first & second)


# The gold set's match and looser ones, each leaving out one more part of a step.
MATCHES = {
    "date, kind and body (the gold set's match)": lambda a, b: a["date"] == b["date"] and a["kind"] == b["kind"]
    and _same_body(a, b),
    "date and body": lambda a, b: a["date"] == b["date"] and _same_body(a, b),
    "date and kind": lambda a, b: a["date"] == b["date"] and a["kind"] == b["kind"],
    "date": lambda a, b: a["date"] == b["date"],
    "any step (counts only)": lambda a, b: True,
}


@dataclass
class Agreement:
    """Scores per match: the second annotator against the first, and the pipeline against each."""

    documents: int
    steps: tuple[int, int]  # steps of the first and of the second annotation
    rows: dict[str, tuple[ev.Score, ev.Score, ev.Score]]


def pairs(gold_dir: Path = ev.GOLD_DIR, second_dir: Path = SECOND_DIR, split: str = "all") -> list[tuple[dict, dict]]:
    """(first, second) annotation of each document annotated twice, in the split asked for; both are read and
    checked like any gold document (ev.load_gold)."""
    if not second_dir.is_dir():
        raise ev.GoldError(f"{second_dir}: no second annotations")
    first = {d["id"]: d for d in ev.load_gold(gold_dir, split, "process")}
    found = []
    for second in ev.load_gold(second_dir, "all", "process"):
        one = first.get(second["id"])
        if one is None:
            continue
        if second["source"] != one["source"] or second.get("span") != one.get("span"):
            raise ev.GoldError(f"{second_dir / second['id']}.json: not the same text as {gold_dir / second['id']}.json")
        found.append((one, second))
    if not found:
        raise ev.GoldError(f"{second_dir}: no second annotation of a process document in the split '{split}'")
    return found


def agreement(documents: list[tuple[dict, dict]], corpus: Path = ev.CORPUS_DIR) -> Agreement:
    """Score the second annotation against the first, and the pipeline against both, under every match."""
    karlsruhe = ev._Karlsruhe(corpus)
    karlsruhe.load({str(a["source"]["karlsruhe_file"]) for a, _ in documents if "karlsruhe_file" in a["source"]})
    predicted = [ev.predict(a, corpus, karlsruhe).get("process_steps", []) for a, _ in documents]
    rows = {}
    for name, same in MATCHES.items():
        between, first, second = ev.Score(), ev.Score(), ev.Score()
        for (a, b), found in zip(documents, predicted, strict=True):
            ev._count(between, a["process_steps"], b["process_steps"], same)
            ev._count(first, a["process_steps"], found, same)
            ev._count(second, b["process_steps"], found, same)
        rows[name] = (between, first, second)
    steps = (sum(len(a["process_steps"]) for a, _ in documents), sum(len(b["process_steps"]) for _, b in documents))
    return Agreement(len(documents), steps, rows)


def table(result: Agreement) -> str:
    """A Markdown table: F1 of the annotators, and P/R/F1 of the pipeline against each."""
    lines = [f"{result.documents} documents annotated twice ({result.steps[0]} and {result.steps[1]} steps)", "",
             "| match | second vs first annotator (F1) | pipeline vs first (P / R / F1) "
             "| pipeline vs second (P / R / F1) |",
             "|---|---|---|---|"]
    for name, (between, first, second) in result.rows.items():
        lines.append(f"| {name} | {between.f1:.2f} | {first.precision:.2f} / {first.recall:.2f} / {first.f1:.2f} "
                     f"| {second.precision:.2f} / {second.recall:.2f} / {second.f1:.2f} |")
    return "\n".join(lines)

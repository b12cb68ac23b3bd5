"""`pipeline evaluate` and `pipeline bench`: development tools, run from a checkout of the project.

Neither ships in the package: the evaluation harness lives in dev/, the benchmarks in bench/. The
commands start them in the checkout the package was installed from (`pip install -e .`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

CHECKOUT = Path(__file__).resolve().parents[2]  # the project folder of an editable install


def _in_checkout(module: str, arguments: list[str]) -> None:
    if not (CHECKOUT / module / "__init__.py").is_file():
        raise click.ClickException(f"{CHECKOUT / module}: not found; 'pipeline {module}' runs from a checkout of the "
                                   "project (git clone …, then pip install -e .)")
    sys.exit(subprocess.call([sys.executable, "-m", module, *arguments], cwd=CHECKOUT))


@click.command()
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of annotated documents (*.json); default: the project's tests/annotations.")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False), default=None,
              help="The shared corpus the annotated documents are read from; default: ../shared/corpus.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list each document's misses and wrong findings.")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Score the development split, the held-out test split, or both (tests/annotations/README.md).")
@click.option("--set", "only", type=click.Choice(["foundation", "breadth", "process"]), default=None,
              help="Only the documents of one set: foundation (issue 5), breadth (issue 14) or process (issue 15).")
@click.option("--agreement", is_flag=True,
              help="Instead: how far two annotators agree on the process steps of the documents annotated twice, "
                   "and how far the pipeline agrees with each.")
def evaluate(gold_dir: str | None, corpus_dir: str | None, show_errors: bool, split: str, only: str | None,
             agreement: bool) -> None:
    """Print precision, recall and F1 per field on the project's annotated documents.

    \b
    Examples:
        pipeline evaluate --errors
        pipeline evaluate --split test --set breadth
        pipeline evaluate --split dev --set process --errors
        pipeline evaluate --agreement --split dev
    """
    if agreement:
        if gold_dir or show_errors or only:
            raise click.UsageError("--agreement takes only --split and --corpus")
        _in_checkout("dev", ["agreement", "--split", split]
                     + (["--corpus", str(Path(corpus_dir).resolve())] if corpus_dir else []))
    arguments = (["--gold", str(Path(gold_dir).resolve())] if gold_dir else []) + \
        (["--corpus", str(Path(corpus_dir).resolve())] if corpus_dir else []) + (["--errors"] if show_errors else []) \
        + ["--split", split] + (["--set", only] if only else [])
    _in_checkout("dev", ["evaluate", *arguments])


@click.command()
@click.option("--karlsruhe", is_flag=True, help="Also ingest Karlsruhe's whole archive from the corpus (~10 min).")
@click.option("--datasette", "datasette_db", type=click.Path(dir_okay=False), default=None,
              help="Also measure Datasette latency on this indexed database.")
@click.option("--quick", is_flag=True, help="Smaller samples and one round: a smoke run, not a record.")
def bench(karlsruhe: bool, datasette_db: str | None, quick: bool) -> None:
    """Run the benchmark suite; write bench/results.json and the table in docs/BENCHMARKS.md.

    Every figure stands beside a baseline measured in the same run (bare pypdfium2, bare
    tokenisation, the first ingest), with the machine and versions. Needs a checkout of the project.

    \b
    Examples:
        pipeline bench
        pipeline bench --karlsruhe --datasette /tmp/karlsruhe.db
    """
    _in_checkout("bench", (["--karlsruhe"] if karlsruhe else [])
                 + (["--datasette", str(Path(datasette_db).resolve())] if datasette_db else [])
                 + (["--quick"] if quick else []))

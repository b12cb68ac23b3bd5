"""The benchmark suite's record: results with machine and versions, the table it writes, the targets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bench.run import END, START, _meets, machine, table, write_report
from pipeline.cli import cli

FIGURES = [
    {"name": "PDF text, generated PDFs (720 pages)", "value": 600.0, "unit": "pages/s", "baseline": 1000.0,
     "baseline_name": "bare pypdfium2", "ratio": 0.6, "target": "ratio >= 0.5", "command": "python bench/bench_documents.py"},
    {"name": "NLP stage", "value": 30.0, "unit": "s", "baseline": 10.0, "baseline_name": "bare tokenisation",
     "ratio": 3.2, "target": "ratio <= 3", "command": "python bench/bench_nlp.py"},
    {"name": "pipeline index over the archive", "value": 94.0, "unit": "s", "command": "python bench/bench_karlsruhe.py"},
]


def test_machine_and_versions_are_recorded():
    info = machine()
    assert info["cores"] >= 1 and info["python"].count(".") == 2 and info["sqlite"]
    assert info["packages"]["spacy"] and info["packages"]["datasette"]


def test_targets_are_judged_by_ratio():
    assert [_meets(f) for f in FIGURES] == [True, False, True]


def test_table_names_machine_baselines_and_commands_and_replaces_itself(tmp_path):
    results = {"measured_at": "2026-11-23T05:00:00+00:00", "quick": False, "machine": machine(), "figures": FIGURES}
    text = table(results)
    assert "| PDF text, generated PDFs (720 pages) | 600.0 pages/s | 1,000.0 (bare pypdfium2) | 0.60 | ratio >= 0.5 |" \
        in text
    assert "| pipeline index over the archive | 94.0 s | – | – | – |" in text
    assert text.startswith("Measured 2026-11-23T05:00:00+00:00 on ") and "SQLite" in text
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nearlier figures\n", encoding="utf-8")
    write_report(text, report)
    write_report(text.replace("600.0 pages/s", "700.0 pages/s"), report)
    written = report.read_text(encoding="utf-8")
    assert written.count(START) == written.count(END) == 1
    assert "700.0 pages/s" in written and "600.0 pages/s" not in written and "earlier figures" in written


def test_bench_command_has_help_with_an_example():
    result = CliRunner().invoke(cli, ["bench", "--help"])
    assert result.exit_code == 0 and "pipeline bench --karlsruhe" in result.output


def test_the_document_benchmark_runs_the_stages_it_names():
    """Regression: the benchmark called extract(layout=False) after the layout pass moved out of the text stage."""
    from bench import bench_documents

    pdfs = bench_documents.generated(2)
    pages = bench_documents.bare(pdfs)
    assert pages >= 2
    assert bench_documents.stage(pdfs) == pages == bench_documents.stage_with_layout(pdfs)


def test_the_nlp_benchmark_runs_the_stage_it_names():
    from bench import bench_nlp

    if not bench_nlp.TEXTS.exists():
        pytest.skip(f"{bench_nlp.TEXTS} absent (the shared corpus)")
    documents = bench_nlp.load(3)
    assert len(documents) == 3 and bench_nlp.stage(documents) == 3

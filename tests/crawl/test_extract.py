"""`pipeline extract` gives the documented JSON shape for pages, PDFs and text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dev.samplepdf import make_pdf, paginate
from pipeline.cli import cli

from ..conftest import corpus_file
from ..helpers.paths import ALLRIS, VORLAGE_PDF

KEYS = {
    "source",
    "kind",
    "reference",
    "title",
    "paper_type",
    "consultations",
    "references",
    "dates",
    "organizations",
    "topics",
}


def extract_json(path) -> dict:
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


@pytest.mark.corpus
def test_acceptance_altona_paper():
    data = extract_json(corpus_file("allris/vo020_hamburg_altona.html"))
    assert KEYS <= set(data)
    assert data["kind"] == "paper"
    assert data["reference"] == "22-2362"
    assert data["title"] == "Umleitung der Metrobuslinie 1 Beschlussempfehlung des Mobilitätsausschusses"
    assert data["paper_type"] == "Beschlussempfehlung öffentlich"
    assert [(c["organization"], c["date"]) for c in data["consultations"]] == [("Hauptausschuss", "2026-07-09")]
    assert "22-1703B" in data["references"] or "22-2076.1" in data["references"]


def test_own_fixture_paper_with_outcomes_and_topics():
    data = extract_json(ALLRIS / "fixtures" / "vo020_multi_session.html")
    assert [c["outcome"] for c in data["consultations"]] == ["vertagt", "beschlossen", "geaendert_beschlossen", None]
    assert data["references"] == ["2012/0188"]
    assert {t["key"]: t["declared"] for t in data["topics"]}["sprache"] is True


def test_pdf_document(tmp_path):
    pdf = tmp_path / "vorlage.pdf"
    pdf.write_bytes(
        make_pdf(
            paginate(
                [
                    "Beschlussvorlage",
                    "Vorlage Nr. 2025/0112",
                    "Betreff: Integrationskonzept der Stadt",
                    "Beratungsfolge:",
                    "Integrationsrat Vorberatung 11.03.2025",
                    "Rat der Stadt Entscheidung 01.04.2025",
                    "Sachverhalt",
                    "Das Konzept ersetzt die Vorlage 2012/0188 vom 4. Mai 2012. Handlungsfeld Sprache: Kurse der VHS.",
                ]
            )
        )
    )
    data = extract_json(pdf)
    assert KEYS <= set(data)
    assert (data["kind"], data["reference"], data["paper_type"]) == ("document", "2025/0112", "Beschlussvorlage")
    assert data["title"] == "Integrationskonzept der Stadt"
    assert [(c["organization"], c["role"], c["date"]) for c in data["consultations"]] == [
        ("Integrationsrat", "Vorberatung", "2025-03-11"),
        ("Rat der Stadt", "Entscheidung", "2025-04-01"),
    ]
    assert data["references"] == ["2012/0188"]
    written = next(d for d in data["dates"] if d["value"] == "2012-05-04")
    assert " ".join(written["text"].split()) == "4. Mai 2012"
    assert written["end"] - written["start"] == len(written["text"])
    assert "Volkshochschule" in [o["name"] for o in data["organizations"]]


def test_plain_text_and_text_format(tmp_path):
    path = tmp_path / "notiz.txt"
    path.write_text("Der Sozialausschuss hat am 04.05.2015 die Vorlage 2015/0042 beschlossen.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "text"])
    assert result.exit_code == 0
    assert "Dates:       2015-05-04 (04.05.2015)" in result.stdout
    assert result.stderr.strip() == "document 2015/0042: 0 consultations, 1 dates, 1 organisations, 0 topics"


def test_unsupported_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bild.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert (result.exit_code, result.output) == (1, f"Error: {path}: no text extractor for image/png\n")


def test_zero_byte_file_is_a_clear_error(tmp_path):
    path = tmp_path / "leer.pdf"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert (result.exit_code, result.output) == (1, f"Error: {path}: zero-byte file\n")


def test_acceptance_pdf_beschlussvorlage_with_beratungsfolge_and_topics():
    data = extract_json(VORLAGE_PDF)
    assert data["reference"] == "2024/0412"
    assert data["references"] == ["2019/0931"], "the paper it mentions is kept apart from its own number"
    assert [(c["organization"], c["date"], c["role"], c["outcome"], c["page"]) for c in data["consultations"]] == [
        ("Integrationsrat", "2024-04-09", "Vorberatung", "beschlossen", 1),
        ("Ausschuss für Schule und Bildung", "2024-04-16", "Vorberatung", "beschlossen", 1),
        ("Haupt- und Personalausschuss", "2024-04-23", "Vorberatung", "vertagt", 1),
        ("Rat der Stadt Herne", "2024-05-07", "Entscheidung", "beschlossen", 1),
    ]
    topics = {t["key"]: t for t in data["topics"]}
    declared = sorted(k for k, t in topics.items() if t["declared"])
    assert declared == ["ausbildung_arbeit", "bildung", "gesundheit", "sprache", "wohnen_quartier"]
    assert not topics["teilhabe_engagement"]["declared"]  # the Integrationsrat is named, not declared a field
    evidence = topics["wohnen_quartier"]["evidence"][0]
    assert evidence["page"] == 1 and "Wohnen und Quartier" in evidence["text"]

"""The command line: help everywhere, exact one-line errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from ..helpers.paths import VORLAGE_PDF

COMMANDS = sorted(cli.commands)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_the_contracted_commands_exist():
    assert {"ingest", "extract", "serve", "cities"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"pipeline {command}" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_has_help_text(command):
    for param in cli.commands[command].params:
        if param.param_type_name == "option":
            assert param.help, f"{command} {param.opts} has no help"


def test_ingest_contract_options():
    names = {opt for p in cli.commands["ingest"].params for opt in p.opts}
    assert {"--city", "--cities", "--db", "--since", "--demo", "-s", "--silent"} <= names


def test_extract_missing_file():
    result = run("extract", "does/not/exist.html")
    assert result.exit_code == 1
    assert result.output == "Error: does/not/exist.html: file not found\n"


def test_extract_folder(tmp_path):
    result = run("extract", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: is a folder, not a file\n"


def test_unknown_city_slug_is_wrong_usage():
    result = run("ingest", "--city", "bochum", "--db", "unused.db")
    assert not Path("unused.db.lock").exists(), "wrong usage takes no lock and writes nothing"
    assert result.exit_code == 2
    assert result.output == "Error: --city 'bochum': unknown city (configured: herne, rostock, herdecke, herten)\n"


def test_bad_since_is_wrong_usage():
    result = run("ingest", "--since", "01.02.2025")
    assert result.exit_code == 2
    assert result.output == "Error: --since '01.02.2025': not a date in the form YYYY-MM-DD\n"


def test_demo_and_cities_together_is_wrong_usage(tmp_path):
    result = run("ingest", "--demo", "--cities", str(tmp_path / "c.toml"))
    assert result.exit_code == 2
    assert result.output == "Error: --demo and --cities cannot be combined: the demo brings its own city list\n"


@pytest.mark.parametrize(
    "toml,message",
    [
        ("", "no [[city]] entries"),
        ("[[city]\n", "invalid TOML"),
        (
            '[[city]]\nslug = "herne"\nname = "Herne"\nags = "5916000"\nstate = "NW"\n',
            "city 'herne'.ags '5916000' must be the 8-digit Amtlicher Gemeindeschlüssel",
        ),
        (
            '[[city]]\nslug = "herne"\nname = "Herne"\nags = "05916000"\nstate = "NW"\n[city.ris]\nsystem = "ris"\nurl = "https://x/"\n',
            "city 'herne'.ris.system 'ris' must be one of allris, allris4, sessionnet, oparl, sdnet",
        ),
        (
            '[[city]]\nslug = "herne"\nname = "Herne"\nags = "05916000"\nstate = "NW"\n[city.ris]\nsystem = "allris"\nurl = "ftp://x/"\n',
            "city 'herne'.ris.url 'ftp://x/' must be an http(s) URL",
        ),
        (
            '[[city]]\nslug = "herne"\nname = "Herne"\nags = "05916000"\nstate = "NW"\nwebsite = "x"\n',
            "city[0] has unknown key 'website'",
        ),
        ('[[city]]\nname = "Herne"\n', "city[0].slug is missing"),
    ],
)
def test_invalid_cities_file_names_the_key(tmp_path, toml, message):
    path = tmp_path / "cities.toml"
    path.write_text(toml, encoding="utf-8")
    result = run("cities", "--cities", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: {message}")
    assert result.output.count("\n") == 1


def test_missing_cities_file():
    result = run("cities", "--cities", "nowhere/cities.toml")
    assert (result.exit_code, result.output) == (1, "Error: nowhere/cities.toml: file not found\n")


def test_cities_lists_the_four_cities():
    result = run("cities")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["herne", "Herne", "05916000", "NW", "allris"]
    assert "https://ksd.rostock.de/bi/" in lines[1]
    assert "(no council system configured)" in lines[2] and "(no council system configured)" in lines[3]
    assert lines[-1].startswith("4 cities in ") and lines[-1].endswith(", 2 with a council system")


def test_serve_without_database():
    result = run("serve", "--db", "nowhere.db")
    assert (result.exit_code, result.output) == (
        1,
        "Error: nowhere.db: database not found (run 'pipeline ingest --demo' first)\n",
    )


def test_serve_on_a_file_that_is_no_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Einkaufsliste: Brot, Milch\n" * 100)
    result = run("serve", "--db", str(notes))
    assert (result.exit_code, result.output) == (1, f"Error: {notes}: not a SQLite database (file is not a database)\n")


@pytest.mark.parametrize("limit", ["city_minutes=nan", "page_mb=inf", "rows=1e400"])
def test_a_limit_that_is_no_finite_number_is_wrong_usage(limit):
    """Attack a14: nan switched the time budget off, inf ended in an OverflowError traceback."""
    result = run("ingest", "--limit", limit, "--db", "unused.db")
    assert result.exit_code == 2
    assert result.output == f"Error: --limit {limit.split('=')[0]} must be a positive number\n"


def test_serve_command_is_read_only_and_local():
    from pathlib import Path

    from pipeline.publish.serve import datasette_command

    command = datasette_command(Path("data/ratsinfo.db"), "127.0.0.1", 8001)
    assert command[command.index("serve") + 1] == "data/ratsinfo.db" and "--immutable" not in command
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert "--metadata" in command
    copy = datasette_command(Path("dist/ratsinfo.db"), "127.0.0.1", 8001, immutable=True)
    assert copy[copy.index("--immutable") + 1] == "dist/ratsinfo.db"


def test_serve_names_any_database_file_ratsinfo(tmp_path):
    from pipeline.publish.serve import served_as_ratsinfo

    db = tmp_path / "karlsruhe.db"
    db.write_bytes(b"")
    with served_as_ratsinfo(db) as served:
        assert served.name == "ratsinfo.db" and served.resolve() == db.resolve()
        folder = served.parent
    assert not folder.exists(), "the link is removed when the server stops"
    named = tmp_path / "ratsinfo.db"
    with served_as_ratsinfo(named) as served:
        assert served == named


def test_subcommands_have_help_with_an_example_too():
    import click

    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                result = run(name, sub_name, "--help")
                assert result.exit_code == 0 and "Example" in result.output, f"{name} {sub_name}"
                assert all(p.help for p in sub.params if p.param_type_name == "option"), f"{name} {sub_name}"


def test_extract_tables_needs_a_pdf(tmp_path):
    page = tmp_path / "seite.html"
    page.write_text("<html><body><p>Beratungsfolge</p></body></html>", encoding="utf-8")
    result = run("extract", str(page), "--tables")
    assert result.exit_code == 1
    assert result.output == f"Error: {page}: --tables needs a PDF, this is text/html\n"


def test_extract_pdf_vorlage_reports_its_method_and_tables():
    vorlage = VORLAGE_PDF
    result = run("extract", str(vorlage), "--tables")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["reference"], data["text_method"], data["page_methods"]) == ("2024/0412", "pdfium", ["pdfium"])
    assert data["tables"][0]["rows"][0] == ["Gremium", "Sitzungstermin", "Zuständigkeit", "Ergebnis"]
    assert result.stderr.endswith(", 1 tables\n")


def test_a_broken_data_file_is_one_line_naming_it(tmp_path):
    """A typo in data/nlp is an error of the command that reads it, in one line, not a traceback."""
    import shutil
    import subprocess
    import sys

    from pipeline.resources import shipped

    data = tmp_path / "nlp"
    shutil.copytree(shipped("nlp"), data)
    (data / "beratungsfolge.toml").write_text('roles = ["Vorberatung"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(VORLAGE_PDF)],
                            capture_output=True, text=True, env={**__import__("os").environ,
                                                                 "PIPELINE_NLP_DATA": str(data)})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {data / 'beratungsfolge.toml'}: invalid TOML (")
    assert result.stderr.count("\n") == 1, result.stderr


def test_evaluate_agreement_takes_only_split_and_corpus():
    result = run("evaluate", "--agreement", "--set", "process")
    assert result.exit_code == 2
    assert "Error: --agreement takes only --split and --corpus" in result.output


def _organization_list(tmp_path):
    listing = tmp_path / "organizations.json"
    listing.write_text(json.dumps({"data": [
        {"id": "https://oparl.example.org/organizations/1", "name": "Tiefbauamt", "shortName": "TBA"},
        {"id": "https://oparl.example.org/organizations/2", "name": "Karlsruher Fächer GmbH", "shortName": "KFG"},
    ]}), encoding="utf-8")
    return listing


def test_extract_finds_the_listed_organisations_by_their_short_names(tmp_path):
    text = tmp_path / "stellungnahme.txt"
    text.write_text("Stellungnahme\n\nDie Ämter der Stadt (TBA, KFG) prüfen den Standort.\n", encoding="utf-8")
    without = json.loads(run("extract", str(text)).stdout)
    result = run("extract", str(text), "--organizations", str(_organization_list(tmp_path)))
    assert result.exit_code == 0
    assert [o["name"] for o in json.loads(result.stdout)["organizations"]] == ["Tiefbauamt"], \
        "a listed company is no body"
    assert without["organizations"] == []


@pytest.mark.parametrize(("content", "problem"), [
    ('{"a": 1}', "not an OParl organisation list (a JSON list of Organization objects)"),
    ("<html>", "not JSON (an OParl organisation list is expected)"),
    ('[{"shortName": "TBA"}]', "no organisation with a name"),
])
def test_extract_refuses_a_file_that_is_no_organisation_list(tmp_path, content, problem):
    listing = tmp_path / "orgs.json"
    listing.write_text(content, encoding="utf-8")
    text = tmp_path / "t.txt"
    text.write_text("Text", encoding="utf-8")
    result = run("extract", str(text), "--organizations", str(listing))
    assert result.exit_code == 1
    assert result.output == f"Error: {listing}: {problem}\n"

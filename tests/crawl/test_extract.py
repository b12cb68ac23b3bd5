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
    "votes",
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
    assert data["paper_type"] == "Beschlussempfehlung"
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
    # A Vorlage with its own number is a paper, as a PDF too (issue 14).
    assert (data["kind"], data["reference"], data["paper_type"]) == ("paper", "2025/0112", "Beschlussvorlage")
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


def test_an_api_meeting_gives_its_own_dates_and_the_dates_in_its_strings_but_no_system_timestamps(tmp_path):
    """Regression (issue 14): meeting and list pages gave no dates or bodies, only their parsed records."""
    meeting = {
        "id": "https://ris.example.org/oparl/meeting/7", "type": "https://schema.oparl.org/1.1/Meeting",
        "name": "Sitzung des Ausschusses für Integration", "start": "2025-11-18T18:00:00+01:00",
        "end": "2025-11-18T20:00:00+01:00", "created": "2025-01-02T09:00:00+01:00",
        "modified": "2025-12-01T09:00:00+01:00",
        "invitation": {"id": "https://ris.example.org/oparl/file/1", "type": "https://schema.oparl.org/1.1/File",
                       "name": "Einladung", "fileName": "Einladung_vom_01.11.2025.pdf", "date": "2025-11-03"},
        "agendaItem": [{"id": "https://ris.example.org/oparl/agendaitem/1",
                        "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "1",
                        "name": "Bericht der Volkshochschule vom 24.09.2025", "result": "zur Kenntnis genommen"}],
    }
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(meeting), encoding="utf-8")
    data = extract_json(path)
    assert data["kind"] == "meeting"
    assert sorted(d["value"] for d in data["dates"]) == ["2025-09-24", "2025-11-03", "2025-11-18", "2025-11-18"]
    assert {o["name"] for o in data["organizations"]} >= {"Ausschuss für Integration", "Volkshochschule"}


def test_a_calendar_page_gives_the_dates_and_bodies_it_prints(tmp_path):
    page = tmp_path / "si010.html"
    page.write_text(
        "<html><body><nav>Startseite Kalender</nav><div id='rismain'><h1>Sitzungskalender</h1><table>"
        "<tr><td>Di, 03.03.2026</td><td><a href='to010.asp?SILFDNR=1'>Sitzung des Haushaltsausschusses</a></td></tr>"
        "<tr><td>Do, 12.03.2026</td><td><a href='to010.asp?SILFDNR=2'>Sitzung des Integrationsrates</a></td></tr>"
        "</table></div></body></html>", encoding="utf-8")
    data = extract_json(page)
    assert [d["value"] for d in data["dates"]] == ["2026-03-03", "2026-03-12"]
    assert {o["name"] for o in data["organizations"]} == {"Haushaltsausschuss", "Integrationsrat"}


def test_json_no_parser_claims_is_read_by_its_keys_or_as_a_named_document(tmp_path):
    """Regression (issue 14): an OParl body, a KIC meeting or a regisafe feed was refused as unreadable JSON."""
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"id": "https://oparl.example.org/body/1", "type": "https://schema.oparl.org/1.1/Body",
                                "name": "Stadt Beispielhausen", "created": "2020-01-01T00:00:00+01:00"}),
                    encoding="utf-8")
    data = extract_json(body)
    assert (data["kind"], data["title"], data["dates"]) == ("document", "Stadt Beispielhausen", [])
    meeting = tmp_path / "meeting.json"
    meeting.write_text(json.dumps({"name": "3. Sitzung des Bauausschusses", "meetingdate": "2026-07-15T00:00:00",
                                   "parts": [{"agendaitems": [{"numbering": "1", "name": "Bebauungsplan Nord"}]}]}),
                       encoding="utf-8")
    data = extract_json(meeting)
    assert (data["kind"], data["title"], [i["name"] for i in data["agenda_items"]]) == (
        "meeting", "3. Sitzung des Bauausschusses", ["Bebauungsplan Nord"])
    assert [d["value"] for d in data["dates"]] == ["2026-07-15"]


MINUTES = """Niederschrift der 5. Sitzung des Sozialausschusses

TOP 1 Integrationskonzept
Beschluss: Der Ausschuss empfiehlt dem Rat, das Konzept zu beschließen.
Abstimmungsergebnis: einstimmig

TOP 2 Sprachkurse für Eltern
Abstimmungsergebnis:
Dafür: 8      Dagegen: 1      Enthaltung: 0

TOP 3 Verschiedenes (am 04.05.2015, Anlage 3)
"""


def test_votes_of_a_document_and_in_the_text_format(tmp_path):
    path = tmp_path / "niederschrift.txt"
    path.write_text(MINUTES, encoding="utf-8")
    data = extract_json(path)
    assert data["votes"] == [
        {"yes": None, "no": None, "abstain": None, "unanimous": True, "text": "einstimmig"},
        {"yes": 8, "no": 1, "abstain": 0, "unanimous": False, "text": "Dafür: 8 Dagegen: 1 Enthaltung: 0"},
    ]
    shown = CliRunner().invoke(cli, ["extract", str(path), "--format", "text"]).stdout
    assert 'Vote:        unanimous ("einstimmig")\n' in shown
    assert 'Vote:        yes 8, no 1, abstain 0, not unanimous ("Dafür: 8 Dagegen: 1 Enthaltung: 0")' in shown


def oparl_meeting(number: int, results: list[str | None]) -> dict:
    base = "https://oparl.example.org/oparl/bodies/1"
    return {"id": f"{base}/meetings/{number}", "type": "https://schema.oparl.org/1.1/Meeting", "name": "Rat",
            "start": "2025-11-18T19:30:00+01:00",
            "agendaItem": [{"id": f"{base}/agendaitems/{number}{n}", "type": "https://schema.oparl.org/1.1/AgendaItem",
                            "number": f"{n}.", "order": n, "name": f"Punkt {n}", **({"result": r} if r else {})}
                           for n, r in enumerate(results, start=1)]}


def test_votes_of_an_oparl_meeting_per_agenda_item_and_of_a_list_of_meetings(tmp_path):
    results = ["7 Ja-Stimme(n), 2 Gegenstimme(n), 0 Stimmenthaltung(en)", None, "einstimmig, ohne Enthaltung", "Ohne"]
    meeting = tmp_path / "meeting.json"
    meeting.write_text(json.dumps(oparl_meeting(1853, results)), encoding="utf-8")
    data = extract_json(meeting)
    assert data["kind"] == "meeting"
    assert [[(v["yes"], v["no"], v["abstain"], v["unanimous"]) for v in item["votes"]]
            for item in data["agenda_items"]] == [[(7, 2, 0, False)], [], [(None, None, 0, True)], []]
    assert data["votes"] == [vote for item in data["agenda_items"] for vote in item["votes"]]
    listing = tmp_path / "meetings.json"
    listing.write_text(json.dumps({"data": [oparl_meeting(1, ["9 Ja-Stimme(n), 0 Gegenstimme(n)"]),
                                            oparl_meeting(2, results)], "links": {}}), encoding="utf-8")
    data = extract_json(listing)
    assert data["kind"] == "calendar"
    assert [m["date"] for m in data["meetings"]] == ["2025-11-18", "2025-11-18"]
    assert [(v["yes"], v["no"], v["unanimous"]) for v in data["votes"]] == [
        (9, 0, None), (7, 2, False), (None, None, True)]


def test_a_body_given_only_by_its_id_is_named_by_the_ids_last_part(tmp_path):
    paper = {"id": "https://ris.example.org/oparl/paper/9", "type": "https://schema.oparl.org/1.1/Paper",
             "name": "Bebauungsplan Nord", "reference": "126/2025",
             "consultation": [{"id": "https://ris.example.org/oparl/consultation/3",
                               "type": "https://schema.oparl.org/1.1/Consultation",
                               "organization": ["https://ris.example.org/oparl/organization/1-2"],
                               "role": "Beschlussfassung"}]}
    path = tmp_path / "paper.json"
    path.write_text(json.dumps(paper), encoding="utf-8")
    assert [(c["organization"], c["role"]) for c in extract_json(path)["consultations"]] == [("1-2", "Beschlussfassung")]


def test_a_sessionnet6_agenda_prints_each_item_once_and_names_no_meeting(tmp_path):
    # SessionNet 6 gives each item's text twice ("text", "textLang"); the app shows it once, and the agenda
    # answer names neither the meeting nor its body or day.
    items = [{"toNr": 7, "oSt": 1, "nummer": "3", "ebene": 1, "text": "Niederschrift der Sitzung vom 22.07.2025",
              "textLang": "Niederschrift der Sitzung vom 22.07.2025", "voNr": 0, "grNr": 1, "sort": 30}]
    path = tmp_path / "sitzungen_2207_tagesordnung.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    data = extract_json(path)
    assert (data["kind"], data["title"]) == ("meeting", None)
    assert [d["value"] for d in data["dates"]] == ["2025-07-22"]


def test_a_paper_page_gives_its_beratungsfolge_days_and_lead_office():
    # ALLRIS classic prints the Beratungsfolge and "Federführend" outside the text the NLP reads: a reader still
    # sees those days and that office on the page.
    data = extract_json(ALLRIS / "fixtures" / "vo020_multi_session.html")
    assert [(d["value"], d["kind"]) for d in data["dates"]] == [
        ("2015-05-04", "consultation"), ("2015-06-01", "consultation"), ("2015-06-23", "consultation")]
    assert {"name": "Fachbereich Soziales", "kind": "administration", "mentions": 1} in data["organizations"]


def test_a_person_in_the_lead_office_field_is_no_unit():
    from pipeline.crawl.extract import _with_bodies

    result = {"title": None, "consultations": [], "organizations": []}
    _with_bodies(result, "Oberbürgermeister; 61.1 Stadterneuerung; Beispiel Wohnbau GmbH")
    assert [o["name"] for o in result["organizations"]] == ["61.1 Stadterneuerung"]


def test_a_pages_list_of_bodies_names_each_whole(tmp_path):
    """Hannover's list of committees printed names no rule reads whole ("Ausschuss für Haushalt Finanzen und
    öffentliche Ordnung"); SessionNet's gr0040 cut "Beirat für Inklusion und gesellschaftliche Teilhabe"."""
    rows = "".join(f'<tr><td><a href="Termine.xsp?grem={n}">{name}</a></td></tr>' for n, name in enumerate([
        "Ausschuss für Haushalt Finanzen und öffentliche Ordnung", "Beirat für Inklusion und gesellschaftliche Teilhabe",
        "Kommission Sanierung Altstadt", "Arbeitsgruppe Sicherheit, Ordnung und Sauberkeit"]))
    page = tmp_path / "gremien.html"
    page.write_text(f"<html><body><h1>Gremien</h1><table>{rows}</table></body></html>", encoding="utf-8")
    names = {o["name"] for o in extract_json(page)["organizations"]}
    assert names == {"Ausschuss für Haushalt Finanzen und öffentliche Ordnung",
                     "Beirat für Inklusion und gesellschaftliche Teilhabe", "Kommission Sanierung Altstadt",
                     "Arbeitsgruppe Sicherheit, Ordnung und Sauberkeit"}


def test_one_body_linked_from_a_menu_table_is_no_list_of_bodies(tmp_path):
    """ALLRIS classic lays its menu out in a table: a body or two linked there are the site's, not the page's."""
    page = tmp_path / "menu.html"
    page.write_text('<html><body><table><tr><td><a href="pa021.asp">Kommission Sanierung Altstadt</a></td>'
                    '<td><a href="pa022.asp">Arbeitsgruppe Radverkehr</a></td>'
                    '<td><a href="si010.asp">Sitzungskalender</a></td></tr></table>'
                    '<p>Antrag zur Verkehrsberuhigung der Hauptstraße</p></body></html>', encoding="utf-8")
    assert extract_json(page)["organizations"] == []


def test_an_oparl_body_known_only_by_a_query_url_is_named_by_its_query(tmp_path):
    """ALLRIS's OParl 1.0 (Leipzig) names a consultation's body ".../organizations.asp?typ=gr&id=2346"."""
    paper = tmp_path / "paper.json"
    paper.write_text(json.dumps({
        "id": "https://ris.example.org/oparl/papers.asp?id=1", "type": "https://schema.oparl.org/1.0/Paper",
        "name": "Petition Radweg", "reference": "P-0001/26",
        "consultation": [{"id": "https://ris.example.org/oparl/consultations.asp?id=5",
                          "type": "https://schema.oparl.org/1.0/Consultation", "role": "Vorberatung",
                          "organization": ["https://ris.example.org/oparl/organizations.asp?typ=gr&id=2346"]}]}),
        encoding="utf-8")
    assert [c["organization"] for c in extract_json(paper)["consultations"]] == ["typ=gr&id=2346"]


def test_oparl_consultations_of_a_paper_that_lost_its_type(tmp_path):
    """An archive's copy of SD.NET RIM's OParl paper (levino/nordstemmen-ai keeps it without "type") was read as a
    paper without its three consultations."""
    paper = tmp_path / "metadata.json"
    base = "https://ris.example.org/oparl/v1.1/body/1"
    paper.write_text(json.dumps({
        "id": f"{base}/paper/77", "reference": "DS 4/2026", "name": "Neue Bänke im Stadtpark",
        "paperType": "Beschlussvorlage", "date": "2026-02-03",
        "consultation": [{"id": f"{base}/consultation/{n}", "type": "https://schema.oparl.org/1.1/Consultation",
                          "organization": [f"{base}/organization/1-{n}"], "meeting": f"{base}/meeting/{n}"}
                         for n in (40, 1)]}), encoding="utf-8")
    data = extract_json(paper)
    assert (data["kind"], data["reference"]) == ("paper", "DS 4/2026")
    assert [c["organization"] for c in data["consultations"]] == ["1-40", "1-1"]


def test_a_city_menu_listing_the_councils_bodies_names_none_of_the_pages(tmp_path):
    """Taunusstein's site menu links its Magistrat, commissions and boards from list items before the page's <main>."""
    menu = "".join(f'<li><a href="/{n}">{name}</a></li>' for n, name in enumerate(
        ["Magistrat", "Kommission Sanierung Altstadt", "Arbeitsgruppe Radverkehr", "Seniorenbeirat"]))
    page = tmp_path / "item.html"
    page.write_text(f'<html><body><div class="megamenu"><ul>{menu}</ul></div><main><h1>Neue Bänke im Stadtpark</h1>'
                    '<p>Die Verwaltung stellt drei Standorte vor.</p></main></body></html>', encoding="utf-8")
    assert extract_json(page)["organizations"] == []


def test_a_list_pages_title_leaves_out_the_count_printed_beside_it():
    """bv-hh's list of meetings is headed "Alle Sitzungen <small>970</small>": the count became part of the title."""
    from pipeline.crawl.extract import page_title

    page = ("<html><head><title>Sitzungen</title></head><body><main><h1 class='h2'>Alle Sitzungen "
            "<small class='text-muted'>970</small></h1><table><tr><td>03.06.2026</td></tr></table></main></body></html>")
    assert page_title(page.encode()) == "Alle Sitzungen"
    # A number that belongs to the heading's words stays.
    assert page_title(b"<html><body><main><h1>Sitzungskalender 2026</h1></main></body></html>") == "Sitzungskalender 2026"


def test_sessionnets_start_page_listing_the_next_meetings_is_a_calendar(tmp_path):
    """Norderstedt's SessionNet 5.5 start page (info.php) lists "Aktuelle Sitzungen" under an h1 "SessionNet": it
    was read as a document titled by the site."""
    page = tmp_path / "info.php.html"
    page.write_text(
        "<html><head><meta name='generator' content='SessionNet 5.5.4'><title>SessionNet | Startseite</title></head>"
        "<body><div id='wrapper' class='smclayout smc_page_info_layout'><main><h1 class='smc_h1'>SessionNet</h1>"
        "<h2 class='card-header-title'>Aktuelle Sitzungen</h2><div class='smc-el-h'>24.09.2026 "
        "<a href='si0057.php?__ksinr=16901' title='Details anzeigen: Kulturausschuss 24.09.2026'>Kulturausschuss</a>"
        "</div><div class='smc-el-h'>28.09.2026 <a href='si0057.php?__ksinr=16813' "
        "title='Details anzeigen: Hauptausschuss 28.09.2026'>Hauptausschuss</a></div></main></div></body></html>",
        encoding="utf-8")
    found = extract_json(page)
    assert (found["kind"], found["title"]) == ("calendar", "Aktuelle Sitzungen")
    assert [(m["name"], m["date"]) for m in found["meetings"]] == [("Kulturausschuss", "2026-09-24"),
                                                                   ("Hauptausschuss", "2026-09-28")]


def test_regression_a_typed_paper_without_its_number_is_a_paper_where_it_names_its_meeting(tmp_path):
    """Karlsruhe 609929: a local council's Anfrage with an empty "Vorlage Nr." field and "Gremium … Termin" was read as
    a document; a typed text that names no meeting stays one."""
    path = tmp_path / "anfrage.txt"
    path.write_text("Anfrage\n\nSPD-Ortschaftsratsfraktion\n\nvom 29.03.2019\nGremium: Ortschaftsrat Wolfartsweier\n"
                    "Termin: 04.06.2019\n\nLadesäulen für E-motorisierte Fahrzeuge\n\nSachlage:\nDie Stadt plant.\n",
                    encoding="utf-8")
    data = extract_json(path)
    assert (data["kind"], data["paper_type"], data["title"]) == ("paper", "Anfrage",
                                                                 "Ladesäulen für E-motorisierte Fahrzeuge")
    path.write_text("Anfrage\n\nSPD-Ortschaftsratsfraktion\n\nLadesäulen für E-motorisierte Fahrzeuge\n\n"
                    "Sachlage:\nDie Stadt plant.\n", encoding="utf-8")
    assert extract_json(path)["kind"] == "document"


def test_regression_a_calendars_month_heading_is_not_its_title():
    """ALLRIS si010_e (Hamburg-Nord): "Sitzungskalender" is the h1 above the main part, whose h2 is the month shown."""
    from pipeline.crawl.extract import page_title

    html = ("<html><head><title>Sitzungskalender</title></head><body><h1>Sitzungskalender&nbsp;&nbsp;</h1>"
            "<div id='rismain'><h2 align='center'>Oktober&nbsp;2023</h2><table></table></div></body></html>")
    assert page_title(html.encode()) == "Sitzungskalender"
    assert page_title(b"<html><body><main><h1>Oktober 2023</h1></main></body></html>") is None

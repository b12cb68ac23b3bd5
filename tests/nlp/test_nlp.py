"""First-pass NLP: proposal numbers, dates, outcomes, organisations, topics, data-file validation."""

from __future__ import annotations

import pytest

from pipeline.errors import DataFileError
from pipeline.nlp import analyse, get_nlp, topic_summary
from pipeline.nlp.resources import load_outcome_labels, load_outcome_rules, load_topics
from pipeline.nlp.rules import find_dates, find_organizations, find_references, normalize_outcome, own_reference

from ..conftest import corpus_file


@pytest.mark.parametrize(
    "text",
    [
        "2019/0931",
        "2022/BV/3187",
        "2018/BV/3775-01 (ÄA)",
        "0738/05-BV",
        "22-2362",
        "469/2026",
        "039/26",
        "VO/2026/181",
        "22-1940.01",
    ],
)
def test_reference_formats(text):
    assert [m.value for m in find_references(f"siehe Vorlage {text}, bitte")] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "§ 41 Abs. 1 GO NRW",
        "am 04.05.2015",
        "Tel. 02323 16-2362",
        "1.234,56 €",
        "im Zeitraum 05/2019",
        "Doppelhaushalt 2026/2027",
        "2012 - 2015",
    ],
)
def test_things_that_are_not_references(text):
    assert find_references(text) == []


def test_drucksache_nr_form():
    assert [m.value for m in find_references("Drucksache Nr. 17/1234 vom Mai")] == ["17/1234"]


def test_own_reference_prefers_the_labelled_number():
    text = "Bezug: 2019/0931\nVorlage Nr.: 2026/0268 Verantwortlich: Dez. 6"
    assert own_reference(text, find_references(text)) == "2026/0268"


@pytest.mark.parametrize(
    "text,value",
    [
        ("am 04.05.2015", "2015-05-04"),
        ("am 3.4.2018", "2018-04-03"),
        ("am 20.07.26", "2026-07-20"),
        ("am 4. Mai 2015", "2015-05-04"),
        ("im Mai 2012", "2012-05"),
        ("Oktober 2019", "2019-10"),
        ("bis Ende 2014", "2014"),
        ("im Herbst 2020", "2020"),
    ],
)
def test_dates_keep_their_precision(text, value):
    found = find_dates(text)
    assert [m.value for m in found] == [value]
    assert text[found[0].start : found[0].end] == found[0].text


def test_impossible_date_is_ignored():
    assert find_dates("am 31.02.2015") == []


@pytest.mark.parametrize(
    "raw,outcome",
    [
        ("ungeändert beschlossen", "beschlossen"),
        ("des Hauptausschusses beschlossen", "beschlossen"),
        ("einstimmig beschlossen", "beschlossen"),
        ("geändert beschlossen", "geaendert_beschlossen"),
        ("mit Änderungen beschlossen", "geaendert_beschlossen"),
        ("abgelehnt", "abgelehnt"),
        ("vertagt", "vertagt"),
        ("zur Kenntnis genommen", "kenntnisnahme"),
        ("zurückgezogen", "zurueckgezogen"),
        ("überwiesen", "verwiesen"),
        ("Beratung", "sonstiges"),
        ("", None),
        (None, None),
    ],
)
def test_outcome_vocabulary(raw, outcome):
    assert normalize_outcome(raw) == outcome


def test_outcome_rules_only_use_the_vocabulary():
    vocabulary, rules = load_outcome_rules()
    assert {r.outcome for r in rules} <= set(vocabulary)


def test_every_outcome_has_a_german_label(tmp_path):
    assert load_outcome_labels()["geaendert_beschlossen"] == "geändert beschlossen"
    assert list(load_outcome_labels()) == list(load_outcome_rules()[0])
    broken = tmp_path / "outcomes.toml"
    broken.write_text('vocabulary = ["beschlossen", "sonstiges"]\n[[rule]]\noutcome = "beschlossen"\n'
                      'pattern = "beschlossen"\n[labels]\nbeschlossen = "beschlossen"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"outcomes.toml: labels.sonstiges must be a non-empty string$"):
        load_outcome_labels(broken)


def test_organisations_gazetteer_and_patterns():
    text = (
        "Der Integrationsrat und der Ausschuss für Soziales und Gesundheit beraten mit der AWO, "
        "der Caritas, dem Jobcenter und dem Verein Hilfe für Alle e.V. im Fachbereich Soziales."
    )
    names = [m.value for m in find_organizations(text)]
    assert names == [
        "Integrationsrat",
        "Ausschuss für Soziales und Gesundheit",
        "Arbeiterwohlfahrt",
        "Caritasverband",
        "Jobcenter",
        "Verein Hilfe für Alle e.V.",
        "Fachbereich Soziales",
    ]


def test_topics_declared_versus_mentioned_with_evidence():
    pages = [
        "Integrationskonzept\nHandlungsfeld Sprache\n\nDie Sprachförderung beginnt in der Kita.\n\n"
        "Sprachkurse gibt es auch.",
        "Auch Wohnungen werden gebraucht.",
    ]
    summary = {t["key"]: t for t in topic_summary(analyse(pages))}
    assert summary["sprache"]["declared"] is True
    assert summary["sprache"]["mentions"] == 3, "three passages name it"
    assert summary["sprache"]["evidence"][0]["start"] == len("Integrationskonzept\nHandlungsfeld ")
    assert summary["wohnen_quartier"]["declared"] is False
    assert summary["wohnen_quartier"]["evidence"][0] == {
        "text": "Auch Wohnungen werden gebraucht.",
        "page": 2,
        "start": 5,
        "end": 14,
    }


def test_pipeline_has_sentencizer_lookup_lemmatizer_and_versioned_components():
    nlp = get_nlp()
    assert nlp.pipe_names == ["ratsinfo_sentencizer_v1", "ratsinfo_lookup_lemmatizer_v1", "ratsinfo_references_v1",
                              "ratsinfo_dates_v1", "ratsinfo_organizations_v1", "ratsinfo_topics_v1",
                              "ratsinfo_consultations_v1", "ratsinfo_process_steps_v1"]
    doc = nlp("Die Sprachkursen der Städte und Wohnungsmärkte. Ein zweiter Satz.")
    assert [t.lemma_ for t in doc][1:7] == ["Sprachkurs", "der", "Stadt", "und", "Wohnungsmarkt", "."]
    assert len(list(doc.sents)) == 2


def test_invalid_topics_file_names_file_and_key(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nkey = "sprache"\nlabel = "Sprache"\ndescription = "x"\nlemmas = ["sprach(\\\\w*"]\n')
    with pytest.raises(DataFileError) as caught:
        load_topics(path)
    assert str(caught.value).startswith(f"{path}: topic[0].lemmas[0] is not a valid regular expression")


def test_topics_file_rejects_unknown_fields_and_phrases_among_lemmas(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nkey = "sprache"\nlabel = "Sprache"\ndescription = "x"\nkeywords = ["sprache"]\n')
    with pytest.raises(DataFileError, match=r"topic\[0\] has unknown field\(s\) keywords$"):
        load_topics(path)
    path.write_text('[[topic]]\nkey = "sprache"\nlabel = "Sprache"\ndescription = "x"\nlemmas = ["deutsch lernen"]\n')
    with pytest.raises(DataFileError, match=r"lemmas\[0\] 'deutsch lernen' has a space; put phrases under phrases$"):
        load_topics(path)


@pytest.mark.corpus
def test_karlsruhe_vorlage_text_from_corpus():
    text = corpus_file("pdf/karlsruhe_beschlussvorlage_2026_0268_extracted.txt").read_text(encoding="utf-8")
    analysis = analyse([text])
    assert own_reference(text, find_references(text)) == "2026/0268"
    assert "2026-06-23" in {f.value for f in analysis.of("date")}
    assert "Planungsausschuss" in {f.value for f in analysis.of("organization")}


@pytest.mark.parametrize(
    "text,values",
    [
        ("vom 01.02.2010 bis 30.06.2011", [("2010-02-01", "range_start"), ("2011-06-30", "range_end")]),
        ("Förderzeitraum 2012 - 2015", [("2012", "range_start"), ("2015", "range_end")]),
        ("Seit Beginn des Jahres 2006", [("2006", None)]),
        ("im vierten Quartal 2023", [("2023", None)]),
        ("Fassung: JAN 2006", [("2006-01", None)]),
        ("Stadt Köln Eingang 16. JAN. 2012", [("2012-01-16", None)]),  # a receipt stamp: the day with its month
        ("am 3.Sept.2019", [("2019-09-03", None)]),
        ("zuletzt am 20/21.06.26", [("2026-06-20", None), ("2026-06-21", None)]),
        ("Punkt 1.2.10 der Tagesordnung", []),
        ("Doppelhaushalt 2026/2027", []),
        ("Laufzeit von 2024 bis 2027", [("2024", "range_start"), ("2027", "range_end")]),
        ("Von 2019 bis 2021 lief das Programm", [("2019", "range_start"), ("2021", "range_end")]),
        ("Kalender 2026 Oktober", [("2026-10", None)]),  # SessionNet's calendar heading, year first
        ("Lageplan (16.47/16.09.25/01.01c)", []),  # Koblenz: a plan's number of slashed parts
        ("Anmeldung zum Mehrjahresinvestitionsprogramm 2026 – 2030", []),  # RIS München: a programme's years
        ("Über- und Unterdeckungen der Jahre 2016-2019", []),  # Karlsruhe 622197: bare years, no period named
    ],
)
def test_date_ranges_and_written_forms(text, values):
    assert [(m.value, m.kind) for m in find_dates(text)] == values


def test_beratungsfolge_spread_over_lines_and_beschluesse_list():
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge:\nSozialausschuss Vorberatung\n04.05.2015\ndes Sozialausschusses beschlossen\n"
            "Rat der Stadt Entscheidung\n12.05.2015\nabgelehnt\n\nSachverhalt\n\n"
            "Beschlüsse:\n12.09.2019 - Ausschuss für Schule und Bildung - ungeändert beschlossen\n")
    rows = [(r["organization"], r["date"], r["role"], r["result"], r["outcome"]) for r in find_consultations(text)]
    assert rows == [
        ("Sozialausschuss", "2015-05-04", "Vorberatung", "beschlossen", "beschlossen"),
        ("Rat der Stadt", "2015-05-12", "Entscheidung", "abgelehnt", "abgelehnt"),
        ("Ausschuss für Schule und Bildung", "2019-09-12", None, "ungeändert beschlossen", "beschlossen"),
    ]


def test_beratungsfolge_without_role_column_joint_session_and_two_day_session():
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge Sitzung am TOP ö nö Ergebnis\n"
            "Gemeinderat 19.04.2011 7 Verweisung in die Ausschüsse\n"
            "Planungsausschuss, Naturschutzbeirat\n19.05.2011 3 mehrheitliche Ablehnung\n"
            "Gemeinderat 21./\n22.06.2011\n\nAntrag an den Gemeinderat\n")
    text = text.replace("21./\n22", "21./ 22")  # pdftotext prints the two-day session on one line
    rows = [(r["organization"], r["date"], r["outcome"]) for r in find_consultations(text)]
    assert rows == [
        ("Gemeinderat", "2011-04-19", "verwiesen"),
        ("Planungsausschuss", "2011-05-19", "abgelehnt"),
        ("Naturschutzbeirat", "2011-05-19", "abgelehnt"),
        ("Gemeinderat", "2011-06-21", None),
    ]


def test_regression_date_cell_with_two_sessions_and_role_wrapped_below_the_row():
    """Karlsruhe 656671 (2024 layout): "06.03.2024 /" + "08.07.2024" is one row held in two sessions, and its role
    stood on the lines below ("3 N Vorberatung", "2 Ö Erneute" + "Anhörung"); two rows and every role were lost."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Gremien Termin TOP Ö / N Zuständigkeit\n"
            "Bezirksbeirat Nord 11.02.2025 /\n19.03.2025\n4 N Vorberatung\n"
            "Bezirksbeirat Süd 12.03.2025 /\n02.04.2025\n1 Ö Erneute\nAnhörung\n"
            "Jugendhilfeausschuss Vorberatung 05.02.2025 /\n07.05.2025 2 N\n"
            "Sozialausschuss Vorberatung\n"
            "25.03.2025\n"
            "Gemeinderat 08/09.04.2025 Ö Entscheidung\n\nKurzfassung\nDer Gemeinderat beschließt.\n")
    rows = [(r["organization"], r["date"], r["role"]) for r in find_consultations(text)]
    assert rows == [
        ("Bezirksbeirat Nord", "2025-02-11", "Vorberatung"),
        ("Bezirksbeirat Nord", "2025-03-19", "Vorberatung"),
        ("Bezirksbeirat Süd", "2025-03-12", "Erneute Anhörung"),
        ("Bezirksbeirat Süd", "2025-04-02", "Erneute Anhörung"),
        ("Jugendhilfeausschuss", "2025-02-05", "Vorberatung"),
        ("Jugendhilfeausschuss", "2025-05-07", "Vorberatung"),
        ("Sozialausschuss", "2025-03-25", "Vorberatung"),
        ("Gemeinderat", "2025-04-08", "Entscheidung"),
    ]


def test_regression_beratungsfolge_with_dates_written_out_and_checkbox_columns():
    """Karlsruhe 622197 (2020 layout): the date written out on the line below its body ("25. November 2020 6"), the
    Ö / N columns as checkboxes on lines of their own; only the first body was read, without a date."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\n"
            "Ausschuss für öffentliche Einrichtungen\n3. März 2021 4\n☐\n☒\n"
            "Hauptausschuss\n16. März 2021\n☐\n☒\n"
            "Gemeinderat\n23. März 2021\n☒\n☐\n"
            "Beschlussantrag\nDer Gemeinderat beschließt nach Vorberatung im Ausschuss und im\nHauptausschuss\n"
            "a) die Satzung.\n")
    assert [(r["organization"], r["date"]) for r in find_consultations(text)] == [
        ("Ausschuss für öffentliche Einrichtungen", "2021-03-03"), ("Hauptausschuss", "2021-03-16"),
        ("Gemeinderat", "2021-03-23")]


def test_regression_body_name_wrapped_above_its_date():
    """Karlsruhe 626304: "Ausschuss für Umwelt und" / "Gesundheit" / "29.06.2021 2 X" was no row."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nAusschuss für Planung und\n"
            "Bauwesen\n14.09.2022 3 X\n\nBeschlussantrag\nDer Ausschuss nimmt Kenntnis.\n")
    assert [(r["organization"], r["date"]) for r in find_consultations(text)] == [
        ("Ausschuss für Planung und Bauwesen", "2022-09-14")]


def test_regression_joint_session_of_two_bodies_wrapped_above_its_date():
    """Karlsruhe 2011: "Planungsausschuss, Ausschuss" / "für Umwelt und Gesundheit" / "19.05.2011 4" was no row."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge dieser Vorlage am TOP ö nö Ergebnis\nBauausschuss, Ausschuss\nfür Schule und Sport\n"
            "03.02.2010 5\nGemeinderat 09.02.2010 2\n\nBeschlussantrag\n")
    assert [(r["organization"], r["date"]) for r in find_consultations(text)] == [
        ("Bauausschuss", "2010-02-03"), ("Ausschuss für Schule und Sport", "2010-02-03"), ("Gemeinderat", "2010-02-09")]


def test_a_line_naming_the_session_and_item_a_paper_goes_to():
    """Köln's Anfragen print "BV 3 am 30.01.2012 TOP 7.2.7" under the letterhead: the session was lost."""
    from pipeline.nlp.consultations import find_consultations

    rows = find_consultations("SPD-Fraktion im Rat\n\nBV 5 am 12.03.2013 TOP 8.1\n\nHerrn Oberbürgermeister\n")
    assert [(r["organization"], r["date"]) for r in rows] == [("BV 5", "2013-03-12")]
    rows = find_consultations("Verkehrsausschuss am 04.05.2014 TOP 3\n")
    assert [(r["organization"], r["date"]) for r in rows] == [("Verkehrsausschuss", "2014-05-04")]
    assert find_consultations("Die Frist endet am 30.01.2012 TOP 7 ist vertagt.\n") == []


@pytest.mark.corpus
def test_regression_karlsruhe_date_cells_of_two_sessions_golden():
    """The real pages: 656671's seven consultations, and 634023's "Gemeinderat 07/08.12.2021" (the body was read as
    "Gemeinderat 07/" on the second day)."""
    from dev.evaluate import CORPUS_DIR, _Karlsruhe
    from pipeline.nlp.consultations import find_consultations

    corpus_file("karlsruhe/file_texts.jsonl.gz")
    archive = _Karlsruhe(CORPUS_DIR)
    archive.load({"656671", "634023"})
    texts = {key: archive.text(key) for key in ("656671", "634023")}
    rows = [(r["organization"], r["date"], r["role"]) for r in find_consultations(texts["656671"])]
    assert rows == [
        ("Ortschaftsrat Grötzingen Ausschuss II", "2024-03-06", "Vorberatung"),
        ("Ortschaftsrat Grötzingen Ausschuss II", "2024-07-08", "Vorberatung"),
        ("Ortschaftsrat Grötzingen", "2024-04-24", "Anhörung"),
        ("Ortschaftsrat Grötzingen", "2024-05-15", "Erneute Anhörung"),
        ("Ortschaftsrat Grötzingen", "2024-07-17", "Erneute Anhörung"),
        ("Hauptausschuss", "2024-06-04", "Vorberatung"),
        ("Gemeinderat", "2024-07-23", "Entscheidung"),
    ]
    assert [(r["organization"], r["date"]) for r in find_consultations(texts["634023"])] == [
        ("Gemeinderat", "2021-12-07")]


def test_own_reference_from_a_label_column_and_none_for_minutes():
    text = "Gremium:\n52. Plenarsitzung Gemeinderat\nTermin:\nVorlage Nr.:\nTOP:\n\n15.07.2008\n1452\n10\n"
    assert own_reference(text, find_references(text)) == "1452"
    minutes = "Niederschrift 28. Plenarsitzung des Gemeinderates\nVorlage: 2021/0613\n"
    assert own_reference(minutes, find_references(minutes)) is None
    analysis = analyse([text])
    assert [(f.value, f.kind) for f in analysis.of("reference")] == [("1452", "own")]


def test_regression_header_gremium_on_its_line_and_termin_in_the_value_column():
    """Karlsruhe 2015: "Gremium:  11. Plenarsitzung Gemeinderat" with its value beside it, "Termin:" with its value
    in the column of values below; the header consultation was lost."""
    from pipeline.nlp.consultations import find_consultations

    text = ("STELLUNGNAHME zum Antrag\nGrüne-Gemeinderatsfraktion\nvom:  26.02.2015\neingegangen: 03.03.2015\n"
            "Gremium:  11. Plenarsitzung Gemeinderat\nTermin:  \nVorlage Nr.: \nTOP: \n \nVerantwortlich: \n \n"
            "28.04.2015\n2015/0149\n10\nöffentlich\nDez. 6\nKlimaoptimierte Gestaltungsplanung Kaiserstraße\n")
    assert [(r["organization"], r["date"]) for r in find_consultations(text)] == [("Gemeinderat", "2015-04-28")]
    assert own_reference(text, find_references(text)) == "2015/0149"


def test_declared_list_item_naming_two_fields_declares_both_and_nothing_else():
    text = ("Das Konzept umfasst folgende Handlungsfelder:\n- Gesundheit und Pflege\n- Arbeit / Beschäftigung\n\n"
            "Im Stadtteil gibt es außerdem Sprachkurse und Sportvereine.")
    summary = {t["key"]: t["declared"] for t in topic_summary(analyse([text]))}
    assert summary == {"gesundheit": True, "ausbildung_arbeit": True, "wohnen_quartier": False, "sprache": False,
                       "kultur_sport_freizeit": False}


def test_person_title_is_not_the_council():
    names = [m.value for m in find_organizations("Stadtrat Tom Høyem fragt; der Stadtrat beschließt.")]
    assert names == ["Stadtrat"]


def test_beratungsfolge_word_lists_are_validated(tmp_path):
    from pipeline.nlp.resources import load_beratungsfolge

    path = tmp_path / "beratungsfolge.toml"
    path.write_text('roles = ["Vorberatung"]\nresult_words = []\nsections = ["Sachverhalt"]\nheader_labels = ["Datum"]\n')
    with pytest.raises(DataFileError) as caught:
        load_beratungsfolge(path)
    assert str(caught.value) == f"{path}: result_words must be a non-empty list of words"


def test_missing_trained_model_is_a_one_line_error(monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import cli

    monkeypatch.setenv("PIPELINE_SPACY_MODEL", "de_not_installed_sm")
    result = CliRunner().invoke(cli, ["extract", "whatever.pdf"])
    assert result.exit_code == 1
    assert result.output == ("Error: PIPELINE_SPACY_MODEL=de_not_installed_sm: spaCy model not installed "
                             "(python -m spacy download de_not_installed_sm, or unset it for the rule pipeline)\n")


def _declared_items(text: str) -> list[str]:
    """The list items, as printed, of the declared topic words of a text, in order and once each."""
    items = [f.item for f in analyse([text]).findings if f.label == "topic" and f.kind == "declared"]
    return list(dict.fromkeys(items))


def test_a_declared_fields_list_item_is_kept_as_printed():
    text = ("Die Stadt richtet ihre Integrationsarbeit vorrangig auf diese Handlungsfelder aus:\n- Sprache\n"
            "- Interkulturelle Öffnung der Verwaltung\n- Stadtentwicklung und -planung\n- Wohnen / Quartiersmanagement\n")
    assert _declared_items(text) == ["Sprache", "Interkulturelle Öffnung der Verwaltung",
                                     "Stadtentwicklung und -planung", "Wohnen / Quartiersmanagement"]


def test_an_enumeration_in_a_sentence_is_cut_into_its_items():
    text = "Das Konzept gliedert sich in die Handlungsfelder Sprache und Bildung, Wohnen sowie Gesundheit."
    assert _declared_items(text) == ["Sprache", "Bildung", "Wohnen", "Gesundheit"]


def test_a_list_introduction_wrapped_onto_the_next_line_still_declares():
    text = ("In Fachworkshops wurden die vier Handlungsfelder des\nKonzepts bearbeitet:\n- Ausbildung und Arbeit\n"
            "- Sprache und Bildung\n")
    assert _declared_items(text) == ["Ausbildung und Arbeit", "Sprache und Bildung"]


def test_regression_a_declared_list_that_crosses_a_page_keeps_its_items():
    """Karlsruhe 2013's Jobcenter report: "Die … Handlungsfelder lauten:" ended its page; the next began with its
    running head ("Ergänzende Erläuterungen   Seite 16") and the numbered items, which no longer counted."""
    text = ("Die geschäftspolitischen Handlungsfelder lauten:\n\nErgänzende Erläuterungen" + " " * 40 + "Seite 16\n\n"
            "1. Arbeitslose zu Fachkräften ausbilden\n2. Wohnungslose Menschen in Wohnungen vermitteln\n")
    assert _declared_items(text) == ["Arbeitslose zu Fachkräften ausbilden",
                                     "Wohnungslose Menschen in Wohnungen vermitteln"]


def test_a_title_line_with_leitlinien_does_not_declare_the_beratungsfolge_after_it():
    """'Leitlinien für die Integrationsarbeit in Herne' ends a line; 'Beratungsfolge:' on the next is no list of fields."""
    text = ("Betreff: Leitlinien für die Integrationsarbeit in Herne\nBeratungsfolge:\nIntegrationsrat Vorberatung "
            "15.03.2007\nHaupt- und Finanzausschuss Vorberatung 20.03.2007\n")
    assert _declared_items(text) == []


def test_regression_body_cell_printed_around_its_date_line():
    """SD.NET RIM's Vorlagen centre the Beratungsfolge's cells: read as text, a body of two lines prints its second
    line below the date ("Fachausschuss Klimaschutz, Bau" / "23.01.2025 Beratung und Empfehlung" / "und Umwelt"),
    and the body was lost; a role alone after the date is a role, not a result."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge:\nDatum Gremium Zuständigkeit\nAusschuss Soziales, Jugend\n03.03.2025 Beratung und Empfehlung\n"
            "und Sport\nVerwaltungsausschuss\n11.03.2025 Beratung und Empfehlung\nRat der Gemeinde Emmerthal\n"
            "20.03.2025 Entscheidung\n\nSachverhalt:\nDer Rat hat am 01.02.2024 beschlossen.\n")
    rows = [(r["organization"], r["date"], r["role"], r["outcome"]) for r in find_consultations(text)]
    assert rows == [("Ausschuss Soziales, Jugend und Sport", "2025-03-03", None, "sonstiges"),
                    ("Verwaltungsausschuss", "2025-03-11", None, "sonstiges"),
                    ("Rat der Gemeinde Emmerthal", "2025-03-20", "Entscheidung", None)]


def test_a_lower_saxon_committee_named_by_its_subjects_without_fuer():
    from pipeline.nlp.rules import find_organizations

    found = find_organizations("Der Fachausschuss Finanzen, Personal und Feuerwehr hat am Montag beraten.")
    assert [o.text for o in found] == ["Fachausschuss Finanzen, Personal und Feuerwehr"]


def test_regression_a_session_of_two_days_written_with_a_full_stop_gives_both_days():
    """Karlsruhe 22494 and 14471: "21./22.04.2009" and "06./07. April 2009" gave only their second day; a header's
    Termin of two days is the first day's session, as a Beratungsfolge row of two days is."""
    from pipeline.nlp.consultations import find_consultations
    from pipeline.nlp.rules import find_dates

    assert [d.value for d in find_dates("am 21./22.04.2009 und am 06./07. April 2009")] == [
        "2009-04-21", "2009-04-22", "2009-04-06", "2009-04-07"]
    text = "Gremium:\nTermin:\nVorlage Nr.:\n\n61. Plenarsitzung Gemeinderat\n21./22.04.2009\n1710\n\nBetreff\n"
    rows = find_consultations(text)
    assert [(r["organization"], r["date"]) for r in rows] == [("Gemeinderat", "2009-04-21")]


@pytest.mark.parametrize(("text", "declared"), [
    # Karlsruhe 12374: an advisory council's seats by field, each field named after its singular cue word
    ("Mit den höchsten Stimmenzahlen im Themenfeld Sprache und Bildung wurden A und B gewählt.", ["sprache", "bildung"]),
    ("A und B wurden für das Themenfeld Interkulturelle Öffnung, Wohnen gewählt.",
     ["interkulturelle_oeffnung", "wohnen_quartier"]),
    ("Im Handlungsfeld Wohnen wurden drei Projekte umgesetzt.", ["wohnen_quartier"]),
    # Karlsruhe 652151: a priority its authors set
    ("Im Doppelhaushalt legen wir als CDU-Fraktion einen Schwerpunkt auf die Belange von Kitas, Schulen und "
     "Bildung im Allgemeinen.", ["bildung"]),
    # Karlsruhe 613263: a subject area in running text declares nothing
    ("Im Themenbereich Zwangs- und Armutsprostitution werden die Beratungsstellen beteiligt.", []),
])
def test_regression_a_field_named_after_its_singular_cue_word_and_a_priority_set(text, declared):
    assert {t.value for t in analyse([text]).of("topic") if t.kind == "declared"} == set(declared)


@pytest.mark.parametrize("text", ["c) Bauantrag Eisenbahnstraße, Flur.Str. 1176/18", "Grundstück Flst. Nr. 1176/18",
                                  "auf dem Flurstück Nr. 1176/18 der Gemarkung"])
def test_regression_a_parcels_number_is_no_reference(text):
    """Karlsruhe 611144: a building application's parcel ("Flur.Str. 1176/18") was taken as the paper's number."""
    assert find_references(text) == []


def test_regression_a_session_of_three_days_gives_each_day_and_is_listed_under_its_first():
    """Karlsruhe 674150: "Gemeinderat 16./17./18.12.2025" was read as the body "Gemeinderat 16./17./" on the 18th."""
    from pipeline.nlp.consultations import find_consultations

    assert [d.value for d in find_dates("Gemeinderat 16./17./18.12.2025")] == ["2025-12-16", "2025-12-17", "2025-12-18"]
    text = ("Gremien Termin TOP Ö / N Zuständigkeit \nHaupt- und Finanzausschuss 09.12.2025 16 N Vorberatung \n"
            "Gemeinderat 16./17./18.12.2025  Ö Entscheidung \nKurzfassung \n")
    rows = find_consultations(text)
    assert [(r["organization"], r["date"]) for r in rows] == [("Haupt- und Finanzausschuss", "2025-12-09"),
                                                            ("Gemeinderat", "2025-12-16")]


def test_regression_a_session_named_in_capitals_and_a_meetings_aside():
    """Karlsruhe 509639: "22. ÖFFENTLICHE PLENARSITZUNG DES GEMEINDERATES AM 28. MÄRZ 2006" above an Anfrage;
    607207: minutes of "57. Plenarsitzung Gemeinderat (DHH-Beratungen 2019/20)"."""
    capitals = analyse(["22. ÖFFENTLICHE PLENARSITZUNG DES GEMEINDERATES AM 28. MÄRZ 2006\n\nVorlage Nr. 643 ANFRAGE\n"])
    assert [(c["organization"], c["date"]) for c in capitals.consultations] == [("Gemeinderat", "2006-03-28")]
    from pipeline.nlp.header import read_head

    head = read_head("Niederschrift 57. Plenarsitzung Gemeinderat (DHH-Beratungen 2019/20) \n20. November 2018, 9 Uhr "
                     "und \n21. November 2018, 9 Uhr \nöffentlich \n")
    assert [(c["organization"], c["date"]) for c in head.consultations] == [("Gemeinderat", "2018-11-20")]


@pytest.mark.parametrize(("text", "items"), [
    # Karlsruhe 603282 (a council debate): the list follows its owner and a verb, lowercase after the comma
    ("Die Schwerpunkte des Rahmenplans sind, qualitative Weiterentwicklung des Wohnraumangebots, behutsame "
     "Innenentwicklung. Danach", ["qualitative Weiterentwicklung des Wohnraumangebots"]),
    ("Deren Schwerpunkte Natur, Klimaschutz und Gesundheitsförderung haben großes Potential.",
     ["Gesundheitsförderung haben großes Potential"]),
    # Karlsruhe 21084: a compound cue word and a verb in the past
    ("Themenschwerpunkte der diesjährigen Bürgerumfrage waren die Lebensqualität sowie das Wohnen im Stadtteil.",
     ["die Lebensqualität sowie das Wohnen im Stadtteil"]),
    ("Die Schwerpunkte liegen auf Sprache und Bildung.", ["Sprache und Bildung"]),
])
def test_an_enumeration_after_its_cue_with_owner_and_verb_declares(text, items):
    assert _declared_items(text) == items


def test_where_a_priority_lay_in_the_past_declares_nothing():
    assert _declared_items("Schwerpunkte der Wohnungsbautätigkeit lagen in der Südstadt und bei Sprachkursen.") == []


def test_regression_beratungsfolge_whose_spaces_the_pdf_lost():
    """Karlsruhe 620127 and 8889: body, date, TOP, cross and result glued ("Ortschaftsrat17.12.20199xVorbesprechung"),
    a body's name broken over two lines; the evidence spans stay on the text as printed."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge dieser Vorlage\nGremiumTerminTOPönöErgebnis\nOrtschaftsrat17.12.20199xVorbesprechung Anträge\n"
            "Finanzausschuss des Ort-\nschaftsrates Wettersbach\n19.02.20201xZustimmung\n"
            "Ortschaftsrat13.10.20201x\nBeschlussantrag\nDer Ortschaftsrat stimmt zu.\n")
    rows = find_consultations(text)
    assert [(r["organization"], r["date"], r["result"], r["outcome"]) for r in rows] == [
        ("Ortschaftsrat", "2019-12-17", "Vorbesprechung Anträge", "sonstiges"),
        ("Finanzausschuss des Ortschaftsrates Wettersbach", "2020-02-19", "Zustimmung", "beschlossen"),
        ("Ortschaftsrat", "2020-10-13", None, None)]
    assert text[rows[0]["start"]:rows[0]["end"]] == "Ortschaftsrat17.12.20199xVorbesprechung Anträge"
    assert text[rows[2]["start"]:rows[2]["end"]] == "Ortschaftsrat13.10.20201x"
    # with its spaces, a date in a Beratungsfolge is left as it is
    spaced = "Beratungsfolge\nGremium Termin TOP\nGemeinderat 16.11.2010 7\n"
    assert [(r["organization"], r["date"]) for r in find_consultations(spaced)] == [("Gemeinderat", "2010-11-16")]


def test_regression_board_of_an_institution_wrapped_with_a_hyphen():
    """Karlsruhe 15682: "Verwaltungsrat des Badi-" / "schen KONServatoriums" / "08.11.2011 2 vorberaten"."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge Sitzung am TOP ö nö Ergebnis\nVerwaltungsrat des Badi-\nschen KONServatoriums\n"
            "08.11.2011 2 vorberaten\nHauptausschuss 06.12.2011 10\n\nAntrag an den Gemeinderat\n")
    assert [(r["organization"], r["date"], r["outcome"]) for r in find_consultations(text)] == [
        ("Verwaltungsrat des Badischen KONServatoriums", "2011-11-08", "sonstiges"),
        ("Hauptausschuss", "2011-12-06", None)]


def test_regression_the_session_as_a_label_of_the_header():
    """Karlsruhe 4942: "Ortschaftsrat am:    24. Juni 2008" heads an Anfrage; not a label that is no body."""
    from pipeline.nlp.consultations import find_consultations

    text = "Stadt Karlsruhe\nOrtsverwaltung Wettersbach\n\nOrtschaftsrat am:    24. Juni 2008\n\nVorlage Nr.:     170\n"
    assert [(r["organization"], r["date"]) for r in find_consultations(text)] == [("Ortschaftsrat", "2008-06-24")]
    assert find_consultations("Stand am:   24. Juni 2008\n") == []


def test_regression_goals_listed_as_zielbereiche_under_private_bullets():
    """Karlsruhe 9967: "folgende zentrale Zielbereiche … zusammenfassen:" over items whose bullets are the PDF's
    private-use symbols ("\\uf02d")."""
    text = ("So lassen sich folgende zentrale Zielbereiche für die Hilfe- und Pflegebedürftigen zusammenfassen:\n\n"
            "a) Die ambulante Pflege soll verstärkt unterstützt werden durch\n\n"
            "\uf02d den Ausbau von Pflegeberatung und Pflegestützpunkten,\n\n")
    declared = {t["key"] for t in topic_summary(analyse([text])) if t["declared"]}
    assert "gesundheit" in declared
    running = "Die Pflegeberatung hilft, wenn der Wert den Zielbereich nach oben verlässt.\n"
    assert not {t["key"] for t in topic_summary(analyse([running])) if t["declared"]}


def test_regression_single_parents_are_a_social_priority():
    """Karlsruhe 43342: "Zukünftige Schwerpunkte sind neben alleinerziehenden Müttern … auch Leistungsbezieher/-innen
    mit einem großen Abstand zum Arbeitsmarkt"."""
    text = ("Zukünftige Schwerpunkte sind neben alleinerziehenden Müttern und Migranten/-innen auch "
            "Leistungsbezieher/-innen mit einem großen Abstand zum Arbeitsmarkt.\n")
    declared = {t["key"] for t in topic_summary(analyse([text])) if t["declared"]}
    assert {"soziales", "ausbildung_arbeit"} <= declared


def test_regression_a_commissions_row_with_its_result_wrapped_over_lines():
    """Karlsruhe 592159: "Gemeinderätliche" / "Kommission KEG" / "01.06.2016" / "x" / a result of four lines; the rows
    after it are still read."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nGemeinderätliche\nKommission KEG\n"
            "01.06.2016\n\n\n\nx\nZustimmung vorbehaltlich der Verringerung des Zuschussbedarfs um\n200.000 € durch\n"
            "Tribünenbranding und einen finanziellen Beitrag eines\nFreundeskreises.\n\n"
            "Hauptausschuss 14.06.2016 9 x vorberaten\nGemeinderat 21.06.2016 10 x\n\n\n\ngenehmigt\nBeschlussantrag\n\n"
            "Der Gemeinderat erklärt sich einverstanden.\n")
    assert [(r["organization"], r["date"], r["outcome"]) for r in find_consultations(text)] == [
        ("Gemeinderätliche Kommission KEG", "2016-06-01", "beschlossen"),
        ("Hauptausschuss", "2016-06-14", "sonstiges"),
        ("Gemeinderat", "2016-06-21", "beschlossen")]


def test_regression_a_result_that_runs_on_does_not_swallow_the_next_rows_body():
    """The wrapped result cell of Karlsruhe 592159 ends where the next row's body begins above its date."""
    from pipeline.nlp.consultations import find_consultations

    text = ("Beratungsfolge\nGremium Termin TOP ö nö Ergebnis\nBauausschuss 12.03.2020 3 x Zustimmung mit der\n"
            "Ausschuss für Umwelt und\nGesundheit\n29.06.2021 2 X\n\nBeschlussantrag\n")
    assert [(r["organization"], r["date"]) for r in find_consultations(text)] == [
        ("Bauausschuss", "2020-03-12"), ("Ausschuss für Umwelt und Gesundheit", "2021-06-29")]

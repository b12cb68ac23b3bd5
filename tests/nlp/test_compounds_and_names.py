"""Topics by compound parts (issue 14) and the organisation names the four cities' documents print."""

from __future__ import annotations

import pytest

from pipeline.errors import DataFileError
from pipeline.nlp import analyse, topic_summary
from pipeline.nlp.resources import load_neutral_heads, load_topics
from pipeline.nlp.rules import MAX_KNOWN, find_organizations, organization_spellings
from pipeline.nlp.topics import _keys_of


@pytest.mark.parametrize(("word", "keys"), [
    ("Arbeitspolitik", ("ausbildung_arbeit",)),  # the first part carries the field, "-politik" none
    ("Wohnungspolitik", ("wohnen_quartier",)),
    ("Wohnungsbaupolitik", ("wohnen_quartier",)),
    ("Gesundheitsversorgung", ("gesundheit",)),
    ("Bildungsangeboten", ("bildung",)),  # the head inflected
    ("Stadtteilplanung", ("wohnen_quartier",)),
    ("Gemeinschaftsgrundschule", ("bildung",)),  # no neutral head: the last part decides
    ("Integrationsarbeit", ()),  # "-arbeit" as a head is not the field Arbeit
    ("Haushaltsplanung", ()),
    ("Verkehrsplanung", ()),
    ("Integrations-Politik", ()),
    ("Fahrradweg", ()),
])
def test_a_compound_takes_its_topic_from_the_part_that_carries_one(word, keys):
    assert _keys_of(word, word) == keys


def test_regression_arbeitspolitik_in_a_declared_list_declares_arbeit():
    text = ("Schwerpunkte der Integrationsarbeit sind die Themen:\n- Arbeitspolitik\n- Wohnungspolitik\n"
            "- Sprachförderung\n\nDer Rat hat das Konzept beschlossen.")
    declared = {t["key"] for t in topic_summary(analyse([text])) if t["declared"]}
    assert declared == {"ausbildung_arbeit", "wohnen_quartier", "sprache"}


def test_neutral_heads_are_validated_and_longest_first(tmp_path):
    heads = load_neutral_heads()
    assert "politik" in heads and "förderung" in heads
    assert [len(h) for h in heads] == sorted((len(h) for h in heads), reverse=True)
    path = tmp_path / "topics.toml"
    topic = '[[topic]]\nkey = "sprache"\nlabel = "Sprache"\ndescription = "x"\nlemmas = ["sprache"]\n'
    path.write_text(topic + '[compounds]\nneutral_heads = ["Politik"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"compounds.neutral_heads\[0\] 'Politik' must be one lowercase word"):
        load_neutral_heads(path)
    path.write_text(topic + '[compounds]\nneutral_heads = ["politik", "politik"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="lists a head twice$"):
        load_neutral_heads(path)
    path.write_text(topic + '[compund]\nneutral_heads = []\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"unknown table\(s\) compund$"):
        load_topics(path)


def _names(text: str) -> set[str]:
    return {m.value for m in find_organizations(text)}


def test_the_organisations_an_integration_concept_names():
    text = ("Partner sind das Institut für interdisziplinäre Beratung und interkulturelle Seminare - Ibis Institut, "
            "die Bürgerstiftung, die Werner Richard - Dr. Carl Dörken Stiftung, die RAA und die Ausländerbehörde. "
            "Die Jugendmigrationsdienste beraten; die Konrad-Adenauer-Stiftung fördert.")
    assert _names(text) >= {"Institut für interdisziplinäre Beratung und interkulturelle Seminare - Ibis Institut",
                            "Bürgerstiftung", "Werner Richard - Dr. Carl Dörken Stiftung", "RAA", "Ausländerbehörde",
                            "Jugendmigrationsdienst", "Konrad-Adenauer-Stiftung"}


@pytest.mark.parametrize("text", ["Die Stiftung hilft.", "Laut Stiftung Warentest ist das gut.",
                                  "Eine Stiftung wurde gegründet."])
def test_a_word_before_stiftung_that_only_starts_a_sentence_is_no_name(text):
    assert not any(name.endswith("Stiftung") and " " in name for name in _names(text))


def test_an_institute_in_the_genitive_is_named_in_the_nominative():
    assert "Institut für angewandte Pflegeforschung" in _names("Ein Bericht des Instituts für angewandte "
                                                               "Pflegeforschung liegt vor.")


@pytest.mark.parametrize(("text", "name"), [
    ("Beschluss des Rates der Stadt Hildesheim vom 31.03.2025", "Rat der Stadt Hildesheim"),
    ("Der Ortsrat Groß Förste tagt", "Ortsrat Groß Förste"),
    ("Anhörung im Ortsbeirat 10", "Ortsbeirat 10"),
    ("Bezirksausschuss 6 Sendling", "Bezirksausschuss 6 Sendling"),
    ("Regionalausschuss Langenhorn-Fuhlsbüttel-Ohlsdorf-Alsterdorf-Groß Borstel",
     "Regionalausschuss Langenhorn-Fuhlsbüttel-Ohlsdorf-Alsterdorf-Groß Borstel"),
    ("im Fachausschuss für Sport und Bildung", "Fachausschuss für Sport und Bildung"),
    ("Ausschuss für Tourismus, Kultur und Ehrenamt", "Ausschuss für Tourismus, Kultur und Ehrenamt"),
    ("Förderung des Ministeriums für Soziales\nund Integration", "Ministerium für Soziales und Integration"),
    ("Stadtvertretung Schwerin", "Stadtvertretung Schwerin"),
    ("Kreistag des Landkreises Osnabrück", "Kreistag des Landkreises Osnabrück"),
])
def test_bodies_named_with_their_place_number_or_subject(text, name):
    assert name in _names(text)


@pytest.mark.parametrize("text", [
    "Stadtrat Pfannkuch (CDU): Ich schließe mich an.", "(Zuruf Stadtrat Ehlgötz/CDU)",
    "(Der Vorsitzende: Herr Stadtrat!)", "Herr Stadtrat \nCramer, Sie haben", "der CDU-Stadtrat Albert Käuflein",
    "Stadtrat Dr. Fechler (SPD): Der heutige Tag", "Gemeinderat Müller (FW) fragt nach.",
    "Es wurden von Stadtrat  Wenzel folgende Fragen gestellt.",  # Karlsruhe 587105
])
def test_a_councillors_title_is_not_the_council(text):
    assert not _names(text) & {"Stadtrat", "Gemeinderat"}


def test_the_council_itself_is_still_named():
    assert _names("Der Stadtrat beschließt am 12.03.2025. Sitzung des Gemeinderates.") == {"Stadtrat", "Gemeinderat"}
    assert _names("vom Stadtrat Regensburg beschlossen, mit Gemeinderat und Verwaltung") >= {"Gemeinderat"}


@pytest.mark.parametrize(("text", "name"), [
    # the office in charge as a labelled field, without its number
    ("Vorlageart:\nAntrag\nFederführend:\n40 Bildung und Sport\nBeratungsfolge", "Bildung und Sport"),
    ("Federführend: 10 Büro des Oberbürgermeisters Bearbeiter/-in: König, Michelle", "Büro des Oberbürgermeisters"),
    ("Vorlagendetails 114/2026\nAbteilung\n11 Verwaltungssteuerung und -service\nBeschlusstext",
     "Verwaltungssteuerung und -service"),
    ("Dienststelle:  Büro für \nIntegration \n", "Büro für Integration"),
    # subcommittees and local bodies by their code
    ("im Unterausschuss Bau des Regionalausschusses", "Unterausschuss Bau"),
    ("Unterausschuss Budget- und Satzungsangelegenheiten", "Unterausschuss Budget- und Satzungsangelegenheiten"),
    ("Überweisung an den Regionalausschuss BUHD", "Regionalausschuss BUHD"),
    # authorities with their place, or alone where the word names one body
    ("Stellungnahme der Polizei Hamburg", "Polizei Hamburg"),
    ("Der  Bauhof  Neureut  stellt 2 Mitarbeiter", "Bauhof Neureut"),
    ("Schreiben der Staatsanwaltschaft vom 14.07.2021", "Staatsanwaltschaft"),
    ("Landesbetrieb Straßenbau NRW", "Landesbetrieb Straßenbau NRW"),
    ("der Freiwilligen Feuerwehr Hürtgenwald", "Freiwillige Feuerwehr Hürtgenwald"),
    ("Fachamt Bezirklicher Sportstättenbau", "Fachamt Bezirklicher Sportstättenbau"),
    ("das Eigenbetrieb „Fußballstadion im Wildpark“", "Eigenbetrieb „Fußballstadion im Wildpark“"),
    ("Das Kulturbüro lädt ein", "Kulturbüro"),
    # ministries and institutes with lowercase adjectives, clubs, schools, associations
    ("Bundesministerium für Verkehr und digitale Infrastruktur, Deutsches Institut für angewandte Pflegeforschung",
     "Bundesministerium für Verkehr und digitale Infrastruktur"),
    ("Bundesministerium für Verkehr und digitale Infrastruktur, Deutsches Institut für angewandte Pflegeforschung",
     "Deutsches Institut für angewandte Pflegeforschung"),
    ("Vertreter des ASV Hagsfeld und des Karlsruher SC", "ASV Hagsfeld"),
    ("Vertreter des ASV Hagsfeld und des Karlsruher SC", "Karlsruher SC"),
    ("der F.C. Grenzwacht 1931 e. V. Hürtgen", "F.C. Grenzwacht 1931 e. V."),
    ("Sportvereine ESG Frankonia, Postsportverein \nKarlsruhe und Polizeisportverein", "Postsportverein Karlsruhe"),
    ("OGS Vossenack und Franziskus-Gymnasium Vossenack", "OGS Vossenack"),
    ("OGS Vossenack und Franziskus-Gymnasium Vossenack", "Franziskus-Gymnasium Vossenack"),
    ("Städte- und Gemeindetag Mecklenburg-Vorpommern", "Städte- und Gemeindetag Mecklenburg-Vorpommern"),
    ("Empfehlungen des Deutschen\nStädtetages", "Deutscher Städtetag"),  # a known name broken over two lines
    ("Der ADFC begrüßt das.", "Allgemeiner Deutscher Fahrrad-Club"),
    ("im Ausschuss für öffentliche Einrichtungen", "Ausschuss für öffentliche Einrichtungen"),
    ("Werner-von-Siemens-Grund- und Werkrealschule", "Werner-von-Siemens-Grund- und Werkrealschule"),
    ("Kupfer im Städtischen Klinikum Karlsruhe", "Städtisches Klinikum Karlsruhe"),
    # batch g: clubs that support something, circles of friends, religious communities, a quoted committee
    ("Der Förderverein Waldbad und der Freundeskreis Tierpark sammeln Spenden.", "Förderverein Waldbad"),
    ("Der Förderverein Waldbad und der Freundeskreis Tierpark sammeln Spenden.", "Freundeskreis Tierpark"),
    ("mit der Jüdischen Kultusgemeinde Mannheim und der Katholischen Kirchengemeinde St. Peter",
     "Jüdischen Kultusgemeinde Mannheim"),
    ("mit der Jüdischen Kultusgemeinde Mannheim und der Katholischen Kirchengemeinde St. Peter",
     "Katholischen Kirchengemeinde St. Peter"),
    ("in der Sitzung des Ausschusses „Umwelt und Verkehr“", "Ausschuss „Umwelt und Verkehr“"),
    ("des Beirats für Menschen mit Behinderungen", "Beirat für Menschen mit Behinderungen"),
    # a club by its bare kind with its place (never matched before: the kind was only read inside a compound)
    ("Der Turnverein Durlach hat beantragt", "Turnverein Durlach"),
    ("Bürgerverein   Knielingen   mit   dem   Thema", "Bürgerverein Knielingen"),  # Karlsruhe 10935, batch h
    # agencies, municipal enterprises, centres, workshops and archives with their place
    ("Die Energieagentur Lippe berät Hausbesitzer.", "Energieagentur Lippe"),
    ("Die Entsorgungsbetriebe Lübeck leeren die Tonnen.", "Entsorgungsbetriebe Lübeck"),
    ("die Bäderbetriebe öffnen das Freibad", "Bäderbetriebe"),
    ("im Jugendzentrum Bahnhof Süd", "Jugendzentrum Bahnhof"),
    ("die Geschichtswerkstatt Barmbek", "Geschichtswerkstatt Barmbek"),
    ("Unterlagen aus dem Generallandesarchiv Karlsruhe", "Generallandesarchiv Karlsruhe"),
    ("Bestände des Historischen Archivs der Stadt Köln", "Historischen Archivs der Stadt Köln"),
    ("Die Vereinigten Stiftungen der Stadt Karlsruhe erwerben Wohnungen.", "Vereinigten Stiftungen der Stadt Karlsruhe"),
    ("für den Eigenbetrieb Team Sauberes Karlsruhe – Abfallwirtschaft und Stadtreinigung",
     "Eigenbetrieb Team Sauberes Karlsruhe – Abfallwirtschaft und Stadtreinigung"),
])
def test_more_kinds_of_organisation_names(text, name):
    assert name in _names(text)


@pytest.mark.parametrize(("text", "wrong"), [
    ("Die Ortsverwaltung prüft das.", "Ortsverwaltung"),  # which one? no place, no name
    ("Schreiben Staatsanwaltschaft Eingang 14.07.2021", "Staatsanwaltschaft Eingang"),
    ("Planung durch das Büro GHJ", "Büro GHJ"),  # a planning company
    ("Das Ingenieurbüro prüft.", "Ingenieurbüro"),
    ("Das Fraktionsbüro lädt ein.", "Fraktionsbüro"),
    ("Eigenbetrieb SK", "Eigenbetrieb SK"),
    ("Die Mitglieder des Kulturring Karlsruhe e.V. schreiben", "Die Mitglieder des Kulturring Karlsruhe e.V."),
    ("die Deutsche Hotelschule El Gouna", "Hotelschule El"),
    ("Der Ausschuss für die Sitzung", "Ausschuss für die Sitzung"),
    ("für den Eigenbetrieb\nOrgane des Eigenbetriebes", "Eigenbetrieb Organe"),  # a heading on the next line
    ("Der Freundeskreis Die Brücke", "Freundeskreis Die"),
    ("ein Begegnungszentrum für Senioren", "Begegnungszentrum"),  # a centre without its place names no body
    ("Jeder Sportverein kann Mittel beantragen.", "Sportverein"),  # a club's kind alone names none
    ("im Sportverein Fachausschuss für Breitensport", "Sportverein Fachausschuss"),
    ("Das Einkaufszentrum Ettlinger Tor", "Einkaufszentrum Ettlinger"),
    ("Das Jugendzentrum Betreiber sucht", "Jugendzentrum Betreiber"),
    ("Der Eigenbetrieb Stadtentwässerung Die Satzung", "Eigenbetrieb Stadtentwässerung Die"),
])
def test_names_that_are_not_organisations(text, wrong):
    assert wrong not in _names(text)


def test_a_person_in_a_labelled_field_is_no_organisation():
    assert _names("Verfasser: Müller, Michelle\nFederführend: Schmidt, Anna\n") == set()


def test_gazetteer_entries_are_validated(tmp_path):
    from pipeline.nlp.resources import load_gazetteer

    assert all(v[0].isupper() for entry in load_gazetteer() for v in entry.variants)
    path = tmp_path / "organizations.jsonl"
    path.write_text('{"name": "Jobcenter", "kind": "administration", "variants": ["Jobcenter", "jobcenter"]}\n',
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=r"organizations.jsonl:1: variant 'jobcenter' must start with a capital"):
        load_gazetteer(path)
    path.write_text('{"name": "Jobcenter", "kind": "administration", "variants": []}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"organizations.jsonl:1: variants must be a non-empty list"):
        load_gazetteer(path)


def test_a_body_named_with_its_place_and_then_without_is_one_body():
    """Münster minutes: "die Abfallwirtschaftsbetriebe Münster (awm)", later "die Abfallwirtschaftsbetriebe"."""
    assert _names("die Abfallwirtschaftsbetriebe Münster (awm) … später die Abfallwirtschaftsbetriebe") == {
        "Abfallwirtschaftsbetriebe Münster"}


def test_a_bare_name_stays_where_two_places_are_named():
    assert _names("Bezirksamt Nord und Bezirksamt Altona; das Bezirksamt prüft") == {
        "Bezirksamt Nord", "Bezirksamt Altona", "Bezirksamt"}
    assert _names("Bezirksamt Altona; das Bezirksamt prüft") == {"Bezirksamt Altona"}


def test_inflected_forms_of_one_name_are_one_organisation():
    """Karlsruhe 652188 counted "Studentische Kulturzentrum gGmbh" and "Studentisches Kulturzentrum gGmbh" twice."""
    found = find_organizations("Das Studentische Kulturzentrum gGmbh beantragt … Zuschuss an die Studentisches "
                               "Kulturzentrum gGmbh … das Studentische Kulturzentrum gGmbh")
    assert [m.value for m in found] == ["Studentische Kulturzentrum gGmbh"] * 3
    assert [m.text for m in found][1] == "Studentisches Kulturzentrum gGmbh"  # the evidence keeps what was printed


@pytest.mark.parametrize(("text", "names"), [
    ("Stellungnahme des Städte- und Gemeindetages Mecklenburg-Vorpommern",
     {"Städte- und Gemeindetages Mecklenburg-Vorpommern"}),
    ("in Abstimmung mit der Sozial- und Jugendbehörde", {"Sozial- und Jugendbehörde"}),
    ("Der Jugendbehörde liegt der Antrag vor.", {"Jugendbehörde"}),
])
def test_a_name_keeps_the_coordinated_first_parts_before_it(text, names):
    """Schwerin's Anfrage named "Gemeindetag Mecklenburg-Vorpommern", Karlsruhe 634137 "Jugendbehörde": the
    coordinated first parts of the compound ("Städte- und", "Sozial- und") were cut off."""
    assert _names(text) == names


def test_buergerschaft_is_the_council_only_where_the_text_is_of_a_hanseatic_city():
    """Karlsruhe minutes name "Anregungen aus der Bürgerschaft", the citizens; Rostock's council is the Bürgerschaft."""
    assert _names("Wir wollen die Anregungen aus der Bürgerschaft mitnehmen.") == set()
    assert _names("Die Bürgerschaft der Hansestadt Rostock hat in ihrer Sitzung beschlossen; die Bürgerschaft "
                  "tagt wieder im Mai.") >= {"Bürgerschaft"}


def test_two_committees_listed_with_a_comma_are_two():
    """Karlsruhe 587692 read "Ausschuss für Umwelt und Gesundheit, Ausschuss" as one name."""
    assert _names("an den Ausschuss für Umwelt und Gesundheit, Ausschuss für Wirtschaftsförderung und die "
                  "Strukturkommission") >= {"Ausschuss für Umwelt und Gesundheit", "Ausschuss für Wirtschaftsförderung"}


def test_a_regional_authority_keeps_its_place():
    """Karlsruhe 626829: "Regierungspräsidiums Karlsruhe" was named "Regierungspräsidium"."""
    assert _names("nach Prüfung des Regierungspräsidiums Karlsruhe") == {"Regierungspräsidium Karlsruhe"}
    assert _names("Das Regierungspräsidium hat zugestimmt.") == {"Regierungspräsidium"}


@pytest.mark.parametrize(("text", "names"), [
    ("Die Strukturkommission berät am Montag.", {"Strukturkommission"}),
    ("nach Beratung in der Kunstkommission", {"Kunstkommission"}),
    ("Fördermittel der EU-Kommission", {"Europäische Kommission"}),
    ("ein Programm der Europäischen Kommission", {"Europäische Kommission"}),
    ("Die Kommission tagt.", set()),  # a commission named by no name
])
def test_commissions_named_by_their_compound_and_the_european_commission(text, names):
    """Karlsruhe 633909 and 587692 named the Strukturkommission, 626304 the "EU Kommission"; none was read."""
    assert _names(text) == names


def test_regression_a_row_date_is_not_a_bodys_number():
    """Karlsruhe 611495: the Beratungsfolge row "Ortschaftsrat 15.10.2019 3" gave "Ortschaftsrat 1"."""
    assert not any(name.startswith("Ortschaftsrat 1") for name in _names("Ortschaftsrat 15.10.2019 3"))
    assert _names("Der Ortsbeirat 10 hat beraten.") == {"Ortsbeirat 10"}


def test_regression_insgesamt_is_no_office():
    """Karlsruhe 621121: the sentence opening "Insgesamt sieht die Verwaltung …" gave an office "Insgesamt"."""
    assert _names("Insgesamt sieht die Verwaltung das Budget beim Stadtplanungsamt als angemessen an.") == {
        "Stadtplanungsamt"}


@pytest.mark.parametrize(("text", "names"), [
    ("Der Rat hat die Satzung beschlossen.", {"Rat"}),  # Münster and Köln minutes
    ("Die Vorlage wird im Rat und in den Ausschüssen beraten.", {"Rat"}),
    ("Wir folgen dem Rat der Fachleute.", set()),  # advice
    ("Sie stand ihm mit Rat und Tat zur Seite.", set()),
    ("Stellungnahme des Rates der Stadt Herne", {"Rat der Stadt Herne"}),
])
def test_the_council_by_its_short_name_where_an_article_makes_it_a_body(text, names):
    assert _names(text) == names


def test_a_police_headquarters_is_named_with_or_without_its_place():
    """Karlsruhe 625049 ends at "des Polizeipräsidiums" (its place cut off)."""
    assert _names("nach Auskunft des Polizeipräsidiums") == {"Polizeipräsidium"}
    assert _names("Das Polizeipräsidium Karlsruhe teilt mit") == {"Polizeipräsidium Karlsruhe"}


def test_the_council_named_with_its_town_and_then_by_its_short_name_is_one_body():
    assert _names("Der Rat der Stadt Herne hat getagt. Der Rat hat die Leitlinien beschlossen.") == {
        "Rat der Stadt Herne"}
    assert _names("Der Rat der Stadt Herne und der Rat der Stadt Herten; der Rat tagt.") == {
        "Rat der Stadt Herne", "Rat der Stadt Herten", "Rat"}


@pytest.mark.parametrize(("text", "name"), [
    ("Zuständiges Referat: Kulturreferat", "Kulturreferat"),  # RIS München's departments are Referate
    ("Stellungnahme der Unteren Wasserbehörde liegt vor", "Unteren Wasserbehörde"),
    ("Das Landesamt für Denkmalpflege und Archäologie prüft", "Landesamt für Denkmalpflege und Archäologie"),
    ("Sitzung des Betriebsausschusses Bäder- und Friedhofswesen", "Betriebsausschuss Bäder- und Friedhofswesen"),
    ("Umlage an den Zweckverband Wasserversorgung Oberland", "Zweckverband Wasserversorgung Oberland"),
    ("Beteiligt: Geschäftsbereich Finanzen und Controlling", "Geschäftsbereich Finanzen und Controlling"),
    ("Bericht des Eigenbetriebs Stadtgrün Jahresabschluss 2024", "Eigenbetrieb Stadtgrün"),
    ("Anhörung im Ortsrat Nordstadt/Südstadt", "Ortsrat Nordstadt/Südstadt"),
    ("Beschluss des Ortsgemeinderates Waldhausen", "Ortsgemeinderat Waldhausen"),
    ("Ansprechpartner: Abt. 320", "Abt. 320"),
    ("Fahrzeuge für den Baubetriebshof", "Baubetriebshof"),
    ("Sitzung des Technischen Ausschusses", "Technischer Ausschuss"),
    ("Antrag des Jugendgemeinderates", "Jugendgemeinderat"),
    ("Bericht des Magistrats vom 3. Mai", "Magistrat"),
    ("Beschluss des Eigenbetriebs Stadtwerke Wirtschafts-\nplan 2026", "Eigenbetrieb Stadtwerke"),  # broken word
])
def test_units_named_by_their_compound_or_subject(text, name):
    assert name in _names(text)


@pytest.mark.parametrize(("text", "wrong"), [
    ("Das Hauptreferat hielt die Bürgermeisterin.", "Hauptreferat"),
    ("Stadtvertretung Info", "Stadtvertretung Info"),  # a menu entry (Schwentinental's site), not a town
    ("SV Sitzungsvorlage 2025/118", "SV Sitzungsvorlage"),  # regisafe abbreviates the paper type
    ("Stellen im Presseamt für Planungskommunikation", "Presseamt für Planungskommunikation"),  # Karlsruhe 654502
])
def test_no_unit_where_the_words_name_none(text, wrong):
    assert wrong not in _names(text)


def test_a_committees_listed_subject_may_carry_an_adjective():
    """Schwentinental's document list named "Ausschuss für Wirtschaft, Tourismus" for a committee whose third
    subject is "öffentliche Sicherheit"."""
    assert _names("Sitzung des Ausschusses für Wirtschaft, Tourismus, öffentliche Sicherheit und Digitalisierung"
                  ) == {"Ausschuss für Wirtschaft, Tourismus, öffentliche Sicherheit und Digitalisierung"}
    assert _names("im Ausschuss für Umwelt und ländliche Entwicklung am Montag") == {
        "Ausschuss für Umwelt und ländliche Entwicklung"}
    assert _names("Der Ausschuss für Bildung und der Rat tagen.") >= {"Ausschuss für Bildung"}


@pytest.mark.parametrize(("text", "names"), [
    ("Der Eigenbetrieb Stadtentwässerung Lauffen a.N. legt vor.", {"Eigenbetrieb Stadtentwässerung Lauffen a.N."}),
    ("Beschluss des Rates der Stadt Frankfurt a. M. vom Mai", {"Rat der Stadt Frankfurt a. M."}),
    ("Der Rat der Stadt Neumarkt i.d.OPf. beschließt", {"Rat der Stadt Neumarkt i.d.OPf."}),
    ("Der Rat der Stadt Herne a. D. war", {"Rat der Stadt Herne"}),  # "außer Dienst" is a person's
])
def test_a_place_keeps_its_river_or_region(text, names):
    """Güglingen's and Lauffen's agendas named "Eigenbetrieb Stadtentwässerung Lauffen" without its "a.N."."""
    assert _names(text) == names


@pytest.mark.parametrize(("text", "names"), [
    ("Sitzung des Verbandsgemeinderates der Verbandsgemeinde", {"Verbandsgemeinderat"}),
    ("Der Verbandsgemeinderat Vorharz tagt.", {"Verbandsgemeinderat Vorharz"}),
    ("Der Samtgemeinderat hat zugestimmt.", {"Samtgemeinderat"}),
    ("Die Bezirksversammlung Harburg bittet", {"Bezirksversammlung Harburg"}),
    ("Beschluss der Verbandsversammlung", {"Verbandsversammlung"}),
])
def test_councils_of_associations_of_municipalities_and_districts(text, names):
    """Vorharz's notice of a Verbandsgemeinderat meeting and Harburg's answer named no council."""
    assert _names(text) == names


def test_a_quantifier_is_no_subject_of_a_committee():
    """Vorharz: "des Gemeindewahlausschusses für alle Kommunalwahlen" was read as a committee for "alle
    Kommunalwahlen"."""
    assert _names("Bildung des Gemeindewahlausschusses für alle Kommunalwahlen") == {"Gemeindewahlausschuss"}


def test_an_authoritys_subjects_listed_with_commas():
    """Harburg's answer named "Behörde für Umwelt" for the Behörde für Umwelt, Klima, Energie und Agrarwirtschaft."""
    assert _names("die Behörde für Umwelt, Klima, Energie und Agrarwirtschaft (BUKEA) teilt mit") == {
        "Behörde für Umwelt, Klima, Energie und Agrarwirtschaft"}
    assert _names("Das Amt für Umwelt, Verkehr und Sport sowie das Amt für Schulen, Amt für Sport") == {
        "Amt für Umwelt, Verkehr und Sport", "Amt für Schulen", "Amt für Sport"}


def test_a_room_is_no_place_of_a_district_council():
    """Hamburg-Nord's calendar: "Bezirksversammlung Großer Sitzungssaal" names the room, not a district."""
    assert _names("Bezirksversammlung Großer Sitzungssaal") == {"Bezirksversammlung"}
    assert _names("Ortsrat Groß Förste tagt") == {"Ortsrat Groß Förste"}
    assert _names("Verbandsgemeinderat Öffentliche Bekanntmachung") == {"Verbandsgemeinderat"}


def test_a_name_printed_in_capitals_is_read_and_keeps_its_printed_text():
    """Harburg's letters are headed "BEZIRKSVERSAMMLUNG HARBURG"; no pattern read a name in capitals."""
    found = find_organizations("BEZIRKSVERSAMMLUNG HARBURG\nDie Vorsitzende\n\nAUSSCHUSS FÜR UMWELT UND VERKEHR\n")
    assert [(m.value, m.text) for m in found] == [
        ("Bezirksversammlung Harburg", "BEZIRKSVERSAMMLUNG HARBURG"),
        ("Ausschuss für Umwelt und Verkehr", "AUSSCHUSS FÜR UMWELT UND VERKEHR")]
    assert _names("BESCHLUSSVORLAGE\nSTADT KÖLN\n") == set()  # a type and a town are no organisation


@pytest.mark.parametrize(("text", "names"), [
    ("Ortsgemeinderat der Ortsgemeinde Alsdorf", {"Ortsgemeinderat der Ortsgemeinde Alsdorf"}),
    ("Der Gemeinderat der Gemeinde Ilsfeld tagt.", {"Gemeinderat der Gemeinde Ilsfeld"}),
    ("Ortsbeirat der Ortschaft Laatzen", {"Ortsbeirat der Ortschaft Laatzen"}),
])
def test_a_council_named_with_its_municipality(text, names):
    """Betzdorf's list of councils named each "Ortsgemeinderat der Ortsgemeinde …"; only "Rat der Stadt …" was read."""
    assert _names(text) == names


# Batch j (fresh Karlsruhe texts) and batch d (pages of other projects' fixtures), issue 14: names the rules missed.
@pytest.mark.parametrize(("text", "names"), [
    # the adjective belongs to the office's name, and a later bare mention is the same office
    ("geprüft vom Staatlichen Schulamt und vom Sportamt. Die Zustimmung des Schulamtes fehlt.",
     {"Staatliches Schulamt", "Sportamt"}),
    ("nach Zahlen des Statistischen Landesamtes", {"Statistisches Landesamt"}),
    ("Die untere Naturschutzbehörde prüft.", {"untere Naturschutzbehörde"}),
    ("wie die untere Naturschutzbehörde der Stadt Bonn", {"untere Naturschutzbehörde der Stadt Bonn"}),
    ("Der Deutsche Städtetag fordert", {"Deutscher Städtetag"}),
    ("Zahlen des Bundes der Steuerzahler", {"Bund der Steuerzahler"}),
    ("Zuständig ist der Allgemeine Soziale Dienst.", {"Allgemeine Soziale Dienst"}),
    ("Der Öffentliche Dienst zahlt nach Tarif.", set()),
    ("nach dem Urteil des Bundesverfassungsgerichts", {"Bundesverfassungsgericht"}),
    ("Das Verwaltungsgericht Freiburg entschied", {"Verwaltungsgericht Freiburg"}),
    ("beim Landgericht Urteil gesprochen", {"Landgericht"}),
    ("Stellungnahme des Fachamt Interner Service", {"Fachamt Interner Service"}),
    ("Sitzung des Dezernatsausschusses IV am Montag", {"Dezernatsausschuss IV"}),
    ("Verbandsgemeinderat der Verbandsgemeinde Betzdorf (Sieg) tagt",
     {"Verbandsgemeinderat der Verbandsgemeinde Betzdorf (Sieg)"}),
    ("Ortsrat Musterdorf (Entwurf)", {"Ortsrat Musterdorf"}),
    ("im Landschaftsverband Westfalen und beim Badischen Sparkassen-Verband", {
        "Landschaftsverband Westfalen", "Badischen Sparkassen-Verband"}),
    ("Der Landesverband hat zugestimmt.", set()),
    ("die Verbandsversammlung des Regionalverbandes Nordschwarzwald beschloss",
     {"Verbandsversammlung des Regionalverbandes Nordschwarzwald"}),
])
def test_names_read_on_fresh_texts(text, names):
    assert _names(text) == names


def test_a_committee_listed_after_another_advisory_board_is_a_body_of_its_own():
    """"Beirat für Menschen mit Behinderungen und Migrationsbeirat" (Karlsruhe) was read as one board."""
    assert _names("Beteiligt werden der Beirat für Senioren und Jugendbeirat.") == {"Beirat für Senioren",
                                                                                   "Jugendbeirat"}
    assert _names("Beirat für Kunst und Kultur") == {"Beirat für Kunst und Kultur"}


def test_a_sports_clubs_name_of_two_words_and_its_spellings():
    """"FSV Alemannia Rüppurr e.V." was cut to "FSV Alemannia", and "e. V." and "e.V." were two clubs."""
    assert _names("Der TSV Blau Weiß e.V. und der FC Rot, dazu der SV Nord Tagung") == {
        "TSV Blau Weiß e.V.", "FC Rot", "SV Nord"}
    found = find_organizations("Die Turngemeinde Musterdorf e. V. lädt ein. Die Turngemeinde Musterdorf e.V. "
                               "dankt. Die Turngemeinde Musterdorf e. V. feiert.")
    assert {m.value for m in found} == {"Turngemeinde Musterdorf e. V."}


def test_a_labelled_office_broken_after_its_adjective():
    """Karlsruhe 2026: "Dienststelle: Zentraler" / "Juristischer Dienst" gave "Zentraler" and "Juristischer Dienst"."""
    assert _names("Vorlage Nr.: 2026/0001\nDienststelle: Städtischer\nBaubetrieb Nord\nBetreff") == {
        "Städtischer Baubetrieb Nord"}
    assert _names("Dienststelle: Ordnungsamt\nNeue Regeln") == {"Ordnungsamt"}


def test_libraries_museums_and_conservatories_with_the_adjective_of_their_name():
    from pipeline.nlp.rules import find_organizations

    text = ("Die Badische Landesbibliothek, die Staatliche Kunsthalle Karlsruhe, das Badisches Konservatorium und das "
            "Stadtmuseum laden ein. Der Museumsbau beginnt.")
    assert [o.value for o in find_organizations(text)] == [
        "Badische Landesbibliothek", "Staatliche Kunsthalle Karlsruhe", "Badisches Konservatorium", "Stadtmuseum"]


def test_a_working_group_of_associations_by_its_members():
    from pipeline.nlp.rules import find_organizations

    text = ("Die Arbeitsgemeinschaft Karlsruher Bürgervereine und die Arbeitsgemeinschaft der Freien Wohlfahrtspflege "
            "begrüßen das; eine Arbeitsgemeinschaft aus drei Vereinen auch.")
    assert [o.value for o in find_organizations(text)] == [
        "Arbeitsgemeinschaft Karlsruher Bürgervereine", "Arbeitsgemeinschaft der Freien Wohlfahrtspflege"]


def test_clubs_by_more_kinds_of_compound_with_their_place():
    from pipeline.nlp.rules import find_organizations

    found = find_organizations("Der Kunstverein Heidelberg und der Schachverein Durlach, aber nicht ein Fußballverein.")
    assert [o.value for o in found] == ["Kunstverein Heidelberg", "Schachverein Durlach"]


def test_a_land_enterprise_named_by_two_subjects():
    """Hamburg's "Landesbetrieb Immobilienmanagement und Grundvermögen" was cut after its first subject."""
    from pipeline.nlp.rules import find_organizations

    found = find_organizations("Der Landesbetrieb Immobilienmanagement und Grundvermögen (LIG) verkauft die Fläche.")
    assert [o.value for o in found][:1] == ["Landesbetrieb Immobilienmanagement und Grundvermögen"]
    assert [o.value for o in find_organizations("Der Landesbetrieb Straßenbau NRW plant.")] == ["Landesbetrieb Straßenbau NRW"]


def test_a_foundation_for_a_group_named_with_lowercase_adjectives_and_its_short_name():
    """Karlsruhe 23373: "Stiftung für allein erziehende Elternteile - Calmbach Stiftung" was read from "Elternteile"
    on, as a foundation named after people."""
    from pipeline.nlp.rules import find_organizations

    found = find_organizations("(Unselbstständige) Stiftung für allein lebende Senioren - Muster Stiftung\nSatzung")
    assert [o.value for o in found] == ["Stiftung für allein lebende Senioren - Muster Stiftung"]


def test_one_organisations_spellings_share_a_key():
    from pipeline.nlp.rules import organization_key

    assert organization_key("Stiftung für allein erziehende Elternteile - Calmbach Stiftung") == \
        organization_key("Stiftung für alleinerziehende Elternteile")
    assert organization_key("Vereinigten Stiftungen der Stadt Karlsruhe") == \
        organization_key("Vereinigte Stiftungen der Stadt Karlsruhe")
    # A name with a part after a dash that is no short name of it stays another organisation.
    assert organization_key("Team Sauberes Karlsruhe – Abfallwirtschaft und Stadtreinigung") != \
        organization_key("Team Sauberes Karlsruhe")


@pytest.mark.parametrize(("text", "names", "not_names"), [
    # Karlsruhe 617564 (batch l): schools named by one word
    ("Die Uhlandschule, das Goethegymnasium und die Hebelgrundschule liegen im Gebiet.",
     {"Uhlandschule", "Goethegymnasium", "Hebelgrundschule"}, set()),
    # a school's kind names none, however composed
    ("Die Grundschule, die Ganztagswerkrealschule, die Jugendmusikschule, die Partnerschule und die Musikhochschule.",
     set(), {"Grundschule", "Ganztagswerkrealschule", "Jugendmusikschule", "Partnerschule", "Musikhochschule"}),
    ("das Bad. Konservatorium für Musik", {"Bad. Konservatorium für Musik"}, set()),
    ("Der Bundestag, die Bundesregierung und die Bundesanwaltschaft.",
     {"Bundestag", "Bundesregierung", "Bundesanwaltschaft"}, set()),
    ("Die Bundestagsabgeordnete sprach.", set(), {"Bundestag"}),
])
def test_schools_by_one_word_conservatories_and_federal_bodies(text, names, not_names):
    found = _names(text)
    assert names <= found
    assert not (not_names & found)


@pytest.mark.parametrize(("text", "names"), [
    # Karlsruhe 586300 (batch m): a jury member's career
    ("Studium an der Universität Stuttgart und der FH Dortmund, Professur an der Hochschule für Technik Stuttgart.",
     {"Universität Stuttgart", "FH Dortmund", "Hochschule für Technik Stuttgart"}),
    ("Sie lehrt an der Universität zu Köln.", {"Universität zu Köln"}),
    # Karlsruhe 587226: a profession's federal association
    ("Der Bund Deutscher Landschaftsarchitekten (BDLA) lobt aus.", {"Bund Deutscher Landschaftsarchitekten"}),
    # Karlsruhe 621211: a club named by its adjective
    ("Die Arbeit des Badischen Kunstvereins wird wahrgenommen.", {"Badischen Kunstvereins"}),
    # Karlsruhe 619431 and 613263: an office and a welfare association in the genitive
    ("im Auftrag des Amts für Hochbau und Gebäudewirtschaft", {"Amt für Hochbau und Gebäudewirtschaft"}),
    ("die Beratungsstelle des Diakonischen Werkes", {"Diakonie"}),
    # Karlsruhe 585153: a hyphenated school in the genitive
    ("die Anerkennung des Otto-Hahn-Gymnasiums", {"Otto-Hahn-Gymnasiums"}),
    # Karlsruhe 654169: a labelled office broken inside its coordinated name
    ("Dienststelle:  Umwelt- und \nArbeitsschutz \n\nEnergieleitplan", {"Umwelt- und Arbeitsschutz"}),
])
def test_universities_associations_and_names_in_the_genitive(text, names):
    assert names <= _names(text)


@pytest.mark.parametrize("text", [
    "An der Hochschule Studierende zu beraten ist Aufgabe.",  # a noun after "Hochschule" is no place
    "Der Kunstverein hat beantragt.",  # a club's kind alone names none
])
def test_no_university_or_club_without_its_name(text):
    assert not _names(text)


def test_regression_a_council_named_with_its_town_and_then_without_is_one_council():
    """Karlsruhe 586300, 617502 and five more: "Gemeinderat der Stadt Karlsruhe" and "des Gemeinderates" were two."""
    assert _names("Antrag an den Gemeinderat der Stadt Karlsruhe … die Sitzung des Gemeinderates") == {
        "Gemeinderat der Stadt Karlsruhe"}
    assert _names("Der Rat der Stadt Herne hat beschlossen … Der Rat hat") == {"Rat der Stadt Herne"}


def test_regression_one_school_hyphenated_and_not_is_one_organisation():
    """Karlsruhe 594266 prints "Bismarck-Gymnasium" and "Bismarckgymnasium": one school, counted twice."""
    found = {m.value for m in find_organizations("Das Bismarck-Gymnasium … die Halle am Bismarckgymnasium … des "
                                                 "Bismarck-Gymnasiums")}
    assert len(found) == 1


@pytest.mark.parametrize(("text", "names"), [
    # Karlsruhe 37856 (batch n): a member's title before a name is no local council
    ("Im neu gewählten Ortschaftsrat ist dies Herr Ortschaftsrat Horst Weiland.", set()),
    ("Ortschaftsrat Horst Weiland (CDU) fragt an.", set()),
    ("Der Ortschaftsrat Durlach hat beschlossen.", {"Ortschaftsrat Durlach"}),
    # Karlsruhe 7134 and 587226: planning firms named "Büro" and their owner
    ("Die Planung des Büro Vogt und das Büro Mettler Landschaftsarchitektur.", set()),
    ("Das Büro für Integration und das Büro Oberbürgermeister.", {"Büro für Integration", "Büro Oberbürgermeister"}),
    # Karlsruhe 595339: a society named by its adjective
    ("Die Astronomische Vereinigung Karlsruhe und die Literarische Gesellschaft, nicht die Städtische Gesellschaft.",
     {"Astronomische Vereinigung", "Literarische Gesellschaft"}),
])
def test_regression_titles_firms_and_societies(text, names):
    assert _names(text) == names


@pytest.mark.parametrize(("text", "names"), [
    # Karlsruhe 14214, 585624 (session of 2026-12-03): a name broken over two lines
    ("Der Zentraler\nJuristischer Dienst prüft.", {"Zentraler Juristischer Dienst"}),
    ("Heute berichtet Badischer Landesverein für Innere \nMission e. V. über das Quartier.",
     {"Badischer Landesverein für Innere Mission e. V."}),
    # Karlsruhe 588776: a region's adjective before its name
    ("des Regionalverbandes Mittlerer Oberrhein", {"Regionalverband Mittlerer Oberrhein"}),
    # a line that ends a name is no wrap: the next line's first word is not the name's
    ("Beschluss im Ortschaftsrat\nDer Antrag wird angenommen.", set()),
    ("Bezirksamt\nDr. Müller berichtet.", {"Bezirksamt"}),
    # an adjective that goes on below a preposition is the name's (Karlsruhe's committee)
    ("Der Ausschuss für\nöffentliche Einrichtungen tagt.", {"Ausschuss für öffentliche Einrichtungen"}),
    # Karlsruhe 614567 and 8784: an alliance or initiative named in quotes
    ("Das Bündnis „Frauen gegen Gewalt gegen Frauen“ und die Initiative „Magistrale für Europa“.",
     {"Bündnis „Frauen gegen Gewalt gegen Frauen“", "Initiative „Magistrale für Europa“"}),
])
def test_regression_names_broken_over_lines_and_named_in_quotes(text, names):
    assert _names(text) == names


@pytest.mark.parametrize(("text", "names"), [
    # Karlsruhe 145365, 652016: the sentence's words before a club's name
    ("So bietet zum Beispiel der Stadtjugendausschuss e. V. Kurse an.", {"Stadtjugendausschuss e. V."}),
    ("Siehe Anlage 1 Schreiben Literarische Gesellschaft e. V.", {"Literarische Gesellschaft e. V."}),
    # Karlsruhe 42954: a noun after a local council is not its place (and "Ortschaftsrat" alone names none)
    ("durch die Diskussion im Ortschaftsrat Möglichkeiten diesem Missstand abzuhelfen", set()),
    ("im Ortschaftsrat Wettersbach", {"Ortschaftsrat Wettersbach"}),
    # Karlsruhe 659147: an association's assembly with its region's adjective
    ("fasste die Verbandsversammlung des Regionalverbandes Mittlerer Oberrhein den Beschluss",
     {"Verbandsversammlung des Regionalverbandes Mittlerer Oberrhein"}),
    # Karlsruhe 148840, 600235, 669909, 587431: public bodies named with their adjective, chambers, fire brigades
    ("Die Städtische Galerie und die Staatliche Akademie der Bildenden Künste Karlsruhe",
     {"Städtische Galerie", "Staatliche Akademie der Bildenden Künste Karlsruhe"}),
    ("Die Integrierte Leitstelle informiert die Landesärztekammer.", {"Integrierte Leitstelle", "Landesärztekammer"}),
    ("Die Jugendfeuerwehr und die Branddirektion", {"Jugendfeuerwehr", "Branddirektion"}),
    # Karlsruhe 662016, 145365, 587431: a round table and a circle of experts by their subject, a circle of friends
    # with its adjective
    ("Der Runde Tisch Inklusion tagte; am Runden Tisch Inklusion", {"Runder Tisch Inklusion"}),
    ("Der Expertenkreis Amok und der Freundeskreis der Amerikanischen Bibliothek",
     {"Expertenkreis Amok", "Freundeskreis der Amerikanischen Bibliothek"}),
    ("an einem Runden Tisch. Die Stadt", set()),
    # Karlsruhe 611144, 666497: an Ortsverwaltung by its short name, a university with "in" before its place
    ("Die OV Grötzingen und die Ortsverwaltung Grötzingen; die SPD-OV Durlach", {"Ortsverwaltung Grötzingen"}),
    ("Professor an der Technischen Hochschule in München.", {"Technischen Hochschule in München"}),
])
def test_regression_clubs_councils_and_public_bodies_of_batches_q_and_r(text, names):
    assert _names(text) == names


def test_a_wrapped_name_keeps_its_printed_place():
    text = "Ämter:\nder Zentraler  \nJuristischer Dienst und andere"
    (match,) = find_organizations(text)
    assert text[match.start:match.end] == match.text == "Zentraler  \nJuristischer Dienst"


LISTED = (("Tiefbauamt", "TBA"), ("Sozial- und Jugendbehörde", "SJB"), ("Behindertenbeauftragte", "SJB"),
          ("Zoologischer Garten", "Zoo"), ("Amt für Informationstechnik und Digitalisierung", "IT"),
          ("Karlsruher Fächer GmbH", "KFG"), ("Stadtwerke", "SWK"), ("Offen", ""), ("_Fachbereich Datenübernahme", "DÜ"),
          ("Karlsruher Energie- und Klimaschutzagentur gGmbH (KEK)", None), ("Ortschaftsrat Durlach", "OR-Durlach"))


def test_organization_spellings_keep_bodies_and_their_acronyms():
    spellings = dict(organization_spellings(LISTED))
    assert spellings["TBA"] == "Tiefbauamt"
    assert spellings["SJB"] == "Sozial- und Jugendbehörde", "one short name of two bodies: the one it abbreviates"
    assert spellings["KEK"] == spellings["Karlsruher Energie- und Klimaschutzagentur"] \
        == "Karlsruher Energie- und Klimaschutzagentur gGmbH"
    assert spellings["OR-Durlach"] == "Ortschaftsrat Durlach"
    for left_out in ("Zoo", "IT", "KFG", "Karlsruher Fächer GmbH", "SWK", "Stadtwerke", "Offen", "DÜ",
                     "_Fachbereich Datenübernahme"):
        assert left_out not in spellings, left_out


def test_listed_organisations_are_found_by_name_and_short_name():
    known = organization_spellings(LISTED)
    text = "Die Ämter (TBA, IT) und die SJB-Leitung; der Tiefbau-\namt; die Sozial- und\nJugendbehörde."
    found = find_organizations(text, known)
    assert [(m.value, m.text) for m in found] == [
        ("Tiefbauamt", "TBA"), ("Sozial- und Jugendbehörde", "Sozial- und\nJugendbehörde")]
    assert {m.kind for m in found} == {"administration"}
    assert not find_organizations("Die Ämter (TBA, IT).")


def test_a_hostile_organisation_list_stays_bounded():
    rows = tuple((f"Amt Nummer {n} " + "x" * 200 if n % 2 else f"Stelle {n}", None) for n in range(50_000))
    spellings = organization_spellings(rows)
    assert len(spellings) <= MAX_KNOWN
    assert all(len(name) <= 120 for name, _ in spellings)


@pytest.mark.parametrize(("text", "expected"), [
    # Karlsruhe 43342, 657514, 587212, 597489 (batches s and t)
    ("die Sozial- und Arbeitsministerkonferenz der Länder", ["Sozial- und Arbeitsministerkonferenz der Länder"]),
    ("so das Bundeskabinett am Mittwoch", ["Bundeskabinett"]),
    ("das Studierendenwerk Karlsruhe baut", ["Studierendenwerk Karlsruhe"]),
    ("an der Grundschule am Wasserturm Karlsruhe", ["Grundschule am Wasserturm"]),
    ("beim Amt für Veröffentlichungen der Europäischen Union in Luxemburg",
     ["Amt für Veröffentlichungen der Europäischen Union"]),
    # Karlsruhe 600307, 17891, 35492, 143295 (batches u and v)
    ("die Kommission für Informationstechnik und Digitalisierung", ["Kommission für Informationstechnik und Digitalisierung"]),
    ("Satzung der Freiwilligen Feuerwehr", ["Freiwilligen Feuerwehr"]),
    ("der Leiter des Polizeireviers Karlsruhe-Durlach", ["Polizeireviers Karlsruhe-Durlach"]),
    ("Mittel des Kommunalverbands für Jugend und Soziales", ["Kommunalverbands für Jugend und Soziales"]),
    # not a school's name: when and where it teaches
    ("die Grundschule am Nachmittag und die Schule am Standort", []),
])
def test_regression_organisations_of_batches_s_to_v(text, expected):
    assert [o.text for o in find_organizations(text)] == expected

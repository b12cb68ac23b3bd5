"""Steps of a council process told in prose (pipeline.nlp.process, issue 15).

The sentences of the issue (the four cities' integration policies) and the forms that must not become steps:
proposals not yet taken, conditions, the adjective of "die beauftragten Personen", tables run into prose.
"""

from __future__ import annotations

import pytest

from pipeline.errors import DataFileError
from pipeline.nlp import analyse
from pipeline.nlp.resources import load_process_words


def steps(text: str) -> list[tuple]:
    return [(s["kind"], s["date"], s["organization"], s["outcome"]) for s in analyse([text]).process_steps]


@pytest.mark.parametrize(("text", "expected"), [
    ("Der Rat der Stadt Herne hat in seiner Sitzung am 27.03.2007 die Leitlinien für die Integrationsarbeit "
     "beschlossen.", ("decision", "2007-03-27", "Rat der Stadt Herne", "beschlossen")),
    ("Der Rat der Stadt Herdecke hat in seiner Sitzung am 8.12.2016 beschlossen, die Verwaltung mit der Erstellung "
     "eines Integrationskonzeptes zu beauftragen.", ("commission", "2016-12-08", "Rat der Stadt Herdecke", None)),
    ("In seiner Sitzung am 08.03.2017 wurde das Thema im Ausschuss für Soziales aufgegriffen und eine "
     "Steuerungsgruppe gebildet.", ("consultation", "2017-03-08", "Ausschuss für Soziales", None)),
    ("Grundlage ist das im September 2006 im Rat verabschiedete Rahmenkonzept.",
     ("decision", "2006-09", "Rat", "beschlossen")),
    ("Zuletzt hat der Rat der Stadt Ende 2016 den Beschluss gefasst.",
     ("decision", "2016", "Rat der Stadt", "beschlossen")),
    ("Geplant ist das Konzept im Frühjahr 2018 im Rat der Stadt Herdecke zu verabschieden.",
     ("plan", "2018", "Rat der Stadt Herdecke", None)),
    ("Am 05.07.2017 fand das erste Bürgerforum als World Café statt.", ("event", "2017-07-05", None, None)),
    ("Die Vorlage wurde im Hauptausschuss am 12.05.2020 abgelehnt.",
     ("decision", "2020-05-12", "Hauptausschuss", "abgelehnt")),
    ("Der Jugendhilfeausschuss hat über diese Pauschalen in seiner Sitzung am 24.10.2001 beraten.",
     ("consultation", "2001-10-24", "Jugendhilfeausschuss", None)),
    ("Nach dem Gemeinderatsbeschluss am 18. Dezember 2001 begann die Arbeit.",
     ("decision", "2001-12-18", "Gemeinderat", "beschlossen")),
    ("Sie wird im Gemeinderat beschlossen.", ("plan", None, "Gemeinderat", None)),
])
def test_a_sentence_tells_one_step(text, expected):
    assert steps(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # a body named by its compound, with an adjective or its company
    ("Der Stiftungsrat hat am 26.04.2010 die Satzungsänderungen beschlossen, welche der Zustimmung des "
     "Gemeinderats bedürfen.", [("decision", "2010-04-26", "Stiftungsrat", "beschlossen")]),
    ("Der Aufsichtsrat der KASIG hat am 15.11.2007 beschlossen, dem Gemeinderat eine Reihenfolge zu empfehlen.",
     [("decision", "2007-11-15", "Aufsichtsrat der KASIG", "beschlossen")]),
    ("In ihrer Sitzung am 29.03.2017 beschloss die Steuerungsgruppe, ein externes Institut zu beauftragen.",
     [("commission", "2017-03-29", "Steuerungsgruppe", None)]),
    # a session's "vom" dates the step; a letter's does not
    ("Der Gemeinderat hat in seiner Sitzung vom 19. März 2024 die Satzung beschlossen.",
     [("decision", "2024-03-19", "Gemeinderat", "beschlossen")]),
    ("Durch Beschluss des Gemeinderates vom 23.07.1985 wurde das Stadtgebiet in drei Zonen aufgeteilt.",
     [("decision", "1985-07-23", "Gemeinderat", "beschlossen")]),
    # a bare year beside the participle, not a budget's year
    ("Das Rahmenkonzept wurde 2021 erarbeitet und durch den Gemeinderat beschlossen.",
     [("decision", "2021", "Gemeinderat", "beschlossen")]),
    ("Seit 2005 hatten der Integrationsrat und die Träger darüber beraten.",
     [("consultation", "2005", "Integrationsrat", None)]),
    # events on dates listed one after another
    ("In Fachworkshops am 04.10.2017 und am 10.10.2017 wurden die Handlungsfelder bearbeitet.",
     [("event", "2017-10-04", None, None), ("event", "2017-10-10", None, None)]),
    # two clauses, two steps: the second has the first one's body
    ("Der Aufsichtsrat der VOWO hat in seiner Sitzung am 25.07.2011 die Angelegenheit zur Kenntnis genommen und wird "
     "in seiner Sitzung am 19.09.2011 nochmals beraten.",
     [("consultation", "2011-07-25", "Aufsichtsrat der VOWO", None), ("plan", "2011-09-19", "Aufsichtsrat der VOWO", None)]),
    # a plan without a step verb; what has long been done is none
    ("Eine weitere Geschwindigkeitsmessung auch außerhalb der Sommerferien ist geplant.", [("plan", None, None, None)]),
    ("Daher wird seit 2014 jährlich über die Entwicklung berichtet.", []),
    ("Der Ortschaftsrat Wettersbach hat sich am 11.04.2006 einstimmig dafür ausgesprochen, die Planung fortzuführen.",
     [("decision", "2006-04-11", "Ortschaftsrat Wettersbach", "beschlossen")]),
    ("Welche dieser Maßnahmen wurden bisher beschlossen und welche sind geplant?", []),
])
def test_steps_the_third_and_fourth_batches_taught(text, expected):
    assert steps(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a committee's prior session and the council's decision in one sentence: two kinds
    ("Nach Vorberatung im Bauausschuss am 3. Mai 2023 fasste der Gemeinderat am 9. Mai 2023 den Beschluss.",
     [("consultation", "2023-05-03", "Bauausschuss", None), ("decision", "2023-05-09", "Gemeinderat", "beschlossen")]),
    # what is not planned is no plan; an event still to come is a plan
    ("Eine Änderung der Tarife ist derzeit nicht vorgesehen.", []),
    ("Bis Ende 2025 sind keine weiteren Anpassungen vorgesehen.", []),
    ("Am 14.09.2024 wird ein Fachtag im Rathaus durchgeführt.", [("plan", "2024-09-14", None, None)]),
    # confirming a fact is no decision
    ("Der Gutachter hat bestätigt, dass die Preise marktüblich sind.", []),
    # more verbs of decisions and consultations, in the past
    ("Der Gemeinderat hat in der Sitzung am 2. Februar 2021 die Mittel bewilligt.",
     [("decision", "2021-02-02", "Gemeinderat", "beschlossen")]),
    ("Der Kreistag entschied sich im März 2019 für die zweite Variante.",
     [("decision", "2019-03", "Kreistag", "beschlossen")]),
    ("Im Jahr 2016 empfahl der Seniorenbeirat, einen Fahrdienst einzurichten.",
     [("consultation", "2016", "Seniorenbeirat", None)]),
    ("Die Stadt Karlsruhe hat gegenüber dem Land zu dem Entwurf Stellung genommen.",
     [("consultation", None, "Stadt Karlsruhe", None)]),
    ("Am 4.11.2011 fand eine Sitzung des Ausschusses „Umwelt und Verkehr“ statt.",
     [("consultation", "2011-11-04", "Ausschuss „Umwelt und Verkehr“", None)]),
    ("Dazu verweise ich auf die Gemeinderatssitzung vom 21.09.2010.", [("consultation", "2010-09-21", "Gemeinderat", None)]),
    # a plan announced by "angestrebt" or "plant"; the verb before "soll"
    ("Es wird angestrebt, dem Gemeinderat den Entwurf Anfang 2026 vorzulegen.", [("plan", "2026", "Gemeinderat", None)]),
    ("Das Umweltamt plant die Ausweisung weiterer Schutzgebiete.", [("plan", None, "Umweltamt", None)]),
    ("Die Fläche, für die eine Satzung beschlossen werden soll, ist im Plan dargestellt.", [("plan", None, None, None)]),
    # a year in a relative clause; a written date without spaces (PDF text)
    ("Die Förderung, die 2013 durch den Gemeinderat beschlossen wurde, läuft aus.",
     [("decision", "2013", "Gemeinderat", "beschlossen")]),
    ("Der Rahmenplan wurde am 15.Oktober2015 vom Planungsausschuss beschlossen.",
     [("decision", "2015-10-15", "Planungsausschuss", "beschlossen")]),
    ("In der Sitzung des Beirats für Menschen mit Behinderungen am 09.10.2009 wurde eine Stellvertreterin gewählt.",
     [("decision", "2009-10-09", "Beirat für Menschen mit Behinderungen", "beschlossen")]),
])
def test_steps_the_fifth_batch_taught(text, expected):
    assert steps(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a year before the participle's adverb or adjective
    ("Maßstab sind die vom Kreistag 2019 einstimmig beschlossenen Leitlinien.",
     [("decision", "2019", "Kreistag", "beschlossen")]),
    ("Damit entfällt die 2016 beschlossene vorläufige Sperrung.", [("decision", "2016", None, "beschlossen")]),
    # a permit granted; a Bescheid dates its step
    ("Die Landesbehörde hat mit Bescheid vom 03.05.2019 die Genehmigung erteilt.",
     [("decision", "2019-05-03", "Landesbehörde", "beschlossen")]),
    ("Für den Abriss wurde bereits eine Abbruchgenehmigung erteilt.", [("decision", None, None, "beschlossen")]),
    ("Daraufhin hat der Bezirksbeirat im Mai 2021 entschieden, den Standort aufzugeben.",
     [("decision", "2021-05", "Bezirksbeirat", "beschlossen")]),
    # an association's assembly is a body
    ("Die Zahl der Mitglieder wurde durch Beschluss der Verbandsversammlung im März 2012 erhöht.",
     [("decision", "2012-03", "Verbandsversammlung", "beschlossen")]),
    # of two dates, the one after the acting body
    ("Nach einer Anhörung im Herbst 2018 hat der Kreistag im Februar 2019 entschieden, die Linie einzustellen.",
     [("decision", "2019-02", "Kreistag", "beschlossen")]),
    # noted, then decided: two steps of one session
    ("Der Gemeinderat hat in seiner Sitzung vom 12. Mai 2020 den Bericht zur Kenntnis genommen und die vorgeschlagene "
     "Richtung befürwortet.", [("consultation", "2020-05-12", "Gemeinderat", None),
                              ("decision", "2020-05-12", "Gemeinderat", "beschlossen")]),
    # two bodies consulted, one after the other
    ("Die Vorlage wurde im Sozialausschuss und im Hauptausschuss beraten.",
     [("consultation", None, "Sozialausschuss", None), ("consultation", None, "Hauptausschuss", None)]),
    # a decision told by its noun, and dated
    ("Die Änderung bedarf der Zustimmung des Ortschaftsrats Hagsfeld, die am 14.03.2011 erfolgt ist.",
     [("decision", "2011-03-14", "Ortschaftsrat Hagsfeld", "beschlossen")]),
    # "ist vorgesehen" naming an act is a plan
    ("Es ist vorgesehen, die Brücke im kommenden Jahr zu erneuern.", [("plan", None, None, None)]),
])
def test_steps_the_seventh_batch_taught(text, expected):
    assert steps(text) == expected


def test_zuletzt_stimmte_dieser_is_the_body_of_the_sentence_before():
    text = ("Die Brückenvariante wurde dem Planungsausschuss 2010 bereits vorgestellt. Zuletzt stimmte dieser in einer "
            "Sitzung am 20. Juli 2011 der Vorzugsvariante zu.")
    assert steps(text) == [("consultation", "2010", "Planungsausschuss", None),
                           ("decision", "2011-07-20", "Planungsausschuss", "beschlossen")]


def test_two_sessions_in_one_sentence_are_two_steps():
    text = ("Im Planungsausschuss am 22. April 2015 und im Wirtschaftsförderungsausschuss am 12. Mai 2015 wurde die "
            "Verwaltung beauftragt zu prüfen, ob eine Änderung möglich ist.")
    assert steps(text) == [("commission", "2015-04-22", "Planungsausschuss", None),
                           ("commission", "2015-05-12", "Wirtschaftsförderungsausschuss", None)]


@pytest.mark.parametrize("text", [
    "Der Gemeinderat beauftragt die Verwaltung, ein Konzept vorzulegen.",  # a proposal, not taken yet
    "Der Gemeinderat beschließt die Satzung in der vorliegenden Fassung.",
    "Falls der Antrag genehmigt wird, nutzt der Landkreis den Bau weiter.",  # a condition
    "Den Anweisungen der beauftragten Personen ist Folge zu leisten.",  # an adjective
    "Die von ihm beauftragte Beigeordnete ist zuständig.",
    "Ziel war es, auf Grundlage des Gemeinderatsbeschlusses einen Vertrag zu erarbeiten.",  # undated reference
    "Im Haushalt 2024 sind 20.000 Euro für das Forum Recht eingeplant.",  # a name, no event held
    "Diese Handhabung soll beibehalten werden.",  # a modal passive of no council step
    "Im Innenhof ist eine Fahrradabstellanlage vorgesehen.",  # what a design provides
    "Für Ausgleichsflächen werden in der Regel externe Büros beauftragt.",  # what is usually done
    "Ein Wettbewerb würde etwa drei Monate dauern und müsste vorher beschlossen werden.",  # the subjunctive
])
def test_no_step(text):
    assert steps(text) == []


def test_the_resolution_minutes_record_in_the_present_tense_is_a_step_a_proposal_is_not():
    minutes = ("NIEDERSCHRIFT\nPunkt 3 der Tagesordnung: Klimaanpassungsstrategie\nBeschluss:\n"
               "1. Der Gemeinderat stimmt der Klimaanpassungsstrategie 2021 zu.\n"
               "2. Die Verwaltung wird beauftragt, die Strategie zu veröffentlichen.\n"
               "Abstimmungsergebnis:\neinstimmig zugestimmt\n")
    assert steps(minutes) == [("decision", None, "Gemeinderat", "beschlossen"), ("commission", None, None, None)]
    proposal = minutes.replace("NIEDERSCHRIFT", "BESCHLUSSVORLAGE").replace("Abstimmungsergebnis:\neinstimmig "
                                                                                "zugestimmt\n", "")
    assert steps(proposal) == [("plan", None, None, None)]  # "wird beauftragt" outside minutes announces a step


def test_a_date_after_seit_or_ab_dates_a_state_not_the_step():
    text = ("Niederschrift\nBeschluss:\n1. Der Gemeinderat beschließt aufgrund der seit 19. Oktober 2020 geltenden "
            "Verordnung in der ab 2. November 2020 gültigen Fassung, den Markt abzusagen.\n")
    assert steps(text) == [("decision", None, "Gemeinderat", "beschlossen")]


def test_a_year_ends_a_sentence():
    text = ("Der Vertrag hat eine Laufzeit bis Ende 2015. Der Gemeinderat der Stadt Karlsruhe hat im Oktober 2014 "
            "die Neustrukturierung beschlossen.")
    assert steps(text) == [("decision", "2014-10", "Gemeinderat der Stadt Karlsruhe", "beschlossen")]


def test_a_header_table_run_into_the_prose_is_cut_off():
    """The sentencizer ran "Gremium Termin TOP / Gemeinderat 10.12.2019 27 x / Kurzfassung" into the first sentence,
    which then dated it 10.12.2019 and gave it the Gemeinderat."""
    text = ("Gremium Termin TOP ö nö\nGemeinderat 10.12.2019 27 x\nKurzfassung\nDer Rat hat im September 2006 das "
            "Rahmenkonzept verabschiedet.")
    assert steps(text) == [("decision", "2006-09", "Rat", "beschlossen")]


def test_each_step_keeps_its_sentence_and_place():
    text = "Einleitung.\nDer Rat der Stadt Herne hat am 27.03.2007 die Leitlinien beschlossen."
    [step] = analyse([text]).process_steps
    assert text[step["start"]:step["end"]].startswith("Der Rat der Stadt Herne")
    assert step["page"] == 1 and "27.03.2007" in step["text"]


def test_the_stems_match_exactly_their_word_parts():
    stems = load_process_words().stems
    assert [m.group(0) for m in stems.finditer("Der Rat beschloss; der Beschluss; die Beratung; World Café.")] == [
        "eschl", "eschl", "Berat", "World Café"]
    assert stems.search("Die Sonne scheint.") is None


def test_process_words_are_validated(tmp_path):
    assert {p.kind for p in load_process_words().patterns} == {"decision", "commission", "consultation", "event"}
    path = tmp_path / "process.toml"
    base = ('priority = ["commission", "decision", "consultation", "event"]\nstems = ["x"]\npast = "hat"\n'
            'plan = ["wird"]\nannounce = ["geplant"]\n')
    path.write_text(base + '[[pattern]]\nkind = "vote"\nregex = "x"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"pattern\[0\].kind 'vote' must be one of decision, commission"):
        load_process_words(path)
    path.write_text(base + '[[pattern]]\nkind = "event"\nregex = "x"\noutcome = "beschlossen"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"outcome 'beschlossen' must be an outcome key, for a decision only"):
        load_process_words(path)
    path.write_text(base + '[[pattern]]\nkind = "decision"\nregex = "(x"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"pattern\[0\].regex is not a valid regular expression"):
        load_process_words(path)
    path.write_text(base.replace('"event"]', '"event", "event"]') + '[[pattern]]\nkind = "event"\nregex = "x"\n',
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="priority must list each of"):
        load_process_words(path)

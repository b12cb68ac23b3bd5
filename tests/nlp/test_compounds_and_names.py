"""Topics by compound parts (issue 14) and the organisation names the four cities' documents print."""

from __future__ import annotations

import pytest

from pipeline.errors import DataFileError
from pipeline.nlp import analyse, topic_summary
from pipeline.nlp.resources import load_neutral_heads, load_topics
from pipeline.nlp.rules import find_organizations
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
])
def test_a_councillors_title_is_not_the_council(text):
    assert not _names(text) & {"Stadtrat", "Gemeinderat"}


def test_the_council_itself_is_still_named():
    assert _names("Der Stadtrat beschließt am 12.03.2025. Sitzung des Gemeinderates.") == {"Stadtrat", "Gemeinderat"}

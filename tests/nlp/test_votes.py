"""Votes where they are printed (pipeline.nlp.votes): the German forms, what is no vote, a vote printed twice,
the data file, and real minutes, pages and API responses from the shared corpus."""

from __future__ import annotations

import time

import pytest

from pipeline.crawl.extract import extract_file
from pipeline.errors import DataFileError
from pipeline.nlp.resources import data_dir, load_vote_words
from pipeline.nlp.votes import document_votes, read_votes, result_votes

from ..conftest import corpus_file

T, F = True, False


def votes(text: str) -> list[tuple]:
    """(yes, no, abstain, unanimous) of every vote read."""
    return [vote.key for vote in read_votes(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # flags
    ("Der Antrag wird einstimmig angenommen.", [(None, None, None, T)]),
    ("Beschluss: Einstimmig beschlossen", [(None, None, None, T)]),
    ("Der Ausschuss empfahl dem Rat die Annahme der Vorlage einstimmig:", [(None, None, None, T)]),
    ("Die Niederschrift wird mehrheitlich genehmigt.", [(None, None, None, F)]),
    ("Mehrheitlich", [(None, None, None, F)]),
    ("Das ist eine mehrheitliche Ablehnung.", [(None, None, None, F)]),
    ("Der Antrag wurde nicht einstimmig beschlossen.", [(None, None, None, F)]),
    ("einstimimig, ohne Enthaltung", [(None, None, 0, T)]),  # misspelt at the source (SD.NET)
    # flags with counts
    ("einstimmig bei 2 Enthaltungen", [(None, None, 2, T)]),
    ("Abstimmungsergebnis: einstimmig mit zwei Enthaltungen", [(None, None, 2, T)]),
    ("einstimmig, 0 Enthaltungen", [(None, None, 0, T)]),
    ("Einstimmige Zustimmung (41 Ja)", [(41, None, None, T)]),
    ("Bei 42 Ja-Stimmen, 1 Nein-Stimme und 3 Enthaltungen einstimmig zugestimmt", [(42, 1, 3, T)]),
    # Karlsruhe 595225: the votes for a motion as "zustimmende Voten"
    ("Bei 2 zustimmenden Voten mehrheitlich abgelehnt.", [(2, None, None, F)]),
    ("mit 3 ablehnenden Stimmen mehrheitlich zugestimmt", [(None, 3, None, F)]),
    ("Mehrheitlich abgelehnt (2 JA, 39 Nein, 1 Enthaltung)", [(2, 39, 1, F)]),
    ("mehrheitliche Zustimmung (fünf Gegenstimmen)", [(None, 5, None, F)]),
    ("Einstimmig15 Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltungen", [(15, 0, 0, T)]),
    ("Einstimmig15-Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltungen", [(15, 0, 0, T)]),
    # counts after their numbers
    ("bei 2 Gegenstimmen und 1 Enthaltung", [(None, 2, 1, F)]),
    ("Der Rat stimmt mit 5 Gegenstimmen zu.", [(None, 5, None, F)]),
    ("bei zwei Gegenstimmen beschlossen", [(None, 2, None, F)]),
    ("ohne Gegenstimmen bei einer Enthaltung", [(None, 0, 1, None)]),
    ("bei einer Enthaltung angenommen", [(None, None, 1, None)]),
    ("keine Gegenstimmen, keine Enthaltungen", [(None, 0, 0, None)]),
    ("(41 Ja, 4 Nein, 3 Enthaltungen)", [(41, 4, 3, F)]),
    ("Bei 41 Ja-Stimmen, 4 Nein-Stimmen und 3 Enthaltungen mehrheitlich zugestimmt", [(41, 4, 3, F)]),
    ("7 Ja-Stimme(n), 2 Gegenstimme(n), 0 Stimmenthaltung(en)", [(7, 2, 0, F)]),
    ("9 Ja-Stimme(n), 0 Gegenstimme(n), 0 Stimmenthaltung(en)", [(9, 0, 0, None)]),
    ("mit 16 Ja- und 2 Nein-Stimmen", [(16, 2, None, F)]),
    ("12 Stimmen dafür, 3 Stimmen dagegen", [(12, 3, None, F)]),
    ("Bei38Ja-Stimmenund4Nein-Stimmenmehrheitlichzugestimmt", [(38, 4, None, F)]),  # a PDF's text without spaces
    ("Mehrheitliche Ablehnung (22 Nein-Stimmen, 20 Ja- Stimmen)", [(20, 22, None, F)]),  # any order, hyphenated
    ("Bei 5 Enthaltungen, 14 Nein-Stimmen und 26 Ja-Stimmen zugestimmt", [(26, 14, 5, F)]),
    ("Bei 12 Zustimmungen und 2 Enthaltungen ist der Antrag mehrheitlich abgelehnt.", [(12, None, 2, F)]),
    ("Ich habe eine Enthaltung, eine Gegenstimme, der Rest ist mehrheitliche Zustimmung.", [(None, 1, 1, F)]),
    ("mehrheitlich abgelehnt (2 Ja-Stimmen, 3 Enthaltungen, Rest Ablehnung)", [(2, None, 3, F)]),
    ("Wir haben 16 Ja-Stimmen, der Rest ist Ablehnung.", [(16, None, None, F)]),
    ("Der Antrag wird einstimmig angenommen. Einstimmig abgelehnt wird der Zusatz.", [(None, None, None, T)] * 2),
    # counts after their labels
    ("Abstimmung: Ja 4, Nein 0, Enthaltungen 6", [(4, 0, 6, None)]),
    ("Ja-Stimmen: 41 Nein-Stimmen: 4 Enthaltungen: 3", [(41, 4, 3, F)]),
    ("Dafür: 8      Dagegen: 0      Enthaltung: 1", [(8, 0, 1, None)]),
    ("Abstimmung: Dafür 11 , Dagegen 0 , Enthaltung 0", [(11, 0, 0, None)]),
    ("Zustimmung: 12, Ablehnung: 3, Enthaltung: 1", [(12, 3, 1, F)]),
    ("Vorschlag HALLENBÄDER ERHALTEN ( pro 1046, contra 163\nStimmen)", [(1046, 163, None, F)]),
    ("Ja/Nein/Enthaltung: 12/3/1", [(12, 3, 1, F)]),
    # labelled results and ratios
    ("Abstimmungsergebnis: 12 : 3 : 1", [(12, 3, 1, F)]),
    ("Abstimmung: 12/0/1", [(12, 0, 1, None)]),
    ("Der Antrag wurde mit 25 zu 24 Stimmen angenommen.", [(25, 24, None, F)]),
    ("11:11 Stimmen (Stimmengleichheit) abgelehnt", [(11, 11, None, F)]),
    ("weil der Gemeinderat am 10.06.2008 mit 24 : 23 Stimmen beschlossen hat", [(24, 23, None, F)]),
    ("mit 30 gegen 12 Stimmen", [(30, 12, None, F)]),
    ("Die Abstimmung endete mit 25 Stimmen für eine Aufhebung des Bebauungsplanes mit 24 Gegenstimmen.",
     [(25, 24, None, F)]),
    # the two rows of a Beratungsfolge with its Ja / Nein / Enth. columns (PROVOX)
    ("Beratungsfolge Datum TOP Nummer Ja Nein Enth. Protokollauszug\n"
     "Verwaltungsausschuss 23.09.2026 3 5/2026 Einstimmig Erst Anmelden\n"
     "Rat 08.10.2026 2 4/2026 38 0 0 Freigabe fehlt\n", [(None, None, None, T), (38, 0, 0, None)]),
    # the colon glued to the count, and the counts printed under the flag they detail (Osnabrück's minutes)
    ("Ja-Stimmen :12\nNein-Stimmen :1\nEnthaltungen :0\n", [(12, 1, 0, F)]),
    ("Einstimmig angenommen.\n\nJa-Stimmen :9\nNein-Stimmen :0\n", [(9, 0, None, T)]),
    ("Einstimmig beschlossen. Zu TOP 7 wird lange beraten, dann abgestimmt: Ja 10, Nein 3",
     [(None, None, None, T), (10, 3, None, F)]),
    # a majority told in words (Karlsruhe: "mit deutlicher Mehrheit (31 Zustimmungen) … angenommen")
    ("Der Rat hat mit breiter Mehrheit (27 Zustimmungen) den Antrag angenommen.", [(27, None, None, F)]),
    ("Der Antrag wurde mit knapper Mehrheit abgelehnt.", [(None, None, None, F)]),
])
def test_printed_forms(text, expected):
    assert votes(text) == expected


@pytest.mark.parametrize("text", [
    "Tagesordnungspunkt 3: Bebauungsplan",
    "am 10.06.2008 um 18:30 Uhr",
    "§ 3 Abs. 2 GemO",
    "Die Gesellschaft ist mehrheitlich städtisch.",
    "Die Stadtwerke sind mehrheitlich im Besitz der Stadt.",
    "Übereinstimmung über einige strittige Punkte",
    "Einstimmigkeit ist nicht erforderlich.",
    "Der Beschluss kann nur einstimmig gefasst werden.",
    "Die Änderung bedarf eines einstimmigen Beschlusses.",
    "Eine Enthaltung ist nicht möglich.",
    "Kosten pro 100 Einwohner",
    "Ja 2024 war ein gutes Jahr.",
    "kenne ich 1= ja 2= nein 9= k.A. habe ich besucht 1= ja 2= nein 9= k.A.",  # a questionnaire's boxes
    "Die Wahl ist offen, wenn die Versammlung dies ohne Gegenstimme beschließt.",
    "Herr Meier wurde mit 25 Stimmen gewählt.",
    "mit 2/3 der Stimmen",
    "Abstimmung: 18:30 Uhr",
    "Abstimmungsergebnis:\n\n5\n\n",  # a page number under the label
    "Ohne",
    "Der Rest ist Geschichte.",
    "Ohne Widerrede wird dem zugestimmt, es erfolgt keine Abstimmung.",
    "Anlage 3 Seite 12 Nr. 4",
    "Ja Nein Enth.\nRat 08.10.2026 2 4/2026 Freigabe fehlt",
    "",
    "Die große Mehrheit der Befragten wünscht mehr Radwege.",
])
def test_numbers_that_no_label_makes_a_vote_are_none(text):
    assert votes(text) == []


def test_parts_printed_apart_are_one_vote():
    text = "Beschluss: einstimmig zugestimmt\n Abstimmung: Ja:\xa04, Nein:\xa00, Enthaltungen:\xa06, Befangen:\xa00"
    assert votes(text) == [(4, 0, 6, T)]
    text = "Beschluss: Mehrheitlich beschlossen Abstimmung: Ja:\xa016, Nein:\xa01, Anwesend:\xa00"
    assert votes(text) == [(16, 1, None, F)]


def test_items_of_one_result_are_votes_of_their_own():
    text = ("a) einstimmig, 0 Enthaltungenb) 9 Ja-Stimmen, 4 Nein-Stimmen, 1 Enthaltungc) 4 Ja-Stimmen, "
            "10 Nein-Stimmend) 8 Ja-Stimmen, 4 Nein-Stimmen, 2 Enthaltungene) 9 Ja-Stimmen, 4 Nein-Stimmen, 1 Enthaltung")
    assert votes(text) == [(None, None, 0, T), (9, 4, 1, F), (4, 10, None, F), (8, 4, 2, F), (9, 4, 1, F)]
    text = ("TOP 14.1: Ziffer 1: Bei 45 Ja-Stimmen einstimmig zugestimmt\n"
            "  Ziffer 2: Bei 13 Ja-Stimmen, 31 Nein-Stimmen und 1 \nEnthaltung mehrheitlich abgelehnt\n"
            "    Variante C: Bei 26 Ja-Stimmen und 19 Nein-Stimmen mehrheitlich zugestimmt\n"
            "  Ziffer 3: Bei 26 Ja-Stimmen und 19 Nein-Stimmen mehrheitlich zugestimmt\n")
    assert votes(text) == [(45, None, None, T), (13, 31, 1, F), (26, 19, None, F), (26, 19, None, F)]
    assert votes("Ziffer 1: einstimmig\nZiffer 2: mehrheitlich beschlossen") == [(None, None, None, T),
                                                                                 (None, None, None, F)]
    assert votes("Ergebnis\neinstimmig\neinstimmig\nmehrheitlich") == [(None, None, None, T), (None, None, None, T),
                                                                       (None, None, None, F)], "a column of results"


def test_a_vote_printed_twice_counts_once():
    summary = ("Punkt 16 der Tagesordnung: Klimaschutz\n\nBeschluss:\nInterfraktioneller Antrag: Mehrheitlich zugestimmt\n"
               "Änderungsantrag FDP: Mehrheitlich abgelehnt\n\nAbstimmungsergebnis:\n"
               "Interfraktioneller Antrag: Ziffer 1 bei 29 Ja-Stimmen und 18 Nein-Stimmen mehrheitlich zugestimmt\n"
               "Änderungsantrag FDP: Bei 11 Ja-Stimmen und 33 Nein-Stimmen mehrheitlich abgelehnt\n")
    assert votes(summary) == [(29, 18, None, F), (11, 33, None, F)], "the summary states the counted votes again"
    chair = ("Abstimmungsergebnis:\nEinstimmige Zustimmung (41 Ja)\n\nDer Vorsitzende ruft Tagesordnungspunkt 2 "
             "zur Behandlung auf und verweist auf die Vorberatung am\n4. Juni 2024.\n\n"
             "Da bitte ich um Ihr Votum ab jetzt. – Das ist eine einstimmige Zustimmung.\n")
    assert votes(chair) == [(41, None, None, T)], "the chair announces the result printed above"
    twice = ("Die Jury tagte am 3. Mai. Das Neubau\u00adKonzept von Kränzle+Fischer\u00adWasels Architekten wurde\n"
             "einstimmig\nals beste Ar\u00ad\nbeit ausgewählt. Die VOWO stellt es vor.\n\nBegründung\n\nDer "
             "Entwurf überzeugt. Das Neubau-Konzept von Kränzle+Fischer-Wasels Architekten wurde einstimmig als "
             "beste Ar-\nbeit ausgewählt.")
    assert votes(twice) == [(None, None, None, T)], "a Vorlage's summary repeats its text"


def test_each_agenda_item_keeps_its_own_vote():
    minutes = ("TOP 4 Haushalt\nBeschluss: einstimmig zugestimmt\n\n"
               "TOP 5 Kita\nBeschluss: Bei 12 Ja-Stimmen und 1 Enthaltung einstimmig zugestimmt\n\n"
               "TOP 6 Schule\nBeschluss: einstimmig zugestimmt\n")
    assert votes(minutes) == [(None, None, None, T), (12, None, 1, T), (None, None, None, T)]
    unnumbered = ("Die Verwaltung berichtet über den Stand der Kitaplanung.\n\nBeschluss: einstimmig zugestimmt\n\n"
                  "Der Antrag der Fraktion auf einen Zebrastreifen wird beraten.\n\nBeschluss: einstimmig zugestimmt\n")
    assert votes(unnumbered) == [(None, None, None, T), (None, None, None, T)], "the same words, two results"


def test_the_raw_text_and_where_it_stands():
    text = "Nach kurzer Aussprache: Bei 41 Ja-Stimmen, 4 Nein-Stimmen und 3 Enthaltungen mehrheitlich zugestimmt."
    (vote,) = read_votes(text)
    assert vote.text == text[vote.start:vote.end] == "41 Ja-Stimmen, 4 Nein-Stimmen und 3 Enthaltungen mehrheitlich"
    assert vote.as_dict() == {"yes": 41, "no": 4, "abstain": 3, "unanimous": False, "text": vote.text}
    (split,) = read_votes("Bei 13 Ja-Stimmen, 31 Nein-Stimmen und 1 \nEnthaltung mehrheitlich")
    assert split.as_dict()["text"] == "13 Ja-Stimmen, 31 Nein-Stimmen und 1 Enthaltung mehrheitlich"


def test_a_result_and_its_resolution_text():
    assert result_votes("einstimmig beschlossen", "Der Rat beschließt einstimmig: …") == [
        {"yes": None, "no": None, "abstain": None, "unanimous": True, "text": "einstimmig"}], "printed twice, once"
    assert [v["abstain"] for v in result_votes("ungeändert beschlossen",
                                                "Beschluss: …\n\nAbstimmungsergebnis:\neinstimmig mit zwei Enthaltungen")] == [2]
    assert result_votes(None, None) == result_votes("ungeändert beschlossen") == []
    assert result_votes("mehrheitlich beschlossen", "Abstimmung: Ja 9, Nein 2, Enthaltung 1") == [
        {"yes": 9, "no": 2, "abstain": 1, "unanimous": False, "text": "mehrheitlich / Ja 9, Nein 2, Enthaltung 1"}], \
        "how, in the result, and the count, in the resolution text, are one vote"
    assert [v["unanimous"] for v in result_votes("einstimmig", "Ja 9, Nein 2")] == [True, False], "they disagree"
    assert [v["yes"] for v in document_votes(["Dafür: 8 Dagegen: 0 Enthaltung: 0", "Dafür: 9 Dagegen: 0 Enthaltung: 0"])] \
        == [8, 9]


def test_reading_stays_linear_on_hostile_text():
    """A page of nothing but vote words must not take minutes (every part is read once, windows are bounded)."""
    started = time.perf_counter()
    for unit in ("mehrheitlich ", "einstimmig\n", "Ja Nein Enth.\n1 2 3\n", "1 : ", "2 Enthaltungen "):
        read_votes(unit * (300_000 // len(unit)))
    assert time.perf_counter() - started < 30


def test_the_data_file_is_checked(tmp_path):
    shipped = (data_dir() / "votes.toml").read_text(encoding="utf-8")
    assert load_vote_words().label("no_strong")
    cases = {
        "unknown table": (shipped + "\n[flags]\nx = 1\n", r"unknown table\(s\) flags$"),
        "broken pattern": (shipped.replace("majority = ['mehrheitlich", "majority = ['(mehrheitlich"),
                           r"words.majority\[0\] is not a valid regular expression"),
        "article without a number": (shipped.replace("articles = ['ein',", "articles = ['eins',"),
                                     r"words.articles lists 'eins', which is not under \[numbers\]$"),
        "bad number": (shipped.replace("zehn = 10", "zehn = 'zehn'"), r"numbers.zehn must be a lowercase word"),
        "empty list": (shipped.replace("negations = ['nicht']", "negations = []"),
                       r"words.negations must be a non-empty list$"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        assert text != shipped, name
        with pytest.raises(DataFileError, match=message):
            load_vote_words(path)


# ------------------------------------------------------------------ real pages and documents, read in place


@pytest.mark.corpus
@pytest.mark.parametrize(("relative", "expected"), [
    ("pdf/braunschweig_ausschussprotokoll_2026_extracted_excerpt.txt", [(8, 0, 0, None), (9, 0, 0, None)]),
    ("pdf/muenster_betriebsausschuss_awm_niederschrift_2026-07-07_extracted_excerpt.txt", [(None, None, None, T)]),
    ("pdf/karlsruhe_niederschrift_2017_nospaces_extracted.txt", [(38, 4, None, F)]),
])
def test_golden_minutes(relative, expected):
    assert votes(corpus_file(relative).read_text(encoding="utf-8")) == expected


@pytest.mark.corpus
@pytest.mark.parametrize(("relative", "kind", "expected"), [
    ("sessionnet/to0040_halle_5.3.3_layout4_votes_excerpt.html", "meeting",
     [(4, 0, 6, T), (None, None, None, T), (None, None, None, T)]),
    ("sessionnet/si0056_sulzberg_5.5.0_cards_excerpt.html", "meeting", [(None, None, None, T), (16, 1, None, F)]),
    ("other/provox_iip_hameln_vorlage_114-2026.html", None,
     [(None, None, None, T), (38, 0, 0, None), (11, 0, 0, None), (38, 0, 0, None)]),
    ("sdnet/uplengen_oparl11_meeting_1853_agendaitems_votes.json", "meeting",
     [(7, 2, 0, F), (9, 0, 0, None), (9, 0, 0, None)]),
    ("allris/to020_hamburg_hamburg_nord.html", "agenda_item", [(None, None, None, T)]),
])
def test_golden_pages(relative, kind, expected):
    result = extract_file(corpus_file(relative))
    assert kind is None or result["kind"] == kind
    assert [(v["yes"], v["no"], v["abstain"], v["unanimous"]) for v in result["votes"]] == expected
    if kind == "meeting":
        assert [v for item in result["agenda_items"] for v in item["votes"]] == result["votes"]


@pytest.mark.corpus
def test_golden_oparl_meeting_list_reads_each_agenda_items_result():
    result = extract_file(corpus_file("sdnet/huertgenwald_oparl_meeting_list_page15.json"))
    assert result["kind"] == "calendar"
    keys = [(v["yes"], v["no"], v["abstain"], v["unanimous"]) for v in result["votes"]]
    assert keys[:6] == [(15, 0, 0, T), (15, 0, 0, T), (15, 0, 0, T), (11, 0, 4, None), (None, None, 3, T),
                        (None, None, 0, T)]
    assert (9, 4, 1, F) in keys and (6, 2, 6, F) in keys and (None, None, 0, T) in keys
    assert all(v["text"] != "Ohne" for v in result["votes"]), "a bare 'Ohne' is no vote"
    # "JaNeinEnthaltungBM1CDU91…Gesamt:1809" glues a table's cells: its digits cannot be split for sure
    assert not any("Gesamt" in v["text"] for v in result["votes"])

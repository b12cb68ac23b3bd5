"""Outcomes of results that name no outcome word (issue 14): a vote's counts, a preliminary consultation, a mark."""

from __future__ import annotations

import pytest

from pipeline.nlp.rules import normalize_outcome


@pytest.mark.parametrize(("result", "outcome"), [
    ("Ja 38, Nein 0, Enthaltung 0", "beschlossen"),  # PROVOX prints only the vote
    ("Dafür: 3 Dagegen: 7", "abgelehnt"),
    ("vorberaten ohne Änderungen", "sonstiges"),  # a recommendation: the deciding body decides
    ("ohne Änderung beschlossen", "beschlossen"),
    ("vorberaten und abgelehnt", "abgelehnt"),
    ("x", None),  # a tick in a table cell says nothing
    ("–", None),
    ("Bericht erstattet", "sonstiges"),
    ("nach Antrag", "beschlossen"),  # RIS München: as the paper proposed
    ("Ablehnung nach Antrag der Fraktion", "abgelehnt"),
    ("Auf Wunsch der SPD in die Fraktionen gezogen", "vertagt"),  # Hannover: back to the groups, decided later
    ("in die Fraktion gezogen", "vertagt"),
])
def test_outcome_of_results_without_an_outcome_word(result, outcome):
    assert normalize_outcome(result) == outcome


def test_two_votes_in_one_result_decide_nothing_by_counts():
    assert normalize_outcome("a) Ja 5, Nein 4; b) Ja 2, Nein 7") == "sonstiges"

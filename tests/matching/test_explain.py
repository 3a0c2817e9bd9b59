"""The matching factors in words (matching/explain.py): what a matcher shows an employer or the
person, in Swedish, with no code of the engine and no points for what was never asked."""

import pytest

from jobbtorg.matching.explain import factor_sentence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("swedish")]


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("required_skills", "Jobbet kräver inga kompetenser: inget saknas."),
        ("desired_skills", "Jobbet önskar inga kompetenser: inget saknas."),
        ("desired_languages", "Jobbet önskar inga språk: inget saknas."),
    ],
)
def test_a_factor_that_asks_for_nothing_says_so_beside_its_full_points(code, says):
    # The engine gives full points when nothing is asked (engines/matching/weights.py): the
    # sentence must not read "has: –" beside them.
    assert factor_sentence(code, 10.0, {"asked": (), "met": (), "missing": ()}) == says


def test_a_factor_asked_for_and_not_met_says_none():
    sentence = factor_sentence(
        "desired_skills", 0.0, {"asked": ("x",), "met": (), "missing": ("x",)}
    )
    assert sentence == "Önskade kompetenser som personen har: inga."


def test_no_shared_occupation_is_said_in_words():
    sentence = factor_sentence("occupation_none", 0.0, {"vacancy_ssyk": "4322"})
    assert sentence.startswith("Inget yrke som personen vill ha eller har arbetat i")
    assert "occupation_none" not in sentence and "0.0" not in sentence

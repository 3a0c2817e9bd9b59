"""Blocking pairs, the maximum-placement allocation and the trade-off."""

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from jobbtorg.engines.summerjobs import Applicant, Workplace, allocate
from jobbtorg.engines.summerjobs.fairness import (
    blocking_pairs,
    is_stable,
    max_placement,
    tradeoff,
)
from jobbtorg.engines.summerjobs.generate import season
from tests.engines.summerjobs.reference import eligible, preferences
from tests.engines.summerjobs.test_allocate import instances

ON = date(2026, 6, 15)


def person(aid, choices, lottery):
    return Applicant(aid, date(2009, 1, 1), "farsta", 0, lottery, tuple(choices))


# Stable: x (best lottery) takes A, y wanted only A: unplaced; B stays empty.
# Maximum placement: x to B, y to A: both placed, but y holds A which x, of higher standing
# there, prefers: one pair treated unfairly.
APPLICANTS = [person("x", ["A", "B"], 0.1), person("y", ["A"], 0.2)]
WORKPLACES = [Workplace("A", 1, None, None, "farsta"), Workplace("B", 1, None, None, "farsta")]


def test_max_placement_places_more_but_is_not_stable():
    stable = allocate(APPLICANTS, WORKPLACES, on=ON, seed=0)
    assert stable.assignment == {"x": "A", "y": None}
    most = max_placement(APPLICANTS, WORKPLACES, on=ON)
    assert most == {"x": "B", "y": "A"}
    assert blocking_pairs(most, APPLICANTS, WORKPLACES, ON) == [("x", "A")]
    assert not is_stable(most, APPLICANTS, WORKPLACES, ON)
    figures = tradeoff(APPLICANTS, WORKPLACES, on=ON, seed=0)
    assert (figures.stable.placed, figures.stable.empty_places) == (1, 1)
    assert (figures.stable.first_choices, figures.stable.blocking_pairs) == (1, 0)
    assert (figures.max_placement.placed, figures.max_placement.empty_places) == (2, 0)
    assert (figures.max_placement.first_choices, figures.max_placement.blocking_pairs) == (1, 1)


def test_blocking_pair_for_a_free_place():
    # y is unplaced while A has a free place: unfair.
    assert blocking_pairs({"x": "B", "y": None}, APPLICANTS, WORKPLACES, ON) == [
        ("x", "A"),
        ("y", "A"),
    ]


def test_max_placement_prefers_better_ranked_choices():
    applicants = [person("x", ["A", "B"], 0.5)]
    assert max_placement(applicants, WORKPLACES, on=ON) == {"x": "A"}


def _most_placed(applicants, workplaces):
    prefs = preferences(applicants, workplaces, ON)
    best = 0
    for combo in itertools.product(*[[None, *prefs[a.id]] for a in applicants]):
        if all(sum(1 for w in combo if w == p.id) <= p.capacity for p in workplaces):
            best = max(best, sum(1 for w in combo if w is not None))
    return best


@settings(max_examples=80, deadline=None)
@given(instances(max_applicants=5, max_workplaces=3), st.integers(0, 2))
def test_max_placement_is_feasible_and_places_the_most(instance, seed):
    applicants, workplaces = instance
    most = max_placement(applicants, workplaces, on=ON, seed=seed)
    places = {p.id: p for p in workplaces}
    for p in workplaces:
        assert sum(1 for w in most.values() if w == p.id) <= p.capacity
    for a in applicants:
        if most[a.id] is not None:
            assert most[a.id] in a.choices and eligible(a, places[most[a.id]], ON)
    placed = sum(1 for w in most.values() if w is not None)
    assert placed == _most_placed(applicants, workplaces)
    stable = allocate(applicants, workplaces, on=ON, seed=seed)
    assert placed >= stable.placed


def test_tradeoff_on_a_generated_season():
    applicants, workplaces = season(1500, 80, 650, seed=3)
    figures = tradeoff(applicants, workplaces, on=date(2015, 6, 15), seed=0)
    assert figures.stable.blocking_pairs == 0
    assert figures.max_placement.placed >= figures.stable.placed
    assert figures.stable.placed + figures.stable.empty_places == figures.places == 650

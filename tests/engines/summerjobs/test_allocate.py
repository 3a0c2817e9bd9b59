"""The summer-job allocation: table-driven cases for the order at a workplace, age
limits, ties, capacities and explanations; hypothesis properties for stability, limits,
applicant-optimality, determinism and rounds; and the same assignment as the PyPI package
``matching`` and a textbook deferred acceptance."""

import hashlib
import itertools
import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbtorg.engines.summerjobs import Applicant, UnknownWorkplace, Workplace, allocate
from jobbtorg.engines.summerjobs.fairness import blocking_pairs, is_stable
from jobbtorg.engines.summerjobs.generate import season
from jobbtorg.engines.summerjobs.model import drawn_lottery
from tests.engines.summerjobs.reference import (
    eligible,
    preferences,
    reference_da,
    standing_key,
    with_matching_package,
)

ON = date(2026, 6, 15)


def person(aid, choices, *, priority=0, district="farsta", lottery=0.5, born=date(2009, 1, 1)):
    return Applicant(aid, born, district, priority, lottery, tuple(choices))


def place(wid, capacity=1, *, district="farsta", min_age=None, max_age=None):
    return Workplace(wid, capacity, min_age, max_age, district)


# (name, applicants, workplaces, expected assignment)
CASES = [
    (
        "priority beats district and lottery",
        [
            person("low", ["W"], district="farsta", lottery=0.1),
            person("high", ["W"], district="kista", lottery=0.9, priority=1),
        ],
        [place("W", district="farsta")],
        {"low": None, "high": "W"},
    ),
    (
        "own district beats lottery",
        [
            person("away", ["W"], district="kista", lottery=0.1),
            person("home", ["W"], district="farsta", lottery=0.9),
        ],
        [place("W", district="farsta")],
        {"away": None, "home": "W"},
    ),
    (
        "lower lottery first among equals",
        [person("b", ["W"], lottery=0.7), person("a", ["W"], lottery=0.2)],
        [place("W")],
        {"b": None, "a": "W"},
    ),
    (
        "a tie of given lottery numbers goes by applicant id",
        [person("b", ["W"], lottery=0.5), person("a", ["W"], lottery=0.5)],
        [place("W")],
        {"b": None, "a": "W"},
    ),
    (
        "too young for the first choice: skipped, placed at the second",
        [person("young", ["OLD", "ANY"], born=date(2010, 6, 16))],  # 15 on 2026-06-15
        [place("OLD", min_age=16), place("ANY")],
        {"young": "ANY"},
    ),
    (
        "the birthday counts on the day",
        [person("sixteen", ["OLD"], born=date(2010, 6, 15))],
        [place("OLD", min_age=16)],
        {"sixteen": "OLD"},
    ),
    (
        "too old for a max_age",
        [person("old", ["TEEN"], born=date(2005, 1, 1))],
        [place("TEEN", max_age=17)],
        {"old": None},
    ),
    (
        "capacity two takes the best two",
        [person(f"p{i}", ["W"], lottery=i / 10) for i in range(4)],
        [place("W", 2)],
        {"p0": "W", "p1": "W", "p2": None, "p3": None},
    ),
    (
        "capacity zero takes nobody",
        [person("a", ["Z", "W"])],
        [place("Z", 0), place("W")],
        {"a": "W"},
    ),
    (
        "no choices: unplaced",
        [person("none", [])],
        [place("W")],
        {"none": None},
    ),
    (
        "turned away applicant moves on and displaces a weaker one",
        [
            person("x", ["A", "B"], lottery=0.5),
            person("y", ["B"], lottery=0.6),
            person("z", ["A"], lottery=0.1),
        ],
        [place("A"), place("B")],
        {"x": "B", "y": None, "z": "A"},
    ),
    (
        "a repeated choice counts once",
        [person("a", ["W", "W"], lottery=0.9), person("b", ["W"], lottery=0.1)],
        [place("W")],
        {"a": None, "b": "W"},
    ),
]


@pytest.mark.parametrize(
    ("applicants", "workplaces", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_cases(applicants, workplaces, expected):
    result = allocate(applicants, workplaces, on=ON, seed=0)
    assert result.assignment == expected
    assert list(result.assignment) == [a.id for a in applicants]
    assert is_stable(result.assignment, applicants, workplaces, ON)


def test_explanations_say_why():
    applicants = [
        person("young", ["OLD", "A", "B", "C"], born=date(2010, 6, 16), lottery=0.4),
        person("first", ["A"], lottery=0.1),
        person("none", []),
        person("only_old", ["OLD"], born=date(2011, 1, 1)),
        person("full", ["A"], lottery=0.9),
    ]
    workplaces = [place("OLD", min_age=16, max_age=19), place("A"), place("B"), place("C")]
    result = allocate(applicants, workplaces, on=ON, seed=0)
    young = result.explanation("young")
    assert (young.reason, young.placed_choice, young.workplace_id) == (
        "placed_at_choice_n",
        3,
        "B",
    )
    assert young.lottery == 0.4
    old, a, b, c = young.choices
    assert (old.status, old.age, old.min_age, old.max_age) == ("not_eligible", 15, 16, 19)
    assert a.status == "turned_down"
    assert (a.standing.rank, a.standing.out_of, a.standing.cutoff) == (2, 3, 1)
    assert (a.standing.admitted, a.standing.capacity) == (1, 1)
    assert b.status == "placed_here" and b.standing.rank == 1 and b.standing.cutoff == 1
    assert c.status == "not_reached"
    assert result.explanation("first").reason == "placed_at_choice_n"
    assert result.explanation("none").reason == "no_choices"
    assert result.explanation("only_old").reason == "no_eligible_choice"
    full = result.explanation("full")
    assert full.reason == "all_choices_full" and full.workplace_id is None
    assert full.choices[0].standing.rank == 3
    assert [e.applicant_id for e in result.explanations()] == [a.id for a in applicants]


def test_repeated_choice_is_explained():
    result = allocate([person("a", ["W", "W"])], [place("W")], on=ON, seed=0)
    assert [c.status for c in result.explanation("a").choices] == ["placed_here", "repeated"]


def test_unknown_workplace_and_duplicates_are_refused():
    with pytest.raises(UnknownWorkplace, match="NOPE"):
        allocate([person("a", ["NOPE"])], [place("W")], on=ON, seed=0)
    with pytest.raises(ValueError, match="duplicate applicant"):
        allocate([person("a", ["W"]), person("a", ["W"])], [place("W")], on=ON, seed=0)
    with pytest.raises(ValueError, match="duplicate workplace"):
        allocate([], [place("W"), place("W")], on=ON, seed=0)


def test_lottery_rule_is_the_documented_one():
    digest = hashlib.sha256(b"7:A000001").digest()
    expected = (int.from_bytes(digest[:8], "big") >> 11) / 2**53
    assert drawn_lottery(7, "A000001") == expected
    result = allocate([person("A000001", [], lottery=None)], [], on=ON, seed=7)
    assert result.lotteries == {"A000001": expected}
    assert 0 <= expected < 1


def test_capacities_override_and_remaining_places():
    applicants = [person(f"p{i}", ["W"], lottery=i / 10) for i in range(3)]
    result = allocate(applicants, [place("W", 1)], on=ON, seed=0, capacities={"W": 2})
    assert result.assignment == {"p0": "W", "p1": "W", "p2": None}
    assert result.remaining_capacities() == {"W": 0}
    assert (result.placed, result.places, result.empty_places) == (2, 2, 0)


# -- properties --------------------------------------------------------------------------

DISTRICTS = ("farsta", "kista")


@st.composite
def instances(draw, max_applicants=14, max_workplaces=5):
    n_places = draw(st.integers(1, max_workplaces))
    workplaces = []
    for w in range(n_places):
        low = draw(st.one_of(st.none(), st.integers(14, 18)))
        high = draw(st.one_of(st.none(), st.integers(15, 20)))
        if low is not None and high is not None and high < low:
            low, high = high, low
        workplaces.append(
            Workplace(f"W{w}", draw(st.integers(0, 3)), low, high, draw(st.sampled_from(DISTRICTS)))
        )
    ids = [p.id for p in workplaces]
    applicants = []
    for a in range(draw(st.integers(0, max_applicants))):
        applicants.append(
            Applicant(
                f"A{a}",
                date(draw(st.integers(2005, 2012)), draw(st.integers(1, 12)), 15),
                draw(st.sampled_from(DISTRICTS)),
                draw(st.integers(0, 2)),
                draw(st.one_of(st.none(), st.sampled_from((0.1, 0.25, 0.5)))),
                tuple(draw(st.lists(st.sampled_from(ids), max_size=6))),
            )
        )
    return applicants, workplaces


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 3))
def test_stable_within_limits_and_equal_to_textbook_da(instance, seed):
    applicants, workplaces = instance
    result = allocate(applicants, workplaces, on=ON, seed=seed)
    assignment = result.assignment
    places = {p.id: p for p in workplaces}
    # No capacity or age limit broken; only chosen places.
    for p in workplaces:
        assert sum(1 for w in assignment.values() if w == p.id) <= p.capacity
    for a in applicants:
        if assignment[a.id] is not None:
            assert assignment[a.id] in a.choices
            assert eligible(a, places[assignment[a.id]], ON)
    # Stable, by an independent check: nobody prefers a place that has room or took someone
    # of lower standing there.
    prefs = preferences(applicants, workplaces, ON)
    people = {a.id: a for a in applicants}
    for a in applicants:
        for wid in prefs[a.id]:
            if wid == assignment[a.id]:
                break
            taken = [b for b, w in assignment.items() if w == wid]
            assert len(taken) == places[wid].capacity
            mine = standing_key(a, places[wid], seed)
            assert all(standing_key(people[b], places[wid], seed) < mine for b in taken)
    assert blocking_pairs(assignment, applicants, workplaces, ON, seed=seed) == []
    # The applicant-optimal stable matching is unique: a textbook DA finds the same one.
    assert assignment == reference_da(applicants, workplaces, ON, seed)


def _all_stable(applicants, workplaces, seed):
    """Every stable assignment of a tiny instance, by enumeration."""
    prefs = preferences(applicants, workplaces, ON)
    places = {p.id: p for p in workplaces}
    people = {a.id: a for a in applicants}
    options = [[None, *prefs[a.id]] for a in applicants]
    for combo in itertools.product(*options):
        assignment = {a.id: w for a, w in zip(applicants, combo, strict=True)}
        if any(sum(1 for w in combo if w == p.id) > p.capacity for p in workplaces):
            continue
        stable = True
        for a in applicants:
            for wid in prefs[a.id]:
                if wid == assignment[a.id]:
                    break
                taken = [b for b, w in assignment.items() if w == wid]
                mine = standing_key(a, places[wid], seed)
                if len(taken) < places[wid].capacity or any(
                    standing_key(people[b], places[wid], seed) > mine for b in taken
                ):
                    stable = False
                    break
            if not stable:
                break
        if stable:
            yield assignment


@settings(max_examples=150, deadline=None)
@given(instances(max_applicants=5, max_workplaces=3), st.integers(0, 2))
def test_applicant_optimal_among_all_stable_assignments(instance, seed):
    applicants, workplaces = instance
    result = allocate(applicants, workplaces, on=ON, seed=seed).assignment
    prefs = preferences(applicants, workplaces, ON)

    def rank(aid, wid):
        return len(prefs[aid]) if wid is None else prefs[aid].index(wid)

    stable = list(_all_stable(applicants, workplaces, seed))
    assert result in stable
    for other in stable:
        assert all(rank(a.id, result[a.id]) <= rank(a.id, other[a.id]) for a in applicants)


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(0, 5), st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_input_order(instance, seed, rnd):
    applicants, workplaces = instance
    first = allocate(applicants, workplaces, on=ON, seed=seed)
    again = allocate(applicants, workplaces, on=ON, seed=seed)
    assert first.assignment == again.assignment and first.lotteries == again.lotteries
    shuffled = list(applicants)
    rnd.shuffle(shuffled)
    places = list(workplaces)
    rnd.shuffle(places)
    other = allocate(shuffled, places, on=ON, seed=seed)
    assert other.assignment == first.assignment
    assert other.lotteries == first.lotteries
    assert list(other.assignment) == [a.id for a in shuffled]


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(0, 3), st.randoms(use_true_random=False))
def test_next_round_never_takes_an_accepted_place(instance, seed, rnd):
    applicants, workplaces = instance
    first = allocate(applicants, workplaces, on=ON, seed=seed)
    placed = [aid for aid, wid in first.assignment.items() if wid is not None]
    accepted = {aid: first.assignment[aid] for aid in placed if rnd.random() < 0.6}
    # Declined and expired offers free their places; the rest go to the still unplaced.
    left = {p.id: p.capacity for p in workplaces}
    for wid in accepted.values():
        left[wid] -= 1
    still = [a for a in applicants if a.id not in accepted]
    second = allocate(still, workplaces, on=ON, seed=seed, capacities=left)
    season_result = dict(accepted) | {
        aid: wid for aid, wid in second.assignment.items() if wid is not None
    }
    for aid, wid in accepted.items():
        assert season_result[aid] == wid
    for p in workplaces:
        assert sum(1 for w in season_result.values() if w == p.id) <= p.capacity
    # With nothing declined, the next round changes nothing.
    everyone = {aid: first.assignment[aid] for aid in placed}
    remaining = first.remaining_capacities()
    rest = [a for a in applicants if a.id not in everyone]
    assert all(
        w is None
        for w in allocate(
            rest, workplaces, on=ON, seed=seed, capacities=remaining
        ).assignment.values()
    )


@settings(max_examples=60, deadline=None)
@given(instances(max_applicants=25, max_workplaces=6), st.integers(0, 3))
def test_same_assignment_as_the_matching_package(instance, seed):
    applicants, workplaces = instance
    ours = allocate(applicants, workplaces, on=ON, seed=seed).assignment
    assert ours == with_matching_package(applicants, workplaces, ON, seed)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_assignment_as_the_matching_package_on_generated_seasons(seed):
    applicants, workplaces = season(600, 40, 260, seed=seed)
    ours = allocate(applicants, workplaces, on=date(2015, 6, 15), seed=seed).assignment
    theirs = with_matching_package(applicants, workplaces, date(2015, 6, 15), seed)
    assert ours == theirs
    assert sum(1 for w in ours.values() if w) > 150


def test_given_lottery_ties_and_mixed_lotteries():
    rnd = random.Random(4)
    applicants = [
        person(f"p{i}", ["A", "B"], lottery=rnd.choice([None, 0.5]), district="kista")
        for i in range(12)
    ]
    workplaces = [place("A", 3), place("B", 2)]
    result = allocate(applicants, workplaces, on=ON, seed=9)
    assert result.assignment == reference_da(applicants, workplaces, ON, 9)
    assert (
        result.assignment
        == allocate(
            [replace(a) for a in reversed(applicants)], workplaces, on=ON, seed=9
        ).assignment
    )

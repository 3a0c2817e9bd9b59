"""The choice system's default rule (LOV): a documented rotation by provider slug that skips a
provider without a free place, and keeps going when providers join or leave."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.free_choice import Candidate, next_default, rotation_order


def c(key: str, free: int = 3) -> Candidate:
    return Candidate(key, free)


@pytest.mark.parametrize(
    ("candidates", "last", "expected"),
    [
        ([], None, None),
        ([c("b"), c("a"), c("c")], None, "a"),  # first default: first slug
        ([c("a"), c("b"), c("c")], "a", "b"),
        ([c("a"), c("b"), c("c")], "b", "c"),
        ([c("a"), c("b"), c("c")], "c", "a"),  # wraps round
        ([c("a"), c("b", 0), c("c")], "a", "c"),  # b has no place: skipped
        ([c("a"), c("b", 0), c("c", 0)], "a", "a"),  # round again to the only one with a place
        ([c("a", 0), c("b", 0)], "a", None),  # no place anywhere
        ([c("a"), c("c")], "b", "c"),  # b left: the rotation goes on after it
        ([c("a"), c("b")], "zz", "a"),  # the last one left at the end: wraps round
        ([c("a"), c("ab"), c("b")], "a", "ab"),  # a newcomer takes its place in the order
        ([c("a", 0), c("a", 2), c("b")], "b", "a"),  # two offerings of one provider: one turn
        ([c("a", -1), c("b")], None, "b"),  # a negative count is no place
    ],
)
def test_the_default_rule(candidates, last, expected):
    assert next_default(candidates, last) == expected


def test_the_order_is_by_slug_and_one_candidate_per_provider():
    order = rotation_order([c("stod-ab", 1), c("alfa", 2), c("stod-ab", 2)])
    assert order == [Candidate("alfa", 2), Candidate("stod-ab", 3)]


keys = st.lists(
    st.text(alphabet="abcdefgh-", min_size=1, max_size=6), min_size=1, max_size=8, unique=True
)


@given(keys=keys, n=st.integers(min_value=0, max_value=60), last=st.none() | st.text(max_size=4))
def test_with_places_everywhere_each_gets_floor_or_ceiling_of_n_over_k(keys, n, last):
    candidates = [Candidate(key, 1000) for key in keys]
    given_out: Counter[str] = Counter()
    for _ in range(n):
        last = next_default(candidates, last)
        assert last is not None
        given_out[last] += 1
    k = len(keys)
    for key in keys:
        assert given_out[key] in {n // k, -(-n // k)}


@given(
    keys=keys,
    free=st.lists(st.integers(min_value=0, max_value=3), min_size=8, max_size=8),
    last=st.none() | st.text(alphabet="abcdefgh-", max_size=4),
)
def test_the_default_has_a_place_or_there_is_none(keys, free, last):
    candidates = [Candidate(key, free[i]) for i, key in enumerate(keys)]
    chosen = next_default(candidates, last)
    if chosen is None:
        assert all(candidate.free_places <= 0 for candidate in candidates)
    else:
        assert dict((x.key, x.free_places) for x in candidates)[chosen] > 0


@given(
    keys=st.lists(st.sampled_from("abcdefgh"), min_size=2, max_size=8, unique=True),
    rounds=st.integers(min_value=1, max_value=20),
    data=st.data(),
)
def test_a_provider_joining_or_leaving_keeps_the_rotation_going(keys, rounds, data):
    """After a change, everyone still in the rotation gets a turn within one round, and nobody
    gets two turns before everyone else has had one."""
    candidates = [Candidate(key, 1000) for key in keys]
    last = None
    for _ in range(rounds):
        last = next_default(candidates, last)
    if data.draw(st.booleans()):
        leaving = data.draw(st.sampled_from(keys))
        candidates = [x for x in candidates if x.key != leaving]
    else:
        joining = data.draw(st.sampled_from("ijklmn"))
        candidates.append(Candidate(joining, 1000))
    turns = []
    for _ in range(len(candidates)):
        last = next_default(candidates, last)
        turns.append(last)
    assert sorted(turns) == sorted(x.key for x in candidates)

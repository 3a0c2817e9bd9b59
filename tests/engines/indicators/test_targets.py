"""Met, near or not met against the committee's target (R31): the table of the rule, and the
property that a figure never stands worse for being better."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.indicators.targets import MET, NEAR, NOT_MET, target_status


@pytest.mark.parametrize(
    "value, target, higher_is_better, margin, status",
    [
        (0.84, 0.84, True, 0.05, MET),
        (42 / 50, 0.84, True, 0.05, MET),  # 0.84 as a float division still meets 0.84
        (0.90, 0.84, True, 0.05, MET),
        (0.80, 0.84, True, 0.05, NEAR),
        (0.79, 0.84, True, 0.05, NEAR),  # exactly the margin short
        (0.78, 0.84, True, 0.05, NOT_MET),
        (0.84, 0.84, True, 0.0, MET),
        (0.83, 0.84, True, 0.0, NOT_MET),  # no margin: no "near"
        (180, 180, False, 30, MET),
        (150, 180, False, 30, MET),
        (210, 180, False, 30, NEAR),
        (211, 180, False, 30, NOT_MET),
        (None, 0.84, True, 0.05, ""),  # no value, no status
    ],
)
def test_status_against_the_target(value, target, higher_is_better, margin, status):
    assert target_status(value, target, higher_is_better, margin) == status


RANK = {MET: 0, NEAR: 1, NOT_MET: 2}
amounts = st.floats(min_value=-1000, max_value=1000, allow_nan=False)


@given(
    worse=amounts,
    gain=st.floats(min_value=0, max_value=1000),
    target=amounts,
    margin=st.floats(min_value=0, max_value=100),
    higher_is_better=st.booleans(),
)
def test_a_better_value_never_stands_worse(worse, gain, target, margin, higher_is_better):
    better = worse + gain if higher_is_better else worse - gain
    assert (
        RANK[target_status(better, target, higher_is_better, margin)]
        <= RANK[target_status(worse, target, higher_is_better, margin)]
    )

"""indicators() against the plain-loop reference, for every indicator, period and breakdown."""

import math
from datetime import date

import pytest

from jobbtorg.engines.indicators import Period, indicators, prepare, tertials
from jobbtorg.engines.indicators.compute import indicators_prepared
from jobbtorg.engines.indicators.data import KNOWN_COMBINATIONS

from .generate import generate
from .reference import reference

DATA = generate(1500, 6000, seed=7, years=3)
PREPARED = prepare(DATA[0], DATA[1], DATA[2])
PERIODS = [*tertials(2021), Period(date(2020, 3, 15), date(2022, 2, 27))]


def _key(value):
    group = dict(value.group)
    combination = group.pop("employment_form", None)
    indicator = value.indicator if combination is None else (value.indicator, combination)
    return tuple(group.values()), indicator


@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize(
    "by", [None, "jobbtorg", "target_group", "district", "provider", "activity_type"]
)
def test_every_indicator_matches_the_reference(period, by):
    cases, activities, assistance, _, _ = DATA
    got = {_key(v): (v.value, v.n) for v in indicators_prepared(PREPARED, period, by=by)}
    expected = reference(cases, activities, assistance, period, by, None)
    # Groups with no case in the period exist only in the engine's output, all None / n = 0
    # (and the 12 known employment forms are always listed).
    for key, (value, n) in got.items():
        if key not in expected:
            assert value is None and n == 0, key
            if isinstance(key[1], tuple):
                assert key[1][1] in KNOWN_COMBINATIONS
    assert set(expected) <= set(got)
    for key, (value, n) in expected.items():
        got_value, got_n = got[key]
        assert got_n == n, key
        if value is None:
            assert got_value is None, key
        else:
            assert math.isclose(got_value, value, rel_tol=1e-9, abs_tol=1e-9), (
                key,
                got_value,
                value,
            )


def test_indicators_and_prepared_agree():
    cases, activities, assistance, _, _ = DATA
    period = tertials(2021)[1]
    assert indicators(cases, activities, assistance, period, by="district") == indicators_prepared(
        PREPARED, period, by="district"
    )

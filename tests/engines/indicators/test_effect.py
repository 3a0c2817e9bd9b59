"""The effect estimate: a known effect is recovered, matching keeps its rules, determinism."""

import random
from datetime import date

import numpy as np
import pytest

from jobbtorg.engines.indicators import AssistanceRow, Period
from jobbtorg.engines.indicators.effect import age_band, effect

from .builders import case

PERIOD = Period(date(2024, 1, 1), date(2024, 4, 30))
DISTRICTS = ("Farsta", "Rinkeby")
MONTHS = [date(2023 + m // 12, m % 12 + 1, 1) for m in range(24)]  # 2023–2024


def synthetic(n_treated=2500, n_pool=6000, p_treated=0.55, p_pool=0.35, seed=1):
    """Everyone on assistance in 2023 in the same way; from 2024 the pool leaves assistance in
    a month with probability p_pool, participants after their enrolment month p_treated. The
    true effect on "no assistance k months later" is p_treated − p_pool."""
    rng = np.random.default_rng(seed)
    cases, rows, pool = [], [], {}

    def history(ref, switch_month, p_after):
        level = rng.uniform(3000, 9000)
        for number, month in enumerate(MONTHS):
            if number < switch_month:
                if rng.random() < 0.8:
                    rows.append(AssistanceRow(ref, month, round(level, 2)))
            else:
                p = p_after if number > switch_month else p_pool
                if rng.random() >= p:
                    rows.append(AssistanceRow(ref, month, round(level, 2)))

    for i in range(n_treated):
        month = 12 + int(rng.integers(0, 4))  # enrolled Jan–Apr 2024
        birth = date(1960 + int(rng.integers(0, 40)), 3, 3)
        district = DISTRICTS[int(rng.integers(0, 2))]
        cases.append(
            case(
                f"t{i:05d}",
                person_ref=f"t{i}",
                enrolled_on=MONTHS[month].replace(day=10),
                birth_date=birth,
                district=district,
            )
        )
        history(f"t{i}", 12, p_treated)  # like the pool until enrolment, then p_treated
        # (months 12..month-1 follow p_pool, months after the enrolment month p_treated)
    for j in range(n_pool):
        ref = f"q{j}"
        pool[ref] = (
            date(1960 + int(rng.integers(0, 40)), 3, 3),
            DISTRICTS[int(rng.integers(0, 2))],
        )
        history(ref, 12, p_pool)
    return cases, rows, pool


DATA = synthetic()


def test_a_known_effect_is_recovered_within_its_interval():
    cases, rows, pool = DATA
    result = effect(cases, rows, PERIOD, pool=pool, last_assistance_month=date(2024, 12, 1))
    assert result.participants == 2500
    assert result.matched > 2000
    assert result.matched + result.unmatched + result.no_baseline == result.participants
    for estimate in result.estimates:
        assert estimate.pairs == result.matched
        assert estimate.ci_low < 0.20 < estimate.ci_high, estimate
        assert estimate.ci_high - estimate.ci_low < 0.1
        assert estimate.difference == pytest.approx(
            estimate.share_participants - estimate.share_comparison
        )


def test_no_effect_gives_an_interval_around_zero():
    cases, rows, pool = synthetic(n_treated=1500, n_pool=4000, p_treated=0.35, seed=3)
    result = effect(cases, rows, PERIOD, pool=pool)
    for estimate in result.estimates:
        assert estimate.ci_low < 0 < estimate.ci_high


def test_pairs_share_month_district_and_age_band_and_each_pool_person_is_used_once():
    cases, rows, pool = DATA
    result = effect(cases, rows, PERIOD, pool=pool)
    by_ref = {c.case_ref: c for c in cases}
    assert len({control for _, control in result.pairs}) == len(result.pairs)
    for case_ref, control in result.pairs:
        participant = by_ref[case_ref]
        month = participant.enrolled_on.replace(day=1)
        birth, district = pool[control]
        assert district == participant.district
        assert age_band(birth, month) == age_band(participant.birth_date, month)


def test_the_caliper_leaves_too_distant_people_unmatched():
    rows = [
        *(AssistanceRow("t", m, 5000.0) for m in MONTHS[:12]),
        *(AssistanceRow("q", m, 50000.0) for m in MONTHS[:12]),
        *(AssistanceRow("r", m, 5100.0) for m in MONTHS[6:12]),  # 6 months, not 12
        *(AssistanceRow("u", m, 6000.0) for m in MONTHS[:12]),
    ]
    t = case("t", person_ref="t", enrolled_on=date(2024, 1, 15), birth_date=date(1990, 1, 1))
    u = case("u", person_ref="u", enrolled_on=date(2024, 1, 15), birth_date=date(1990, 1, 1))
    pool = {"q": (date(1991, 1, 1), "Farsta"), "r": (date(1991, 1, 1), "Farsta")}
    narrow = effect([t, u], rows, PERIOD, pool=pool, caliper=0.5)
    assert narrow.pairs == ()
    assert (narrow.matched, narrow.unmatched) == (0, 2)
    assert all(e.pairs == 0 and e.difference is None for e in narrow.estimates)
    wide = effect([t, u], rows, PERIOD, pool=pool, caliper=100.0)
    assert wide.matched == 2


def test_a_participant_without_baseline_is_not_matched():
    rows = [AssistanceRow("q", m, 5000.0) for m in MONTHS[:12]]
    t = case("t", person_ref="t", enrolled_on=date(2024, 1, 15), birth_date=date(1990, 1, 1))
    result = effect([t], rows, PERIOD, pool={"q": (date(1990, 6, 1), "Farsta")})
    assert (result.participants, result.no_baseline, result.matched) == (1, 1, 0)


def test_enrolled_people_are_never_comparisons_and_other_strata_are_not_used():
    rows = [AssistanceRow(p, m, 5000.0) for p in ("t", "e", "x", "y") for m in MONTHS[:12]]
    t = case("t", person_ref="t", enrolled_on=date(2024, 1, 15), birth_date=date(1990, 1, 1))
    e = case("e", person_ref="e", enrolled_on=date(2022, 1, 15), birth_date=date(1990, 1, 1))
    pool = {
        "e": (date(1990, 1, 1), "Farsta"),  # enrolled in 2022: not a comparison
        "x": (date(1990, 1, 1), "Rinkeby"),  # another district
        "y": (date(1960, 1, 1), "Farsta"),  # another age band
    }
    assert effect([t, e], rows, PERIOD, pool=pool).pairs == ()


def test_same_input_and_seed_give_the_same_pairs_whatever_the_order():
    cases, rows, pool = synthetic(n_treated=400, n_pool=500, seed=5)
    first = effect(cases, rows, PERIOD, pool=pool, seed=3)
    shuffled = list(cases)
    random.Random(9).shuffle(shuffled)
    again = effect(
        shuffled, list(reversed(rows)), PERIOD, pool=dict(reversed(pool.items())), seed=3
    )
    assert first == again


def test_bad_caliper():
    with pytest.raises(ValueError):
        effect([], [], PERIOD, pool={}, caliper=0)


@pytest.mark.parametrize(
    ("birth", "on", "band"),
    [
        (date(2000, 5, 2), date(2024, 5, 1), "16-24"),  # 23
        (date(1999, 5, 1), date(2024, 5, 1), "25-34"),  # 25 on the day
        (date(1969, 5, 2), date(2024, 5, 1), "45-54"),  # 54
        (date(1969, 5, 1), date(2024, 5, 1), "55+"),
        (date(2010, 1, 1), date(2024, 5, 1), "16-24"),
    ],
)
def test_age_bands(birth, on, band):
    assert age_band(birth, on) == band

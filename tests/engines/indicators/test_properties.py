"""Properties of the indicators over generated small data sets (hypothesis), and suppression."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobbtorg.engines.indicators import IndicatorValue, indicators
from jobbtorg.engines.indicators.suppress import fewer_than, suppress
from jobbtorg.engines.rules.deadlines import (
    PLAN_MEASURED,
    PlanTimeliness,
    plan_due,
    plan_timeliness,
)

from .builders import PERIOD, case

START = date(2024, 6, 1)
SHARES = (
    "exits_to_work_share",
    "exits_to_studies_share",
    "exits_to_work_or_studies_share",
    "plan_within_5_working_days_share",
    "exited_within_18_months_share",
    "to_work_or_studies_within_18_months_share",
)


def _day(offset):
    return START + timedelta(days=offset)


@st.composite
def cases(draw):
    n = draw(st.integers(0, 12))
    out = []
    for i in range(n):
        referred = draw(st.integers(0, 500))
        enrolled = draw(st.one_of(st.none(), st.integers(referred, referred + 40)))
        exit_on = reason = form = None
        end = plan = None
        if enrolled is not None:
            end = _day(enrolled + 548)
            plan = draw(st.one_of(st.none(), st.integers(enrolled, enrolled + 15).map(_day)))
            if draw(st.booleans()):
                exit_on = _day(draw(st.integers(enrolled, enrolled + 700)))
                reason = draw(st.sampled_from(["work", "studies", "moved", "stopped"]))
                if reason == "work":
                    form = draw(st.sampled_from(["permanent", "temporary", "municipal_measure"]))
        out.append(
            case(
                f"c{i}",
                job_centre=draw(st.sampled_from(["Järva", "Sydost"])),
                target_group=draw(st.sampled_from(["resurs", "ungdom", "etablering"])),
                district=draw(st.sampled_from(["Farsta", "Rinkeby", "Skärholmen"])),
                referred_on=_day(referred),
                enrolled_on=None if enrolled is None else _day(enrolled),
                exit_on=exit_on,
                exit_reason=reason,
                employment_form=form,
                studies_with_student_finance=(
                    draw(st.sampled_from([True, False, None])) if reason == "studies" else None
                ),
                first_plan_on=plan,
                participation_end=end,
            )
        )
    return out


@given(cases())
@settings(max_examples=150, deadline=None)
def test_shares_lie_between_0_and_1_and_n_0_means_none(generated):
    for value in indicators(generated, [], [], PERIOD):
        if value.n == 0:
            assert value.value is None
        else:
            assert value.value is not None
        if value.indicator in SHARES and value.value is not None:
            assert 0 <= value.value <= 1


@given(cases())
@settings(max_examples=200, deadline=None)
def test_the_plan_share_is_the_rules_verdict_as_known_the_day_after_the_period(generated):
    """The key figure and the manager's page ask the same rule (`plan_timeliness`)."""
    day_after = PERIOD.end + timedelta(days=1)
    verdicts = [
        plan_timeliness(c.enrolled_on, c.first_plan_on, c.exit_on, today=day_after)
        for c in generated
        if c.enrolled_on is not None
        and c.enrolled_on in PERIOD
        and plan_due(c.enrolled_on) <= PERIOD.end
    ]
    measured = [v for v in verdicts if v in PLAN_MEASURED]
    on_time = sum(v == PlanTimeliness.ON_TIME for v in measured)
    expected = (on_time / len(measured) if measured else None, len(measured))
    found = {v.indicator: (v.value, v.n) for v in indicators(generated, [], [], PERIOD)}
    assert found["plan_within_5_working_days_share"] == expected


@given(cases(), st.integers(0, 119), st.sampled_from(["permanent", "temporary", None]))
@settings(max_examples=150, deadline=None)
def test_adding_an_exit_to_work_never_lowers_the_work_share(generated, day, form):
    def share(rows, indicator):
        return {v.indicator: v.value for v in indicators(rows, [], [], PERIOD)}[indicator] or 0

    extra = case(
        "extra",
        enrolled_on=date(2024, 12, 2),
        exit_on=PERIOD.start + timedelta(days=day),
        exit_reason="work",
        employment_form=form,
    )
    for indicator in ("exits_to_work_share", "exits_to_work_or_studies_share"):
        assert share([*generated, extra], indicator) >= share(generated, indicator)


@given(cases(), st.sampled_from(["jobbtorg", "target_group", "district"]))
@settings(max_examples=150, deadline=None)
def test_partitioning_breakdowns_add_up_to_the_city(generated, by):
    city = {
        (v.indicator, v.group.get("employment_form")): v.n
        for v in indicators(generated, [], [], PERIOD)
    }
    totals = {key: 0 for key in city}
    for v in indicators(generated, [], [], PERIOD, by=by):
        key = (v.indicator, v.group.get("employment_form"))
        totals[key] = totals.get(key, 0) + v.n
    # Every n (counts and denominators alike) adds up, since each case is in one group.
    assert totals == city


def test_groups_under_five_are_suppressed_with_their_n():
    rows = [
        IndicatorValue("exits", {"district": "Farsta"}, 4, 4),
        IndicatorValue("exits", {"district": "Rinkeby"}, 5, 5),
        IndicatorValue("exits_to_work_share", {"district": "Skärholmen"}, None, 0),
        IndicatorValue("exits_to_work_share", {"district": "Rinkeby"}, 0.2, 5),
    ]
    shown = suppress(rows)
    assert [(v.value, v.n, v.suppressed) for v in shown] == [
        (None, None, True),
        (5, 5, False),
        (None, None, True),
        (0.2, 5, False),
    ]
    assert [v.suppressed for v in suppress(rows, below=6)] == [True, True, True, True]
    assert [v.suppressed for v in suppress(rows, below=1)] == [False, False, True, False]
    assert fewer_than(5) == "fewer than 5"
    with pytest.raises(ValueError):
        suppress(rows, below=0)


@given(cases(), st.integers(1, 8))
@settings(max_examples=50, deadline=None)
def test_suppression_leaves_no_small_n_and_keeps_the_rest(generated, below):
    values = indicators(generated, [], [], PERIOD, by="district")
    for before, after in zip(values, suppress(values, below), strict=True):
        if before.n is not None and before.n >= below:
            assert after == before
        else:
            assert after == replace(before, value=None, n=None, suppressed=True)


@given(cases(), st.data())
@settings(max_examples=100, deadline=None)
def test_learning_that_studies_qualify_for_student_finance_moves_one_exit_into_kolada(
    generated, data
):
    """An exit to studies with student finance not known is counted as unknown and left out
    of Kolada's share; once it is known to be "yes", it leaves the unknown and joins the share
    (the share's n, all exits, stays the same)."""
    unknown = [
        i
        for i, c in enumerate(generated)
        if c.exit_reason == "studies"
        and c.studies_with_student_finance is None
        and c.enrolled_on is not None
        and c.exit_on in PERIOD
    ]
    if not unknown:
        return
    chosen = data.draw(st.sampled_from(unknown))
    known = [
        replace(c, studies_with_student_finance=True) if i == chosen else c
        for i, c in enumerate(generated)
    ]

    def figures(cases):
        found = {v.indicator: (v.value, v.n) for v in indicators(cases, [], [], PERIOD)}
        share, n = found["exits_to_work_or_studies_share"]
        return round(share * n), n, found["exits_to_studies_student_finance_unknown"][1]

    before, after = figures(generated), figures(known)
    assert after == (before[0] + 1, before[1], before[2] - 1)

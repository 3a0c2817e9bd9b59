"""The same yardstick for all (R27, R30): measures per group over a period, masking of groups
of fewer than 5 people, and the cost rule."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.comparison import (
    MASK_BELOW,
    Period,
    Row,
    compare,
    exit_within,
    measure,
    months_active,
)

D = dt.date
YEAR = Period(D(2026, 1, 1), D(2026, 12, 31))


def row(n: int = 0, **overrides) -> Row:
    values = {
        "person": n,
        "provider": "stod-ab",
        "provider_kind": "procured",
        "activity_type": "job_search",
        "started_on": D(2026, 3, 1),
        "ended_on": D(2026, 5, 31),
        "completed": True,
        "exit_on": None,
        "exit_reason": "",
        "cost": Decimal("1000"),
    }
    return Row(**(values | overrides))


@pytest.mark.parametrize(
    ("overrides", "kind", "expected"),
    [
        ({"exit_on": D(2026, 6, 1), "exit_reason": "work"}, "work", True),
        ({"exit_on": D(2026, 8, 29), "exit_reason": "work"}, "work", True),  # day 90 after end
        ({"exit_on": D(2026, 8, 30), "exit_reason": "work"}, "work", False),  # day 91
        ({"exit_on": D(2026, 3, 1), "exit_reason": "work"}, "work", True),  # on the start day
        ({"exit_on": D(2026, 2, 28), "exit_reason": "work"}, "work", False),  # before the start
        ({"exit_on": D(2026, 6, 1), "exit_reason": "studies"}, "work", False),
        ({"exit_on": D(2026, 6, 1), "exit_reason": "studies"}, "studies", True),
        ({"exit_on": D(2026, 6, 1), "exit_reason": "other"}, "work", False),
        ({"exit_on": None, "exit_reason": ""}, "work", False),
        ({"ended_on": None, "exit_on": D(2027, 6, 1), "exit_reason": "work"}, "work", True),
        ({"started_on": None, "exit_on": D(2026, 6, 1), "exit_reason": "work"}, "work", False),
    ],
)
def test_exit_within_90_days_of_the_end(overrides, kind, expected):
    assert exit_within(row(**overrides), kind) is expected


@pytest.mark.parametrize(
    ("start", "end", "as_of", "months"),
    [
        (D(2026, 3, 3), D(2026, 4, 2), D(2026, 12, 1), 2),
        (D(2026, 3, 1), D(2026, 3, 31), D(2026, 12, 1), 1),
        (D(2026, 11, 15), D(2027, 2, 1), D(2027, 6, 1), 4),
        (D(2026, 3, 1), None, D(2026, 5, 10), 3),  # still going on: to the month of as_of
        (None, None, D(2026, 5, 10), 0),  # never started: no cost
        (D(2026, 6, 1), None, D(2026, 5, 10), 0),
    ],
)
def test_months_active(start, end, as_of, months):
    assert months_active(start, end, as_of) == months


def test_measures_of_a_group():
    rows = [
        row(1, exit_on=D(2026, 7, 1), exit_reason="work"),
        row(2, exit_on=D(2026, 7, 1), exit_reason="studies"),
        row(3, completed=False),
        row(4, exit_on=D(2027, 1, 1), exit_reason="work"),  # too late
        row(5),
        row(5, activity_type="sfi"),  # the same person twice
    ]
    m = measure(rows)
    assert (m.started, m.people, m.completed, m.into_work, m.into_studies) == (6, 5, 5, 1, 1)
    assert m.total_cost == Decimal("6000.00")
    assert m.cost_per_participant == Decimal("1000.00")
    assert m.cost_per_person_into_work == Decimal("6000.00")


def test_unknown_cost_makes_the_cost_measures_unknown_not_zero():
    m = measure([row(i) for i in range(5)] + [row(6, cost=None)])
    assert (m.total_cost, m.cost_per_participant, m.cost_per_person_into_work) == (None,) * 3
    assert m.started == 6


def test_nobody_into_work_has_no_cost_per_person_into_work():
    m = measure([row(i, cost=Decimal(0)) for i in range(5)])
    assert m.total_cost == Decimal("0.00")
    assert m.cost_per_person_into_work is None


def test_only_starts_in_the_period_count_and_small_groups_are_masked():
    rows = [row(i) for i in range(5)]
    rows += [row(10 + i, provider="egen", provider_kind="own_operation") for i in range(4)]
    rows += [row(20, started_on=D(2025, 12, 31)), row(21, started_on=None)]
    result = compare(rows, YEAR, by=("provider_kind", "provider"))
    assert [(g.key, g.masked) for g in result.groups] == [
        (("own_operation", "egen"), True),
        (("procured", "stod-ab"), False),
    ]
    assert result.groups[0].measures is None
    assert result.groups[1].measures.started == 5
    assert result.masked_groups == 1
    assert result.shown_total.started == 5


def test_by_activity_type_puts_own_operation_and_procured_side_by_side():
    rows = [row(i, provider_kind="own_operation", provider="egen") for i in range(5)]
    rows += [row(10 + i) for i in range(6)]
    result = compare(rows, YEAR, by=("activity_type", "provider_kind"))
    assert [g.key for g in result.groups] == [
        ("job_search", "own_operation"),
        ("job_search", "procured"),
    ]


def test_bad_grouping_and_bad_period_are_refused():
    with pytest.raises(ValueError):
        compare([], YEAR, by=("participant",))
    with pytest.raises(ValueError):
        Period(D(2026, 2, 1), D(2026, 1, 1))


def test_no_rows_no_groups():
    result = compare([], YEAR, by=("provider",))
    assert result.groups == [] and result.shown_total is None


days = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 1))
rows_strategy = st.lists(
    st.builds(
        Row,
        person=st.integers(min_value=0, max_value=30),
        provider=st.sampled_from(["a", "b", "c"]),
        provider_kind=st.sampled_from(["own_operation", "procured"]),
        activity_type=st.sampled_from(["job_search", "sfi"]),
        started_on=st.none() | days,
        ended_on=st.none() | days,
        completed=st.booleans(),
        exit_on=st.none() | days,
        exit_reason=st.sampled_from(["work", "studies", "other", ""]),
        cost=st.none() | st.decimals(min_value=0, max_value=50000, places=2),
    ),
    max_size=80,
)
groupings = st.sampled_from(
    [
        ("provider",),
        ("activity_type",),
        ("provider_kind", "provider"),
        ("activity_type", "provider_kind"),
    ]
)


@given(rows=rows_strategy, by=groupings)
def test_masking_never_leaks_a_count_under_5(rows, by):
    result = compare(rows, YEAR, by=by)
    for group in result.groups:
        if group.masked:
            assert group.measures is None
        else:
            assert group.measures.people >= MASK_BELOW
            assert group.measures.started >= MASK_BELOW
    if result.shown_total is not None:
        assert result.shown_total.people >= MASK_BELOW


@given(rows=rows_strategy, by=groupings)
def test_totals_over_groups_never_exceed_the_whole(rows, by):
    in_period = [
        r for r in rows if r.started_on is not None and YEAR.start <= r.started_on <= YEAR.end
    ]
    whole = measure(in_period)
    result = compare(rows, YEAR, by=by)
    shown = [g.measures for g in result.groups if not g.masked]
    assert sum(m.started for m in shown) <= whole.started
    assert sum(m.completed for m in shown) <= whole.completed
    assert sum(m.into_work for m in shown) <= whole.into_work
    assert sum(m.into_studies for m in shown) <= whole.into_studies
    for m in shown:
        assert m.completed <= m.started and m.into_work + m.into_studies <= m.started
    if result.shown_total is not None:
        assert result.shown_total.started == sum(m.started for m in shown)
        assert result.shown_total.started <= whole.started


@given(rows=rows_strategy)
def test_every_group_is_the_same_whichever_order_the_rows_come_in(rows):
    assert compare(rows, YEAR, by=("provider",)) == compare(rows[::-1], YEAR, by=("provider",))

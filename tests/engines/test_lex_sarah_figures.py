"""Lex Sarah in the key figures (engines/indicators/lex_sarah.py): a hand count over a small
table of reports, the breakdowns, suppression, and properties over generated reports."""

from datetime import date, timedelta
from statistics import median

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobbtorg.engines.indicators.lex_sarah import (
    MEDIAN_DAYS,
    NONE,
    REPORTS,
    SERIOUS,
    LexSarahRow,
    lex_sarah_figures,
    suppress_groups,
)
from jobbtorg.engines.indicators.rows import tertials

T1 = tertials(2026)[0]  # 2026-01-01 – 2026-04-30


def row(reported, decided=None, serious=False, centre="sydost", kind=None):
    return LexSarahRow(
        reported_on=date.fromisoformat(reported),
        decided_on=date.fromisoformat(decided) if decided else None,
        serious=serious,
        job_centre=centre,
        provider_kind=kind,
    )


# Counted by hand, per line: filed in T1? serious? decided in T1, days?
ROWS = [
    row("2025-12-20", "2026-01-09", serious=True),  # filed before; decided in T1: 20 days
    row("2026-01-01", "2026-01-11"),  # filed and decided in T1: 10 days
    row("2026-02-10", serious=True, kind="procured"),  # filed, open
    row("2026-03-01", "2026-03-31", serious=True, kind="procured"),  # filed; 30 days
    row("2026-04-30", "2026-05-02"),  # filed on the last day; decided after T1
    row("2026-04-01", "2026-04-05", centre="jarva", kind="ngo"),  # filed; 4 days
    row("2026-03-15", None, centre=None),  # filed, outside a Jobbtorg
    row("2026-05-01", "2026-05-03", serious=True),  # after T1: nothing
]


def values(found):
    return {(v.indicator, tuple(v.group.items())): (v.value, v.n) for v in found}


def test_the_whole_city_by_hand():
    assert values(lex_sarah_figures(ROWS, T1)) == {
        # Filed in T1: rows 2–7 (six); serious among them: rows 3 and 4.
        (REPORTS, ()): (6, 6),
        (SERIOUS, ()): (2, 6),
        # Decided in T1: 20, 10, 30, 4 days → median of 4, 10, 20, 30 is 15.
        (MEDIAN_DAYS, ()): (15.0, 4),
    }


@pytest.mark.parametrize(
    "by, group, reports, serious, median_days, decided",
    [
        ("jobbtorg", "sydost", 4, 2, 20.0, 3),
        ("jobbtorg", "jarva", 1, 0, 4.0, 1),
        ("jobbtorg", NONE, 1, 0, None, 0),
        ("jobbtorg", "farsta", 0, 0, None, 0),  # named by the caller, no report
        ("provider_kind", NONE, 3, 0, 15.0, 2),
        ("provider_kind", "procured", 2, 2, 30.0, 1),
        ("provider_kind", "ngo", 1, 0, 4.0, 1),
        ("provider_kind", "choice_system", 0, 0, None, 0),
    ],
)
def test_per_group_by_hand(by, group, reports, serious, median_days, decided):
    found = values(
        lex_sarah_figures(
            ROWS, T1, by=by, job_centres=["farsta"], provider_kinds=["choice_system", "ngo"]
        )
    )
    key = ((by, group),)
    assert found[(REPORTS, key)] == (reports, reports)
    assert found[(SERIOUS, key)] == (serious, reports)
    assert found[(MEDIAN_DAYS, key)] == (median_days, decided)


def test_groups_in_name_order_with_none_last_and_figures_in_order():
    found = lex_sarah_figures(ROWS, T1, by="jobbtorg", job_centres=["farsta"])
    assert [v.group["jobbtorg"] for v in found[::3]] == ["farsta", "jarva", "sydost", NONE]
    assert [v.indicator for v in found[:3]] == [REPORTS, SERIOUS, MEDIAN_DAYS]


def test_an_unknown_breakdown_and_a_decision_before_the_report_are_refused():
    with pytest.raises(ValueError, match="unknown breakdown"):
        lex_sarah_figures(ROWS, T1, by="district")
    with pytest.raises(ValueError, match="before reported"):
        row("2026-02-02", "2026-02-01")


def test_an_even_number_of_decisions_takes_the_mean_of_the_middle_two():
    rows = [row("2026-01-01", "2026-01-04"), row("2026-01-01", "2026-01-06")]
    assert values(lex_sarah_figures(rows, T1))[(MEDIAN_DAYS, ())] == (4.0, 2)


def test_a_group_of_fewer_than_5_reports_shows_none_of_its_figures():
    five = [row(f"2026-01-0{d}", f"2026-02-0{d}") for d in range(1, 6)]
    four = [row(f"2026-01-0{d}", f"2026-02-0{d}", centre="jarva") for d in range(1, 5)]
    found = suppress_groups(lex_sarah_figures(five + four, T1, by="jobbtorg"))
    jarva = [v for v in found if v.group == {"jobbtorg": "jarva"}]
    assert [(v.value, v.n, v.suppressed) for v in jarva] == [(None, None, True)] * 3
    sydost = [v for v in found if v.group == {"jobbtorg": "sydost"}]
    assert [(v.value, v.n, v.suppressed) for v in sydost] == [
        (5, 5, False),
        (0, 5, False),
        (31.0, 5, False),
    ]


def test_a_median_over_fewer_than_5_decisions_is_blanked_even_in_a_large_group():
    # Six reports filed in the tertial, two of them decided in it: the median over two is
    # blanked. With four more decided that were filed before, it rests on six and is shown.
    filed = [row("2026-02-01")] * 4 + [row("2026-02-01", "2026-02-11")] * 2
    found = values(suppress_groups(lex_sarah_figures(filed, T1)))
    assert found[(REPORTS, ())] == (6, 6)
    assert found[(MEDIAN_DAYS, ())] == (None, None)
    earlier = [row("2025-12-01", "2026-01-01")] * 4
    found = values(suppress_groups(lex_sarah_figures(filed + earlier, T1)))
    assert found[(MEDIAN_DAYS, ())] == (31.0, 6)


def test_a_group_of_few_reports_hides_its_median_even_over_many_decisions():
    rows = [row("2026-02-01")] + [row("2025-12-01", "2026-01-01")] * 6
    found = values(suppress_groups(lex_sarah_figures(rows, T1)))
    assert found == {(name, ()): (None, None) for name in (REPORTS, SERIOUS, MEDIAN_DAYS)}


# Properties over generated reports

START = date(2025, 11, 1)
CENTRES = ["sydost", "jarva", None]
KINDS = ["procured", "ngo", "own_operation", None]


@st.composite
def reports(draw):
    out = []
    for _ in range(draw(st.integers(0, 30))):
        reported = START + timedelta(days=draw(st.integers(0, 240)))
        decided = draw(st.one_of(st.none(), st.integers(0, 120)))
        out.append(
            LexSarahRow(
                reported_on=reported,
                decided_on=None if decided is None else reported + timedelta(days=decided),
                serious=draw(st.booleans()),
                job_centre=draw(st.sampled_from(CENTRES)),
                provider_kind=draw(st.sampled_from(KINDS)),
            )
        )
    return out


def _by_indicator(found, name):
    return [v for v in found if v.indicator == name]


@settings(max_examples=150, deadline=None)
@given(reports())
def test_groups_add_up_to_the_city_and_serious_never_exceeds_reports(rows):
    city = values(lex_sarah_figures(rows, T1))
    for by in ("jobbtorg", "provider_kind"):
        found = lex_sarah_figures(rows, T1, by=by)
        for name in (REPORTS, SERIOUS):
            assert sum(v.value for v in _by_indicator(found, name)) == city[(name, ())][0]
        decided = sum(v.n for v in _by_indicator(found, MEDIAN_DAYS))
        assert decided == city[(MEDIAN_DAYS, ())][1]
        for reports_, serious in zip(
            _by_indicator(found, REPORTS), _by_indicator(found, SERIOUS), strict=True
        ):
            assert 0 <= serious.value <= reports_.value == serious.n


@settings(max_examples=150, deadline=None)
@given(reports())
def test_the_median_lies_between_the_shortest_and_the_longest_time(rows):
    for by in (None, "jobbtorg", "provider_kind"):
        for value in _by_indicator(lex_sarah_figures(rows, T1, by=by), MEDIAN_DAYS):
            days = [
                (r.decided_on - r.reported_on).days
                for r in rows
                if r.decided_on in T1
                and all(
                    (r.job_centre if key == "jobbtorg" else r.provider_kind) == (name or None)
                    for key, name in value.group.items()
                )
            ]
            assert value.n == len(days)
            if days:
                assert min(days) <= value.value <= max(days)
                assert value.value == median(days)
            else:
                assert value.value is None


@settings(max_examples=100, deadline=None)
@given(reports())
def test_suppression_shows_a_group_whole_or_blanks_it_whole(rows):
    found = suppress_groups(lex_sarah_figures(rows, T1, by="jobbtorg"))
    for group_values in zip(*(iter(found),) * 3, strict=True):
        reports_, serious, median_days = group_values
        if reports_.suppressed:
            assert all(v.suppressed and v.value is None and v.n is None for v in group_values)
        else:
            assert reports_.n >= 5 and not serious.suppressed
            assert median_days.suppressed == (median_days.n is None)

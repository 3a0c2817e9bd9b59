"""Each indicator on small hand-built cases, with the definitions' edge cases."""

from datetime import date

import pytest

from jobbtorg.engines.indicators import (
    ActivityRow,
    AssistanceRow,
    Period,
    indicators,
    tertial_of,
    tertials,
)
from jobbtorg.engines.indicators.data import interrupted_days

from .builders import PERIOD, F, T, case, exit_to, values

D = date


def one(cases, indicator, *, activities=(), assistance=(), last=None, by=None, period=PERIOD):
    result = indicators(cases, activities, assistance, period, by=by, last_assistance_month=last)
    return values(result)[indicator]


COUNT_TABLE = [
    # (indicator, cases, expected (value, n))
    ("referrals", [case(referred_on=F, enrolled_on=None, participation_end=None)], (1, 1)),
    ("referrals", [case(referred_on=T, enrolled_on=None, participation_end=None)], (1, 1)),
    ("referrals", [case(referred_on=D(2024, 12, 31))], (None, 0)),
    ("referrals", [case(referred_on=D(2025, 5, 1))], (None, 0)),
    ("enrolled", [case(enrolled_on=F), case("b", enrolled_on=T)], (2, 2)),
    ("enrolled", [case(enrolled_on=None, participation_end=None)], (None, 0)),
    ("active", [case()], (1, 1)),
    ("active", [case(**exit_to("work", on=F))], (1, 1)),
    ("active", [case(**exit_to("work", on=D(2024, 12, 31)))], (None, 0)),
    ("active", [case(enrolled_on=T)], (1, 1)),
    ("active", [case(enrolled_on=D(2025, 5, 1))], (None, 0)),
    ("active", [case(enrolled_on=None, participation_end=None)], (None, 0)),
    ("exits", [case(**exit_to("work", on=F)), case("b", **exit_to("moved", on=T))], (2, 2)),
    ("exits", [case(**exit_to("work", on=D(2024, 12, 31)))], (None, 0)),
    ("exits", [case(**exit_to("work", on=D(2025, 5, 1)))], (None, 0)),
    # A referral closed before any first meeting is not a participant's exit.
    ("exits", [case(enrolled_on=None, participation_end=None, **exit_to("other"))], (None, 0)),
]


@pytest.mark.parametrize(("indicator", "cases", "expected"), COUNT_TABLE)
def test_counts(indicator, cases, expected):
    assert one(cases, indicator) == expected


EXITS = [
    case("w1", **exit_to("work", employment_form="permanent", extent="full", wage_subsidy=False)),
    case("w2", **exit_to("work", employment_form="municipal_measure", on=F)),
    case("w3", **exit_to("work", on=T)),  # form not recorded: still work for Kolada
    case("s1", **exit_to("studies", studies_with_student_finance=True)),
    case("s2", **exit_to("studies", studies_with_student_finance=False)),
    case("s3", **exit_to("studies")),  # unknown whether student finance: not counted
    case("o1", **exit_to("moved")),
    case("o2", **exit_to("stopped")),
]

SHARE_TABLE = [
    ("exits_to_work_share", EXITS, (3 / 8, 8)),
    ("exits_to_studies_share", EXITS, (3 / 8, 8)),
    # w1, w3 and s1: the municipal measure and the studies without student finance are out.
    ("exits_to_work_or_studies_share", EXITS, (3 / 8, 8)),
    ("exits_to_work_share", [case()], (None, 0)),
    ("exits_to_work_or_studies_share", [case(**exit_to("work", on=D(2025, 6, 1)))], (None, 0)),
]


STUDIES_TABLE = [
    # (student finance of each exit to studies, Kolada's share, exits to studies unknown)
    ([True], (1.0, 1), (None, 0)),
    ([False], (0.0, 1), (None, 0)),
    ([None], (0.0, 1), (1, 1)),
    ([True, None, None, False], (0.25, 4), (2, 2)),
    ([None, None, None], (0.0, 3), (3, 3)),
]


@pytest.mark.parametrize(("finance", "kolada", "unknown"), STUDIES_TABLE)
def test_an_exit_to_studies_counts_for_kolada_only_with_student_finance(finance, kolada, unknown):
    """Kolada counts studies that qualify for student finance: "yes" counts, "no" and not
    known do not, and how many are not known is a figure of its own."""
    cases = [
        case(f"s{i}", **exit_to("studies", studies_with_student_finance=value))
        for i, value in enumerate(finance)
    ]
    assert one(cases, "exits_to_work_or_studies_share") == kolada
    assert one(cases, "exits_to_studies_student_finance_unknown") == unknown


def test_the_unknown_student_finance_counts_exits_to_studies_in_the_period_only():
    cases = [
        case("s1", **exit_to("studies", on=D(2024, 12, 31))),
        case("s2", **exit_to("work", employment_form="permanent")),
        case("s3", enrolled_on=None, participation_end=None, **exit_to("studies")),
        case("s4", **exit_to("studies", on=T)),
    ]
    assert one(cases, "exits_to_studies_student_finance_unknown") == (1, 1)


@pytest.mark.parametrize(("indicator", "cases", "expected"), SHARE_TABLE)
def test_exit_shares(indicator, cases, expected):
    value, n = one(cases, indicator)
    assert n == expected[1]
    assert value == (None if expected[0] is None else pytest.approx(expected[0]))


def test_exits_by_employment_form_encodes_each_combination():
    result = indicators(EXITS, [], [], PERIOD)
    forms = {
        v.group["employment_form"]: (v.value, v.n)
        for v in result
        if v.indicator == "exits_by_employment_form"
    }
    assert forms["permanent_full_without_subsidy"] == (1, 1)
    assert forms["municipal_measure_unknown_extent_unknown_subsidy"] == (1, 1)
    assert forms["unknown_form_unknown_extent_unknown_subsidy"] == (1, 1)
    # The 12 fully known combinations are always there, None when nobody exited so.
    assert forms["temporary_part_with_subsidy"] == (None, 0)
    assert len(forms) == 12 + 2
    assert sum(n for _, n in forms.values()) == 3  # exits to work only


# Enrolled Monday 3 Feb 2025: due Monday 10 Feb. Enrolled Thursday 2 Jan: Epiphany (Monday 6
# Jan) is no working day, so due Friday 10 Jan.
PLAN_TABLE = [
    (
        "plan on the due date",
        [case(enrolled_on=D(2025, 2, 3), first_plan_on=D(2025, 2, 10))],
        (1.0, 1),
    ),
    ("plan a day late", [case(enrolled_on=D(2025, 2, 3), first_plan_on=D(2025, 2, 11))], (0.0, 1)),
    ("no plan", [case(enrolled_on=D(2025, 2, 3), first_plan_on=None)], (0.0, 1)),
    (
        "holiday moves the due date",
        [case(enrolled_on=D(2025, 1, 2), first_plan_on=D(2025, 1, 10))],
        (1.0, 1),
    ),
    (
        "exited before the due date without a plan: left out",
        [case(enrolled_on=D(2025, 2, 3), first_plan_on=None, **exit_to("moved", on=D(2025, 2, 5)))],
        (None, 0),
    ),
    (
        "exited before the due date with a plan: counted",
        [
            case(
                enrolled_on=D(2025, 2, 3),
                first_plan_on=D(2025, 2, 4),
                **exit_to("moved", on=D(2025, 2, 5)),
            )
        ],
        (1.0, 1),
    ),
    (
        "exited on the due date without a plan: counted, late",
        [
            case(
                enrolled_on=D(2025, 2, 3), first_plan_on=None, **exit_to("moved", on=D(2025, 2, 10))
            )
        ],
        (0.0, 1),
    ),
    ("due after T: not yet", [case(enrolled_on=D(2025, 4, 28), first_plan_on=None)], (None, 0)),
    ("enrolled before F", [case(first_plan_on=None)], (None, 0)),
]


@pytest.mark.parametrize(("name", "cases", "expected"), PLAN_TABLE, ids=[r[0] for r in PLAN_TABLE])
def test_plan_within_5_working_days(name, cases, expected):
    assert one(cases, "plan_within_5_working_days_share") == expected


MEDIAN_TABLE = [
    (
        "no interruption",
        [case(enrolled_on=D(2025, 1, 1), **exit_to("work", on=D(2025, 1, 31)))],
        (30.0, 1),
    ),
    (
        "interruption before enrolment is cut at enrolment (10 days)",
        [
            case(
                enrolled_on=D(2025, 1, 1),
                interruptions=((D(2024, 12, 20), D(2025, 1, 10)),),
                **exit_to("work", on=D(2025, 1, 31)),
            )
        ],
        (20.0, 1),
    ),
    (
        "interruption across the period's start counts whole (22 days)",
        [
            case(
                enrolled_on=D(2024, 11, 1),
                interruptions=((D(2024, 12, 20), D(2025, 1, 10)),),
                **exit_to("work", on=D(2025, 2, 1)),
            )
        ],
        (92.0 - 22, 1),
    ),
    (
        "ongoing interruption runs to the exit",
        [
            case(
                enrolled_on=D(2025, 1, 1),
                interruptions=((D(2025, 1, 22), None),),
                **exit_to("moved", on=D(2025, 1, 31)),
            )
        ],
        (20.0, 1),
    ),
    (
        "even number: mean of the middle two",
        [
            case("a", enrolled_on=D(2025, 1, 1), **exit_to("work", on=D(2025, 1, 11))),
            case("b", enrolled_on=D(2025, 1, 1), **exit_to("work", on=D(2025, 1, 21))),
            case("c", enrolled_on=D(2025, 1, 1), **exit_to("work", on=D(2025, 1, 2))),
            case("d", enrolled_on=D(2025, 1, 1), **exit_to("work", on=D(2025, 3, 1))),
        ],
        (15.0, 4),
    ),
    (
        "interrupted the whole time: 0, never negative",
        [
            case(
                enrolled_on=D(2025, 1, 1),
                interruptions=((D(2025, 1, 1), D(2025, 1, 31)),),
                **exit_to("moved", on=D(2025, 1, 31)),
            )
        ],
        (0.0, 1),
    ),
    ("no exits", [case()], (None, 0)),
]


@pytest.mark.parametrize(
    ("name", "cases", "expected"), MEDIAN_TABLE, ids=[r[0] for r in MEDIAN_TABLE]
)
def test_median_days_to_exit(name, cases, expected):
    assert one(cases, "median_days_to_exit") == expected


def test_overlapping_interruptions_count_each_day_once():
    spans = ((D(2025, 1, 5), D(2025, 1, 14)), (D(2025, 1, 10), D(2025, 1, 19)))
    assert interrupted_days(D(2025, 1, 1), D(2025, 2, 1), spans) == 15


EIGHTEEN_TABLE = [
    (
        "end on F, exited on the end to work",
        [case(participation_end=F, **exit_to("work", on=F))],
        (1.0, 1),
        (1.0, 1),
    ),
    (
        "end on T, exited a day after",
        [case(participation_end=T, **exit_to("work", on=D(2025, 5, 1)))],
        (0.0, 1),
        (0.0, 1),
    ),
    (
        "exited earlier, but moved: out, not to work",
        [case(participation_end=D(2025, 3, 1), **exit_to("moved", on=D(2024, 10, 1)))],
        (1.0, 1),
        (0.0, 1),
    ),
    ("end after T", [case(participation_end=D(2025, 5, 1))], (None, 0), (None, 0)),
    ("never enrolled", [case(enrolled_on=None, participation_end=None)], (None, 0), (None, 0)),
]


@pytest.mark.parametrize(
    ("name", "cases", "exited", "to_work"), EIGHTEEN_TABLE, ids=[r[0] for r in EIGHTEEN_TABLE]
)
def test_within_18_months(name, cases, exited, to_work):
    assert one(cases, "exited_within_18_months_share") == exited
    assert one(cases, "to_work_or_studies_within_18_months_share") == to_work


def paid(person, *months_amounts):
    return [AssistanceRow(person, D(y, m, 1), amount) for (y, m), amount in months_amounts]


# Enrolled 10 May 2024: baseline months Feb, Mar, Apr 2024. Exit 15 Jan 2025: after = March
# 2025 (k = 2) and September 2025 (k = 8).
ENROLLED = D(2024, 5, 10)
EXIT = exit_to("work", on=D(2025, 1, 15))
BASELINE = paid("pa", ((2024, 2), 3000.0), ((2024, 4), 6000.0), ((2024, 5), 99999.0))


def test_assistance_reduction_with_a_missing_baseline_month_as_zero():
    cases = [case("a", enrolled_on=ENROLLED, **EXIT)]
    rows = [*BASELINE, *paid("pa", ((2025, 3), 1000.0), ((2025, 9), 1500.0))]
    last = D(2025, 9, 1)
    assert one(cases, "assistance_reduction_2m", assistance=rows, last=last) == (
        pytest.approx(1 - 1000 / 3000),
        1,
    )
    assert one(cases, "assistance_reduction_8m", assistance=rows, last=last) == (
        pytest.approx(0.5),
        1,
    )


def test_assistance_reduction_needs_the_after_month_in_the_data():
    cases = [case("a", enrolled_on=ENROLLED, **EXIT)]
    rows = [*BASELINE, *paid("pa", ((2025, 3), 0.0))]
    # The data end in August 2025: k = 2 is known (nothing paid in March), k = 8 is not yet.
    assert one(cases, "assistance_reduction_2m", assistance=rows, last=D(2025, 8, 1)) == (1.0, 1)
    assert one(cases, "assistance_reduction_8m", assistance=rows, last=D(2025, 8, 1)) == (None, 0)
    # By default the data end in their last month with a row: March 2025.
    assert one(cases, "assistance_reduction_2m", assistance=rows) == (1.0, 1)
    assert one(cases, "assistance_reduction_8m", assistance=rows) == (None, 0)


def test_a_person_without_assistance_baseline_is_left_out():
    cases = [
        case("a", enrolled_on=ENROLLED, **EXIT),
        case("b", enrolled_on=ENROLLED, **EXIT),  # no assistance before enrolling
    ]
    rows = [*BASELINE, *paid("pb", ((2025, 3), 5000.0))]
    assert one(cases, "assistance_reduction_2m", assistance=rows, last=D(2025, 9, 1)) == (1.0, 1)


def test_assistance_reduction_is_the_ratio_of_sums_and_may_be_negative():
    cases = [case("a", enrolled_on=ENROLLED, **EXIT), case("b", enrolled_on=ENROLLED, **EXIT)]
    rows = [
        *BASELINE,  # baseline 3000
        *paid("pb", ((2024, 4), 3000.0)),  # baseline 1000
        *paid("pa", ((2025, 3), 3000.0)),
        *paid("pb", ((2025, 3), 3000.0)),
    ]
    assert one(cases, "assistance_reduction_2m", assistance=rows, last=D(2025, 9, 1)) == (
        pytest.approx(1 - 6000 / 4000),
        2,
    )


def test_provider_groups_are_cases_with_an_activity_overlapping_the_period():
    cases = [case("a", **exit_to("work")), case("b", **exit_to("moved")), case("c")]
    activities = [
        ActivityRow("a", "Alfa", "matching", D(2024, 12, 1), F),  # overlaps the start
        ActivityRow("a", "Alfa", "matching", D(2025, 2, 1), D(2025, 2, 5)),  # twice: once
        ActivityRow("b", "Alfa", "job search", D(2024, 11, 1), D(2024, 12, 31)),  # before F
        ActivityRow("b", "Beta", "job search", T, D(2025, 8, 1)),
        ActivityRow("c", "Beta", "job search", D(2025, 3, 1), D(2025, 3, 2)),
    ]
    result = indicators(cases, activities, [], PERIOD, by="provider")
    exits = {v.group["provider"]: (v.value, v.n) for v in result if v.indicator == "exits"}
    work = {
        v.group["provider"]: (v.value, v.n) for v in result if v.indicator == "exits_to_work_share"
    }
    active = {v.group["provider"]: v.value for v in result if v.indicator == "active"}
    assert exits == {"Alfa": (1, 1), "Beta": (1, 1)}
    assert work == {"Alfa": (1.0, 1), "Beta": (0.0, 1)}
    assert active == {"Alfa": 1, "Beta": 2}


def test_every_known_group_is_reported_even_when_empty():
    cases = [case("a", district="Farsta"), case("b", district="Rinkeby", referred_on=F)]
    result = indicators(cases, [], [], PERIOD, by="district")
    referrals = {v.group["district"]: (v.value, v.n) for v in result if v.indicator == "referrals"}
    assert referrals == {"Farsta": (None, 0), "Rinkeby": (1, 1)}


def test_unknown_breakdown_and_codes_are_refused():
    with pytest.raises(ValueError, match="unknown breakdown"):
        indicators([case()], [], [], PERIOD, by="colour")
    with pytest.raises(ValueError, match="unknown exit reason"):
        indicators([case(**exit_to("holiday"))], [], [], PERIOD)
    with pytest.raises(ValueError, match="unknown employment form"):
        indicators([case(**exit_to("work", employment_form="gig"))], [], [], PERIOD)
    with pytest.raises(ValueError, match="unknown case"):
        indicators([case()], [ActivityRow("zz", "A", "t", F, T)], [], PERIOD)


def test_no_cases_at_all():
    result = values(indicators([], [], [], PERIOD))
    assert all(value is None and n == 0 for value, n in result.values())


def test_tertials():
    assert tertials(2025)[1] == Period(D(2025, 5, 1), D(2025, 8, 31))
    assert tertial_of(D(2025, 4, 30)) == tertials(2025)[0]
    assert tertial_of(D(2025, 9, 1)) == tertials(2025)[2]
    with pytest.raises(ValueError):
        Period(T, F)

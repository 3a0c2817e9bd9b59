"""Generated cases, activities, assistance and a comparison pool, for tests and the benchmark."""

from datetime import date, timedelta

import numpy as np

from jobbtorg.engines.indicators.rows import ActivityRow, AssistanceRow, CaseRow
from jobbtorg.engines.rules.deadlines import Interruption, participation_end

CENTRES = ("Järva", "Sydost", "Söder", "Västerort")
GROUPS = ("resurs", "ungdom", "etablering", "arbetsmarknad")
DISTRICTS = ("Farsta", "Skärholmen", "Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby")
REASONS = ("work", "studies", "af_guarantee", "moved", "other_support", "no_assistance", "stopped")
FORMS = ("permanent", "temporary", "municipal_measure", None)
PROVIDERS = tuple(f"Provider {i:02d}" for i in range(40))
TYPES = ("job search", "matching", "placement", "training", "language", "guidance")


def _pick(rng, options, n):
    return [options[i] for i in rng.integers(0, len(options), n)]


def generate(n_cases, n_activities, *, start=date(2020, 1, 1), years=5, pool=0, seed=0):
    """(cases, activities, assistance rows, pool {person: (birth_date, district)}, last month).

    Cases are referred over `years` years from `start`; most are enrolled, most of those exit,
    some with interruptions; the assistance covers the same years for participants and for
    `pool` never-enrolled people, with a drop after a participant's exit.
    """
    rng = np.random.default_rng(seed)
    days = years * 365
    people = max(1, int(n_cases * 0.95))
    cases = []
    for i in range(n_cases):
        referred = start + timedelta(days=int(rng.integers(0, days)))
        enrolled = (
            referred + timedelta(days=int(rng.integers(0, 30))) if rng.random() < 0.9 else None
        )
        exit_on = reason = form = extent = subsidy = finance = None
        interruptions = ()
        plan = pend = None
        if enrolled is not None:
            if rng.random() < 0.15:
                s = enrolled + timedelta(days=int(rng.integers(-20, 200)))
                e = None if rng.random() < 0.2 else s + timedelta(days=int(rng.integers(0, 120)))
                interruptions = ((s, e),)
            pend = participation_end(
                enrolled,
                [Interruption(s, e) for s, e in interruptions],
                extended_until=(),
                as_of=start + timedelta(days=days),
            )
            if rng.random() < 0.9:
                plan = enrolled + timedelta(days=int(rng.integers(0, 14)))
            if rng.random() < 0.8:
                exit_on = enrolled + timedelta(days=int(rng.integers(0, 700)))
                reason = REASONS[int(rng.integers(0, len(REASONS)))]
                if reason == "work":
                    form = FORMS[int(rng.integers(0, len(FORMS)))]
                    extent = ("full", "part", None)[int(rng.integers(0, 3))]
                    subsidy = (True, False, None)[int(rng.integers(0, 3))]
                elif reason == "studies":
                    finance = (True, False, None)[int(rng.integers(0, 3))]
        cases.append(
            CaseRow(
                case_ref=f"c{i}",
                person_ref=f"p{int(rng.integers(0, people))}",
                job_centre=CENTRES[int(rng.integers(0, len(CENTRES)))],
                target_group=GROUPS[int(rng.integers(0, len(GROUPS)))],
                district=DISTRICTS[int(rng.integers(0, len(DISTRICTS)))],
                referred_on=referred,
                enrolled_on=enrolled,
                exit_on=exit_on,
                exit_reason=reason,
                employment_form=form,
                extent=extent,
                wage_subsidy=subsidy,
                studies_with_student_finance=finance,
                interruptions=interruptions,
                first_plan_on=plan,
                birth_date=date(1960, 1, 1) + timedelta(days=int(rng.integers(0, 40 * 365))),
                participation_end=pend,
            )
        )
    activities = []
    case_of = rng.integers(0, n_cases, n_activities)
    starts = rng.integers(0, 60, n_activities)
    lengths = rng.integers(0, 180, n_activities)
    providers = _pick(rng, PROVIDERS, n_activities)
    types = _pick(rng, TYPES, n_activities)
    for j in range(n_activities):
        case = cases[int(case_of[j])]
        begin = (case.enrolled_on or case.referred_on) + timedelta(days=int(starts[j]))
        activities.append(
            ActivityRow(
                case.case_ref,
                providers[j],
                types[j],
                begin,
                begin + timedelta(days=int(lengths[j])),
            )
        )
    months = [date(start.year + m // 12, m % 12 + 1, 1) for m in range(years * 12)]
    first_month = start.year * 12 + start.month - 1
    exit_month = {}
    for case in cases:
        if case.exit_on is not None:
            exit_month[case.person_ref] = case.exit_on.year * 12 + case.exit_on.month - 1
    assistance = []
    pool_people = {}
    refs = [f"p{i}" for i in range(people)] + [f"q{i}" for i in range(pool)]
    for number, ref in enumerate(refs):
        if ref.startswith("q"):
            pool_people[ref] = (
                date(1960, 1, 1) + timedelta(days=int(rng.integers(0, 40 * 365))),
                DISTRICTS[int(rng.integers(0, len(DISTRICTS)))],
            )
        level = float(rng.integers(3, 12)) * 1000
        on = rng.random(len(months)) < (0.7 if number % 3 else 0.3)
        amounts = rng.normal(level, 800, len(months))
        out_month = exit_month.get(ref)
        for m, month in enumerate(months):
            if not on[m]:
                continue
            if out_month is not None and first_month + m > out_month and rng.random() < 0.5:
                continue
            assistance.append(AssistanceRow(ref, month, round(max(amounts[m], 100.0), 2)))
    return cases, activities, assistance, pool_people, months[-1]

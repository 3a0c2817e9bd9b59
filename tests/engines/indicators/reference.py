"""A second, independent computation of the indicators: the definitions' words as plain loops.

Used to cross-check `indicators()` on generated data, and by the benchmark as the plain-Python
baseline. It shares nothing with the engine but the row types and `plan_due`.
"""

import statistics
from collections import defaultdict
from datetime import date, timedelta

from jobbtorg.engines.rules.deadlines import plan_due


def _month_shift(day, months):
    n = day.year * 12 + day.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def _kolada(case):
    if case.exit_reason == "work":
        return case.employment_form != "municipal_measure"
    if case.exit_reason == "studies":
        return case.studies_with_student_finance is True
    return False


def _interrupted(case):
    days = set()
    for start, end in case.interruptions:
        end = case.exit_on if end is None else end
        day = max(start, case.enrolled_on)
        while day <= min(end, case.exit_on):
            days.add(day)
            day += timedelta(days=1)
    return len(days)


def _combination(case):
    form = case.employment_form or "unknown_form"
    extent = case.extent or "unknown_extent"
    subsidy = {True: "with_subsidy", False: "without_subsidy", None: "unknown_subsidy"}[
        case.wage_subsidy
    ]
    return f"{form}_{extent}_{subsidy}"


def _share(num, den):
    return (num / den if den else None), den


def _count(k):
    return (k if k else None), k


def paid_by_month(assistance):
    paid = defaultdict(float)
    for row in assistance:
        paid[(row.person_ref, row.month)] += row.amount
    return paid


def group_indicators(cases, paid, period, last_month):
    """{indicator or (indicator, combination): (value, n)} for one group's cases."""
    f, t = period.start, period.end
    out = {}
    out["referrals"] = _count(sum(1 for c in cases if f <= c.referred_on <= t))
    enrolled = [c for c in cases if c.enrolled_on and f <= c.enrolled_on <= t]
    out["enrolled"] = _count(len(enrolled))
    out["active"] = _count(
        sum(
            1
            for c in cases
            if c.enrolled_on and c.enrolled_on <= t and not (c.exit_on and c.exit_on < f)
        )
    )
    exits = [c for c in cases if c.enrolled_on and c.exit_on and f <= c.exit_on <= t]
    out["exits"] = _count(len(exits))
    out["exits_to_work_share"] = _share(sum(c.exit_reason == "work" for c in exits), len(exits))
    out["exits_to_studies_share"] = _share(
        sum(c.exit_reason == "studies" for c in exits), len(exits)
    )
    out["exits_to_work_or_studies_share"] = _share(sum(_kolada(c) for c in exits), len(exits))
    out["exits_to_studies_student_finance_unknown"] = _count(
        sum(c.exit_reason == "studies" and c.studies_with_student_finance is None for c in exits)
    )
    combos = defaultdict(int)
    for c in exits:
        if c.exit_reason == "work":
            combos[_combination(c)] += 1
    for combination, k in combos.items():
        out[("exits_by_employment_form", combination)] = (k, k)
    considered = on_time = 0
    for c in enrolled:
        due = plan_due(c.enrolled_on)
        if due > t:
            continue
        if c.exit_on and c.exit_on < due and not (c.first_plan_on and c.first_plan_on <= c.exit_on):
            continue
        considered += 1
        on_time += bool(c.first_plan_on and c.first_plan_on <= due)
    out["plan_within_5_working_days_share"] = _share(on_time, considered)
    days = [max(0, (c.exit_on - c.enrolled_on).days - _interrupted(c)) for c in exits]
    out["median_days_to_exit"] = (statistics.median(days) if days else None), len(days)
    ending = [c for c in cases if c.participation_end and f <= c.participation_end <= t]
    out_by_end = [c for c in ending if c.exit_on and c.exit_on <= c.participation_end]
    out["exited_within_18_months_share"] = _share(len(out_by_end), len(ending))
    out["to_work_or_studies_within_18_months_share"] = _share(
        sum(_kolada(c) for c in out_by_end), len(ending)
    )
    for k in (2, 8):
        total_after = total_baseline = 0.0
        n = 0
        for c in exits:
            after_month = _month_shift(c.exit_on, k)
            if last_month is None or after_month > last_month:
                continue
            baseline = (
                sum(paid[(c.person_ref, _month_shift(c.enrolled_on, -b))] for b in (1, 2, 3)) / 3
            )
            if baseline <= 0:
                continue
            n += 1
            total_baseline += baseline
            total_after += paid[(c.person_ref, after_month)]
        out[f"assistance_reduction_{k}m"] = ((1 - total_after / total_baseline) if n else None), n
    return out


def reference(cases, activities, assistance, period, by, last_month):
    """{(group tuple, indicator key): (value, n)} for every group with at least one case."""
    groups = defaultdict(list)
    if by is None:
        groups[()] = list(cases)
    elif by in ("jobbtorg", "target_group", "district"):
        field = {"jobbtorg": "job_centre"}.get(by, by)
        for c in cases:
            groups[(getattr(c, field),)].append(c)
    else:
        by_ref = {c.case_ref: c for c in cases}
        members = defaultdict(set)
        for a in activities:
            if a.start <= period.end and a.end >= period.start:
                members[getattr(a, by)].add(a.case_ref)
        for name, refs in members.items():
            groups[(name,)] = [by_ref[r] for r in sorted(refs)]
    if last_month is None and assistance:
        last_month = max(row.month for row in assistance)
    paid = paid_by_month(assistance)
    result = {}
    for group, members_ in groups.items():
        for key, value in group_indicators(members_, paid, period, last_month).items():
            result[(group, key)] = value
    return result

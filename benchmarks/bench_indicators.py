"""All follow-up indicators for 100,000 cases, 1,000,000 activities and five years of monthly
assistance: every tertial (15) × every breakdown (city + 5), and the effect estimate for one
tertial; against a plain-Python loop computation on a sample, extrapolated.

Run: PYTHONPATH=src python benchmarks/bench_indicators.py   (BENCH_CASES, BENCH_ACTIVITIES,
BENCH_POOL, BENCH_SAMPLE to change the sizes). Data generated with a fixed seed.
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engines.indicators.generate import generate  # noqa: E402
from tests.engines.indicators.reference import paid_by_month, reference  # noqa: E402

from jobbtorg.engines.indicators import AssistanceMatrix, prepare, tertials  # noqa: E402
from jobbtorg.engines.indicators.compute import indicators_prepared  # noqa: E402
from jobbtorg.engines.indicators.data import BREAKDOWNS  # noqa: E402
from jobbtorg.engines.indicators.effect import effect  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "100000"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
POOL = int(os.environ.get("BENCH_POOL", "50000"))
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "2000"))
YEARS = 5


def clock(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main():
    (cases, activities, assistance, pool, last), seconds = clock(
        lambda: generate(CASES, ACTIVITIES, start=date(2020, 1, 1), years=YEARS, pool=POOL, seed=42)
    )
    print(
        f"generated {len(cases):,} cases, {len(activities):,} activities, "
        f"{len(assistance):,} assistance rows ({len(pool):,} pool people) in {seconds:.1f} s"
    )
    periods = [p for year in range(2020, 2020 + YEARS) for p in tertials(year)]

    matrix, t_matrix = clock(lambda: AssistanceMatrix.from_rows(assistance))
    data, t_prepare = clock(lambda: prepare(cases, activities, matrix))
    print(
        f"assistance rows -> matrix: {t_matrix:.2f} s; prepare cases+activities: {t_prepare:.2f} s"
    )

    per_breakdown = {}
    total_rows = 0
    start = time.perf_counter()
    for by in BREAKDOWNS:
        t0 = time.perf_counter()
        for period in periods:
            total_rows += len(indicators_prepared(data, period, by=by))
        per_breakdown[by] = time.perf_counter() - t0
    t_all = time.perf_counter() - start
    for by, seconds in per_breakdown.items():
        print(f"  by={by!s:<13} 15 tertials: {seconds:.2f} s ({seconds / 15 * 1000:.0f} ms each)")
    print(
        f"all indicators, {len(periods)} tertials x {len(BREAKDOWNS)} breakdowns: {t_all:.2f} s "
        f"({total_rows:,} values); with preparation: {t_all + t_prepare + t_matrix:.2f} s"
    )

    tertial = tertials(2022)[1]
    result, t_effect = clock(
        lambda: effect(cases, matrix, tertial, pool=pool, last_assistance_month=last)
    )
    print(
        f"effect for {tertial.start}–{tertial.end}: {t_effect:.2f} s; {result.participants:,} "
        f"participants, {result.matched:,} matched, {result.unmatched:,} unmatched, "
        f"{result.no_baseline:,} without baseline"
    )
    for e in result.estimates:
        print(
            f"  k={e.k_months}: {e.share_participants:.3f} vs {e.share_comparison:.3f}, "
            f"difference {e.difference:+.3f} [{e.ci_low:+.3f}, {e.ci_high:+.3f}] over {e.pairs:,}"
        )

    # Plain-Python loops on a sample of cases (with their activities and assistance), one
    # tertial × every breakdown, extrapolated linearly to all cases and 15 tertials.
    sample = cases[:SAMPLE]
    refs = {c.case_ref for c in sample}
    people = {c.person_ref for c in sample}
    sample_activities = [a for a in activities if a.case_ref in refs]
    sample_assistance = [r for r in assistance if r.person_ref in people]
    paid_by_month(sample_assistance)  # warm
    start = time.perf_counter()
    for by in BREAKDOWNS:
        reference(sample, sample_activities, sample_assistance, tertial, by, last)
    t_loop = time.perf_counter() - start
    factor = len(cases) / len(sample) * len(periods)
    estimate = t_loop * factor
    print(
        f"plain-Python loops: {t_loop:.2f} s for {len(sample):,} cases x 1 tertial x "
        f"{len(BREAKDOWNS)} breakdowns; extrapolated (x{factor:,.0f}, linear, an estimate, not "
        f"measured) to the full run: {estimate:,.0f} s = {estimate / 60:.0f} min; "
        f"numpy engine {estimate / t_all:,.0f}x faster (prepared), "
        f"{estimate / (t_all + t_prepare + t_matrix):,.0f}x including preparation"
    )


if __name__ == "__main__":
    main()

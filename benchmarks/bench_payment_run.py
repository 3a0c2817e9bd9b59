"""How long a monthly payment run takes for a city's worth of participations (R27).

The engine alone (`engines/payments/run.py`), fed plain facts and the paid history the adapter
reads from approved runs: N participations under 10 contracts, each started some months ago,
a third with a result, with every earlier month already paid. Baseline: walking the same facts
and paid lines once and summing them, the least any run must do. Medians of repeated runs in
this one process.
"""

import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jobbtorg.engines.payments.model import (  # noqa: E402
    Level,
    PaidLine,
    ParticipationFacts,
    PaymentModel,
    PaymentStep,
    StepKind,
)
from jobbtorg.engines.payments.run import payment_run  # noqa: E402
from jobbtorg.engines.rules.deadlines import add_months  # noqa: E402

PARTICIPATIONS = int(os.environ.get("BENCH_PARTICIPATIONS", "10000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
MONTH = dt.date(2026, 10, 1)
LEVELS = (Level.A, Level.B, Level.C)


def amounts(a: str, b: str, c: str) -> dict[Level, Decimal]:
    return {Level.A: Decimal(a), Level.B: Decimal(b), Level.C: Decimal(c)}


def build() -> tuple[dict[str, PaymentModel], list[ParticipationFacts], list[PaidLine]]:
    steps = (
        PaymentStep(StepKind.START_FEE, amounts("1000", "1500", "2000")),
        PaymentStep(StepKind.MONTHLY_BASE_FEE, amounts("2500", "3000", "3500")),
        PaymentStep(StepKind.RESULT_FEE, amounts("8000", "12000", "16000")),
        PaymentStep(StepKind.BONUS_3_MONTHS, amounts("3000", "4000", "5000")),
        PaymentStep(StepKind.BONUS_6_MONTHS, amounts("3000", "4000", "5000")),
    )
    models = {f"c{k}": PaymentModel(f"c{k}", steps) for k in range(10)}
    facts: list[ParticipationFacts] = []
    paid: list[PaidLine] = []
    for n in range(PARTICIPATIONS):
        months_ago = 1 + n % 8
        started = add_months(MONTH, -months_ago).replace(day=1 + n % 27)
        level = LEVELS[n % 3]
        result = add_months(started, 2) if n % 3 == 0 else None
        facts.append(
            ParticipationFacts(
                participation_ref=f"p{n}",
                provider_ref=f"provider{n % 40}",
                contract_ref=f"c{n % 10}",
                level=level,
                started_on=started,
                result_on=result,
                in_work_or_without_assistance_at_3_months=True if result else None,
            )
        )
        # Everything up to last month was paid in earlier runs.
        start_fee, monthly = steps[0].amount_by_level[level], steps[1].amount_by_level[level]
        paid.append(PaidLine(f"p{n}", StepKind.START_FEE, None, start_fee, "r0"))
        month = started.replace(day=1)
        while month < MONTH:
            paid.append(PaidLine(f"p{n}", StepKind.MONTHLY_BASE_FEE, month, monthly, "r0"))
            month = add_months(month, 1)
    return models, facts, paid


def median_ms(action) -> float:
    action()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    models, facts, paid = build()
    result = payment_run(models, facts, paid, month=MONTH)

    def baseline() -> Decimal:
        total = sum((line.amount for line in paid), Decimal(0))
        return total + sum(Decimal(len(f.participation_ref)) for f in facts)

    base = median_ms(baseline)
    run = median_ms(lambda: payment_run(models, facts, paid, month=MONTH))
    print(
        f"{PARTICIPATIONS} participations, {len(paid)} paid lines -> "
        f"{len(result.lines)} new lines, {len(result.problems)} problems"
    )
    print(f"baseline (walk and sum):  {base:8.1f} ms")
    print(f"payment run for {MONTH:%Y-%m}: {run:8.1f} ms  ({run / base:.1f} x baseline)")


if __name__ == "__main__":
    main()

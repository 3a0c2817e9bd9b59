"""What a payment run starts from: a contract's payment model, the facts of each participation,
and the lines earlier runs paid (R27).

The model follows Arbetsförmedlingen's "Rusta och matcha": a low base fee while the person takes
part and a high fee for a result (work or studies), each at level A, B or C by the person's
distance from the labour market, plus a bonus when the result lasts 3 and 6 months. Money is
Decimal in SEK; the run rounds to öre with ROUND_HALF_UP, never through float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")


def to_sek(amount: Decimal) -> Decimal:
    """An amount in SEK with exactly 2 decimals, half öre rounded up (away from zero)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class Level(StrEnum):
    """Distance from the labour market, as in Rusta och matcha: A nearest, C furthest."""

    A = "A"
    B = "B"
    C = "C"


class StepKind(StrEnum):
    """The steps of a model, in the order lines are listed."""

    START_FEE = "start_fee"
    MONTHLY_BASE_FEE = "monthly_base_fee"
    RESULT_FEE = "result_fee"
    BONUS_3_MONTHS = "bonus_3_months"
    BONUS_6_MONTHS = "bonus_6_months"


# The only step paid per calendar month; every other step is paid at most once.
MONTHLY_KINDS = frozenset({StepKind.MONTHLY_BASE_FEE})
KIND_ORDER = {kind: index for index, kind in enumerate(StepKind)}


@dataclass(frozen=True)
class PaymentStep:
    """One step of a model; an amount may be 0 for a level (e.g. no start fee at level A)."""

    kind: StepKind
    amount_by_level: Mapping[Level, Decimal]


@dataclass(frozen=True)
class PaymentModel:
    """A contract's steps; a step that is absent pays nothing."""

    contract_ref: str
    steps: tuple[PaymentStep, ...]

    def step(self, kind: StepKind) -> PaymentStep | None:
        return next((step for step in self.steps if step.kind is kind), None)


def payment_model_problems(model: PaymentModel) -> list[str]:
    """Everything that stops a model from being used, worded for the administrator."""
    prefix = f"contract {model.contract_ref}"
    problems: list[str] = []
    if not model.contract_ref.strip():
        prefix = "a payment model"
        problems.append("a payment model has no contract reference")
    seen: set[StepKind] = set()
    for step in model.steps:
        if step.kind in seen:
            # Two prices for one step would make the amount depend on which one is read.
            problems.append(f"{prefix}: step {step.kind} appears more than once")
            continue
        seen.add(step.kind)
        for level in Level:
            amount = step.amount_by_level.get(level)
            where = f"{prefix}: step {step.kind} at level {level}"
            if amount is None:
                problems.append(f"{where} has no amount (give 0 when it pays nothing)")
            elif not isinstance(amount, Decimal):
                # A float would bring binary rounding into money.
                problems.append(f"{where} must be a Decimal, not {type(amount).__name__}")
            elif not amount.is_finite():
                problems.append(f"{where} is not a finite amount")
            elif amount < 0:
                problems.append(f"{where} is negative ({amount})")
        unknown = sorted(str(key) for key in step.amount_by_level if key not in set(Level))
        if unknown:
            problems.append(f"{prefix}: step {step.kind} has unknown levels {', '.join(unknown)}")
    return problems


@dataclass(frozen=True)
class ParticipationFacts:
    """What happened in one participation, as the adapter reads it from the records.

    started_on None means the start never happened: nothing is paid at all. result_on is the
    day the person started work or studies. The 3- and 6-month facts are None while the
    follow-up is not yet known, True when the person is in work or without assistance then.
    """

    participation_ref: str
    provider_ref: str
    contract_ref: str
    level: Level
    started_on: date | None
    ended_on: date | None = None
    result_on: date | None = None
    in_work_or_without_assistance_at_3_months: bool | None = None
    in_work_or_without_assistance_at_6_months: bool | None = None


@dataclass(frozen=True)
class PaidLine:
    """A line an earlier run paid, corrections included; period is the month's first day for
    monthly steps and None for the others."""

    participation_ref: str
    kind: StepKind
    period: date | None
    amount: Decimal
    run_ref: str

"""What a payment run starts from: a contract's payment model, the facts of each participation,
and the lines earlier runs paid (R27).

The model follows Arbetsförmedlingen's "Rusta och matcha": a low base fee while the person takes
part and a high fee for a result (work or studies), each at level A, B or C by the person's
distance from the labour market, plus a bonus when the result lasts 3 and 6 months. Money is
Decimal in SEK; the run rounds to öre with ROUND_HALF_UP, never through float.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from jobbtorg.engines.rules.problems import gettext_noop

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


class Problem(str):
    """One thing that keeps a model or a participation out of a run: the English text, which
    is what the engine's callers compare and print, made of a message (a msgid) and its params,
    which the app translates and fills in where it shows it (`text`). Params keep their plain
    values: `step` a step's kind, `participation` a participation's reference."""

    msgid: str
    params: tuple[tuple[str, str], ...]

    def __new__(cls, msgid: str, **params: object) -> Problem:
        values = tuple((key, str(value)) for key, value in params.items())
        problem = super().__new__(cls, msgid % dict(values) if values else msgid)
        problem.msgid, problem.params = msgid, values
        return problem

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, str]]:
        return (self.msgid,), dict(self.params)

    def text(self, translate: Callable[[str], str] = gettext_noop) -> str:
        """In the language of `translate`; `shown` words a param's value for a person."""
        message = translate(self.msgid)
        return message % dict(self.params) if self.params else message

    def as_json(self) -> dict[str, object]:
        return {"text": str(self), "msgid": self.msgid, "params": dict(self.params)}


NO_CONTRACT_REFERENCE = gettext_noop("a payment model has no contract reference")
STEP_TWICE = gettext_noop("contract %(contract)s: step %(step)s appears more than once")
NO_AMOUNT = gettext_noop(
    "contract %(contract)s: step %(step)s at level %(level)s has no amount (give 0 when it pays "
    "nothing)"
)
NOT_A_DECIMAL = gettext_noop(
    "contract %(contract)s: step %(step)s at level %(level)s must be a Decimal, not %(type)s"
)
NOT_FINITE = gettext_noop(
    "contract %(contract)s: step %(step)s at level %(level)s is not a finite amount"
)
NEGATIVE = gettext_noop(
    "contract %(contract)s: step %(step)s at level %(level)s is negative (%(amount)s)"
)
UNKNOWN_LEVELS = gettext_noop("contract %(contract)s: step %(step)s has unknown levels %(levels)s")


def payment_model_problems(model: PaymentModel) -> list[Problem]:
    """Everything that stops a model from being used, worded for the administrator."""
    # A model without a reference is named by a dash rather than by nothing.
    contract = model.contract_ref.strip() or "–"
    problems: list[Problem] = []
    if not model.contract_ref.strip():
        problems.append(Problem(NO_CONTRACT_REFERENCE))
    seen: set[StepKind] = set()
    for step in model.steps:
        if step.kind in seen:
            # Two prices for one step would make the amount depend on which one is read.
            problems.append(Problem(STEP_TWICE, contract=contract, step=step.kind))
            continue
        seen.add(step.kind)
        for level in Level:
            amount = step.amount_by_level.get(level)
            where = {"contract": contract, "step": step.kind, "level": level}
            if amount is None:
                problems.append(Problem(NO_AMOUNT, **where))
            elif not isinstance(amount, Decimal):
                # A float would bring binary rounding into money.
                problems.append(Problem(NOT_A_DECIMAL, **where, type=type(amount).__name__))
            elif not amount.is_finite():
                problems.append(Problem(NOT_FINITE, **where))
            elif amount < 0:
                problems.append(Problem(NEGATIVE, **where, amount=amount))
        unknown = sorted(str(key) for key in step.amount_by_level if key not in set(Level))
        if unknown:
            problems.append(
                Problem(
                    UNKNOWN_LEVELS, contract=contract, step=step.kind, levels=", ".join(unknown)
                )
            )
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

"""The monthly payment run (R27): each provider's lines for a month, each traceable to its event.

A run pays every step due up to the end of its month that earlier runs have not paid, so a
month that was missed is caught up. It never pays a step (or, for the monthly fee, a month)
twice: for every step it compares what the facts make due now with the sum of what was paid,
and pays only the difference. When the facts changed after a step was paid (a corrected level,
a retracted result, a start that never happened) the difference becomes a correction line in
this run; paid lines are history and are never edited.

Facts that contradict themselves, or belong to a contract without a usable model, are listed as
problems and left out of the run until they are fixed: guessing could pay, or take back, money
wrongly, and the next run catches up once the facts are right.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jobbtorg.engines.payments.model import (
    KIND_ORDER,
    MONTHLY_KINDS,
    Level,
    PaidLine,
    ParticipationFacts,
    PaymentModel,
    Problem,
    StepKind,
    payment_model_problems,
    to_sek,
)
from jobbtorg.engines.rules.deadlines import add_months
from jobbtorg.engines.rules.problems import gettext_noop

_ZERO = Decimal("0.00")
# (kind, period): what one step of one participation is identified by across runs.
_StepKey = tuple[StepKind, date | None]
_BONUS_MONTHS = {StepKind.BONUS_3_MONTHS: 3, StepKind.BONUS_6_MONTHS: 6}


class Why(StrEnum):
    """The event a step is due for, or why a step that was paid is no longer due."""

    STARTED = "started"
    ACTIVE = "active"
    RESULT = "result"
    LASTED = "lasted"
    START_NEVER_HAPPENED = "start_never_happened"
    START_MOVED = "start_moved"
    NO_SUCH_STEP = "no_such_step"
    NOT_ACTIVE = "not_active"
    RESULT_RETRACTED = "result_retracted"
    RESULT_MOVED = "result_moved"
    NO_LONGER_DUE = "no_longer_due"
    FOLLOW_UP_NOT_KNOWN = "follow_up_not_known"
    NOT_LASTED = "not_lasted"
    BONUS_LATER = "bonus_later"


@dataclass(frozen=True)
class Event:
    """`why` with what it names: a day (a start, a result; for months, the month's first day),
    the months of a bonus, or the step a model lacks. The apps word it in their language from
    these; `text` is the English of the invoice basis."""

    why: Why
    day: date | None = None
    months: int | None = None
    kind: StepKind | None = None

    def text(self) -> str:
        day, month, months = _iso(self.day), _month(self.day), self.months
        texts: dict[Why, str] = {
            Why.STARTED: f"started {day}",
            Why.ACTIVE: f"active in {month}",
            Why.RESULT: f"result (work or studies) {day}",
            Why.LASTED: f"in work or without assistance {months} months after the result of {day}",
            Why.START_NEVER_HAPPENED: "the start never happened",
            Why.START_MOVED: f"the start was moved to {day}",
            Why.NO_SUCH_STEP: f"the contract's payment model has no {self.kind} step",
            Why.NOT_ACTIVE: f"not active in {month}",
            Why.RESULT_RETRACTED: "the result was retracted",
            Why.RESULT_MOVED: f"the result was moved to {day}",
            Why.NO_LONGER_DUE: "no longer due",
            Why.FOLLOW_UP_NOT_KNOWN: f"the {months}-month follow-up is no longer known",
            Why.NOT_LASTED: f"not in work or without assistance {months} months after the result",
            Why.BONUS_LATER: f"the {months}-month bonus is due from {month}",
        }
        return texts[self.why]


@dataclass(frozen=True)
class Reason:
    """Why a line is in the run: the event it pays, or, for a correction of earlier runs
    (`corrects`: their refs), the event and what it pays now (`owed` at `level`) against what
    was `paid`; `owed` is None when the step is no longer due."""

    event: Event
    corrects: tuple[str, ...] = ()
    level: Level | None = None
    owed: Decimal | None = None
    paid: Decimal | None = None

    def text(self) -> str:
        """The line's reason in English, as the invoice basis has always written it."""
        if not self.corrects:
            return self.event.text()
        if self.owed is not None:
            why = f"{self.event.text()}, level {self.level} pays {self.owed}, paid {self.paid}"
        else:
            why = f"{self.event.text()}, paid {self.paid}"
        return f"correction of run {', '.join(self.corrects)}: {why}"

    def as_json(self) -> dict[str, Any]:
        """Plain values, for a line stored beside its text."""
        event = self.event
        return {
            "why": str(event.why),
            "day": event.day.isoformat() if event.day else None,
            "months": event.months,
            "kind": str(event.kind) if event.kind else None,
            "corrects": list(self.corrects),
            "level": str(self.level) if self.level else None,
            "owed": str(self.owed) if self.owed is not None else None,
            "paid": str(self.paid) if self.paid is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        day = data.get("day")
        return cls(
            event=Event(
                why=Why(data["why"]),
                day=date.fromisoformat(day) if day else None,
                months=data.get("months"),
                kind=StepKind(data["kind"]) if data.get("kind") else None,
            ),
            corrects=tuple(data.get("corrects") or ()),
            level=Level(data["level"]) if data.get("level") else None,
            owed=Decimal(data["owed"]) if data.get("owed") is not None else None,
            paid=Decimal(data["paid"]) if data.get("paid") is not None else None,
        )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _month(day: date | None) -> str:
    return f"{day:%Y-%m}" if day else ""


@dataclass(frozen=True)
class PaymentLine:
    """One line of a run; `reason` names the event it pays, or the run it corrects, in English
    (the invoice basis's words); `why` holds the same as values, for the apps to word."""

    provider_ref: str
    contract_ref: str
    participation_ref: str
    kind: StepKind
    period: date | None
    level: Level
    amount: Decimal
    reason: str
    why: Reason | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RunResult:
    lines: tuple[PaymentLine, ...]
    totals_by_provider: Mapping[str, Decimal]
    problems: tuple[Problem, ...]

    def as_paid(self, run_ref: str) -> tuple[PaidLine, ...]:
        """The lines as the next run must see them once this run is approved as `run_ref`."""
        return tuple(
            PaidLine(line.participation_ref, line.kind, line.period, line.amount, run_ref)
            for line in self.lines
        )


@dataclass(frozen=True)
class _Due:
    amount: Decimal
    event: Event


def _step_sort_key(key: _StepKey) -> tuple[int, bool, date]:
    # One-off steps (period None) come before the months of the same kind.
    kind, period = key
    return (KIND_ORDER[kind], period is not None, period or date.min)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _months(first: date, last: date) -> list[date]:
    """The first day of every calendar month from `first`'s month to `last`'s, both included."""
    months: list[date] = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _bonus_fact(facts: ParticipationFacts, kind: StepKind) -> bool | None:
    if kind is StepKind.BONUS_3_MONTHS:
        return facts.in_work_or_without_assistance_at_3_months
    return facts.in_work_or_without_assistance_at_6_months


# What keeps a participation out of a run (msgids; `Problem`).
ENDS_BEFORE_START = gettext_noop(
    "participation %(participation)s: ends (%(ended)s) before it starts (%(started)s)"
)
RESULT_BEFORE_START = gettext_noop(
    "participation %(participation)s: result (%(result)s) before the start (%(started)s)"
)
FOLLOW_UP_WITHOUT_RESULT = gettext_noop(
    "participation %(participation)s: a %(months)s-month follow-up but no result"
)
PERIOD_NEEDED = gettext_noop(
    "a line of run %(run)s for participation %(participation)s: %(step)s needs the first day of "
    "a month as period"
)
NO_PERIOD = gettext_noop(
    "a line of run %(run)s for participation %(participation)s: %(step)s takes no period"
)
MODEL_OF_ANOTHER_CONTRACT = gettext_noop(
    "contract %(contract)s: its model is for contract %(other)s"
)
GIVEN_TWICE = gettext_noop(
    "participation %(participation)s: given %(count)s times; nothing computed"
)
UNKNOWN_CONTRACT = gettext_noop("participation %(participation)s: unknown contract %(contract)s")
MODEL_HAS_PROBLEMS = gettext_noop(
    "participation %(participation)s: the payment model of contract %(contract)s has problems"
)
LEFT_OUT = gettext_noop("participation %(participation)s: left out of this run until fixed")
PAID_WITHOUT_FACTS = gettext_noop(
    "participation %(participation)s: paid in earlier runs but no facts given"
)


def _facts_problems(facts: ParticipationFacts) -> list[Problem]:
    ref = facts.participation_ref
    problems: list[Problem] = []
    started, ended, result = facts.started_on, facts.ended_on, facts.result_on
    if started is not None and ended is not None and ended < started:
        problems.append(Problem(ENDS_BEFORE_START, participation=ref, ended=ended, started=started))
    if started is not None and result is not None and result < started:
        problems.append(
            Problem(RESULT_BEFORE_START, participation=ref, result=result, started=started)
        )
    for kind, months in _BONUS_MONTHS.items():
        if result is None and _bonus_fact(facts, kind) is not None:
            problems.append(Problem(FOLLOW_UP_WITHOUT_RESULT, participation=ref, months=months))
    return problems


def _due_steps(
    model: PaymentModel, facts: ParticipationFacts, month_end: date
) -> dict[_StepKey, _Due]:
    """Every step the facts make due up to `month_end`, at the participation's level."""
    started = facts.started_on
    # No start, or a start after this month: nothing is due, not even a start fee.
    if started is None or started > month_end:
        return {}
    amounts = {step.kind: to_sek(step.amount_by_level[facts.level]) for step in model.steps}
    due: dict[_StepKey, _Due] = {}

    def add(kind: StepKind, period: date | None, event: Event) -> None:
        if kind in amounts:
            due[(kind, period)] = _Due(amounts[kind], event)

    add(StepKind.START_FEE, None, Event(Why.STARTED, day=started))
    # Active for at least one day in a month pays that month; still active runs to month_end.
    last_active = month_end if facts.ended_on is None else min(facts.ended_on, month_end)
    for month in _months(started, last_active):
        add(StepKind.MONTHLY_BASE_FEE, month, Event(Why.ACTIVE, day=month))
    result = facts.result_on
    if result is not None and result <= month_end:
        add(StepKind.RESULT_FEE, None, Event(Why.RESULT, day=result))
        for kind, months in _BONUS_MONTHS.items():
            # Due in the month in which the result has lasted `months` calendar months.
            if _bonus_fact(facts, kind) is True and add_months(result, months) <= month_end:
                add(kind, None, Event(Why.LASTED, day=result, months=months))
    return due


def _why_not_due(
    key: _StepKey, facts: ParticipationFacts, model: PaymentModel, month_end: date
) -> Event:
    """Why a step that was paid is no longer due, for the correction line's reason."""
    kind, period = key
    if facts.started_on is None:
        return Event(Why.START_NEVER_HAPPENED)
    if facts.started_on > month_end:
        return Event(Why.START_MOVED, day=facts.started_on)
    if model.step(kind) is None:
        return Event(Why.NO_SUCH_STEP, kind=kind)
    if period is not None:
        return Event(Why.NOT_ACTIVE, day=period)
    result = facts.result_on
    if kind in (StepKind.RESULT_FEE, *_BONUS_MONTHS):
        if result is None:
            return Event(Why.RESULT_RETRACTED)
        if result > month_end:
            return Event(Why.RESULT_MOVED, day=result)
    months = _BONUS_MONTHS.get(kind)
    if months is None or result is None:
        return Event(Why.NO_LONGER_DUE)
    fact = _bonus_fact(facts, kind)
    if fact is None:
        return Event(Why.FOLLOW_UP_NOT_KNOWN, months=months)
    if fact is False:
        return Event(Why.NOT_LASTED, months=months)
    return Event(Why.BONUS_LATER, day=add_months(result, months), months=months)


def _index_paid(
    paid: Sequence[PaidLine],
) -> tuple[dict[str, dict[_StepKey, list[PaidLine]]], dict[str, list[Problem]]]:
    """Paid lines by participation and step, and the problems of malformed lines."""
    by_participation: dict[str, dict[_StepKey, list[PaidLine]]] = defaultdict(dict)
    problems: dict[str, list[Problem]] = defaultdict(list)
    for line in paid:
        where = {"run": line.run_ref, "participation": line.participation_ref, "step": line.kind}
        if line.kind in MONTHLY_KINDS and (line.period is None or line.period.day != 1):
            problems[line.participation_ref].append(Problem(PERIOD_NEEDED, **where))
        elif line.kind not in MONTHLY_KINDS and line.period is not None:
            problems[line.participation_ref].append(Problem(NO_PERIOD, **where))
        else:
            key = (line.kind, line.period)
            by_participation[line.participation_ref].setdefault(key, []).append(line)
    return by_participation, problems


def _participation_lines(
    facts: ParticipationFacts,
    model: PaymentModel,
    paid: Mapping[_StepKey, list[PaidLine]],
    month_end: date,
) -> list[PaymentLine]:
    due = _due_steps(model, facts, month_end)
    lines: list[PaymentLine] = []
    for key in sorted(due.keys() | paid.keys(), key=_step_sort_key):
        step = due.get(key)
        owed = step.amount if step is not None else _ZERO
        earlier = paid.get(key, [])
        if not earlier:
            # Nothing paid: the key came from the due steps (`step` is never None here).
            why = Reason(step.event if step is not None else Event(Why.NO_LONGER_DUE))
            amount = owed
        else:
            already = to_sek(sum((line.amount for line in earlier), _ZERO))
            amount = to_sek(owed - already)
            runs = tuple(dict.fromkeys(line.run_ref for line in earlier))
            if step is not None:
                why = Reason(step.event, runs, level=facts.level, owed=owed, paid=already)
            else:
                event = _why_not_due(key, facts, model, month_end)
                why = Reason(event, runs, paid=already)
        # A zero line pays nothing and would only crowd the invoice basis.
        if amount != 0:
            kind, period = key
            lines.append(
                PaymentLine(
                    provider_ref=facts.provider_ref,
                    contract_ref=facts.contract_ref,
                    participation_ref=facts.participation_ref,
                    kind=kind,
                    period=period,
                    level=facts.level,
                    amount=amount,
                    reason=why.text(),
                    why=why,
                )
            )
    return lines


def payment_run(
    model_by_contract: Mapping[str, PaymentModel],
    facts: Sequence[ParticipationFacts],
    paid: Sequence[PaidLine],
    *,
    month: date,
) -> RunResult:
    """The lines of the run for `month` (any day in it): everything due up to the month's end
    and not yet paid, plus corrections of earlier runs."""
    month_end = _month_end(month)
    problems: list[Problem] = []

    usable: dict[str, PaymentModel] = {}
    for contract_ref in sorted(model_by_contract):
        model = model_by_contract[contract_ref]
        found = payment_model_problems(model)
        if model.contract_ref != contract_ref:
            found.append(
                Problem(MODEL_OF_ANOTHER_CONTRACT, contract=contract_ref, other=model.contract_ref)
            )
        if found:
            problems.extend(found)
        else:
            usable[contract_ref] = model

    paid_by_participation, paid_problems = _index_paid(paid)
    counts: dict[str, int] = defaultdict(int)
    for participation in facts:
        counts[participation.participation_ref] += 1

    lines: list[PaymentLine] = []
    # Participations in (provider, contract, participation) order and each one's steps in kind
    # and period order give the lines in that order, the same whatever order the facts came in.
    ordered = sorted(facts, key=lambda f: (f.provider_ref, f.contract_ref, f.participation_ref))
    reported_twice: set[str] = set()
    for participation in ordered:
        ref = participation.participation_ref
        if counts[ref] > 1:
            # Two sets of facts for one participation: either could be the true one.
            if ref not in reported_twice:
                reported_twice.add(ref)
                problems.append(Problem(GIVEN_TWICE, participation=ref, count=counts[ref]))
            continue
        found = _facts_problems(participation) + paid_problems.get(ref, [])
        contract_model = usable.get(participation.contract_ref)
        contract = participation.contract_ref
        if contract not in model_by_contract:
            found.append(Problem(UNKNOWN_CONTRACT, participation=ref, contract=contract))
        elif contract_model is None:
            found.append(Problem(MODEL_HAS_PROBLEMS, participation=ref, contract=contract))
        if found or contract_model is None:
            problems.extend(found)
            problems.append(Problem(LEFT_OUT, participation=ref))
            continue
        lines.extend(
            _participation_lines(
                participation, contract_model, paid_by_participation.get(ref, {}), month_end
            )
        )

    # Paid lines are only corrected against facts; without facts they stay as they are.
    for ref in sorted(paid_by_participation.keys() - counts.keys()):
        problems.append(Problem(PAID_WITHOUT_FACTS, participation=ref))
    for ref in sorted(paid_problems.keys() - counts.keys()):
        problems.extend(paid_problems[ref])

    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.provider_ref] = totals.get(line.provider_ref, _ZERO) + line.amount
    return RunResult(tuple(lines), totals, tuple(problems))

"""Results-based payment runs (R27): tables of situations, and properties over generated runs.

Every price in MODEL differs by step and level, so a line paid at the wrong level or for the
wrong step shows in the amount.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbtorg.engines.payments.model import (
    Level,
    PaidLine,
    ParticipationFacts,
    PaymentModel,
    PaymentStep,
    StepKind,
    payment_model_problems,
)
from jobbtorg.engines.payments.run import payment_run

D = dt.date
START = StepKind.START_FEE
MONTHLY = StepKind.MONTHLY_BASE_FEE
RESULT = StepKind.RESULT_FEE
BONUS_3 = StepKind.BONUS_3_MONTHS
BONUS_6 = StepKind.BONUS_6_MONTHS
A, B, C = Level.A, Level.B, Level.C


def step(kind, a, b, c):
    return PaymentStep(kind, {A: Decimal(a), B: Decimal(b), C: Decimal(c)})


MODEL = PaymentModel(
    "LOU-1",
    (
        step(START, "1000.00", "1500.00", "2000.00"),
        step(MONTHLY, "2000.00", "2500.00", "3000.00"),
        step(RESULT, "10000.00", "15000.00", "20000.00"),
        step(BONUS_3, "3000.00", "4000.00", "5000.00"),
        step(BONUS_6, "6000.00", "8000.00", "10000.00"),
    ),
)
MODELS = {"LOU-1": MODEL}
STARTED = D(2026, 3, 4)


def facts(ref="P1", *, provider="ACME", contract="LOU-1", level=B, started=STARTED, **kw):
    return ParticipationFacts(ref, provider, contract, level, started, **kw)


def paid_line(kind, amount, run, period=None, ref="P1"):
    return PaidLine(ref, kind, period, Decimal(amount), run)


def run(participations, paid=(), *, month, models=MODELS):
    return payment_run(models, list(participations), list(paid), month=month)


def lines_of(result):
    return [(line.kind, line.period, line.amount, line.reason) for line in result.lines]


def sek(text):
    return Decimal(text)


# --- every step at each level ----------------------------------------------------------------

LASTED_3 = "in work or without assistance 3 months after the result of 2026-03-20"
LASTED_6 = "in work or without assistance 6 months after the result of 2026-03-20"

EVERY_STEP = [
    # level, kind, period, amount, reason
    (A, START, None, "1000.00", "started 2026-03-04"),
    (B, START, None, "1500.00", "started 2026-03-04"),
    (C, START, None, "2000.00", "started 2026-03-04"),
    (A, MONTHLY, D(2026, 3, 1), "2000.00", "active in 2026-03"),
    (B, MONTHLY, D(2026, 3, 1), "2500.00", "active in 2026-03"),
    (C, MONTHLY, D(2026, 3, 1), "3000.00", "active in 2026-03"),
    (A, RESULT, None, "10000.00", "result (work or studies) 2026-03-20"),
    (B, RESULT, None, "15000.00", "result (work or studies) 2026-03-20"),
    (C, RESULT, None, "20000.00", "result (work or studies) 2026-03-20"),
    (A, BONUS_3, None, "3000.00", LASTED_3),
    (B, BONUS_3, None, "4000.00", LASTED_3),
    (C, BONUS_3, None, "5000.00", LASTED_3),
    (A, BONUS_6, None, "6000.00", LASTED_6),
    (B, BONUS_6, None, "8000.00", LASTED_6),
    (C, BONUS_6, None, "10000.00", LASTED_6),
]


@pytest.mark.parametrize(("level", "kind", "period", "amount", "reason"), EVERY_STEP)
def test_every_step_pays_its_amount_at_each_level(level, kind, period, amount, reason):
    one_month_with_a_lasting_result = facts(
        level=level,
        ended_on=D(2026, 3, 31),
        result_on=D(2026, 3, 20),
        in_work_or_without_assistance_at_3_months=True,
        in_work_or_without_assistance_at_6_months=True,
    )
    result = run([one_month_with_a_lasting_result], month=D(2026, 9, 1))
    of_kind = [line for line in result.lines if line.kind is kind]
    assert [(line.period, line.amount, line.reason) for line in of_kind] == [
        (period, sek(amount), reason)
    ]
    assert of_kind[0].level is level
    assert (of_kind[0].provider_ref, of_kind[0].contract_ref) == ("ACME", "LOU-1")
    assert result.problems == ()


@pytest.mark.parametrize("kind", list(StepKind))
def test_a_step_absent_from_the_model_pays_nothing(kind):
    without = PaymentModel("LOU-1", tuple(s for s in MODEL.steps if s.kind is not kind))
    everything = facts(
        result_on=D(2026, 3, 20),
        in_work_or_without_assistance_at_3_months=True,
        in_work_or_without_assistance_at_6_months=True,
    )
    result = run([everything], month=D(2026, 9, 1), models={"LOU-1": without})
    kinds = {line.kind for line in result.lines}
    assert kind not in kinds
    assert kinds == set(StepKind) - {kind}


def test_a_level_with_amount_zero_gives_no_line():
    free_start_at_a = PaymentModel("LOU-1", (step(START, "0", "1500", "2000"),))
    assert run([facts(level=A)], month=D(2026, 3, 1), models={"LOU-1": free_start_at_a}).lines == ()


ROUNDING = [
    # level, price, paid (ROUND_HALF_UP to öre)
    (A, "1000.005", "1000.01"),
    (B, "1000.004", "1000.00"),
    (C, "999.995", "1000.00"),
]


@pytest.mark.parametrize(("level", "price", "expected"), ROUNDING)
def test_amounts_are_rounded_half_up_to_ore(level, price, expected):
    amounts = {A: sek("1"), B: sek("1"), C: sek("1"), level: sek(price)}
    model = PaymentModel("LOU-1", (PaymentStep(START, amounts),))
    (line,) = run([facts(level=level)], month=D(2026, 3, 1), models={"LOU-1": model}).lines
    assert line.amount == sek(expected)
    assert line.amount.as_tuple().exponent == -2


# --- monthly base fee --------------------------------------------------------------------------

MONTHS = [
    # situation, started, ended, run month, months paid
    ("a whole month", D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 1), [(2026, 3)]),
    (
        "started on a month's last day",
        D(2026, 3, 31),
        D(2026, 4, 15),
        D(2026, 4, 1),
        [(2026, 3), (2026, 4)],
    ),
    (
        "ended on a month's first day",
        D(2026, 3, 10),
        D(2026, 5, 1),
        D(2026, 6, 1),
        [(2026, 3), (2026, 4), (2026, 5)],
    ),
    ("a single day", D(2026, 2, 28), D(2026, 2, 28), D(2026, 4, 1), [(2026, 2)]),
    (
        "still active: every month up to the run's",
        D(2026, 1, 15),
        None,
        D(2026, 4, 1),
        [(2026, 1), (2026, 2), (2026, 3), (2026, 4)],
    ),
    (
        "ends after the run month: only up to the run's",
        D(2026, 3, 4),
        D(2026, 8, 31),
        D(2026, 4, 1),
        [(2026, 3), (2026, 4)],
    ),
    (
        "ended months before the run",
        D(2026, 1, 15),
        D(2026, 2, 10),
        D(2026, 5, 1),
        [(2026, 1), (2026, 2)],
    ),
    (
        "over the turn of the year",
        D(2025, 11, 20),
        D(2026, 2, 3),
        D(2026, 3, 1),
        [(2025, 11), (2025, 12), (2026, 1), (2026, 2)],
    ),
    ("starts after the run month: nothing yet", D(2026, 5, 2), None, D(2026, 4, 1), []),
    ("any day names the run month", D(2026, 4, 30), None, D(2026, 4, 17), [(2026, 4)]),
]


@pytest.mark.parametrize(
    ("situation", "started", "ended", "month", "expected"), MONTHS, ids=[m[0] for m in MONTHS]
)
def test_monthly_base_fee_is_paid_for_every_month_with_an_active_day(
    situation, started, ended, month, expected
):
    result = run([facts(started=started, ended_on=ended)], month=month)
    monthly = [line for line in result.lines if line.kind is MONTHLY]
    assert [(line.period, line.amount, line.reason) for line in monthly] == [
        (D(y, m, 1), sek("2500.00"), f"active in {y}-{m:02}") for y, m in expected
    ]


def test_a_start_that_never_happened_pays_nothing_at_all():
    never_started = facts(
        started=None,
        ended_on=D(2026, 4, 30),
        result_on=D(2026, 4, 2),
        in_work_or_without_assistance_at_3_months=True,
        in_work_or_without_assistance_at_6_months=True,
    )
    result = run([never_started], month=D(2026, 12, 1))
    assert (result.lines, result.problems, dict(result.totals_by_provider)) == ((), (), {})


def test_the_result_fee_is_paid_once_in_the_month_it_happens():
    person = facts(ended_on=D(2026, 5, 31), result_on=D(2026, 5, 20))
    assert not [ln for ln in run([person], month=D(2026, 4, 1)).lines if ln.kind is RESULT]
    may = run([person], month=D(2026, 5, 1))
    assert [ln for ln in lines_of(may) if ln[0] is RESULT] == [
        (RESULT, None, sek("15000.00"), "result (work or studies) 2026-05-20")
    ]
    later = run([person], may.as_paid("2026-05"), month=D(2026, 7, 1))
    assert later.lines == ()


BONUSES = [
    # result, 3-month fact, 6-month fact, run month, bonuses paid
    (D(2026, 5, 20), True, True, D(2026, 7, 1), []),
    (D(2026, 5, 20), True, True, D(2026, 8, 1), [BONUS_3]),
    (D(2026, 5, 20), True, True, D(2026, 10, 1), [BONUS_3]),
    (D(2026, 5, 20), True, True, D(2026, 11, 1), [BONUS_3, BONUS_6]),
    (D(2026, 5, 20), None, None, D(2026, 12, 1), []),
    (D(2026, 5, 20), False, False, D(2026, 12, 1), []),
    (D(2026, 5, 20), False, True, D(2026, 12, 1), [BONUS_6]),
    (D(2026, 5, 20), True, None, D(2026, 12, 1), [BONUS_3]),
    (D(2026, 5, 20), True, False, D(2026, 12, 1), [BONUS_3]),
    (D(2026, 1, 31), True, True, D(2026, 4, 1), [BONUS_3]),  # 3 months after 31 Jan is 30 April
    (D(2026, 1, 31), True, True, D(2026, 3, 1), []),
    (D(2026, 8, 31), True, True, D(2027, 1, 1), [BONUS_3]),
    (D(2026, 8, 31), True, True, D(2027, 2, 1), [BONUS_3, BONUS_6]),  # 6 months: 28 Feb 2027
]


@pytest.mark.parametrize(("result_on", "at_3", "at_6", "month", "expected"), BONUSES)
def test_bonuses_are_due_in_their_month_and_only_when_the_result_lasted(
    result_on, at_3, at_6, month, expected
):
    person = facts(
        started=D(2026, 1, 5),
        ended_on=D(2026, 1, 30),
        result_on=result_on,
        in_work_or_without_assistance_at_3_months=at_3,
        in_work_or_without_assistance_at_6_months=at_6,
    )
    result = run([person], month=month)
    assert [ln.kind for ln in result.lines if ln.kind in (BONUS_3, BONUS_6)] == expected


# --- across runs -------------------------------------------------------------------------------


def test_two_consecutive_runs_never_pay_a_step_twice():
    person = facts(result_on=D(2026, 4, 10))
    march = run([person], month=D(2026, 3, 1))
    assert lines_of(march) == [
        (START, None, sek("1500.00"), "started 2026-03-04"),
        (MONTHLY, D(2026, 3, 1), sek("2500.00"), "active in 2026-03"),
    ]
    april = run([person], march.as_paid("2026-03"), month=D(2026, 4, 1))
    assert lines_of(april) == [
        (MONTHLY, D(2026, 4, 1), sek("2500.00"), "active in 2026-04"),
        (RESULT, None, sek("15000.00"), "result (work or studies) 2026-04-10"),
    ]
    paid = march.as_paid("2026-03") + april.as_paid("2026-04")
    assert run([person], paid, month=D(2026, 4, 1)).lines == ()


def test_a_run_catches_up_on_earlier_months_not_yet_paid():
    person = facts(started=D(2026, 1, 20))
    paid = [
        paid_line(START, "1500.00", "2026-01"),
        paid_line(MONTHLY, "2500.00", "2026-01", D(2026, 1, 1)),
    ]
    assert lines_of(run([person], paid, month=D(2026, 4, 1))) == [
        (MONTHLY, D(2026, m, 1), sek("2500.00"), f"active in 2026-{m:02}") for m in (2, 3, 4)
    ]


PAID_MARCH = [
    paid_line(START, "1500.00", "2026-03"),
    paid_line(MONTHLY, "2500.00", "2026-03", D(2026, 3, 1)),
]

CORRECTIONS = [
    (
        "level corrected from B to A: every paid step gives back the difference",
        facts(level=A),
        [*PAID_MARCH, paid_line(MONTHLY, "2500.00", "2026-04", D(2026, 4, 1))],
        D(2026, 5, 1),
        [
            (
                START,
                None,
                "-500.00",
                "correction of run 2026-03: started 2026-03-04, level A pays 1000.00, paid 1500.00",
            ),
            (
                MONTHLY,
                D(2026, 3, 1),
                "-500.00",
                "correction of run 2026-03: active in 2026-03, level A pays 2000.00, paid 2500.00",
            ),
            (
                MONTHLY,
                D(2026, 4, 1),
                "-500.00",
                "correction of run 2026-04: active in 2026-04, level A pays 2000.00, paid 2500.00",
            ),
            (MONTHLY, D(2026, 5, 1), "2000.00", "active in 2026-05"),
        ],
    ),
    (
        "level corrected from B to C: the difference is paid",
        facts(level=C, ended_on=D(2026, 3, 31)),
        PAID_MARCH,
        D(2026, 4, 1),
        [
            (
                START,
                None,
                "500.00",
                "correction of run 2026-03: started 2026-03-04, level C pays 2000.00, paid 1500.00",
            ),
            (
                MONTHLY,
                D(2026, 3, 1),
                "500.00",
                "correction of run 2026-03: active in 2026-03, level C pays 3000.00, paid 2500.00",
            ),
        ],
    ),
    (
        "a retracted result is taken back",
        facts(ended_on=D(2026, 3, 31)),
        [*PAID_MARCH, paid_line(RESULT, "15000.00", "2026-05")],
        D(2026, 6, 1),
        [
            (
                RESULT,
                None,
                "-15000.00",
                "correction of run 2026-05: the result was retracted, paid 15000.00",
            )
        ],
    ),
    (
        "a start that never happened takes back the start fee and the months",
        facts(started=None),
        PAID_MARCH,
        D(2026, 4, 1),
        [
            (
                START,
                None,
                "-1500.00",
                "correction of run 2026-03: the start never happened, paid 1500.00",
            ),
            (
                MONTHLY,
                D(2026, 3, 1),
                "-2500.00",
                "correction of run 2026-03: the start never happened, paid 2500.00",
            ),
        ],
    ),
    (
        "a start moved past the run month takes back what was paid",
        facts(started=D(2026, 7, 1)),
        PAID_MARCH,
        D(2026, 5, 1),
        [
            (
                START,
                None,
                "-1500.00",
                "correction of run 2026-03: the start was moved to 2026-07-01, paid 1500.00",
            ),
            (
                MONTHLY,
                D(2026, 3, 1),
                "-2500.00",
                "correction of run 2026-03: the start was moved to 2026-07-01, paid 2500.00",
            ),
        ],
    ),
    (
        "an end moved earlier takes back the months after it",
        facts(ended_on=D(2026, 3, 31)),
        [*PAID_MARCH, paid_line(MONTHLY, "2500.00", "2026-04", D(2026, 4, 1))],
        D(2026, 5, 1),
        [
            (
                MONTHLY,
                D(2026, 4, 1),
                "-2500.00",
                "correction of run 2026-04: not active in 2026-04, paid 2500.00",
            )
        ],
    ),
    (
        "a 3-month follow-up corrected to false takes back the bonus",
        facts(
            ended_on=D(2026, 3, 31),
            result_on=D(2026, 5, 20),
            in_work_or_without_assistance_at_3_months=False,
        ),
        [
            *PAID_MARCH,
            paid_line(RESULT, "15000.00", "2026-05"),
            paid_line(BONUS_3, "4000.00", "2026-08"),
        ],
        D(2026, 9, 1),
        [
            (
                BONUS_3,
                None,
                "-4000.00",
                "correction of run 2026-08: not in work or without assistance 3 months after the "
                "result, paid 4000.00",
            )
        ],
    ),
    (
        "a correction already made is not made again",
        facts(level=A, ended_on=D(2026, 3, 31)),
        [
            *PAID_MARCH,
            paid_line(START, "-500.00", "2026-05"),
            paid_line(MONTHLY, "-500.00", "2026-05", D(2026, 3, 1)),
        ],
        D(2026, 6, 1),
        [],
    ),
    (
        "a second change names every run that paid the step",
        facts(level=C, ended_on=D(2026, 3, 31)),
        [
            *PAID_MARCH,
            paid_line(START, "-500.00", "2026-05"),
            paid_line(MONTHLY, "-500.00", "2026-05", D(2026, 3, 1)),
        ],
        D(2026, 6, 1),
        [
            (
                START,
                None,
                "1000.00",
                "correction of run 2026-03, 2026-05: started 2026-03-04, level C pays 2000.00, "
                "paid 1000.00",
            ),
            (
                MONTHLY,
                D(2026, 3, 1),
                "1000.00",
                "correction of run 2026-03, 2026-05: active in 2026-03, level C pays 3000.00, "
                "paid 2000.00",
            ),
        ],
    ),
    (
        "a step reversed earlier and due again is paid again as a correction",
        facts(ended_on=D(2026, 3, 31)),
        [*PAID_MARCH, paid_line(START, "-1500.00", "2026-04")],
        D(2026, 5, 1),
        [
            (
                START,
                None,
                "1500.00",
                "correction of run 2026-03, 2026-04: started 2026-03-04, level B pays 1500.00, "
                "paid 0.00",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("situation", "person", "paid", "month", "expected"),
    CORRECTIONS,
    ids=[c[0] for c in CORRECTIONS],
)
def test_late_changes_become_correction_lines(situation, person, paid, month, expected):
    result = run([person], paid, month=month)
    assert lines_of(result) == [(k, p, sek(a), r) for k, p, a, r in expected]
    assert all(line.level is person.level for line in result.lines)
    assert result.problems == ()
    # Fed back as paid, the corrections settle the account: nothing more is due this month.
    assert run([person], [*paid, *result.as_paid("again")], month=month).lines == ()


def test_a_step_removed_from_the_model_after_it_was_paid_is_taken_back():
    no_start_fee = PaymentModel("LOU-1", MODEL.steps[1:])
    result = run(
        [facts(ended_on=D(2026, 3, 31))],
        PAID_MARCH,
        month=D(2026, 4, 1),
        models={"LOU-1": no_start_fee},
    )
    assert lines_of(result) == [
        (
            START,
            None,
            sek("-1500.00"),
            "correction of run 2026-03: the contract's payment model has no start_fee step, "
            "paid 1500.00",
        )
    ]


# --- providers, order and totals -----------------------------------------------------------------

OTHER_MODEL = PaymentModel("LOV-2", (step(START, "100.00", "200.00", "300.00"),))


def test_lines_come_in_provider_contract_participation_kind_and_period_order():
    people = [
        facts("P9", provider="Beta", result_on=D(2026, 4, 2)),
        facts("P2", provider="Alfa", contract="LOV-2", level=C),
        facts("P1", provider="Alfa", started=D(2026, 4, 1)),
        facts("P3", provider="Alfa"),
    ]
    models = {"LOU-1": MODEL, "LOV-2": OTHER_MODEL}
    result = payment_run(models, people, [], month=D(2026, 4, 1))
    assert [
        (ln.provider_ref, ln.contract_ref, ln.participation_ref, ln.kind, ln.period)
        for ln in result.lines
    ] == [
        ("Alfa", "LOU-1", "P1", START, None),
        ("Alfa", "LOU-1", "P1", MONTHLY, D(2026, 4, 1)),
        ("Alfa", "LOU-1", "P3", START, None),
        ("Alfa", "LOU-1", "P3", MONTHLY, D(2026, 3, 1)),
        ("Alfa", "LOU-1", "P3", MONTHLY, D(2026, 4, 1)),
        ("Alfa", "LOV-2", "P2", START, None),
        ("Beta", "LOU-1", "P9", START, None),
        ("Beta", "LOU-1", "P9", MONTHLY, D(2026, 3, 1)),
        ("Beta", "LOU-1", "P9", MONTHLY, D(2026, 4, 1)),
        ("Beta", "LOU-1", "P9", RESULT, None),
    ]
    assert payment_run(models, people[::-1], [], month=D(2026, 4, 1)) == result


def test_totals_by_provider_add_up_the_lines_corrections_included():
    people = [
        facts("P1", provider="Alfa", started=None),
        facts("P2", provider="Beta", ended_on=D(2026, 3, 31)),
    ]
    paid = [paid_line(START, "1500.00", "2026-03", ref="P1")]
    result = run(people, paid, month=D(2026, 3, 1))
    assert dict(result.totals_by_provider) == {"Alfa": sek("-1500.00"), "Beta": sek("4000.00")}


# --- problems ------------------------------------------------------------------------------------

PROBLEMS = [
    # situation, facts, paid, models, problems
    (
        "unknown contract",
        facts("P2", contract="LOU-99"),
        [],
        MODELS,
        [
            "participation P2: unknown contract LOU-99",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "ends before it starts",
        facts("P2", ended_on=D(2026, 3, 1)),
        [],
        MODELS,
        [
            "participation P2: ends (2026-03-01) before it starts (2026-03-04)",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "result before the start",
        facts("P2", result_on=D(2026, 3, 3)),
        [],
        MODELS,
        [
            "participation P2: result (2026-03-03) before the start (2026-03-04)",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "a follow-up without a result",
        facts("P2", in_work_or_without_assistance_at_6_months=True),
        [],
        MODELS,
        [
            "participation P2: a 6-month follow-up but no result",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "a model with problems",
        facts("P2", contract="LOV-2"),
        [],
        {**MODELS, "LOV-2": PaymentModel("LOV-2", (PaymentStep(START, {A: sek("1")}),))},
        [
            "contract LOV-2: step start_fee at level B has no amount (give 0 when it pays nothing)",
            "contract LOV-2: step start_fee at level C has no amount (give 0 when it pays nothing)",
            "participation P2: the payment model of contract LOV-2 has problems",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "a model filed under another contract",
        facts("P2", contract="LOV-2"),
        [],
        {**MODELS, "LOV-2": PaymentModel("LOV-3", MODEL.steps)},
        [
            "contract LOV-2: its model is for contract LOV-3",
            "participation P2: the payment model of contract LOV-2 has problems",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "a monthly paid line without its month",
        facts("P2"),
        [paid_line(MONTHLY, "2500.00", "2026-02", ref="P2")],
        MODELS,
        [
            "a line of run 2026-02 for participation P2: monthly_base_fee needs the first day "
            "of a month as period",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "a one-off paid line with a month",
        facts("P2"),
        [paid_line(START, "1500.00", "2026-02", D(2026, 2, 1), ref="P2")],
        MODELS,
        [
            "a line of run 2026-02 for participation P2: start_fee takes no period",
            "participation P2: left out of this run until fixed",
        ],
    ),
    (
        "paid lines without facts are left as they are",
        None,
        [paid_line(START, "1500.00", "2026-02", ref="P2")],
        MODELS,
        ["participation P2: paid in earlier runs but no facts given"],
    ),
]


@pytest.mark.parametrize(
    ("situation", "bad", "paid", "models", "expected"), PROBLEMS, ids=[p[0] for p in PROBLEMS]
)
def test_problems_are_listed_and_leave_only_that_participation_out(
    situation, bad, paid, models, expected
):
    good = facts("P1", ended_on=D(2026, 3, 31))
    people = [good] if bad is None else [good, bad]
    result = run(people, paid, month=D(2026, 4, 1), models=models)
    assert list(result.problems) == expected
    assert {line.participation_ref for line in result.lines} == {"P1"}
    assert dict(result.totals_by_provider) == {"ACME": sek("4000.00")}


def test_a_participation_given_twice_is_a_problem_not_a_double_payment():
    twice = [facts("P1"), facts("P1", level=C)]
    result = run(twice, month=D(2026, 3, 1))
    assert result.lines == ()
    assert result.problems == ("participation P1: given 2 times; nothing computed",)


MODEL_PROBLEMS = [
    ("a good model", MODEL, []),
    ("no steps at all pays nothing, and is allowed", PaymentModel("LOU-1", ()), []),
    (
        "negative amount",
        PaymentModel("LOU-1", (step(START, "1000", "-1", "0"),)),
        ["contract LOU-1: step start_fee at level B is negative (-1)"],
    ),
    (
        "duplicate step",
        PaymentModel("LOU-1", (step(RESULT, "1", "2", "3"), step(RESULT, "1", "2", "3"))),
        ["contract LOU-1: step result_fee appears more than once"],
    ),
    (
        "missing level amount",
        PaymentModel("LOU-1", (PaymentStep(MONTHLY, {A: sek("1"), C: sek("3")}),)),
        [
            "contract LOU-1: step monthly_base_fee at level B has no amount "
            "(give 0 when it pays nothing)"
        ],
    ),
    (
        "a float amount",
        PaymentModel("LOU-1", (PaymentStep(START, {A: sek("1"), B: 1.5, C: sek("3")}),)),
        ["contract LOU-1: step start_fee at level B must be a Decimal, not float"],
    ),
    (
        "not a finite amount",
        PaymentModel(
            "LOU-1", (PaymentStep(START, {A: sek("1"), B: sek("2"), C: sek("Infinity")}),)
        ),
        ["contract LOU-1: step start_fee at level C is not a finite amount"],
    ),
    (
        "an unknown level",
        PaymentModel(
            "LOU-1", (PaymentStep(START, {A: sek("1"), B: sek("2"), C: sek("3"), "D": sek("4")}),)
        ),
        ["contract LOU-1: step start_fee has unknown levels D"],
    ),
    (
        "no contract reference",
        PaymentModel(" ", MODEL.steps),
        ["a payment model has no contract reference"],
    ),
]


@pytest.mark.parametrize(
    ("situation", "model", "expected"), MODEL_PROBLEMS, ids=[m[0] for m in MODEL_PROBLEMS]
)
def test_payment_model_problems(situation, model, expected):
    assert payment_model_problems(model) == expected


# --- properties -----------------------------------------------------------------------------------

YEAR = [D(2026, m, 1) for m in range(1, 13)]
REFS = ("P1", "P2", "P3", "P4")
PROVIDER_OF = {"P1": "Alfa", "P2": "Alfa", "P3": "Beta", "P4": "Gamma"}
days = st.dates(D(2025, 10, 1), D(2026, 12, 31))
# Three decimals, so that rounding to öre is exercised.
prices = st.decimals(min_value=0, max_value=30000, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def payment_models(draw, contract_ref):
    kinds = draw(st.lists(st.sampled_from(list(StepKind)), unique=True))
    return PaymentModel(
        contract_ref,
        tuple(PaymentStep(kind, {level: draw(prices) for level in Level}) for kind in kinds),
    )


model_sets = st.fixed_dictionaries(
    {"LOU-1": payment_models("LOU-1"), "LOV-2": payment_models("LOV-2")}
)


@st.composite
def participation_facts(draw, ref):
    """Facts that agree with themselves; any of them may change from one month to the next."""
    started = draw(st.none() | days)
    after = st.integers(0, 400).map(lambda n: (started or D(2025, 10, 1)) + dt.timedelta(days=n))
    ended = draw(st.none() | after) if started is not None else None
    result = draw(st.none() | after)
    follow_up = st.none() | st.booleans()
    return ParticipationFacts(
        ref,
        PROVIDER_OF[ref],
        draw(st.sampled_from(["LOU-1", "LOV-2"])),
        draw(st.sampled_from(list(Level))),
        started,
        ended,
        result,
        draw(follow_up) if result is not None else None,
        draw(follow_up) if result is not None else None,
    )


fact_sets = st.tuples(*(participation_facts(ref) for ref in REFS))


def by_step(lines):
    sums: dict = {}
    for line in lines:
        key = (line.participation_ref, line.kind, line.period)
        sums[key] = sums.get(key, Decimal(0)) + line.amount
    return {key: amount for key, amount in sums.items() if amount != 0}


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(models=model_sets, monthly_facts=st.lists(fact_sets, min_size=12, max_size=12))
def test_month_by_month_runs_add_up_to_a_single_run_from_scratch(models, monthly_facts):
    """Facts may change between runs (levels, starts, results): the corrections make a year
    of runs pay exactly what one run over the year's final facts would."""
    paid: list[PaidLine] = []
    every_line = []
    for month, month_facts in zip(YEAR, monthly_facts, strict=True):
        result = payment_run(models, month_facts, paid, month=month)
        assert result.problems == ()
        every_line.extend(result.lines)
        paid.extend(result.as_paid(f"{month:%Y-%m}"))
    from_scratch = payment_run(models, monthly_facts[-1], [], month=YEAR[-1])
    assert by_step(every_line) == by_step(from_scratch.lines)
    assert len(by_step(from_scratch.lines)) == len(from_scratch.lines)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models=model_sets, earlier=fact_sets, now=fact_sets, month=st.sampled_from(YEAR))
def test_running_the_same_month_again_pays_nothing_more(models, earlier, now, month):
    before = payment_run(models, earlier, [], month=month).as_paid("before")
    first = payment_run(models, now, before, month=month)
    again = payment_run(models, now, [*before, *first.as_paid("first")], month=month)
    assert again.lines == ()
    assert dict(again.totals_by_provider) == {}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models=model_sets, earlier=fact_sets, now=fact_sets, month=st.sampled_from(YEAR))
def test_every_amount_has_two_decimals(models, earlier, now, month):
    before = payment_run(models, earlier, [], month=month).as_paid("before")
    result = payment_run(models, now, before, month=month)
    amounts = [line.amount for line in result.lines] + list(result.totals_by_provider.values())
    assert all(amount.as_tuple().exponent == -2 for amount in amounts)
    assert all(line.amount != 0 for line in result.lines)

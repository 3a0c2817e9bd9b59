"""What the payment run tests share: a procured provider with a contract whose payment model
pays every step, months counted from this one, and participations at each stage."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jobbtorg.engines.rules.deadlines import add_months
from jobbtorg.payments.models import PaymentRunLine
from jobbtorg.payments.services import (
    payment_run_approve,
    payment_run_preview,
)
from jobbtorg.providers.models import (
    ContractPaymentStep,
    Provider,
    ProviderKind,
    ProviderReportKind,
)
from jobbtorg.providers.services.participations import result_follow_up
from tests.offering import contract_for, place, report
from tests.participants.scenarios import active_case, context

# SEK per level (A, B, C) for each step of the test contract.
STEPS = {
    "start_fee": (Decimal("1000.00"), Decimal("2000.00"), Decimal("3000.00")),
    "monthly_base_fee": (Decimal("100.00"), Decimal("200.00"), Decimal("300.50")),
    "result_fee": (Decimal("5000.00"), Decimal("10000.00"), Decimal("15000.00")),
    "bonus_3_months": (Decimal("1500.00"), Decimal("2500.00"), Decimal("3500.00")),
    "bonus_6_months": (Decimal("1600.00"), Decimal("2600.00"), Decimal("3600.00")),
}


LEVELS = ("A", "B", "C")


def month(offset: int) -> dt.date:
    """The first day of the month `offset` months from this one."""
    return add_months(timezone.localdate().replace(day=1), offset)


def price(kind: str, level: str) -> Decimal:
    return STEPS[kind][LEVELS.index(level)]


def procured_provider() -> Provider:
    """Rusta AB, procured, with the test contract's payment model."""
    provider = Provider.objects.create(
        slug="rusta-ab",
        name="Rusta AB",
        kind=ProviderKind.PROCURED,
        organisation_number="5560160680",
    )
    contract = contract_for(provider)  # the one offering_at uses
    for kind, (a, b, c) in STEPS.items():
        ContractPaymentStep.objects.create(
            contract=contract, kind=kind, amount_a=a, amount_b=b, amount_c=c
        )
    return provider


def second_provider() -> Provider:
    """Matcha HB, procured, whose contract pays a start fee only: 1 234,50 kr at level A."""
    provider = Provider.objects.create(slug="matcha", name="Matcha HB", kind=ProviderKind.PROCURED)
    ContractPaymentStep.objects.create(
        contract=contract_for(provider),
        kind="start_fee",
        amount_a=Decimal("1234.50"),
        amount_b=Decimal("1"),
        amount_c=Decimal("1"),
    )
    return provider


def participation(staff, offering, *, level="B", start=None, **refer):
    case = active_case(staff, **refer)
    return place(case, offering, staff.coach_sydost, start=start or month(-8), level=level)


def started(staff, offering, *, level="B", on=None, **refer):
    on = on or month(-8)
    p = participation(staff, offering, level=level, start=on, **refer)
    report(p, staff.coach_sydost, ProviderReportKind.START, on)
    p.refresh_from_db()
    return p


def with_result(staff, p, on, *, lasted_3=None, lasted_6=None):
    report(
        p,
        staff.coach_sydost,
        ProviderReportKind.RESULT,
        on,
        result_kind="work",
        details={"employer": "ICA", "employment_form": "permanent", "extent": "full"},
    )
    p.refresh_from_db()
    for months, value in ((3, lasted_3), (6, lasted_6)):
        if value is not None:
            result_follow_up(
                context(staff.coach_sydost),
                p,
                months=months,
                in_work_or_without_assistance=value,
            )
    p.refresh_from_db()
    return p


def lines_of(run, p=None):
    lines = PaymentRunLine.objects.filter(run=run)
    if p is not None:
        lines = lines.filter(participation=p)
    return {(line.kind, line.period): line.amount for line in lines}


def preview(user, offset=-1):
    return payment_run_preview(context(user), f"{month(offset):%Y-%m}")


def approved(staff, offset=-1):
    return payment_run_approve(context(staff.manager_sydost), preview(staff.manager_sydost, offset))


def _placed_only(staff, offering, level):
    return participation(staff, offering, level=level), {}


def _never_started(staff, offering, level):
    p = participation(staff, offering, level=level)
    report(p, staff.coach_sydost, ProviderReportKind.NEVER_STARTED, month(-8), note="Kom aldrig")
    return p, {}


def _still_active(staff, offering, level):
    p = started(staff, offering, level=level, on=month(-2) + dt.timedelta(days=10))
    return p, {
        ("start_fee", None): price("start_fee", level),
        ("monthly_base_fee", month(-2)): price("monthly_base_fee", level),
        ("monthly_base_fee", month(-1)): price("monthly_base_fee", level),
    }


def _broken_off(staff, offering, level):
    p = started(staff, offering, level=level, on=month(-4) + dt.timedelta(days=20))
    report(
        p,
        staff.coach_sydost,
        ProviderReportKind.BREAK_OFF,
        month(-3) + dt.timedelta(days=2),
        note="Flyttade",
    )
    return p, {
        ("start_fee", None): price("start_fee", level),
        ("monthly_base_fee", month(-4)): price("monthly_base_fee", level),
        ("monthly_base_fee", month(-3)): price("monthly_base_fee", level),
    }


def _result_that_lasted(staff, offering, level):
    p = started(staff, offering, level=level, on=month(-8))
    report(p, staff.coach_sydost, ProviderReportKind.COMPLETION, month(-8) + dt.timedelta(days=14))
    with_result(staff, p, month(-8) + dt.timedelta(days=14), lasted_3=True, lasted_6=True)
    return p, {
        ("start_fee", None): price("start_fee", level),
        ("monthly_base_fee", month(-8)): price("monthly_base_fee", level),
        ("result_fee", None): price("result_fee", level),
        ("bonus_3_months", None): price("bonus_3_months", level),
        ("bonus_6_months", None): price("bonus_6_months", level),
    }


def _result_that_did_not_last(staff, offering, level):
    p = started(staff, offering, level=level, on=month(-8))
    report(p, staff.coach_sydost, ProviderReportKind.COMPLETION, month(-8) + dt.timedelta(days=14))
    with_result(staff, p, month(-8) + dt.timedelta(days=14), lasted_3=False)
    return p, {
        ("start_fee", None): price("start_fee", level),
        ("monthly_base_fee", month(-8)): price("monthly_base_fee", level),
        ("result_fee", None): price("result_fee", level),
    }


def _six_month_bonus_not_yet_due(staff, offering, level):
    # The result is 4 months old at the run's end: the 3-month bonus is due, the 6-month not.
    p = started(staff, offering, level=level, on=month(-5))
    report(p, staff.coach_sydost, ProviderReportKind.COMPLETION, month(-5) + dt.timedelta(days=3))
    with_result(staff, p, month(-5) + dt.timedelta(days=3), lasted_3=True, lasted_6=True)
    return p, {
        ("start_fee", None): price("start_fee", level),
        ("monthly_base_fee", month(-5)): price("monthly_base_fee", level),
        ("result_fee", None): price("result_fee", level),
        ("bonus_3_months", None): price("bonus_3_months", level),
    }


SCENARIOS = {
    "placed, not started: nothing": _placed_only,
    "a start that never happened: nothing": _never_started,
    "still active: start fee and each month": _still_active,
    "broken off: start fee and the months until then": _broken_off,
    "result that lasted 6 months: every step": _result_that_lasted,
    "result that did not last 3 months: no bonus": _result_that_did_not_last,
    "result 4 months old: the 6-month bonus waits": _six_month_bonus_not_yet_due,
}


FORMULA = '=HYPERLINK("http://x.example","Klicka")'

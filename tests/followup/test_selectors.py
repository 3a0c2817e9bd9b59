"""The follow-up's reads: the records as the engine's rows. The plan within 5 working days and
the participation end are read by the same rules as the case pages and Min dag, so the key
figures and those pages agree for the same people."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jobbtorg.engines.indicators.compute import indicators
from jobbtorg.engines.indicators.rows import Period
from jobbtorg.followup import selectors
from jobbtorg.followup.services.key_figures import Source, compute_rows
from jobbtorg.participants.models import LimitException, Referral
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.plans.deadlines import case_deadlines
from jobbtorg.plans.models import PlanVersion
from jobbtorg.transfer.models import AssistanceMonth
from jobbtorg.web.my_day import _compliance
from tests.participants.scenarios import context, enrol, refer, write_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def enrolled_on(referral: Referral, day: dt.date) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(
        enrolled_on=day,
        referred_at=timezone.make_aware(
            dt.datetime.combine(day - dt.timedelta(days=7), dt.time(9))
        ),
    )
    referral.refresh_from_db()
    return referral


def row_of(referral: Referral):
    return next(row for row in selectors.case_rows() if row.case_ref == str(referral.pk))


def test_an_approved_exception_gives_the_key_figures_the_case_pages_end(staff):
    """The case page and the key figures read one participation end; before, the key figures
    left approved exceptions to the 18-month limit out."""
    referral = enrolled_on(
        enrol(refer(staff.officer_farsta), staff.coach_sydost), TODAY - dt.timedelta(days=500)
    )
    until = TODAY + dt.timedelta(days=200)
    LimitException.objects.create(
        referral=referral,
        reason="Praktik som leder till anställning.",
        until=until,
        requested_by=staff.coach_sydost,
        approved=True,
        decided_by=staff.manager_sydost,
        decided_at=timezone.now(),
    )
    shown = case_deadlines(referral).participation_ends
    assert shown == until
    assert row_of(referral).participation_end == shown
    # The key figure counts the case in the period of that end, not of the 18 months.
    natural_end = shown - dt.timedelta(days=200)
    ends = {
        period: {
            r["indicator"]: r
            for r in compute_rows(
                *period, by=None, job_centre=None, suppress_below=None, source=Source()
            )
        }["exited_within_18_months_share"]["n"]
        for period in [(natural_end, natural_end + dt.timedelta(days=60)), (until, until)]
    }
    assert list(ends.values()) == [0, 1]


def test_the_managers_page_and_the_key_figures_count_plans_within_5_working_days_alike(staff):
    """Enrolled Monday 2 March 2026: the plan is due Monday 9 March. A transferred plan drawn up
    on the 5th and imported on the 20th is on time; a person who left on the 4th without a plan
    is not measured; a plan written on the 12th is late. Before, the manager's page counted the
    transferred plan late (by its import) and the early exit as missing."""
    monday, today = dt.date(2026, 3, 2), dt.date(2026, 3, 31)
    transferred, left, late = (
        enrolled_on(enrol(refer(staff.officer_farsta, first_name=name), staff.coach_sydost), monday)
        for name in ("Overford", "Slutat", "Sen")
    )
    plan = write_plan(transferred, staff.coach_sydost)
    PlanVersion.objects.filter(pk=plan.pk).update(
        drawn_up_on=dt.date(2026, 3, 5),
        created_at=timezone.make_aware(dt.datetime(2026, 3, 20, 10)),
    )
    plan = write_plan(late, staff.coach_sydost)
    PlanVersion.objects.filter(pk=plan.pk).update(
        drawn_up_on=dt.date(2026, 3, 12),
        created_at=timezone.make_aware(dt.datetime(2026, 3, 12, 10)),
    )
    exit_record(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=left,
        date=dt.date(2026, 3, 4),
        reason="moved",
    )

    page = _compliance(staff.manager_sydost, today)
    figures = {
        r["indicator"]: r
        for r in compute_rows(
            monday.replace(day=1),
            today,
            by=None,
            job_centre=None,
            suppress_below=None,
            source=Source(),
        )
    }

    assert (page["on_time"], page["late"], page["missing_overdue"]) == (1, 1, 0)
    assert page["left_before_due"] == 1 and page["total"] == 2 and page["share"] == 0.5
    plan_share = figures["plan_within_5_working_days_share"]
    assert (plan_share["value"], plan_share["n"]) == (0.5, 2)
    assert plan_share["n"] == page["on_time"] + page["late"] + page["missing_overdue"]


def test_assistance_read_as_columns_gives_the_same_figures_as_rows(cases, staff):

    from jobbtorg.followup import selectors

    for n, referral in enumerate(cases[:6]):
        person = referral.participant
        for k in range(-5, 10):
            month = (TODAY.replace(day=1) + dt.timedelta(days=31 * k)).replace(day=1)
            AssistanceMonth.objects.get_or_create(
                personal_identity_number=person.personal_identity_number,
                month=month,
                defaults={"participant": person, "amount_sek": Decimal(1000 * (n + 1) * (k < 2))},
            )
    period = Period(TODAY - dt.timedelta(days=200), TODAY + dt.timedelta(days=200))
    last = selectors.last_assistance_month()
    by_rows = indicators(
        selectors.case_rows(),
        selectors.activity_rows(),
        selectors.assistance_rows(),
        period,
        last_assistance_month=last,
    )
    by_matrix = indicators(
        selectors.case_rows(),
        selectors.activity_rows(),
        selectors.assistance_matrix(),
        period,
        last_assistance_month=last,
    )
    assert [(v.indicator, v.value, v.n) for v in by_rows] == [
        (v.indicator, v.value, v.n) for v in by_matrix
    ]

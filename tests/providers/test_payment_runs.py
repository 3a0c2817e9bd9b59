"""Monthly payment runs through the product (R27): participations built through the services,
runs previewed, approved and exported through the pages, late corrections paid back in the next
run. Every step at every level; never twice; stale previews refused; access per role; audit."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules.deadlines import add_months
from jobbtorg.providers.models import (
    ActivityParticipation,
    ContractPaymentStep,
    PaymentRun,
    PaymentRunLine,
    PaymentRunStatus,
    Provider,
    ProviderKind,
    ProviderReportKind,
)
from jobbtorg.providers.participations import result_follow_up
from jobbtorg.providers.payments import (
    participation_correct,
    payment_run_approve,
    payment_run_discard,
    payment_run_preview,
    run_ref,
)
from tests.conftest import client_for
from tests.offering import contract_for, offering_at, place, report
from tests.participants.scenarios import active_case, context

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

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


@pytest.fixture
def provider(db):
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


@pytest.fixture
def offering(provider):
    return offering_at(provider)


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


# Every step at every level.


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


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_each_step_is_paid_at_the_participations_level(staff, offering, scenario, level):
    p, expected = SCENARIOS[scenario](staff, offering, level)
    run = preview(staff.manager_sydost)
    assert run.problems == []
    assert lines_of(run, p) == expected
    assert {line.level for line in run.lines.all()} <= {level}


def test_every_line_names_the_event_it_pays(staff, offering):
    p, _ = _result_that_lasted(staff, offering, "A")
    run = preview(staff.manager_sydost)
    reasons = {line.kind: line.reason for line in run.lines.filter(participation=p)}
    start = month(-8)
    result = start + dt.timedelta(days=14)
    assert reasons["start_fee"] == f"started {start.isoformat()}"
    assert reasons["monthly_base_fee"] == f"active in {start:%Y-%m}"
    assert reasons["result_fee"] == f"result (work or studies) {result.isoformat()}"
    assert "3 months after the result" in reasons["bonus_3_months"]


# Never twice.


def test_two_runs_approved_in_a_row_never_pay_the_same_step_twice(staff, offering):
    active = started(staff, offering, level="C", on=month(-2), first_name="Ada")
    lasted, _ = _result_that_lasted(staff, offering, "A")
    first = approved(staff, -1)
    assert first.lines.count() == 3 + 5
    again = approved(staff, -1)
    assert not again.lines.exists()
    now = approved(staff, 0)
    assert lines_of(now) == {("monthly_base_fee", month(0)): price("monthly_base_fee", "C")}
    paid = PaymentRunLine.objects.filter(run__status=PaymentRunStatus.APPROVED)
    keys = [(line.participation_id, line.kind, line.period) for line in paid]
    assert len(keys) == len(set(keys))
    assert {line.participation_id for line in paid} == {active.pk, lasted.pk}


def test_a_stale_preview_is_refused_and_a_new_one_pays_only_the_rest(staff, offering):
    started(staff, offering, on=month(-1))
    early = preview(staff.manager_sydost)
    late = preview(staff.manager_sydost)
    payment_run_approve(context(staff.manager_sydost), early)
    with pytest.raises(ValidationFailed) as refused:
        payment_run_approve(context(staff.manager_sydost), late)
    assert f"The run {run_ref(early)} was approved after this preview" in str(refused.value)
    late.refresh_from_db()
    assert late.status == PaymentRunStatus.PREVIEW and late.approved_at is None
    assert lines_of(preview(staff.manager_sydost)) == {}


def test_only_a_preview_can_be_approved_or_discarded(staff, offering):
    run = approved(staff)
    with pytest.raises(ValidationFailed, match="Only a preview can be approved"):
        payment_run_approve(context(staff.manager_sydost), run)
    with pytest.raises(ValidationFailed, match="Only a preview can be discarded"):
        payment_run_discard(context(staff.manager_sydost), run)
    thrown = payment_run_discard(context(staff.manager_sydost), preview(staff.manager_sydost))
    assert thrown.status == PaymentRunStatus.DISCARDED
    with pytest.raises(ValidationFailed, match="Only a preview can be approved"):
        payment_run_approve(context(staff.manager_sydost), thrown)


def test_a_discarded_preview_pays_nothing(staff, offering):
    started(staff, offering, on=month(-1))
    payment_run_discard(context(staff.manager_sydost), preview(staff.manager_sydost))
    assert approved(staff).lines.count() == 2


# Late corrections.


def test_a_retracted_result_becomes_a_correction_in_the_next_run(staff, offering):
    p, _ = _result_that_lasted(staff, offering, "B")
    first = approved(staff, -1)
    participation_correct(
        context(staff.manager_sydost), p, result_retracted=True, note="Anställningen blev av"
    )
    p.refresh_from_db()
    assert (p.result_kind, p.result_on, p.result_details) == ("", None, {})
    assert p.in_work_or_without_assistance_at_3_months is None
    assert p.in_work_or_without_assistance_at_6_months is None
    nxt = preview(staff.manager_sydost, 0)
    lines = {line.kind: line for line in nxt.lines.filter(participation=p)}
    assert {kind: line.amount for kind, line in lines.items()} == {
        "result_fee": -price("result_fee", "B"),
        "bonus_3_months": -price("bonus_3_months", "B"),
        "bonus_6_months": -price("bonus_6_months", "B"),
    }
    assert lines["result_fee"].reason.startswith(
        f"correction of run {run_ref(first)}: the result was retracted"
    )


def test_a_corrected_level_pays_the_difference_in_the_next_run(staff, offering):
    p = started(staff, offering, level="A", on=month(-1))
    first = approved(staff, -1)
    participation_correct(context(staff.manager_sydost), p, level="C", note="Fel nivå")
    nxt = preview(staff.manager_sydost, 0)
    assert lines_of(nxt, p) == {
        ("start_fee", None): price("start_fee", "C") - price("start_fee", "A"),
        ("monthly_base_fee", month(-1)): Decimal("200.50"),
        ("monthly_base_fee", month(0)): price("monthly_base_fee", "C"),
    }
    correction = nxt.lines.get(kind="start_fee")
    assert correction.level == "C"
    assert correction.reason.startswith(f"correction of run {run_ref(first)}:")


def test_a_start_that_never_happened_takes_back_what_was_paid(staff, offering):
    p = started(staff, offering, on=month(-1))
    approved(staff, -1)
    participation_correct(context(staff.manager_sydost), p, started_on=None, note="Kom aldrig")
    p.refresh_from_db()
    assert p.status == "never_started"
    nxt = preview(staff.manager_sydost, 0)
    assert lines_of(nxt, p) == {
        ("start_fee", None): -price("start_fee", "B"),
        ("monthly_base_fee", month(-1)): -price("monthly_base_fee", "B"),
    }
    assert all("the start never happened" in line.reason for line in nxt.lines.all())


def test_a_correction_is_audited_with_before_and_after(staff, offering):
    p = started(staff, offering, level="A", on=month(-1))
    participation_correct(context(staff.manager_sydost), p, level="B", note="Fel nivå")
    entry = AuditEntry.objects.filter(object_id=str(p.pk)).order_by("-id").first()
    assert entry.actor_username == "manager-sydost"
    assert entry.action == "participation.corrected"
    assert entry.participant_id == p.referral.participant_id
    assert entry.changes["before"]["level"] == "A"
    assert entry.changes["after"]["level"] == "B"
    assert entry.changes["after"]["correction_note"] == "Fel nivå"


def test_who_may_correct(staff, provider):
    here = started(staff, offering_at(provider), on=month(-1))
    for user in (staff.coach_sydost, staff.manager_jarva, staff.administrator):
        with pytest.raises(NotAllowed):
            participation_correct(context(user), here, level="C", note="x")
    # A manager where the offering was made corrects it for a person served elsewhere (R22).
    hosted = started(staff, offering_at(provider, made_at="jarva", place="Kista"), on=month(-1))
    participation_correct(context(staff.manager_jarva), hosted, level="C", note="Fel nivå")
    hosted.refresh_from_db()
    assert hosted.level == "C"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"level": "D"}, "level", "Choose level A, B or C."),
        ({"level": "C", "note": " "}, "note", "Say why the facts are corrected."),
        ({"result_retracted": True}, "result_retracted", "There is no result to retract."),
        ({"started_on": "tomorrow"}, "started_on", "The date is in the future"),
        ({"level": "B"}, "__all__", "Nothing to correct"),
    ],
)
def test_a_correction_with_bad_input_writes_nothing(
    staff, offering, change, field, message, english
):
    p = started(staff, offering, level="B", on=month(-1))
    if change.get("started_on") == "tomorrow":
        change["started_on"] = timezone.localdate() + dt.timedelta(days=1)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        participation_correct(context(staff.manager_sydost), p, **{"note": "x", **change})
    assert message in refused.value.errors[field][0]
    p.refresh_from_db()
    assert (p.level, p.started_on) == ("B", month(-1))
    assert AuditEntry.objects.count() == entries


# Bad months.


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("april", "Give the month as YYYY-MM"),
        ("2026-13", "Give the month as YYYY-MM"),
        ("2026-4", "Give the month as YYYY-MM"),
        ("", "Give the month as YYYY-MM"),
        ("NEXT", "has not begun: a run can be made for this month"),
    ],
)
def test_a_bad_month_is_refused_on_the_page_and_nothing_is_written(staff, english, value, message):
    if value == "NEXT":
        value = f"{month(1):%Y-%m}"
    response = client_for(staff.manager_sydost, "en").post(
        reverse("payments:runs"), {"month": value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PaymentRun.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.PAYMENT_RUN_PREVIEWED).exists()


def test_a_month_before_the_latest_approved_run_is_refused(staff, offering):
    started(staff, offering, on=month(-2))
    approved(staff, -1)
    with pytest.raises(ValidationFailed) as refused:
        preview(staff.manager_sydost, -2)
    assert f"The run for {month(-1):%Y-%m} is approved" in refused.value.errors["month"][0]
    assert PaymentRun.objects.count() == 1


# Pages, roles, exports, audit.


def test_a_manager_previews_reads_and_approves_on_the_pages(staff, offering, english):
    p = started(staff, offering, level="B", on=month(-1), first_name="Ada", last_name="Lind")
    client = client_for(staff.manager_sydost, "en")
    response = client.post(reverse("payments:runs"), {"month": f"{month(-1):%Y-%m}"})
    run = PaymentRun.objects.get()
    assert response.url == reverse("payments:run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Rusta AB" in page and "Ada Lind" in page and str(p.pk) in page
    assert "Start fee" in page and f"started {month(-1).isoformat()}" in page
    assert "2,200.00" in page  # the provider's total: start fee and one month at level B
    assert "Approve the run" in page
    client.post(reverse("payments:approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.APPROVED and run.approved_by == staff.manager_sydost
    page = client.get(reverse("payments:run", args=[run.pk])).content.decode()
    assert "Approve the run" not in page and "fakturaunderlag.csv" in page


def test_the_persons_name_shows_only_to_who_may_see_the_case(staff, offering, english):
    p = started(staff, offering, on=month(-1), first_name="Ada", last_name="Lind")
    run = preview(staff.manager_sydost)
    for user in (staff.manager_jarva, staff.administrator):
        page = client_for(user, "en").get(reverse("payments:run", args=[run.pk])).content.decode()
        assert str(p.pk) in page and "Rusta AB" in page
        assert "Ada" not in page and "Lind" not in page


def test_a_stale_preview_is_refused_on_the_page_with_the_reason(staff, offering, english):
    started(staff, offering, on=month(-1))
    stale = preview(staff.manager_sydost)
    approved(staff)
    client = client_for(staff.manager_sydost, "en")
    response = client.post(reverse("payments:approve", args=[stale.pk]), follow=True)
    assert "was approved after this preview was made" in response.content.decode()
    stale.refresh_from_db()
    assert stale.status == PaymentRunStatus.PREVIEW


def test_problems_are_listed_on_the_run_page(staff, offering, english):
    p = started(staff, offering, on=month(-1))
    # Facts that contradict themselves (as an import from another system could bring): left
    # out of the run, and named, until someone fixes them.
    ActivityParticipation.objects.filter(pk=p.pk).update(ended_on=month(-2))
    run = preview(staff.manager_sydost)
    assert lines_of(run) == {}
    assert f"participation {p.pk}: left out of this run until fixed" in run.problems
    page = client_for(staff.administrator, "en").get(reverse("payments:run", args=[run.pk]))
    assert "left out of this run until fixed" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "list_status", "may_approve"),
    [
        ("manager_sydost", 200, True),
        ("manager_jarva", 200, True),
        ("administrator", 200, False),
        ("coach_sydost", 403, False),
        ("matcher_sydost", 403, False),
        ("officer_farsta", 403, False),
        ("provider_staff", 403, False),
        ("analyst", 403, False),
    ],
)
def test_access_per_role(staff, offering, who, list_status, may_approve):
    started(staff, offering, on=month(-1))
    run = preview(staff.manager_sydost)
    client = client_for(getattr(staff, who))
    assert client.get(reverse("payments:runs")).status_code == list_status
    assert client.get(reverse("payments:run", args=[run.pk])).status_code == list_status
    response = client.post(reverse("payments:runs"), {"month": f"{month(-1):%Y-%m}"})
    assert response.status_code == (302 if list_status == 200 else 403)
    response = client.post(reverse("payments:approve", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status == PaymentRunStatus.APPROVED) is may_approve
    assert response.status_code == (302 if may_approve else 403)
    export = client.get(reverse("payments:export_csv", args=[run.pk]))
    assert export.status_code == (200 if may_approve else 403 if list_status == 403 else 404)


def test_signed_out_and_unknown_runs(staff, client):
    assert client.get(reverse("payments:runs")).status_code == 302
    manager = client_for(staff.manager_sydost)
    assert manager.get(reverse("payments:run", args=[999])).status_code == 404
    assert manager.post(reverse("payments:approve", args=[999])).status_code == 404


def test_the_invoice_basis_as_csv(staff, provider, offering):
    p = started(staff, offering, level="C", on=month(-1))
    run = approved(staff)
    response = client_for(staff.administrator).get(reverse("payments:export_csv", args=[run.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"ersattning-{month(-1):%Y-%m}-{run.pk}.csv" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [(row["step"], row["period"], row["amount"]) for row in rows] == [
        ("start_fee", "", "3000.00"),
        ("monthly_base_fee", f"{month(-1):%Y-%m}", "300.50"),
    ]
    first = rows[0]
    assert first["run"] == run_ref(run) and first["month"] == f"{month(-1):%Y-%m}"
    assert (first["provider"], first["provider_name"]) == ("rusta-ab", "Rusta AB")
    assert first["organisation_number"] == "5560160680"
    assert (
        first["contract"] == str(offering.contract_id) and first["contract_number"] == "C-rusta-ab"
    )
    assert first["participation"] == str(p.pk) and first["level"] == "C"
    assert first["reason"] == f"started {month(-1).isoformat()}"
    # No names of people in the invoice basis.
    assert p.referral.participant.last_name.encode() not in body


def test_the_invoice_basis_as_xlsx(staff, offering):
    started(staff, offering, level="A", on=month(-1))
    other = Provider.objects.create(slug="matcha", name="Matcha HB", kind=ProviderKind.PROCURED)
    ContractPaymentStep.objects.create(
        contract=contract_for(other),
        kind="start_fee",
        amount_a=Decimal("1234.5"),
        amount_b=Decimal("1"),
        amount_c=Decimal("1"),
    )
    started(staff, offering_at(other), level="A", on=month(-1), first_name="Bo")
    run = approved(staff)
    response = client_for(staff.manager_sydost).get(reverse("payments:export_xlsx", args=[run.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["lines", "totals"]
    rows = list(workbook["lines"].iter_rows(values_only=True))
    assert rows[0][2] == "provider" and rows[0][11] == "amount"
    amounts = {(row[2], row[8]): row[11] for row in rows[1:]}
    assert amounts == {
        ("matcha", "start_fee"): 1234.5,
        ("rusta-ab", "start_fee"): 1000,
        ("rusta-ab", "monthly_base_fee"): 100,
    }
    assert workbook["lines"]["L2"].number_format == "0.00"
    totals = list(workbook["totals"].iter_rows(values_only=True))[1:]
    assert [(row[2], row[5]) for row in totals] == [("matcha", 1234.5), ("rusta-ab", 1100)]


def test_a_preview_has_no_invoice_basis(staff, offering):
    run = preview(staff.manager_sydost)
    client = client_for(staff.manager_sydost)
    assert client.get(reverse("payments:export_csv", args=[run.pk])).status_code == 404
    assert client.get(reverse("payments:export_xlsx", args=[run.pk])).status_code == 404


def test_audit_entries_name_each_person_on_the_run(staff, offering):
    a = started(staff, offering, on=month(-1), first_name="Ada")
    b = started(staff, offering, on=month(-1), first_name="Bo")
    client = client_for(staff.manager_sydost)
    client.post(reverse("payments:runs"), {"month": f"{month(-1):%Y-%m}"})
    run = PaymentRun.objects.get()
    client.get(reverse("payments:run", args=[run.pk]))
    client.post(reverse("payments:approve", args=[run.pk]))
    client.get(reverse("payments:export_csv", args=[run.pk]))
    people = {a.referral.participant_id, b.referral.participant_id}
    for action in (
        AuditAction.PAYMENT_RUN_PREVIEWED,
        AuditAction.PAYMENT_RUN_VIEWED,
        AuditAction.PAYMENT_RUN_APPROVED,
        AuditAction.PAYMENT_RUN_EXPORTED,
    ):
        entries = AuditEntry.objects.filter(action=action)
        assert {e.participant_id for e in entries} == people, action
        assert {(e.object_id, e.actor_username) for e in entries} == {
            (str(run.pk), "manager-sydost")
        }
    assert (
        AuditEntry.objects.get(
            action=AuditAction.PAYMENT_RUN_EXPORTED, participant=a.referral.participant
        ).channel
        == "export"
    )


def test_an_empty_run_is_still_on_record(staff):
    run = preview(staff.administrator)
    entry = AuditEntry.objects.get(action=AuditAction.PAYMENT_RUN_PREVIEWED)
    assert entry.participant_id is None and entry.object_id == str(run.pk)


# The command.


def test_the_command_prints_totals_and_problems(staff, offering, capsys):
    started(staff, offering, level="B", on=month(-1))
    call_command("payments", "preview", "--month", f"{month(-1):%Y-%m}")
    out = capsys.readouterr().out
    assert "rusta-ab" in out and "2200.00" in out
    assert not PaymentRun.objects.exists()


def test_the_command_refuses_a_bad_month(staff, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("payments", "preview", "--month", "2026-13")
    assert exit_.value.code == 2
    assert "YYYY-MM" in capsys.readouterr().err


# The contract's steps in the admin.


def steps_post(contract, rows):
    data = {
        "provider": str(contract.provider_id),
        "number": contract.number,
        "valid_from": contract.valid_from.isoformat(),
        "valid_until": contract.valid_until.isoformat(),
        "price_model": "",
        "payment_steps-TOTAL_FORMS": str(len(rows)),
        "payment_steps-INITIAL_FORMS": "0",
        "payment_steps-MIN_NUM_FORMS": "0",
        "payment_steps-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, a, b, c) in enumerate(rows):
        data |= {
            f"payment_steps-{index}-kind": kind,
            f"payment_steps-{index}-amount_a": a,
            f"payment_steps-{index}-amount_b": b,
            f"payment_steps-{index}-amount_c": c,
        }
    return data


def test_an_administrator_edits_a_contracts_steps_inline(staff):
    provider = Provider.objects.create(slug="ny", name="Ny AB", kind=ProviderKind.PROCURED)
    contract = contract_for(provider)
    client = client_for(staff.administrator, "en")
    url = reverse("admin:providers_contract_change", args=[contract.pk])
    response = client.post(url, steps_post(contract, [("start_fee", "0", "500", "1000.50")]))
    assert response.status_code == 302
    step = contract.payment_steps.get()
    assert (step.kind, step.amount_a, step.amount_c) == ("start_fee", 0, Decimal("1000.50"))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("start_fee", "1", "1", "1"), ("start_fee", "2", "2", "2")], "duplicate data for kind"),
        ([("result_fee", "1", "-5", "1")], "Give 0 or more SEK."),
        ([("result_fee", "1", "", "1")], "This field is required"),
    ],
)
def test_the_admin_refuses_a_model_that_cannot_be_used(staff, rows, message):
    provider = Provider.objects.create(slug="ny", name="Ny AB", kind=ProviderKind.PROCURED)
    contract = contract_for(provider)
    client = client_for(staff.administrator, "en")
    url = reverse("admin:providers_contract_change", args=[contract.pk])
    response = client.post(url, steps_post(contract, rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not contract.payment_steps.exists()
    assert client_for(staff.manager_sydost).get(url).status_code == 302


FORMULA = '=HYPERLINK("http://x.example","Klicka")'


def test_the_invoice_basis_cannot_carry_formulas_and_keeps_negative_amounts_numbers(
    staff, provider, offering
):
    """A provider's name that a spreadsheet would run is written as text (a leading quote);
    a correction's negative amount stays a number in both files."""
    p = started(staff, offering, on=month(-1))
    approved(staff, -1)
    participation_correct(context(staff.manager_sydost), p, started_on=None, note="Kom aldrig")
    run = payment_run_approve(context(staff.manager_sydost), preview(staff.manager_sydost, 0))
    Provider.objects.filter(pk=provider.pk).update(name=FORMULA)
    client = client_for(staff.manager_sydost)
    body = client.get(reverse("payments:export_csv", args=[run.pk])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert {row["provider_name"] for row in rows} == {"'" + FORMULA}
    assert sorted(row["amount"] for row in rows) == sorted(
        str(-price(kind, "B")) for kind in ("start_fee", "monthly_base_fee")
    )
    response = client.get(reverse("payments:export_xlsx", args=[run.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet, name_column in ((workbook["lines"], "D"), (workbook["totals"], "D")):
        cell = sheet[f"{name_column}2"]
        assert (cell.value, cell.data_type) == ("'" + FORMULA, "s")
    amounts = [row[11] for row in workbook["lines"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(a, int | float) and a < 0 for a in amounts)

"""Payment runs: what a preview pays, that nothing is paid twice, approving and discarding, the
late corrections of the facts a run reads and what the next run makes of them, and the
`payments` command."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.payments.models import PaymentRun, PaymentRunLine, PaymentRunStatus
from jobbtorg.payments.services import (
    payment_run_approve,
    payment_run_discard,
    run_ref,
)
from jobbtorg.providers.services.participations import participation_correct
from tests.offering import offering_at
from tests.participants.scenarios import context
from tests.payments.runs import (
    LEVELS,
    SCENARIOS,
    _result_that_lasted,
    approved,
    lines_of,
    month,
    preview,
    price,
    started,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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


def test_a_month_before_the_latest_approved_run_is_refused(staff, offering):
    started(staff, offering, on=month(-2))
    approved(staff, -1)
    with pytest.raises(ValidationFailed) as refused:
        preview(staff.manager_sydost, -2)
    assert f"The run for {month(-1):%Y-%m} is approved" in refused.value.errors["month"][0]
    assert PaymentRun.objects.count() == 1


def test_an_empty_run_is_still_on_record(staff):
    run = preview(staff.administrator)
    entry = AuditEntry.objects.get(action=AuditAction.PAYMENT_RUN_PREVIEWED)
    assert entry.participant_id is None and entry.object_id == str(run.pk)


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

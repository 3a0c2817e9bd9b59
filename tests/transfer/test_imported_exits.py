"""An exit written by the transfer import is held to the exit page's reference data and closes
what waited on the case, as an exit recorded on the page does (the exit service's own
function, `exited_cases_close`), audited."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.matching.models import SsykGroup
from jobbtorg.participants.models import DistrictEvent, EventKind, Exit, IntakeSlot
from tests.participants.scenarios import enrol, publish_slot, refer, tomorrow_at, write_plan

pytestmark = pytest.mark.django_db

EXITS = (
    "personnummer,exit_date,reason,employment_form,extent,hours_per_week,wage_subsidy,"
    "employer,occupation_ssyk\n"
)


def _import(tmp_path, exits: str) -> tuple[int, str]:
    directory = tmp_path / "exits"
    directory.mkdir()
    (directory / "exits.csv").write_text(exits, encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("transfer", "import", str(directory), stdout=out, stderr=io.StringIO())
    except SystemExit as stopped:
        return int(stopped.code or 0), out.getvalue()
    return 0, out.getvalue()


def _to_work(case, occupation: str) -> str:
    number = case.participant.personal_identity_number
    today = timezone.localdate().isoformat()
    return f"{number},{today},work,permanent,full,,no,Hopp AB,{occupation}\n"


@pytest.mark.parametrize("occupation", ["abc", "9999", "25"])
def test_an_occupation_not_in_the_reference_data_rejects_the_exit_naming_the_column(
    tmp_path, staff, occupation
):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)

    code, out = _import(tmp_path, EXITS + _to_work(case, occupation))

    assert code == 1
    assert (
        f"exits.csv row 2, occupation_ssyk: occupation_ssyk: ”{occupation}” är ingen kod för en "
        "yrkesgrupp i Arbetsförmedlingens taxonomi"
    ) in out
    assert not Exit.objects.exists()


def test_an_occupation_of_the_reference_data_is_taken(tmp_path, staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    known = SsykGroup.objects.filter(level=4).values_list("code", flat=True).first()

    code, out = _import(tmp_path, EXITS + _to_work(case, known))

    assert code == 0, out
    assert Exit.objects.get().occupation_ssyk == known


def test_an_imported_exit_closes_the_inbox_item_and_frees_the_intake_time(tmp_path, staff):
    slot = publish_slot(staff.coach_sydost, tomorrow_at(14))
    booked = refer(staff.officer_farsta, first_name="Bokad", last_name="Tid")
    planned = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    write_plan(planned, staff.coach_sydost)
    assert IntakeSlot.objects.get(pk=slot.pk).referral_id == booked.pk
    waiting = DistrictEvent.objects.get(
        referral=planned, kind=EventKind.PLAN_AWAITING_APPROVAL, handled_at__isnull=True
    )
    today = timezone.localdate().isoformat()
    exits = "personnummer,exit_date,reason\n" + "".join(
        f"{case.participant.personal_identity_number},{today},moved\n" for case in (booked, planned)
    )

    code, out = _import(tmp_path, exits)

    assert code == 0, out
    waiting.refresh_from_db()
    assert waiting.handled_at is not None
    assert (waiting.handled_reason, waiting.handled_by) == ("case_exited", None)
    slot.refresh_from_db()
    assert slot.referral_id is None
    # Each closing is on record, in the import's name, as the page's exit has it.
    assert AuditEntry.objects.filter(
        action=AuditAction.DISTRICT_EVENT_HANDLED,
        object_id=str(waiting.pk),
        changes__after__reason="case_exited",
    ).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.INTAKE_TIME_RELEASED,
        participant=booked.participant,
        changes__after__reason="case_exited",
    ).exists()


def test_an_import_that_only_checks_closes_nothing(tmp_path, staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    write_plan(case, staff.coach_sydost)
    directory = tmp_path / "dry"
    directory.mkdir()
    today = timezone.localdate().isoformat()
    (directory / "exits.csv").write_text(
        f"personnummer,exit_date,reason\n{case.participant.personal_identity_number},{today},moved\n",
        encoding="utf-8",
    )

    call_command(
        "transfer",
        "import",
        str(directory),
        "--dry-run",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    assert DistrictEvent.objects.filter(
        referral=case, kind=EventKind.PLAN_AWAITING_APPROVAL, handled_at__isnull=True
    ).exists()

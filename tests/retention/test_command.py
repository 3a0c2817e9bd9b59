"""`jobbtorg retention [--dry-run [--on DAY]]`: lists by id and case number, culls as of today."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.models import Exit, ExitReason, Participant, Referral, Stage, TargetGroup
from tests.factories import ParticipantFactory, job_centre, valid_personal_identity_number

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def old_case(staff, *, years_ago: int, born: dt.date = dt.date(1980, 1, 2)) -> Referral:
    """A case that ended `years_ago` years ago (written straight to the tables: the services
    refuse dates that far back)."""
    ended = TODAY.replace(year=TODAY.year - years_ago)
    person = ParticipantFactory(
        personal_identity_number=valid_personal_identity_number(1, born=born),
        first_name="Greta",
        last_name="Gallrad",
    )
    referred = timezone.make_aware(dt.datetime.combine(ended - dt.timedelta(days=300), dt.time(9)))
    case = Referral.objects.create(
        participant=person,
        district=staff.officer_farsta.district,
        job_centre=job_centre("sydost"),
        target_group=TargetGroup.objects.first(),
        basis="Arbetslös.",
        consent_given=True,
        referred_by=staff.officer_farsta,
        referred_at=referred,
        stage=Stage.EXITED,
        enrolled_on=referred.date() + dt.timedelta(days=7),
    )
    Exit.objects.create(
        referral=case,
        date=ended,
        reason=ExitReason.STUDIES,
        recorded_by=staff.coach_sydost,
    )
    return case


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_dry_run_lists_ids_case_numbers_and_last_entries_never_names(staff):
    case = old_case(staff, years_ago=6)
    recent = old_case(staff, years_ago=4, born=dt.date(1981, 1, 2))
    entries = AuditEntry.objects.count()

    out = run("--dry-run")

    assert "nothing written" in out
    assert str(case.participant_id) in out and str(case.pk) in out
    assert case.exit.date.isoformat() in out
    assert str(recent.participant_id) not in out
    assert "Greta" not in out and "Gallrad" not in out
    assert case.participant.personal_identity_number not in out
    assert "participants.referral" in out
    assert Participant.objects.count() == 2 and AuditEntry.objects.count() == entries


def test_the_dry_run_looks_ahead_with_on(staff):
    recent = old_case(staff, years_ago=4)
    assert str(recent.participant_id) not in run("--dry-run")
    ahead = TODAY.replace(year=TODAY.year + 2).isoformat()
    assert str(recent.participant_id) in run("--dry-run", "--on", ahead)


def test_the_command_culls_what_is_due_today_and_records_it(staff):
    case = old_case(staff, years_ago=6)
    kept = old_case(staff, years_ago=6, born=dt.date(1980, 2, 25))

    out = run()

    assert "Culled as of" in out and str(case.participant_id) in out
    assert not Participant.objects.filter(pk=case.participant_id).exists()
    assert Participant.objects.filter(pk=kept.participant_id).exists()
    entry = AuditEntry.objects.get(action=AuditAction.CASE_FILES_CULLED)
    assert entry.participant_id == case.participant_id
    assert entry.path == "jobbtorg retention"
    assert entry.changes["before"]["records"] == {
        "participants.participant": 1,
        "participants.referral": 1,
        "participants.exit": 1,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "2040-01-01"), "--on goes with --dry-run only"),
        (("--dry-run", "--on", "next year"), "is not a date"),
    ],
)
def test_bad_arguments_stop_with_a_message_and_change_nothing(staff, args, message):
    case = old_case(staff, years_ago=6)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("retention", *args, stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 2
    assert message in err.getvalue()
    assert Participant.objects.filter(pk=case.participant_id).exists()

"""Cases on the individual's path, built through the services as the pages and the API do.

`refer` → `enrol` → `write_plan` → `approve`; `backdate` moves a case into the past so that its
deadlines fall due (the services refuse dates in the future, as they should).
"""

import datetime as dt
from itertools import count

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.participants.models import IntakeSlot, Referral
from jobbtorg.participants.services.first_meetings import first_meeting_record, intake_slot_publish
from jobbtorg.participants.services.referrals import referral_create
from jobbtorg.plans.case_deadlines import case_deadlines_keep
from jobbtorg.plans.models import PlanVersion
from jobbtorg.plans.services import plan_approve, plan_submit
from tests.factories import valid_personal_identity_number

_numbers = count(7000)


def context(user) -> AuditContext:
    return AuditContext.for_command("test", actor=user)


def new_number() -> str:
    return valid_personal_identity_number(next(_numbers))


def tomorrow_at(hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def publish_slot(coach, starts_at: dt.datetime | None = None) -> IntakeSlot:
    return intake_slot_publish(actor=coach, starts_at=starts_at or tomorrow_at(), minutes=60)


def refer(
    officer,
    *,
    first_name: str = "Amira",
    last_name: str = "Hassan",
    number: str | None = None,
    consent: bool | None = True,
    legal_basis: str = "",
    target_group: str = "unemployed_assistance",
    confirm_move: bool = False,
) -> Referral:
    return referral_create(
        actor=officer,
        audit_context=context(officer),
        personal_identity_number=number or new_number(),
        first_name=first_name,
        last_name=last_name,
        district=officer.district,
        target_group=target_group,
        basis="Arbetslös sedan ett år, försörjningsstöd.",
        consent_given=consent,
        legal_basis=legal_basis,
        confirm_move=confirm_move,
    )


def enrol(referral: Referral, coach) -> Referral:
    first_meeting_record(
        actor=coach,
        audit_context=context(coach),
        referral=referral,
        held_on=timezone.localdate(),
        coach=coach,
        duties_explained=True,
        af_registration="registered",
    )
    referral.refresh_from_db()
    return referral


def activity(**overrides) -> dict:
    start = timezone.localdate()
    return {
        "type": "job_search",
        "provider": "Jobbtorg Sydost",
        "start": start,
        "end": start + dt.timedelta(days=27),
        "hours_per_week": 20,
        "goal": "Söka tio jobb i veckan.",
    } | overrides


def write_plan(referral: Referral, coach, activities=None, based_on=None) -> PlanVersion:
    return plan_submit(
        actor=coach,
        audit_context=context(coach),
        referral=referral,
        activities=activities or [activity()],
        based_on=based_on,
    )


def approve(plan: PlanVersion, officer) -> PlanVersion:
    return plan_approve(actor=officer, audit_context=context(officer), plan=plan)


def active_case(staff, **refer_kwargs) -> Referral:
    """A person of Farsta, enrolled with coach_sydost, with an approved plan (version 1)."""
    referral = enrol(refer(staff.officer_farsta, **refer_kwargs), staff.coach_sydost)
    approve(write_plan(referral, staff.coach_sydost), staff.officer_farsta)
    return referral


def backdate(referral: Referral, days: int) -> Referral:
    """Move the referral and enrolment `days` into the past (the first meeting with them)."""
    shift = dt.timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=referral.referred_at - shift,
        enrolled_on=referral.enrolled_on - shift if referral.enrolled_on else None,
    )
    referral.first_meetings.update(held_on=timezone.localdate() - shift)
    # Moved behind the services' back: keep its deadlines as the nightly rebuild would.
    case_deadlines_keep(referral_ids=[referral.pk])
    referral.refresh_from_db()
    return referral


def formset_post(activities: list[dict], *, based_on="", initial_forms: int = 0, **extra) -> dict:
    """The plan form's POST body: management form, one row per activity (plus extra fields)."""
    data = {
        "activities-TOTAL_FORMS": str(len(activities)),
        "activities-INITIAL_FORMS": str(initial_forms),
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
        "based_on": "" if based_on is None else str(based_on),
        "note": "",
    }
    for index, row in enumerate(activities):
        for key, value in row.items():
            name = "activity_type" if key == "type" else key
            data[f"activities-{index}-{name}"] = (
                value.isoformat() if isinstance(value, dt.date) else str(value)
            )
    return data | extra

"""Demo people in every stage of the path at every Jobbtorg, made through the real services
(so the audit log, the district events and the deadlines are as in real use), with the dates
moved back where a stage needs time to have passed."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from personnummer import personnummer

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.demo.data import DEMO_NAMES, DEMO_PROVIDER_SLUG, DEMO_STAGES, DEMO_TEAMS
from jobbtorg.demo.offerings import place_demo_case
from jobbtorg.engines.rules import deadlines
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import IntakeSlot, Participant, Referral
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.first_meetings import first_meeting_record, intake_slot_publish
from jobbtorg.participants.services.interruptions import interruption_start
from jobbtorg.participants.services.referrals import referral_create
from jobbtorg.plans.services import plan_approve, plan_submit
from jobbtorg.providers.models import Provider

TARGET_GROUPS = ["unemployed_assistance", "refugee", "youth", "sfi_student", "resurs"]


def _number(n: int) -> str:
    born = dt.date(1968, 3, 1) + dt.timedelta(days=n * 263)
    stem = f"{born:%Y%m%d}{200 + n:03d}"
    return next(stem + d for d in "0123456789" if personnummer.valid(stem + d))


def _ctx(user: User) -> AuditContext:
    return AuditContext.for_command("load_demo", actor=user)


def _publish_slots(coach: User, today: dt.date) -> None:
    if IntakeSlot.objects.filter(coach=coach, starts_at__gte=timezone.now()).exists():
        return
    for k in range(1, 5):
        day = deadlines.add_working_days(today, k)
        for hour in (9, 13):
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            intake_slot_publish(actor=coach, starts_at=starts)


def _activities(start: dt.date) -> list[dict[str, object]]:
    return [
        {
            "type": "job_search",
            "provider": "Jobbtorget",
            "start": start,
            "end": start + dt.timedelta(days=55),
            "hours_per_week": 20,
            "goal": "Söka minst tio jobb i veckan och få en anställningsintervju.",
        },
        {
            "type": "placement",
            # At the demo provider, so that its demo account sees people in the portal.
            "provider": str(Provider.objects.get(slug=DEMO_PROVIDER_SLUG).pk),
            "start": start + dt.timedelta(days=56),
            "end": start + dt.timedelta(days=140),
            "hours_per_week": 30,
            "goal": "Arbetslivserfarenhet inom vård och omsorg.",
        },
    ]


def _enrol(referral: Referral, coach: User, enrolled_on: dt.date) -> None:
    # The referral came a couple of days before the first meeting.
    referred_at = timezone.make_aware(
        dt.datetime.combine(enrolled_on - dt.timedelta(days=2), dt.time(10))
    )
    Referral.objects.filter(pk=referral.pk).update(referred_at=referred_at)
    # The meeting was in the past: give back the future intake time the referral just booked.
    IntakeSlot.objects.filter(referral=referral).update(referral=None)
    referral.refresh_from_db()
    first_meeting_record(
        actor=coach,
        audit_context=_ctx(coach),
        referral=referral,
        held_on=enrolled_on,
        coach=coach,
        duties_explained=True,
        af_registration="registered",
    )
    referral.refresh_from_db()


def _approved_plan(referral: Referral, coach: User, officer: User, start: dt.date) -> None:
    plan = plan_submit(
        actor=coach,
        audit_context=_ctx(coach),
        referral=referral,
        activities=_activities(start),
        based_on=None,
    )
    plan_approve(actor=officer, audit_context=_ctx(officer), plan=plan)


def _make_case(stage: str, n: int, coach: User, officer: User, today: dt.date) -> bool:
    number = _number(n)
    if Participant.objects.filter(personal_identity_number=number).exists():
        return False
    first, last = DEMO_NAMES[n % len(DEMO_NAMES)]
    referral = referral_create(
        actor=officer,
        audit_context=_ctx(officer),
        personal_identity_number=number,
        first_name=first,
        last_name=last,
        district=officer.district,  # type: ignore[arg-type]
        target_group=TARGET_GROUPS[n % len(TARGET_GROUPS)],
        basis="Försörjningsstöd beviljat; arbetsförmågan bedöms som full.",
        consent_given=True,
        phone=f"070-{100 + n:03d} {10 + n:02d} {20 + n:02d}",
        interpreter_language="arabiska" if n % 4 == 1 else "",
    )
    if stage in {"no_slot", "referred"}:
        return True
    enrolled_on = {
        "plan_overdue": today - dt.timedelta(days=14),
        "plan_awaiting_approval": today - dt.timedelta(days=2),
        "active": today - dt.timedelta(days=40),
        "interrupted": today - dt.timedelta(days=60),
        "near_18_months": deadlines.add_months(today, -18) + dt.timedelta(days=12),
        "exited_to_work": today - dt.timedelta(days=120),
        "exited_to_studies": today - dt.timedelta(days=200),
    }[stage]
    _enrol(referral, coach, enrolled_on)
    if stage == "plan_overdue":
        return True
    if stage == "plan_awaiting_approval":
        plan_submit(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            activities=_activities(today),
            based_on=None,
        )
        return True
    plan_start = max(enrolled_on + dt.timedelta(days=3), today - dt.timedelta(days=100))
    _approved_plan(referral, coach, officer, plan_start)
    place_demo_case(referral, coach, stage, today)
    if stage == "interrupted":
        interruption_start(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            reason="parental_leave",
            start=today - dt.timedelta(days=10),
            expected_end=today + dt.timedelta(days=90),
        )
    elif stage == "exited_to_work":
        exit_record(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            date=today - dt.timedelta(days=5),
            reason="work",
            employment={
                "form": "temporary",
                "extent": "part",
                "hours_per_week": Decimal(30),
                "wage_subsidy": True,
                "employer": "Stockholms stad",
                "occupation_ssyk": "5322",
            },
        )
    elif stage == "exited_to_studies":
        exit_record(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            date=today - dt.timedelta(days=30),
            reason="studies",
        )
    return True


def load_demo_people(today: dt.date | None = None) -> int:
    """Create what is missing; return how many people were added."""
    today = today or timezone.localdate()
    created = 0
    for team, (coach_name, officer_name) in enumerate(DEMO_TEAMS):
        coach = User.objects.get(username=coach_name)
        officer = User.objects.get(username=officer_name)
        # "No slot" first, while the Jobbtorg has no free intake time; then the times.
        created += _make_case("no_slot", team * len(DEMO_STAGES), coach, officer, today)
        _publish_slots(coach, today)
        for index, stage in enumerate(DEMO_STAGES[1:], start=1):
            created += _make_case(stage, team * len(DEMO_STAGES) + index, coach, officer, today)
    return created


def demo_people_count() -> int:
    return len(DEMO_TEAMS) * len(DEMO_STAGES)

"""One demo case told from referral to exit: written through the real services in the order
it happened, then dated back to the days it happened (the services stamp the moment they run:
the day the demo is loaded). The plan's activities and the places in providers' offerings are
made from the same list, so the approved plan always says what the person does."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.demo.data import DEMO_PROVIDER_SLUG
from jobbtorg.demo.people import DemoPerson, office_time
from jobbtorg.engines.rules import deadlines
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import (
    DistrictEvent,
    EventKind,
    Exit,
    IntakeSlot,
    Interruption,
    Participant,
    Referral,
)
from jobbtorg.participants.services.district_events import district_event_handle
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.first_meetings import first_meeting_record
from jobbtorg.participants.services.interruptions import interruption_start
from jobbtorg.participants.services.referrals import referral_create
from jobbtorg.plans.models import PlanVersion
from jobbtorg.plans.services import plan_approve, plan_submit
from jobbtorg.providers.models import (
    ActivityParticipation,
    ProviderReport,
    ProviderReportKind,
)
from jobbtorg.providers.services.participations import participation_place
from jobbtorg.providers.services.provider_reports import provider_report

# Where the Jobbtorg's own activities are written in a plan: they have no offering to place in.
OWN = "Jobbtorget"
GOALS = {
    "job_search": "Söka minst tio jobb i veckan och få en anställningsintervju.",
    "coaching": "Hitta ett yrkesmål och en väg dit tillsammans med coachen.",
    "work_training": "Arbetslivserfarenhet och en referens inom vård och omsorg.",
    "sfi": "Klara nästa kursdel i SFI parallellt med arbetsträningen.",
    "matching": "Matchas mot lediga jobb inom lager, städ och restaurang.",
}
BASES = {
    "youth": "Ung utan gymnasieexamen och utan annan sysselsättning; försörjningsstöd beviljat.",
    "sfi_student": "Studerar SFI och har försörjningsstöd; arbetsförmågan bedöms som full.",
    "refugee": "Nyanländ med uppehållstillstånd; etableringstiden är slut.",
}
BASIS = "Försörjningsstöd beviljat på grund av arbetslöshet; arbetsförmågan bedöms som full."
JOBS = [
    ("Omsorgshuset i Söder AB", "5321", "temporary", "full", False),
    ("Stockholms stad, förskoleförvaltningen", "5311", "temporary", "part", True),
    ("Lagerlogistik Nord AB", "4322", "permanent", "full", False),
    ("Städbolaget Kista AB", "9111", "permanent", "part", False),
    ("Restaurang Sjöstaden AB", "9412", "temporary", "part", True),
]
OTHER_EXITS = {
    "af_guarantee": "",
    "moved": "",
    "other_support": "",
    "no_assistance": "",
    "other": "Har fått en plats på folkhögskola utan studiemedel.",
}


@dataclass(frozen=True)
class Activity:
    """A plan activity; with `offering` (a key of `load_demo_offerings`), a place there too."""

    type: str
    start: dt.date
    end: dt.date
    hours: int
    offering: str | None = None


@dataclass(frozen=True)
class Story:
    referred_on: dt.date
    enrolled_on: dt.date | None = None
    plan_on: dt.date | None = None  # drawn up; None: no plan yet
    approved_on: dt.date | None = None  # None: awaiting the district's approval
    activities: tuple[Activity, ...] = ()
    interrupted_on: dt.date | None = None
    exit_on: dt.date | None = None
    exit_reason: str = ""
    # What the story's own choices (times of day, the job, the payment level) are drawn from.
    seed: str = ""


def _ctx(user: User) -> AuditContext:
    return AuditContext.for_command("load_demo", actor=user)


def _plan_activities(story: Story, providers: dict[str, Any]) -> list[dict[str, object]]:
    return [
        {
            "type": a.type,
            "provider": str(providers[a.offering].provider_id) if a.offering else OWN,
            "start": a.start,
            "end": a.end,
            "hours_per_week": a.hours,
            "goal": GOALS[a.type],
        }
        for a in story.activities
    ]


def _employment(seed: str) -> dict[str, Any]:
    employer, ssyk, form, extent, subsidy = random.Random(seed).choice(JOBS)
    return {
        "form": form,
        "extent": extent,
        "hours_per_week": Decimal(40 if extent == "full" else 25),
        "wage_subsidy": subsidy,
        "employer": employer,
        "occupation_ssyk": ssyk,
    }


def _place(
    story: Story, referral: Referral, coach: User, today: dt.date, offerings: dict[str, Any]
) -> None:
    reporter = User.objects.filter(provider__slug=DEMO_PROVIDER_SLUG).first() or coach
    for activity in story.activities:
        if activity.offering is None:
            continue
        offering = offerings[activity.offering]
        participation = participation_place(
            _ctx(coach),
            referral=referral,
            offering=offering,
            planned_start=activity.start,
            planned_end=activity.end,
            level=random.Random(story.seed).choice("ABC"),
        )
        # The city's own SFI has no portal account here: the coach reports for it.
        by = _ctx(reporter if offering.provider.slug == DEMO_PROVIDER_SLUG else coach)
        if activity.start > today:
            continue
        provider_report(by, participation, kind=ProviderReportKind.START, on=activity.start)
        ends = [d for d in (activity.end, story.exit_on) if d is not None and d <= today]
        if story.exit_reason == "work" and story.exit_on and story.exit_on <= activity.end:
            job = _employment(story.seed)
            provider_report(
                by,
                participation,
                kind=ProviderReportKind.RESULT,
                on=story.exit_on,
                result_kind="work",
                details={
                    "employer": job["employer"],
                    "employment_form": job["form"],
                    "extent": job["extent"],
                },
            )
        if ends:
            end = min(ends)
            if story.exit_on and end == story.exit_on:
                end -= dt.timedelta(days=1)
            provider_report(
                by, participation, kind=ProviderReportKind.COMPLETION, on=max(end, activity.start)
            )


def _date_back(story: Story, referral: Referral) -> None:
    """The rows the pages show with a time, moved to when it happened, in office hours."""
    seed = story.seed
    referred_at = office_time(story.referred_on, f"{seed}-referred", latest=11)
    Referral.objects.filter(pk=referral.pk).update(referred_at=referred_at, created_at=referred_at)
    Participant.objects.filter(pk=referral.participant_id).update(created_at=referred_at)
    moments: dict[str, dt.datetime] = {}
    for plan in PlanVersion.objects.filter(referral=referral):
        assert story.plan_on is not None
        written = office_time(story.plan_on, f"{seed}-plan")
        decided = (
            office_time(story.approved_on, f"{seed}-approved", earliest=9)
            if story.approved_on
            else None
        )
        PlanVersion.objects.filter(pk=plan.pk).update(
            created_at=written,
            updated_at=decided or written,
            drawn_up_on=story.plan_on,
            decided_at=decided if plan.decided_at else None,
        )
        moments[str(plan.pk)] = written
        if decided:
            moments[f"{plan.pk}-decided"] = decided
    interruption = (
        office_time(story.interrupted_on, f"{seed}-pause") if story.interrupted_on else None
    )
    exited = office_time(story.exit_on, f"{seed}-exit") if story.exit_on else None
    if interruption:
        Interruption.objects.filter(referral=referral).update(
            created_at=interruption, updated_at=interruption
        )
    if exited:
        Exit.objects.filter(referral=referral).update(created_at=exited, updated_at=exited)
    for event in DistrictEvent.objects.filter(referral=referral):
        when: dt.datetime | None = {
            EventKind.PLAN_AWAITING_APPROVAL: moments.get(str(event.data.get("plan"))),
            EventKind.INTERRUPTION_STARTED: interruption,
            EventKind.EXIT: exited,
        }.get(event.kind)  # type: ignore[call-overload]
        if when is None:
            continue
        # Closed by what closed it: the district's decision on the plan, or else the exit
        # (a case that exits closes its open inbox items).
        handled = None
        if event.handled_at is not None:
            handled = moments.get(f"{event.data.get('plan')}-decided") or exited or when
        DistrictEvent.objects.filter(pk=event.pk).update(occurred_at=when, handled_at=handled)
    for participation in ActivityParticipation.objects.filter(referral=referral):
        placed = office_time(participation.planned_start - dt.timedelta(days=7), f"{seed}-place")
        ActivityParticipation.objects.filter(pk=participation.pk).update(
            created_at=placed, updated_at=placed
        )
        for report in ProviderReport.objects.filter(participation=participation):
            at = office_time(report.on, f"{seed}-report-{report.kind}", latest=15)
            ProviderReport.objects.filter(pk=report.pk).update(created_at=at, updated_at=at)


def tell_story(
    story: Story,
    person: DemoPerson,
    target_group: str,
    coach: User,
    officer: User,
    today: dt.date,
    offerings: dict[str, Any],
) -> Referral:
    """The case, written through the services in the order it happened."""
    referral = referral_create(
        actor=officer,
        audit_context=_ctx(officer),
        personal_identity_number=person.personal_identity_number,
        first_name=person.first_name,
        last_name=person.last_name,
        district=officer.district,  # type: ignore[arg-type]
        target_group=target_group,
        basis=BASES.get(target_group, BASIS),
        consent_given=True,
        phone=person.phone,
        interpreter_language=person.interpreter_language,
    )
    # The referral is dated back first: the first meeting and plan are checked against it.
    referred_at = office_time(story.referred_on, f"{story.seed}-referred", latest=11)
    Referral.objects.filter(pk=referral.pk).update(referred_at=referred_at)
    referral.refresh_from_db()
    if story.enrolled_on is not None:
        # The meeting was in the past: give back the future intake time the referral booked.
        IntakeSlot.objects.filter(referral=referral).update(referral=None)
        referral.refresh_from_db()
        first_meeting_record(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            held_on=story.enrolled_on,
            coach=coach,
            duties_explained=True,
            af_registration="registered",
        )
        referral.refresh_from_db()
    if story.plan_on is not None:
        plan = plan_submit(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            activities=_plan_activities(story, offerings),
            based_on=None,
        )
        if story.approved_on is not None:
            plan_approve(actor=officer, audit_context=_ctx(officer), plan=plan)
            _place(story, referral, coach, today, offerings)
    if story.interrupted_on is not None:
        interruption_start(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            reason="parental_leave",
            start=story.interrupted_on,
            expected_end=story.interrupted_on + dt.timedelta(days=100),
        )
    if story.exit_on is not None:
        reason = story.exit_reason
        exit_record(
            actor=coach,
            audit_context=_ctx(coach),
            referral=referral,
            date=story.exit_on,
            reason=reason,
            reason_text=OTHER_EXITS.get(reason, ""),
            employment=_employment(story.seed) if reason == "work" else None,
            studies_with_student_finance=True if reason == "studies" else None,
        )
    _date_back(story, referral)
    _handle_old_events(referral, officer, today)
    return referral


def _handle_old_events(referral: Referral, officer: User, today: dt.date) -> None:
    """The officer has dealt with what the district was told more than two weeks ago, on the
    next working day; the inbox holds what is recent."""
    old = referral.events.filter(
        handled_at__isnull=True,
        occurred_at__lt=timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=14), dt.time())
        ),
    )
    for event in old:
        district_event_handle(actor=officer, event=event, audit_context=_ctx(officer))
        day = deadlines.add_working_days(timezone.localdate(event.occurred_at), 1)
        DistrictEvent.objects.filter(pk=event.pk).update(
            handled_at=office_time(day, f"{event.pk}-handled", earliest=9)
        )


def plan_on_time(enrolled_on: dt.date, working_days: int) -> dt.date:
    """The day a plan was drawn up, `working_days` after the first meeting (R10: 5 at most)."""
    return deadlines.add_working_days(enrolled_on, working_days)

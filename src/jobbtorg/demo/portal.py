"""What the demo shows on the participant's own pages beyond Min sida: a person at Jobbtorg
Sydost (the demo coach's) with two threads of messages both ways (one answer they have not
read yet, one message of theirs the coach has not read yet) and one day of absence they
reported themselves. Written through the real services, then dated back; loaded once (a
second run adds nothing)."""

import datetime as dt

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.demo.data import DEMO_PROVIDER_SLUG
from jobbtorg.demo.people import office_time
from jobbtorg.engines.rules.deadlines import is_working_day
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import CaseMessage, MessageThread, Referral, Stage
from jobbtorg.participants.selectors.for_participant import ongoing_interruption_of
from jobbtorg.participants.services.case_messages import (
    message_from_participant,
    message_from_staff,
    messages_mark_read,
)
from jobbtorg.providers.models import AttendanceRegister, ParticipationStatus
from jobbtorg.providers.services.absence_reports import (
    REPORT_DAYS_AHEAD,
    absence_report_by_participant,
)

# The demo coach's Jobbtorg and the first days the person could report absence on.
DEMO_COACH = "coach"
ABSENCE_SEARCH_DAYS = REPORT_DAYS_AHEAD + 1


def _context() -> AuditContext:
    # Loaded by the command: its channel, in the person's and the coach's names below.
    return AuditContext.for_command("load_demo")


def demo_portal_case() -> Referral | None:
    """The demo coach's person in work training at the demo provider, taking part (not
    interrupted): the one the demo's portal pages are shown with."""
    cases = (
        Referral.objects.filter(
            coach__username=DEMO_COACH,
            stage=Stage.ENROLLED,
            activity_participations__offering__provider__slug=DEMO_PROVIDER_SLUG,
            activity_participations__offering__activity_type__daily_attendance=True,
            activity_participations__status=ParticipationStatus.STARTED,
        )
        .select_related("participant", "coach")
        .distinct()
        .order_by("participant__personal_identity_number")
    )
    today = timezone.localdate()
    return next((case for case in cases if ongoing_interruption_of(case, today) is None), None)


def _dated(message: CaseMessage, at: dt.datetime, read_at: dt.datetime | None = None) -> None:
    CaseMessage.objects.filter(pk=message.pk).update(created_at=at, updated_at=at, read_at=read_at)
    MessageThread.objects.filter(pk=message.thread_id).update(updated_at=at)


def _load_messages(case: Referral, coach: User, today: dt.date) -> None:
    person = case.participant
    context = _context()

    # The last working days before today, latest first: one day per step of the story.
    days: list[dt.date] = []
    day = today
    while len(days) < 4:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            days.append(day)

    def moment(working_days_ago: int, seed: str) -> dt.datetime:
        return office_time(days[working_days_ago - 1], f"message-{seed}")

    asked = message_from_participant(
        participant=person,
        referral=case,
        subject="Byta tid för mötet",
        body="Hej! Jag kan inte komma på måndag, jag ska till tandläkaren. "
        "Kan vi ses en annan dag?",
        audit_context=context,
    )
    thread = asked.thread
    answer = message_from_staff(
        actor=coach,
        thread=thread,
        body="Hej! Det går bra. Kan du komma på tisdag klockan 10 i stället?",
        audit_context=context,
    )
    messages_mark_read(thread=thread, participant=person, audit_context=context)
    thanks = message_from_participant(
        participant=person,
        thread=thread,
        body="Tisdag klockan 10 passar. Tack!",
        audit_context=context,
    )
    MessageThread.objects.filter(pk=thread.pk).update(created_at=moment(4, "asked"))
    _dated(asked, moment(4, "asked"), read_at=moment(3, "answer"))
    _dated(answer, moment(3, "answer"), read_at=moment(2, "thanks"))
    _dated(thanks, moment(2, "thanks"))  # not read by the coach yet: Min dag shows it

    question = message_from_participant(
        participant=person,
        referral=case,
        subject="Intyg för arbetsträningen",
        body="Behöver jag ett intyg från arbetsträningen till min handläggare?",
        audit_context=context,
    )
    reply = message_from_staff(
        actor=coach,
        thread=question.thread,
        body="Nej, det behövs inte. Anordnaren skickar närvaron till oss varje dag.",
        audit_context=context,
    )
    MessageThread.objects.filter(pk=question.thread_id).update(created_at=moment(2, "question"))
    _dated(question, moment(2, "question"), read_at=moment(1, "reply"))
    _dated(reply, moment(1, "reply"))  # not read by the person yet: Min sida shows it


def _load_absence(case: Referral, today: dt.date) -> None:
    """One day of illness, on the first day from today the person's activity expects them."""
    for offset in range(ABSENCE_SEARCH_DAYS):
        day = today + dt.timedelta(days=offset)
        if AttendanceRegister.objects.filter(participation__referral=case, day=day).exists():
            continue
        try:
            absence_report_by_participant(
                participant=case.participant,
                reason="illness",
                first_day=day,
                last_day=day,
                audit_context=_context(),
                today=today,
            )
        except ValidationFailed:
            continue  # no activity that day (a weekend, a holiday): the next day
        return


def load_demo_portal(today: dt.date | None = None) -> None:
    """Create what is missing (nothing on a second run)."""
    today = today or timezone.localdate()
    case = demo_portal_case()
    if case is None or case.coach is None:
        return
    if not MessageThread.objects.filter(referral=case).exists():
        _load_messages(case, case.coach, today)
    if not AttendanceRegister.objects.filter(
        participation__referral=case, reported_by_participant=True
    ).exists():
        _load_absence(case, today)

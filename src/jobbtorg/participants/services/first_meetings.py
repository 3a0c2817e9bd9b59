"""Intake times, the first meeting booked at the referral or later (R7), and the first meeting
itself (R8): held, with coach and duties explained, or a no-show reported to the district."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules import deadlines
from jobbtorg.engines.rules import first_meeting as meeting_rule
from jobbtorg.engines.rules.problems import by_field
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import (
    AfRegistration,
    Assessment,
    CoachAssignment,
    EventKind,
    FirstMeeting,
    IntakeSlot,
    MeetingOutcome,
    Referral,
    Stage,
)
from jobbtorg.participants.permissions import can_publish_intake_slot, require_case_worker
from jobbtorg.participants.services.coaches import coach_at_centre
from jobbtorg.participants.services.district_events import district_event_record


def book_first_meeting(
    referral: Referral, now: dt.datetime, *, within_working_days: int | None = 5
) -> IntakeSlot | None:
    """The earliest free intake slot of the Jobbtorg, within 5 working days by default (R7)."""
    candidates = IntakeSlot.objects.filter(
        job_centre=referral.job_centre, referral__isnull=True, starts_at__gte=now
    ).order_by("starts_at")
    if within_working_days is not None:
        last_day = deadlines.add_working_days(timezone.localdate(now), within_working_days)
        candidates = candidates.filter(starts_at__date__lte=last_day)
    for slot in candidates[:20]:
        # Compare-and-set: two referrals at once cannot both take the same slot.
        if IntakeSlot.objects.filter(pk=slot.pk, referral__isnull=True).update(referral=referral):
            slot.referral = referral
            return slot
    return None


def intake_times_release(
    *, referral: Referral, reason: str, audit_context: audit.AuditContext
) -> int:
    """Give back the case's booked intake times still ahead, free for another referral: its
    first meeting was recorded on another day, or it exited. A time already passed stays with
    the case as history. In the caller's transaction; each release is audited with its reason.
    Returns how many were released."""
    return intake_times_release_of(referrals=[referral], reason=reason, audit_context=audit_context)


def intake_times_release_of(
    *, referrals: Sequence[Referral], reason: str, audit_context: audit.AuditContext
) -> int:
    """`intake_times_release` for many cases at once (an import's exits): one query for their
    times ahead, which few cases have."""
    by_id = {referral.pk: referral for referral in referrals}
    ahead = list(
        IntakeSlot.objects.filter(
            referral_id__in=list(by_id), starts_at__gt=timezone.now()
        ).select_related("coach")
    )
    for slot in ahead:
        referral = by_id[slot.referral_id]
        IntakeSlot.objects.filter(pk=slot.pk, referral=referral).update(referral=None)
        audit.intake_time_released(audit_context, referral, slot, reason)
    return len(ahead)


def intake_slot_publish(*, actor: Any, starts_at: dt.datetime, minutes: int = 60) -> IntakeSlot:
    """A coach publishes a time for first meetings at their Jobbtorg."""
    # Only coaches: the person met becomes the coach's own (a manager cannot be the coach).
    if not can_publish_intake_slot(actor):
        raise NotAllowed(_("Coaches publish intake times."))
    # Meeting times are whole minutes.
    starts_at = starts_at.replace(second=0, microsecond=0)
    if starts_at <= timezone.now():
        raise ValidationFailed({"starts_at": _("Choose a time in the future.")})
    if not 15 <= minutes <= 240:
        raise ValidationFailed({"minutes": _("A meeting lasts 15 to 240 minutes.")})
    try:
        with transaction.atomic():
            return IntakeSlot.objects.create(
                job_centre_id=actor.job_centre_id, coach=actor, starts_at=starts_at, minutes=minutes
            )
    except IntegrityError:
        raise ValidationFailed({"starts_at": _("You already have a time then.")}) from None


def first_meeting_record(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    held_on: dt.date,
    outcome: str = MeetingOutcome.HELD,
    coach: User | str | None = None,
    duties_explained: bool = False,
    af_registration: str = "",
    af_registration_on: dt.date | None = None,
) -> FirstMeeting:
    """The first meeting (R8): held, with coach, duties explained and AF registration; or a
    no-show, which is reported to the district."""
    require_case_worker(actor, referral, _("Recording the first meeting"))
    errors: dict[str, list[str]] = {}
    if referral.stage != Stage.REFERRED:
        raise ValidationFailed({"__all__": _("The first meeting is already recorded.")})
    if outcome not in MeetingOutcome.values:
        errors["outcome"] = [_("Choose whether the meeting was held or the person did not come.")]
    today = timezone.localdate()
    problems = meeting_rule.meeting_date_problems(
        held_on, today=today, referred_on=timezone.localdate(referral.referred_at)
    )
    chosen_coach = None
    if outcome == MeetingOutcome.HELD:
        coach_errors: dict[str, str] = {}
        chosen_coach = coach_at_centre(coach or actor, referral, coach_errors)
        errors.update({field: [message] for field, message in coach_errors.items()})
        if not duties_explained:
            errors["duties_explained"] = [
                _("Explain the rights, duties and consequences, and tick that it was done.")
            ]
        problems += meeting_rule.registration_problems(
            af_registration, af_registration_on, held_on=held_on, today=today
        )
    for field, messages in by_field(problems, _).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)
        meeting = FirstMeeting.objects.create(
            referral=referral, held_on=held_on, outcome=outcome, recorded_by=actor
        )
        if outcome == MeetingOutcome.HELD:
            assert chosen_coach is not None
            referral.stage = Stage.ENROLLED
            referral.enrolled_on = held_on
            referral.duties_explained = True
            referral.af_registration = af_registration
            referral.af_registration_on = af_registration_on or (
                held_on if af_registration == AfRegistration.REGISTERED_TODAY else None
            )
            referral.coach = chosen_coach
            referral.save()
            CoachAssignment.objects.create(
                referral=referral, coach=chosen_coach, assigned_from=held_on, assigned_by=actor
            )
            # The assessment starts on day one (R9).
            Assessment.objects.get_or_create(referral=referral, defaults={"updated_by": actor})
            # Met on another day than the booked time: that time is free for someone else.
            intake_times_release(
                referral=referral, reason="first_meeting_recorded", audit_context=audit_context
            )
        else:
            # The missed time is history (the FirstMeeting row); book the next free one.
            missed = IntakeSlot.objects.filter(referral=referral).first()
            IntakeSlot.objects.filter(referral=referral).update(referral=None)
            after = (
                max(timezone.now(), missed.starts_at + dt.timedelta(minutes=1)) if missed else None
            )
            next_slot = book_first_meeting(referral, after or timezone.now())
            district_event_record(
                referral=referral,
                kind=EventKind.NO_SHOW,
                summary=_("Did not come to the first meeting on %(date)s.") % {"date": held_on},
                data={
                    "held_on": held_on.isoformat(),
                    "next_meeting_at": next_slot.starts_at.isoformat() if next_slot else None,
                },
            )
        audit.first_meeting_recorded(
            audit_context,
            referral,
            meeting,
            after={
                "outcome": outcome,
                "held_on": held_on.isoformat(),
                "coach": chosen_coach.username if chosen_coach else None,
                "af_registration": af_registration,
            },
        )
    return meeting


def first_meeting_book(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral
) -> IntakeSlot:
    """Book the earliest free intake time for a referral that has none (the manager's "no slot"
    list), however far ahead it is."""
    require_case_worker(actor, referral, _("Booking a first meeting"))
    if referral.stage != Stage.REFERRED:
        raise ValidationFailed({"__all__": _("The first meeting is already recorded.")})
    if IntakeSlot.objects.filter(referral=referral, starts_at__gte=timezone.now()).exists():
        raise ValidationFailed({"__all__": _("A first meeting is already booked.")})
    with transaction.atomic():
        IntakeSlot.objects.filter(referral=referral).update(referral=None)
        slot = book_first_meeting(referral, timezone.now(), within_working_days=None)
        if slot is None:
            raise ValidationFailed(
                {"__all__": _("There is no free intake time. Ask a coach to publish more times.")}
            )
        audit.first_meeting_booked(audit_context, referral, slot)
    return slot

"""Min sida: what the signed-in person sees of their own case (ADR 0005, point 5), read only
through the `_visible_to_participant` selectors and written in the audit log with the channel
`participant`."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.participants.models import Participant, Referral, Stage
from jobbtorg.participants.selectors.for_participant import (
    case_shown_to_participant,
    exits_visible_to_participant,
    intake_slots_visible_to_participant,
    ongoing_interruption_of,
)
from jobbtorg.plans.selectors import active_plan_for_participant
from jobbtorg.portal.case_status import deadlines_of, plan_awaiting_approval
from jobbtorg.providers.models import PLACE_TAKING_STATUSES, ActivityParticipation, Weekday
from jobbtorg.providers.selectors.participations import participations_visible_to_participant

# How far ahead "what happens next" looks for a day of an activity.
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class Happening:
    """Something the person is expected at: when, what, where and with whom."""

    starts_at: dt.datetime
    ends_at: dt.datetime | None
    what: str
    where: str
    with_whom: str


def _first_meeting(person: Participant, now: dt.datetime) -> Happening | None:
    slot = (
        intake_slots_visible_to_participant(person)
        .filter(starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )
    if slot is None:
        return None
    where = ", ".join(part for part in (str(slot.job_centre), slot.job_centre.location) if part)
    return Happening(
        starts_at=timezone.localtime(slot.starts_at),
        ends_at=timezone.localtime(slot.starts_at) + dt.timedelta(minutes=slot.minutes),
        what="first_meeting",
        where=where,
        with_whom=slot.coach.get_full_name() or slot.coach.get_username(),
    )


def _next_day_of(place: ActivityParticipation, now: dt.datetime) -> Happening | None:
    """The next day and time of an activity the person has a place in, from its offering's
    weekdays and hours."""
    offering = place.offering
    first = max(place.started_on or place.planned_start, now.date())
    last = min(day for day in (place.planned_end, offering.valid_until) if day is not None)
    tz = timezone.get_current_timezone()
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = first + dt.timedelta(days=offset)
        if day > last:
            return None
        if day.weekday() not in offering.weekdays:
            continue
        starts = dt.datetime.combine(day, offering.starts_at, tzinfo=tz)
        if starts < now:
            continue
        location = offering.location
        where = ", ".join(part for part in (location.name, location.address) if part)
        return Happening(
            starts_at=starts,
            ends_at=dt.datetime.combine(day, offering.ends_at, tzinfo=tz),
            what=offering.activity_type.name,
            where=where,
            with_whom=offering.provider.name,
        )
    return None


def _days_of(weekdays: list[int]) -> str:
    # Each language's own case: "måndag" in Swedish, "Monday" in English.
    return ", ".join(str(Weekday(day).label) for day in sorted(weekdays))


def places_of(person: Participant, case: Referral) -> list[ActivityParticipation]:
    return list(
        participations_visible_to_participant(person)
        .filter(referral=case, status__in=PLACE_TAKING_STATUSES)
        .order_by("planned_start")
    )


def own_page_shown(
    *, person: Participant, audit_context: audit.AuditContext, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Everything Min sida shows, with the person's read of it in their audit log."""
    now = timezone.localtime(now or timezone.now())
    case = case_shown_to_participant(person)
    page: dict[str, Any] = {"participant": person, "case": case, "now": now}
    plans = []
    if case is not None:
        plan = active_plan_for_participant(person, case)
        places = places_of(person, case)
        interruption = ongoing_interruption_of(case, now.date())
        # While the participation is interrupted the activities' days do not apply.
        days = [] if interruption else [_next_day_of(place, now) for place in places]
        happenings = [_first_meeting(person, now), *days]
        upcoming = sorted(
            (happening for happening in happenings if happening is not None),
            key=lambda happening: happening.starts_at,
        )
        page |= {
            "next": upcoming[0] if upcoming else None,
            "plan": plan,
            "activities": list(plan.activities.select_related("activity_type", "provider"))
            if plan
            else [],
            "places": [
                {"place": place, "days": _days_of(place.offering.weekdays)} for place in places
            ],
            "coach": case.coach,
            "interruption": interruption,
            "exit": exits_visible_to_participant(person).filter(referral=case).first()
            if case.stage == Stage.EXITED
            else None,
            "deadlines": deadlines_of(person, case, plan, now=now),
            "plan_awaiting_approval": plan_awaiting_approval(person, case),
        }
        plans = [plan] if plan is not None else []
    with transaction.atomic():
        audit.participant_and_plans_viewed(audit_context, person, plans)
        if page.get("places"):
            audit.schedule_viewed(audit_context, person)
    return page

"""A participant's week from their places in offerings and their approved plan (R16): the
adapter from records to `engines.rules.schedule`."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from jobbtorg.engines.rules.schedule import ScheduledActivity, Session, Week, week_schedule
from jobbtorg.participants.models import Referral
from jobbtorg.plans.models import PlanActivity, PlanStatus
from jobbtorg.providers.models import ActivityParticipation, ParticipationStatus

# A waiting-list place or a start that never happened is not in the week.
IN_THE_WEEK = (
    ParticipationStatus.PLACED,
    ParticipationStatus.STARTED,
    ParticipationStatus.COMPLETED,
    ParticipationStatus.BROKEN_OFF,
)


def participation_period(participation: ActivityParticipation) -> tuple[dt.date, dt.date]:
    """The days the person is in the activity: from the reported start (or the planned one) to
    the reported end (or the planned one)."""
    start = participation.started_on or participation.planned_start
    end = participation.ended_on or participation.planned_end
    return start, max(start, end)


def scheduled_activity(participation: ActivityParticipation) -> ScheduledActivity:
    offering = participation.offering
    start, end = participation_period(participation)
    return ScheduledActivity(
        ref=str(participation.pk),
        name=f"{offering.activity_type.name} – {offering.provider.name}",
        start=start,
        end=end,
        sessions=tuple(
            Session(int(weekday), offering.starts_at, offering.ends_at)
            for weekday in sorted(set(offering.weekdays))
        ),
    )


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# The week in an address is an ISO week, on the staff's week page and the person's: ?vecka=2026-W50.
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# Weeks further away than this are no one's planning: refused like a malformed week (and the
# previous and next links of a week near year 1 or 9999 would not exist).
YEARS_AROUND = 10


def week_asked_for(text: str, today: dt.date) -> tuple[dt.date, bool]:
    """The Monday of the week in the address (an ISO week, 2026-W50), and whether it could be
    read; this week when there is none or it cannot be read."""
    this_monday = monday_of(today)
    if not text:
        return this_monday, True
    match = ISO_WEEK.match(text.strip())
    if match is None:
        return this_monday, False
    year, week = int(match[1]), int(match[2])
    if abs(year - today.year) > YEARS_AROUND:
        return this_monday, False
    try:
        return dt.date.fromisocalendar(year, week, 1), True
    except ValueError:
        return this_monday, False


def planned_hours(referral: Referral, monday: dt.date) -> Decimal:
    """Hours per week of the approved plan's activities that run in the week."""
    sunday = monday + dt.timedelta(days=6)
    total = PlanActivity.objects.filter(
        plan__referral=referral,
        plan__status=PlanStatus.APPROVED,
        start__lte=sunday,
        end__gte=monday,
    ).aggregate(hours=Sum("hours_per_week"))["hours"]
    return Decimal(total or 0)


def week_for(referral: Referral | None, monday: dt.date) -> tuple[Week, dict[str, Any]]:
    """The week from `monday`, and the participations it shows by reference; an empty week
    for a person with no case."""
    if referral is None:
        return week_schedule([], Decimal(0), monday), {}
    participations = list(
        referral.activity_participations.filter(status__in=IN_THE_WEEK).select_related(
            "offering__activity_type", "offering__provider", "offering__location"
        )
    )
    by_ref = {str(p.pk): p for p in participations}
    week = week_schedule(
        [scheduled_activity(p) for p in participations], planned_hours(referral, monday), monday
    )
    return week, by_ref

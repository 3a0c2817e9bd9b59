"""Min sida's own pages beside the first one (ADR 0005, step 2): the plan's history and the
person's week. Both read the signed-in person's data through their `_visible_to_participant`
selectors only, and write the read in the audit log on the channel `participant`."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.engines.rules.schedule import DaySchedule, ScheduledSession
from jobbtorg.participants.models import Interruption, Participant, Stage
from jobbtorg.participants.selectors.for_participant import (
    case_shown_to_participant,
    interruptions_visible_to_participant,
)
from jobbtorg.plans.models import PlanStatus, PlanVersion
from jobbtorg.plans.schedule import monday_of, week_asked_for, week_for
from jobbtorg.plans.selectors import plan_versions_visible_to_participant
from jobbtorg.portal.case_status import paused_until
from jobbtorg.portal.signed_in import participant_page


@dataclass(frozen=True)
class PlanInHistory:
    plan: PlanVersion
    current: bool
    replaced: PlanVersion | None
    replaced_by: PlanVersion | None


def plan_history_of(person: Participant) -> list[PlanInHistory]:
    """The person's approved plan versions, newest first, each with the one it replaced and the
    one that replaced it (in the same case; refused versions and drafts are never among them)."""
    versions = list(
        plan_versions_visible_to_participant(person).select_related(
            "referral__job_centre", "referral"
        )
    )
    by_case: dict[Any, list[PlanVersion]] = {}
    for plan in sorted(versions, key=lambda plan: plan.number):
        by_case.setdefault(plan.referral_id, []).append(plan)
    history = []
    for plan in versions:
        line = by_case[plan.referral_id]
        index = line.index(plan)
        history.append(
            PlanInHistory(
                plan=plan,
                current=plan.status == PlanStatus.APPROVED and plan.referral.stage != Stage.EXITED,
                replaced=line[index - 1] if index > 0 else None,
                replaced_by=line[index + 1] if index + 1 < len(line) else None,
            )
        )
    return history


@require_GET
@participant_page
def plan_history(request: HttpRequest, person: Participant) -> HttpResponse:
    """The person's approved plan versions, linking to each (ADR 0005, point 5)."""
    history = plan_history_of(person)
    with transaction.atomic():
        audit.participant_and_plans_viewed(
            AuditContext.for_participant(request), person, [line.plan for line in history]
        )
    return render(request, "portal/plan_history.html", {"participant": person, "history": history})


@dataclass(frozen=True)
class DayForThePerson:
    """A day of the week as the engine gives it, and whether the person's planning is paused
    on it (then its sessions do not apply to them)."""

    schedule: DaySchedule
    paused: bool
    sessions: tuple[tuple[ScheduledSession, Any], ...]


def _paused_on(day: dt.date, interruptions: list[Interruption], today: dt.date) -> bool:
    for interruption in interruptions:
        if day < interruption.start:
            continue
        last = paused_until(interruption)
        # A pause not ended yet lasts at least until today, whatever was expected.
        if interruption.end is None:
            last = max(last, today) if last is not None else None
        if last is None or day <= last:
            return True
    return False


@require_GET
@participant_page
def own_week(request: HttpRequest, person: Participant) -> HttpResponse:
    """The person's week (R16), from the same engine as the staff's week page
    (`plans.schedule.week_for`), a list per day; ?vecka= an ISO week."""
    today = timezone.localdate()
    monday, understood = week_asked_for(request.GET.get("vecka", ""), today)
    case = case_shown_to_participant(person)
    schedule, by_ref = week_for(case, monday)
    sunday = monday + dt.timedelta(days=6)
    interruptions = (
        list(
            interruptions_visible_to_participant(person)
            .filter(referral=case, start__lte=sunday)
            .filter(Q(end__isnull=True) | Q(end__gte=monday))
            .order_by("start")
        )
        if case is not None
        else []
    )
    days = []
    for day in schedule.days:
        paused = _paused_on(day.day, interruptions, today)
        days.append(
            DayForThePerson(
                schedule=day,
                paused=paused,
                sessions=()
                if paused
                else tuple((session, by_ref.get(session.activity_ref)) for session in day.sessions),
            )
        )
    # A paused day's hours do not count for the person; any other week's are the engine's.
    hours = (
        sum(
            (day.schedule.hours for day in days if day.schedule.working_day and not day.paused),
            Decimal(0),
        )
        if any(day.paused for day in days)
        else schedule.total_hours
    )
    with transaction.atomic():
        audit.schedule_viewed(AuditContext.for_participant(request), person)
    iso = monday.isocalendar()
    return render(
        request,
        "portal/week.html",
        {
            "participant": person,
            "case": case,
            "days": days,
            "hours": hours,
            "interruptions": interruptions,
            "understood": understood,
            "week_number": iso.week,
            "year": iso.year,
            "monday": monday,
            "sunday": sunday,
            "this_week": monday == monday_of(today),
            "previous": (monday - dt.timedelta(days=7)).strftime("%G-W%V"),
            "next": (monday + dt.timedelta(days=7)).strftime("%G-W%V"),
        },
    )

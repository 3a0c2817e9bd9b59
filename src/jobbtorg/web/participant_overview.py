"""The participant page's overview of one person: the open case with its deadlines and the
actions the user may take, the plans, and the timeline of everything that happened in the cases
the user may see. It composes the selectors of participants and plans."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.web import name_of
from jobbtorg.participants.models import (
    CoachAssignment,
    DistrictEvent,
    EventKind,
    ExitReason,
    FirstMeeting,
    Interruption,
    LimitException,
    MeetingOutcome,
    Participant,
    Referral,
    SharedPart,
    Stage,
)
from jobbtorg.participants.permissions import (
    can_act_on_case,
    can_decide_limit_exception,
    can_read_assessment,
)
from jobbtorg.participants.selectors import (
    cases_of,
    has_future_slot,
    participant_get,
    shared_parts_for,
)
from jobbtorg.plans.deadlines import CaseDeadline, CaseDeadlines, case_deadlines
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanActivity, PlanStatus, PlanVersion
from jobbtorg.plans.permissions import can_decide_plan
from jobbtorg.plans.selectors import plans_visible_to

# The reports to the district the timeline shows of a case.
TIMELINE_EVENTS = (EventKind.ABSENCE, EventKind.NON_COOPERATION)


@dataclass
class TimelineItem:
    day: dt.date
    order: dt.datetime
    title: str
    at: dt.datetime | None = None
    detail: str = ""
    who: str = ""
    link: str = ""
    link_text: str = ""


@dataclass
class Overview:
    """One person's case as the participant page shows it."""

    case: Referral | None
    # The person's cases the user may see, the open one first (`case`).
    cases: list[Referral] = field(default_factory=list)
    deadlines: CaseDeadlines | None = None
    slot: Any = None
    plans: list[PlanVersion] = field(default_factory=list)
    active_plan: PlanVersion | None = None
    pending_plan: PlanVersion | None = None
    latest_plan: PlanVersion | None = None
    interruption: Any = None
    exit: Any = None
    timeline: list[TimelineItem] = field(default_factory=list)
    actions: dict[str, bool] = field(default_factory=dict)
    exceptions: list[LimitException] = field(default_factory=list)
    pending_exception: LimitException | None = None

    @property
    def next_deadline(self) -> CaseDeadline | None:
        if self.deadlines is None or not self.deadlines.items:
            return None
        return self.deadlines.items[0]

    @property
    def shown_plans(self) -> list[PlanVersion]:
        return [plan for plan in (self.active_plan, self.pending_plan) if plan is not None]


def _at(moment: dt.datetime, title: str, **fields: Any) -> TimelineItem:
    """Something that happened at a known moment: shown with its time, ordered by it."""
    local = timezone.localtime(moment)
    return TimelineItem(day=local.date(), at=local, order=local, title=title, **fields)


def _on(day: dt.date, recorded_at: dt.datetime, title: str, **fields: Any) -> TimelineItem:
    """Something that happened on a day (no time known), ordered by when it was recorded."""
    order = timezone.make_aware(dt.datetime.combine(day, timezone.localtime(recorded_at).time()))
    return TimelineItem(day=day, order=order, title=title, **fields)


def _exception_items(exception: LimitException) -> list[TimelineItem]:
    """An exception to the 18-month limit: asked for, and (once decided) the decision."""
    until = exception.until.isoformat()
    items = [
        _at(
            exception.created_at,
            _("Exception to the 18-month limit asked for, until %(date)s") % {"date": until},
            detail=exception.reason,
            who=name_of(exception.requested_by),
        )
    ]
    if exception.decided_at is not None:
        items.append(
            _at(
                exception.decided_at,
                (
                    _("Exception approved: the participation may go on until %(date)s")
                    if exception.approved
                    else _("Exception refused (asked for until %(date)s)")
                )
                % {"date": until},
                detail=exception.decision_note,
                who=name_of(exception.decided_by),
            )
        )
    return items


def _case_file_items(case: Referral) -> list[TimelineItem]:
    """The case file's own entries: first meetings, coaches, interruptions, reports to the
    district and exceptions to the 18-month limit."""
    items: list[TimelineItem] = []
    for meeting in case.first_meetings.all():
        held = meeting.outcome == MeetingOutcome.HELD
        items.append(
            _on(
                meeting.held_on,
                meeting.created_at,
                _("First meeting held")
                if held
                else _("Did not come to the first meeting (reported to the district)"),
                who=name_of(meeting.recorded_by),
            )
        )
    for assignment in case.coach_assignments.all():
        items.append(
            _on(
                assignment.assigned_from,
                assignment.created_at,
                _("Personal coach: %(coach)s") % {"coach": name_of(assignment.coach)},
                who=name_of(assignment.assigned_by),
            )
        )
    for interruption in case.interruptions.all():
        reason = interruption.get_reason_display()
        if interruption.reason_text:
            reason = f"{reason}: {interruption.reason_text}"
        items.append(
            _on(
                interruption.start,
                interruption.created_at,
                _("Participation interrupted"),
                detail=reason,
                who=name_of(interruption.recorded_by),
            )
        )
        if interruption.end is not None:
            items.append(
                _on(
                    interruption.end,
                    interruption.updated_at,
                    _("Interruption ended: participation restarted"),
                )
            )
    for event in case.events.all():  # absences and non-cooperation (overview_for)
        items.append(
            _at(
                event.occurred_at,
                _("Reported to the district: %(kind)s") % {"kind": EventKind(event.kind).label},
                detail=event.summary,
            )
        )
    for exception in case.limit_exceptions.all():
        items.extend(_exception_items(exception))
    return items


def timeline_of(
    cases: list[Referral], plans: list[PlanVersion], limited: frozenset[Any] = frozenset()
) -> list[TimelineItem]:
    """Everything that happened in the person's cases, newest first (UX: one person, one page).
    Of a case in `limited` (shared with the user's unit for its plans and exit only): the
    referral, the plans and the exit."""
    items: list[TimelineItem] = []
    for case in cases:
        items.append(
            _at(
                case.referred_at,
                _("Referred by %(district)s to Jobbtorg %(centre)s")
                % {"district": case.district, "centre": case.job_centre.name},
                detail=_("Target group: %(group)s.") % {"group": case.target_group.name},
                who=name_of(case.referred_by),
            )
        )
        if case.pk not in limited:
            items.extend(_case_file_items(case))
        exit_ = getattr(case, "exit", None)
        if exit_ is not None:
            detail = exit_.reason_text
            if exit_.reason == ExitReason.WORK:
                parts = [
                    exit_.get_employment_form_display(),
                    exit_.get_extent_display(),
                    _("with wage subsidy") if exit_.wage_subsidy else _("without wage subsidy"),
                ]
                if exit_.hours_per_week:
                    parts.append(
                        _("%(h)s hours a week") % {"h": floatformat(exit_.hours_per_week, -1)}
                    )
                if exit_.employer:
                    parts.append(exit_.employer)
                detail = ", ".join(str(p) for p in parts if p)
            items.append(
                _on(
                    exit_.date,
                    exit_.created_at,
                    _("Exit: %(reason)s") % {"reason": exit_.get_reason_display()},
                    detail=detail,
                    who=name_of(exit_.recorded_by),
                )
            )
    for plan in plans:
        link = reverse("plans:detail", args=[plan.pk])
        items.append(
            _at(
                plan.created_at,
                _("Plan version %(n)d written") % {"n": plan.number},
                detail=_("%(start)s to %(end)s.")
                % {"start": plan.start.isoformat(), "end": plan.end.isoformat()}
                + (f" {plan.note}" if plan.note else ""),
                who=name_of(plan.written_by),
                link=link,
                link_text=_("Plan version %(n)d") % {"n": plan.number},
            )
        )
        if plan.decided_at is not None:
            rejected = plan.status == PlanStatus.REJECTED
            items.append(
                _at(
                    plan.decided_at,
                    (
                        _("Plan version %(n)d rejected by the district")
                        if rejected
                        else _("Plan version %(n)d approved by the district")
                    )
                    % {"n": plan.number},
                    detail=plan.rejection_reason if rejected else "",
                    who=name_of(plan.decided_by),
                    link=link,
                    link_text=_("Plan version %(n)d") % {"n": plan.number},
                )
            )
        for activity in plan.activities.all():
            for follow_up in activity.follow_ups.all():
                outcome = FollowUpOutcome(follow_up.outcome).label
                items.append(
                    _on(
                        follow_up.done_on,
                        follow_up.created_at,
                        _("Follow-up of %(activity)s: %(outcome)s")
                        % {"activity": activity.activity_type.name, "outcome": outcome},
                        detail=follow_up.note,
                        who=name_of(follow_up.recorded_by),
                    )
                )
    items.sort(key=lambda item: (item.day, item.order), reverse=True)
    return items


def overview_for(user: Any, participant: Participant, today: dt.date | None = None) -> Overview:
    today = today or timezone.localdate()
    # Each part of the case file in one query, with the staff it names joined in; the person
    # is the one read already (two joins fewer to compile and read).
    cases = list(
        cases_of(user, participant)
        .select_related(None)
        .select_related(
            "district",
            "job_centre",
            "target_group",
            "coach",
            "referred_by",
            "exit__recorded_by",
            "first_meeting_slot__coach",
        )
        .prefetch_related(
            Prefetch("first_meetings", FirstMeeting.objects.select_related("recorded_by")),
            Prefetch(
                "coach_assignments",
                CoachAssignment.objects.select_related("coach", "assigned_by"),
            ),
            Prefetch("interruptions", Interruption.objects.select_related("recorded_by")),
            # The other events repeat what the timeline shows already.
            Prefetch("events", DistrictEvent.objects.filter(kind__in=TIMELINE_EVENTS)),
            Prefetch(
                "limit_exceptions",
                LimitException.objects.select_related("requested_by", "decided_by"),
            ),
        )
    )
    if not cases:
        return Overview(case=None)
    for one in cases:
        one.participant = participant
    case = cases[0]
    parts = shared_parts_for(user, cases)
    limited = frozenset(pk for pk, part in parts.items() if part == SharedPart.PLANS_AND_EXIT)
    plans = list(
        plans_visible_to(user)
        .filter(referral__in=[c.pk for c in cases])
        .select_related(None)
        .select_related("written_by", "decided_by")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "activities",
                PlanActivity.objects.select_related("activity_type", "provider").prefetch_related(
                    Prefetch("follow_ups", FollowUp.objects.select_related("recorded_by"))
                ),
            )
        )
        .order_by("-created_at")
    )
    by_pk = {c.pk: c for c in cases}
    for plan in plans:
        plan.referral = by_pk[plan.referral_id]  # the case read above, with its person
    case_plans = [plan for plan in plans if plan.referral_id == case.pk]
    active = next((p for p in case_plans if p.status == PlanStatus.APPROVED), None)
    pending = next((p for p in case_plans if p.status == PlanStatus.AWAITING_APPROVAL), None)
    latest = max(case_plans, key=lambda p: p.number, default=None)
    interruption = next((i for i in case.interruptions.all() if i.end is None), None)
    exit_ = getattr(case, "exit", None)
    acting = can_act_on_case(user, case)
    is_open = case.stage != Stage.EXITED
    enrolled = case.stage == Stage.ENROLLED
    due = case_deadlines(case, today)
    exceptions = sorted(case.limit_exceptions.all(), key=lambda e: e.created_at, reverse=True)
    pending_exception = next((e for e in exceptions if e.approved is None), None)
    # Asked for when the 18-month limit is flagged (30 days before), one at a time.
    limit_flagged = any(item.kind == "participation_limit" for item in due.items)
    actions = {
        "first_meeting": acting and case.stage == Stage.REFERRED,
        "plan": acting and enrolled,
        "follow_up": acting and enrolled and active is not None,
        "interrupt": acting and enrolled and interruption is None,
        "restart": acting and interruption is not None,
        "exit": acting and is_open,
        "report": acting and is_open,
        "change_coach": acting and enrolled,
        "assessment": can_read_assessment(user, case),
        "decide": pending is not None and can_decide_plan(user, case),
        "book_first_meeting": acting and case.stage == Stage.REFERRED and not has_future_slot(case),
        "ask_exception": acting and enrolled and limit_flagged and pending_exception is None,
        "decide_exception": pending_exception is not None
        and can_decide_limit_exception(user, case),
    }
    return Overview(
        case=case,
        cases=cases,
        deadlines=due,
        slot=getattr(case, "first_meeting_slot", None),
        plans=case_plans,
        active_plan=active,
        pending_plan=pending,
        latest_plan=latest,
        interruption=interruption,
        exit=exit_,
        timeline=timeline_of(cases, plans, limited),
        actions=actions,
        exceptions=exceptions,
        pending_exception=pending_exception,
    )


def overview_for_display(
    *, user: Any, participant_id: Any, audit_context: audit.AuditContext
) -> tuple[Participant, Overview]:
    """The person in the user's scope and their overview, as the participant page shows them,
    with the read-audit of what it shows, in one write: the person (participant_viewed),
    and the active plan and the one awaiting approval with their activities (plan_viewed each).
    404 outside the scope, and nothing is recorded then."""
    participant = participant_get(user=user, participant_id=participant_id)
    overview = overview_for(user, participant)
    audit.participant_and_plans_viewed(audit_context, participant, overview.shown_plans)
    return participant, overview

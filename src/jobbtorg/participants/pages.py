"""What the path pages need beyond the selectors: the case a user may act on, whether they may,
how service errors land on form fields, and the participant page's overview and timeline.

Everything here reads through the scoping selectors; nothing here writes, but for the service
that `call_service` runs on a page's behalf.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.core.web import name_of
from jobbtorg.participants.models import (
    EventKind,
    ExitReason,
    IntakeSlot,
    LimitException,
    MeetingOutcome,
    Participant,
    Referral,
    SharedPart,
    Stage,
)
from jobbtorg.participants.selectors import (
    CaseDeadline,
    CaseDeadlines,
    case_deadlines,
    referrals_visible_to,
    shared_parts_for,
)
from jobbtorg.participants.services.exits import require_staff_of
from jobbtorg.plans.models import FollowUpOutcome, PlanStatus, PlanVersion
from jobbtorg.plans.selectors import plans_visible_to

STAFF_WHO_ACT = {Role.COACH, Role.MANAGER}


def cases_of(user: Any, participant: Participant) -> QuerySet[Referral]:
    """The person's cases that the user may see, the open one first, then newest first."""
    return (
        referrals_visible_to(user)
        .filter(participant=participant)
        .order_by(models.Case(models.When(stage=Stage.EXITED, then=1), default=0), "-referred_at")
    )


def open_case_of(user: Any, participant: Participant) -> Referral | None:
    return cases_of(user, participant).exclude(stage=Stage.EXITED).first()


def stages_of(user: Any, participants: Any) -> dict[Any, str]:
    """Each listed person's stage in the case the user may see (the open one before others)."""
    stages: dict[Any, str] = {}
    cases = (
        referrals_visible_to(user)
        .filter(participant__in=[p.pk for p in participants])
        .order_by(models.Case(models.When(stage=Stage.EXITED, then=1), default=0), "-referred_at")
        .values_list("participant_id", "stage")
    )
    for participant_id, stage in cases:
        stages.setdefault(participant_id, str(Stage(stage).label))
    return stages


def may_act(user: Any, referral: Referral | None) -> bool:
    """Coach or manager of the case's Jobbtorg: the roles the path services let write."""
    return (
        referral is not None
        and getattr(user, "role", "") in STAFF_WHO_ACT
        and user.job_centre_id == referral.job_centre_id
    )


def require_staff(user: Any, what: str, referral: Referral | None = None) -> None:
    """Refuse (403, with who can do it instead) a role the service would refuse."""
    if referral is not None:
        try:
            require_staff_of(user, referral, STAFF_WHO_ACT, what)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
    elif getattr(user, "role", "") not in STAFF_WHO_ACT:
        raise PermissionDenied(
            _("%(what)s is done by the coach or manager at the person's Jobbtorg.") % {"what": what}
        )


def case_to_act_on(user: Any, participant: Participant, what: str) -> Referral | None:
    """The person's open case, when the user may act on it; 403 (saying who may) otherwise.
    None when there is no open case: the page says so."""
    case = open_case_of(user, participant)
    require_staff(user, what, case)
    return case


def may_read_assessment(user: Any, referral: Referral | None) -> bool:
    """The assessment is the Jobbtorg's working material: its staff read it (the case is
    already scoped to their Jobbtorg); the district gets plans, reports and exits (R33)."""
    return (
        referral is not None
        and getattr(user, "role", "") in JOB_CENTRE_ROLES
        and user.job_centre_id == referral.job_centre_id
    )


def may_see_health(user: Any, referral: Referral | None) -> bool:
    """Health-related entries: only the coach and the manager of the person's Jobbtorg."""
    return may_act(user, referral)


def may_decide_exceptions(user: Any, referral: Referral | None) -> bool:
    """Exceptions to the 18-month limit: only the manager of the case's Jobbtorg decides."""
    return (
        referral is not None
        and getattr(user, "role", "") == Role.MANAGER
        and user.job_centre_id == referral.job_centre_id
    )


def require_exception_decider(user: Any, referral: Referral) -> None:
    """403, naming who decides, for anyone but the manager of the case's Jobbtorg."""
    if not may_decide_exceptions(user, referral):
        raise PermissionDenied(
            _(
                "Only the manager of Jobbtorg %(centre)s decides on exceptions to the "
                "18-month limit."
            )
            % {"centre": referral.job_centre.name}
        )


def has_future_slot(referral: Referral, now: dt.datetime | None = None) -> bool:
    """Whether the referral has a first meeting booked ahead (a past, unrecorded time does not
    count: the service books a new one in its place)."""
    slot = getattr(referral, "first_meeting_slot", None)
    return slot is not None and slot.starts_at >= (now or timezone.now())


def earliest_free_slot(job_centre_id: int) -> IntakeSlot | None:
    """The intake time a booking would take now (free times name nobody)."""
    return (
        IntakeSlot.objects.filter(
            job_centre_id=job_centre_id, referral__isnull=True, starts_at__gte=timezone.now()
        )
        .select_related("coach")
        .order_by("starts_at")
        .first()
    )


def may_decide_plans(user: Any, case: Referral) -> bool:
    """An officer of the district that referred the case (the person's home district then)."""
    return (
        getattr(user, "role", "") == Role.DISTRICT_OFFICER and user.district_id == case.district_id
    )


# The participant page


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
    for event in case.events.all():
        if event.kind not in {EventKind.ABSENCE, EventKind.NON_COOPERATION}:
            continue  # the other events repeat what the timeline shows already
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
                    parts.append(_("%(h)s hours a week") % {"h": exit_.hours_per_week})
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
    cases = list(
        cases_of(user, participant)
        .select_related("referred_by")
        .prefetch_related(
            "first_meetings__recorded_by",
            "coach_assignments__coach",
            "coach_assignments__assigned_by",
            "interruptions__recorded_by",
            "events",
            "limit_exceptions__requested_by",
            "limit_exceptions__decided_by",
        )
    )
    if not cases:
        return Overview(case=None)
    case = cases[0]
    parts = shared_parts_for(user, cases)
    limited = frozenset(pk for pk, part in parts.items() if part == SharedPart.PLANS_AND_EXIT)
    plans = list(
        plans_visible_to(user)
        .filter(referral__in=[c.pk for c in cases])
        .prefetch_related("activities__follow_ups__recorded_by")
        .order_by("-created_at")
    )
    case_plans = [plan for plan in plans if plan.referral_id == case.pk]
    active = next((p for p in case_plans if p.status == PlanStatus.APPROVED), None)
    pending = next((p for p in case_plans if p.status == PlanStatus.AWAITING_APPROVAL), None)
    latest = max(case_plans, key=lambda p: p.number, default=None)
    interruption = next((i for i in case.interruptions.all() if i.end is None), None)
    exit_ = getattr(case, "exit", None)
    acting = may_act(user, case)
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
        "assessment": may_read_assessment(user, case),
        "decide": pending is not None and may_decide_plans(user, case),
        "book_first_meeting": acting and case.stage == Stage.REFERRED and not has_future_slot(case),
        "ask_exception": acting and enrolled and limit_flagged and pending_exception is None,
        "decide_exception": pending_exception is not None and may_decide_exceptions(user, case),
    }
    return Overview(
        case=case,
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

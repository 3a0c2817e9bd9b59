"""Deadlines of a case (R10, R13): what is due in a case and when, from its enrolment,
interruptions and exceptions (participants) and its plan versions and activities (plans),
computed with the pure rules and never stored. They combine a case with its plans, so they live
here, above participants."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbtorg.engines.rules import case_deadlines as case_rules
from jobbtorg.engines.rules import deadlines
from jobbtorg.participants.models import Interruption, LimitException, Referral, Stage
from jobbtorg.participants.selectors import enrolled_referrals_for
from jobbtorg.plans.models import FollowUp, PlanActivity, PlanVersion
from jobbtorg.providers.models import ActivityType


@dataclass(frozen=True)
class CaseDeadline:
    kind: str
    due_on: dt.date
    referral: Referral
    detail: str = ""
    activity_id: int | None = None

    @property
    def label(self) -> str:
        return str(DEADLINE_LABELS.get(self.kind, self.kind))


DEADLINE_LABELS = {
    "first_meeting": _("First meeting"),
    "plan_due": _("Activity plan due"),
    "plan_rejected": _("Plan rejected: write a new version"),
    "follow_up_due": _("Follow-up due"),
    "review_due": _("Review of the plan (omprövning)"),
    "participation_limit": _(
        "18-month limit near: exit to the job guarantee or ask for an exception"
    ),
}


@dataclass(frozen=True)
class CaseDeadlines:
    plan_due: dt.date | None
    follow_ups_due: list[CaseDeadline]
    review_due: dt.date | None
    participation_ends: dt.date | None
    items: list[CaseDeadline]


def active_plan(referral: Referral) -> Any:
    return (
        referral.plan_versions.filter(status="approved")
        .prefetch_related("activities__activity_type", "activities__follow_ups")
        .first()
    )


def _case_facts(referrals: list[Referral]) -> dict[Any, case_rules.CaseFacts]:
    """The facts the deadline rules need, for many cases in five queries (plain rows, no model
    instances: computing a whole Jobbtorg's list must stay fast)."""
    ids = [r.pk for r in referrals]
    interruptions: dict[Any, list[deadlines.Interruption]] = {}
    for rid, start, end in Interruption.objects.filter(referral_id__in=ids).values_list(
        "referral_id", "start", "end"
    ):
        interruptions.setdefault(rid, []).append(deadlines.Interruption(start=start, end=end))
    extended: dict[Any, list[dt.date]] = {}
    for rid, until in LimitException.objects.filter(referral_id__in=ids, approved=True).values_list(
        "referral_id", "until"
    ):
        extended.setdefault(rid, []).append(until)
    versions: dict[Any, list[case_rules.VersionFacts]] = {}
    active: dict[Any, tuple[Any, dt.date]] = {}
    for pid, rid, number, status, decided_at, reason, start in PlanVersion.objects.filter(
        referral_id__in=ids
    ).values_list(
        "pk", "referral_id", "number", "status", "decided_at", "rejection_reason", "start"
    ):
        decided_on = timezone.localdate(decided_at) if decided_at else None
        versions.setdefault(rid, []).append(
            case_rules.VersionFacts(number, status, decided_on, reason)
        )
        if status == "approved":
            active[rid] = (pid, start)
    plan_to_referral = {pid: rid for rid, (pid, _) in active.items()}
    followed = set(
        FollowUp.objects.filter(activity__plan_id__in=plan_to_referral).values_list(
            "activity_id", flat=True
        )
    )
    activities: dict[Any, list[case_rules.ActivityFacts]] = {}
    names = {t.pk: t for t in ActivityType.objects.all()}
    for aid, plan_id, type_id, start, end in PlanActivity.objects.filter(
        plan_id__in=plan_to_referral
    ).values_list("pk", "plan_id", "activity_type_id", "start", "end"):
        activity_type = names[type_id]
        activities.setdefault(plan_to_referral[plan_id], []).append(
            case_rules.ActivityFacts(
                aid, activity_type.name, start, end, activity_type.max_length_days, aid in followed
            )
        )
    return {
        r.pk: case_rules.CaseFacts(
            enrolled_on=r.enrolled_on,  # type: ignore[arg-type]
            interruptions=tuple(interruptions.get(r.pk, ())),
            versions=tuple(versions.get(r.pk, ())),
            active_plan_start=active[r.pk][1] if r.pk in active else None,
            activities=tuple(sorted(activities.get(r.pk, ()), key=lambda a: (a.start, a.id))),
            extended_until=tuple(extended.get(r.pk, ())),
        )
        for r in referrals
        if r.enrolled_on is not None
    }


def _as_case_deadlines(referral: Referral, due: case_rules.CaseDue) -> CaseDeadlines:
    def wrap(item: case_rules.DueItem) -> CaseDeadline:
        return CaseDeadline(item.kind, item.due_on, referral, item.detail, item.activity_id)

    return CaseDeadlines(
        due.plan_due,
        [wrap(i) for i in due.follow_ups_due],
        due.review_due,
        due.participation_ends,
        [wrap(i) for i in due.items],
    )


def case_deadlines_many(
    referrals: list[Referral], today: dt.date | None = None
) -> dict[Any, CaseDeadlines]:
    """Deadlines of many cases (a page of a caseload) with the same five queries."""
    today = today or timezone.localdate()
    enrolled = [r for r in referrals if r.stage == Stage.ENROLLED and r.enrolled_on]
    facts = _case_facts(enrolled)
    empty = CaseDeadlines(None, [], None, None, [])
    return {
        r.pk: _as_case_deadlines(r, case_rules.case_due(facts[r.pk], today))
        if r.pk in facts
        else empty
        for r in referrals
    }


def case_deadlines(referral: Referral, today: dt.date | None = None) -> CaseDeadlines:
    """What is due in one case, and when (empty unless enrolled)."""
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED or referral.enrolled_on is None:
        return CaseDeadlines(None, [], None, None, [])
    facts = _case_facts([referral])[referral.pk]
    return _as_case_deadlines(referral, case_rules.case_due(facts, today))


def deadlines_for(
    user: Any, *, today: dt.date | None = None, within_days: int | None = None
) -> list[CaseDeadline]:
    """Everything overdue or due (within `within_days` when given) in the user's caseload."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days) if within_days is not None else None
    found: list[CaseDeadline] = []
    cases = list(enrolled_referrals_for(user).filter(stage=Stage.ENROLLED))
    facts = _case_facts(cases)
    for referral in cases:
        for item in case_rules.case_due(facts[referral.pk], today).items:
            # The 18-month flag is shown from 30 days before, whatever the horizon.
            if horizon is None or item.due_on <= horizon or item.kind == "participation_limit":
                found.append(
                    CaseDeadline(item.kind, item.due_on, referral, item.detail, item.activity_id)
                )
    found.sort(key=lambda item: (item.due_on, item.referral.participant.last_name))
    return found

"""Reads of participants. Every one starts from `participants_visible_to`."""

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.engines.rules import deadlines
from jobbtorg.organisation.selectors import district_ids_served_by
from jobbtorg.participants.models import HealthEntry, Participant, Referral, Stage


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    """The participants this user may see: the one place that decides it.

    Staff of a Jobbtorg see the people referred to it and the people of the districts it serves
    today; a district officer sees the people of their district and those it referred. Provider
    staff see nobody until activities with providers exist; analysts and administrators never
    see personal data.
    """
    participants = Participant.objects.select_related("home_district")
    if user is None or not user.is_authenticated or not user.is_active:
        return participants.none()
    role = getattr(user, "role", "")
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return participants.filter(
            Q(home_district_id__in=district_ids_served_by(user.job_centre_id))
            | Q(
                pk__in=Referral.objects.filter(job_centre_id=user.job_centre_id).values(
                    "participant_id"
                )
            )
        )
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return participants.filter(
            Q(home_district_id=user.district_id)
            | Q(
                pk__in=Referral.objects.filter(district_id=user.district_id).values(
                    "participant_id"
                )
            )
        )
    return participants.none()


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """Cases (referral to exit) of the people the user may see, at units the user works for."""
    referrals = Referral.objects.select_related(
        "participant",
        "participant__home_district",
        "district",
        "job_centre",
        "target_group",
        "coach",
    )
    if user is None or not user.is_authenticated or not user.is_active:
        return referrals.none()
    role = getattr(user, "role", "")
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return referrals.filter(job_centre_id=user.job_centre_id)
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return referrals.filter(
            Q(district_id=user.district_id) | Q(participant__home_district_id=user.district_id)
        )
    return referrals.none()


def health_entries_visible_to(user: Any) -> QuerySet[HealthEntry]:
    """Special category data: only the coach and the manager of the person's Jobbtorg."""
    role = getattr(user, "role", "")
    if role not in {Role.COACH, Role.MANAGER} or not user.is_active:
        return HealthEntry.objects.none()
    return HealthEntry.objects.filter(referral__job_centre_id=user.job_centre_id)


def current_referral(participant: Participant) -> Referral | None:
    """The open case, or else the latest one."""
    return (
        Referral.objects.filter(participant=participant)
        .select_related("job_centre", "district", "target_group", "coach")
        .order_by(models.Case(models.When(stage="exited", then=1), default=0), "-referred_at")
        .first()
    )


def referral_get(*, user: Any, referral_id: uuid.UUID | str) -> Referral:
    try:
        key = uuid.UUID(str(referral_id))
    except ValueError:
        raise Http404 from None
    referral = referrals_visible_to(user).filter(pk=key).first()
    if referral is None:
        raise Http404
    return referral


def participant_get(*, user: Any, participant_id: uuid.UUID | str) -> Participant:
    """One participant in the user's scope; 404 otherwise, so that existence is not revealed."""
    try:
        key = uuid.UUID(str(participant_id))
    except ValueError:
        raise Http404 from None
    participant = participants_visible_to(user).filter(pk=key).first()
    if participant is None:
        raise Http404
    return participant


def participant_search(*, user: Any, query: str = "") -> QuerySet[Participant]:
    """Search by name or personal identity number (any written form, or its start)."""
    participants = participants_visible_to(user)
    query = (query or "").strip()
    if not query:
        return participants
    digits = re.sub(r"[\s\-+]", "", query)
    if re.fullmatch(r"[0-9]+", digits):
        # Ten digits or fewer are matched without the century.
        return participants.filter(
            Q(personal_identity_number__startswith=digits)
            | Q(personal_identity_number__regex=rf"^[0-9]{{2}}{re.escape(digits)}")
        )
    condition = Q()
    for word in query.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return participants.filter(condition)


def audit_entries_for(participant: Participant) -> "QuerySet[AuditEntry]":
    """The loggutdrag: every entry about one person, newest first. Call only for a participant
    fetched through `participant_get`."""
    return AuditEntry.objects.filter(participant=participant).order_by("-occurred_at", "-id")


# Deadlines of a case (R10, R13): computed from the records with the pure rules, never stored.


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


def case_deadlines(referral: Referral, today: dt.date | None = None) -> CaseDeadlines:
    """What is due in one case, and when. While interrupted, the case's work deadlines pause."""
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED or referral.enrolled_on is None:
        return CaseDeadlines(None, [], None, None, [])
    interruptions = list(referral.interruptions.all())
    ends = deadlines.participation_end(
        referral.enrolled_on,
        [deadlines.Interruption(start=i.start, end=i.end) for i in interruptions],
        as_of=today,
    )
    # An approved exception (R13) lets the participation go on past the 18-month limit.
    extended = [e.until for e in referral.limit_exceptions.all() if e.approved]
    if extended and max(extended) > ends:
        ends = max(extended)
    items: list[CaseDeadline] = []
    if today >= deadlines.limit_warning_from(ends):
        items.append(CaseDeadline("participation_limit", ends, referral))
    if any(i.end is None and i.start <= today for i in interruptions):
        return CaseDeadlines(None, [], None, ends, items)
    versions = list(referral.plan_versions.order_by("-number"))
    plan_due_on = None
    if not versions:
        plan_due_on = deadlines.plan_due(referral.enrolled_on)
        items.append(CaseDeadline("plan_due", plan_due_on, referral))
    elif versions[0].status == "rejected":
        decided = timezone.localdate(versions[0].decided_at) if versions[0].decided_at else today
        items.append(CaseDeadline("plan_rejected", decided, referral, versions[0].rejection_reason))
    plan = active_plan(referral)
    follow_ups: list[CaseDeadline] = []
    review_on = None
    if plan is not None:
        review_on = deadlines.review_due(plan.start)
        items.append(CaseDeadline("review_due", review_on, referral))
        for activity in plan.activities.all():
            if activity.follow_ups.all():
                continue
            due_on = deadlines.activity_follow_up_due(
                activity.start, activity.end, activity.activity_type.max_length_days
            )
            follow_ups.append(
                CaseDeadline(
                    "follow_up_due", due_on, referral, activity.activity_type.name, activity.pk
                )
            )
        items.extend(follow_ups)
    items.sort(key=lambda item: item.due_on)
    return CaseDeadlines(plan_due_on, follow_ups, review_on, ends, items)


def enrolled_referrals_for(user: Any) -> QuerySet[Referral]:
    """A coach's own caseload; for a manager, the whole Jobbtorg's."""
    referrals = referrals_visible_to(user).exclude(stage=Stage.EXITED)
    if getattr(user, "role", "") == Role.COACH:
        return referrals.filter(coach=user)
    return referrals


def deadlines_for(
    user: Any, *, today: dt.date | None = None, within_days: int | None = None
) -> list[CaseDeadline]:
    """Everything overdue or due (within `within_days` when given) in the user's caseload."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days) if within_days is not None else None
    found: list[CaseDeadline] = []
    for referral in (
        enrolled_referrals_for(user)
        .filter(stage=Stage.ENROLLED)
        .prefetch_related("interruptions", "plan_versions")
    ):
        for item in case_deadlines(referral, today).items:
            if horizon is None or item.due_on <= horizon:
                found.append(item)
    found.sort(key=lambda item: (item.due_on, item.referral.participant.last_name))
    return found

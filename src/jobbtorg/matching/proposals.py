"""The matching workflow (R24): a matcher proposes a candidate for a vacancy; the coach and the
person agree, and the person chooses what the employer may see; the profile is sent; interview;
hired or not, with the reason. A hire closes the vacancy when its openings are filled, feeds the
exit (the coach records it, prefilled), and a placement gets follow-up contacts with its
supervisor on the matcher's list."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role, scope_role
from jobbtorg.matching.models import (
    PlacementFollowUp,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from jobbtorg.participants.models import Interruption, Referral, Stage

# What the person may agree to show the employer; the name always goes with an agreed profile.
SHAREABLE_FIELDS = {
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "wanted_occupations": gettext_lazy("Wanted occupations"),
    "experience": gettext_lazy("Work experience"),
    "skills": gettext_lazy("Skills"),
    "languages": gettext_lazy("Languages and Swedish level"),
    "licences": gettext_lazy("Driving licences"),
    "education_level": gettext_lazy("Education level"),
}
# Contacts with a placement's supervisor, in days after the start (R24).
PLACEMENT_FOLLOW_UP_DAYS = (7, 30, 90)
MATCHERS = {Role.MATCHER, Role.MANAGER}
LIVE = (
    ProposalStatus.PROPOSED,
    ProposalStatus.AGREED,
    ProposalStatus.SENT,
    ProposalStatus.INTERVIEW,
)
# From which statuses each step may be taken.
STEPS: dict[str, frozenset[str]] = {
    ProposalStatus.AGREED: frozenset({ProposalStatus.PROPOSED}),
    ProposalStatus.DECLINED: frozenset({ProposalStatus.PROPOSED}),
    ProposalStatus.SENT: frozenset({ProposalStatus.AGREED}),
    ProposalStatus.INTERVIEW: frozenset({ProposalStatus.SENT}),
    ProposalStatus.HIRED: frozenset({ProposalStatus.SENT, ProposalStatus.INTERVIEW}),
    ProposalStatus.NOT_HIRED: frozenset({ProposalStatus.SENT, ProposalStatus.INTERVIEW}),
    ProposalStatus.WITHDRAWN: frozenset(LIVE),
}


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    """Staff of a Jobbtorg see the proposals of the people served there and those its own
    matchers made (for people anywhere in the city: matching is coordinated across Jobbtorg,
    R23). Nobody else."""
    proposals = Proposal.objects.select_related(
        "vacancy__employer",
        "vacancy__occupation",
        "referral__participant",
        "referral__job_centre",
        "referral__coach",
        "proposed_by",
    )
    if scope_role(user) in JOB_CENTRE_ROLES and user.job_centre_id:
        return proposals.filter(
            Q(referral__job_centre_id=user.job_centre_id)
            | Q(proposed_by__job_centre_id=user.job_centre_id)
        )
    return proposals.none()


def is_available(referral: Referral, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED:
        return False
    return (
        not Interruption.objects.filter(referral=referral, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exists()
    )


def _snapshot(proposal: Proposal) -> dict[str, Any]:
    return {
        "status": proposal.status,
        "vacancy": str(proposal.vacancy_id),
        "shared_fields": list(proposal.shared_fields),
        "interview_on": proposal.interview_on.isoformat() if proposal.interview_on else None,
        "reason": proposal.outcome_reason,
    }


def _event(ctx: AuditContext, proposal: Proposal, note: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal, status=proposal.status, actor=ctx.actor, note=note[:2000]
    )


def proposal_create(
    ctx: AuditContext,
    *,
    vacancy: Vacancy,
    referral: Referral,
    score: float | None = None,
    explanation: list[Any] | None = None,
    note: str = "",
) -> Proposal:
    """A matcher (or manager) at any Jobbtorg proposes a person for an open vacancy."""
    actor = ctx.actor
    if getattr(actor, "role", None) not in MATCHERS or not actor.job_centre_id:
        raise NotAllowed(_("Matchers and managers propose candidates."))
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationFailed({"__all__": _("The vacancy is no longer open.")})
    if not is_available(referral):
        raise ValidationFailed(
            {"__all__": _("The person is not available: not enrolled, or interrupted.")}
        )
    with transaction.atomic():
        if Proposal.objects.filter(vacancy=vacancy, referral=referral, status__in=LIVE).exists():
            raise ValidationFailed(
                {"__all__": _("The person is already proposed for this vacancy.")}
            )
        proposal = Proposal.objects.create(
            vacancy=vacancy,
            referral=referral,
            score=Decimal(str(round(score, 1))) if score is not None else None,
            explanation=explanation or [],
            proposed_by=actor,
        )
        _event(ctx, proposal, note)
        audit.proposal_recorded(ctx, proposal, None, _snapshot(proposal))
    return proposal


def _require_coach_side(actor: Any, proposal: Proposal) -> None:
    if getattr(actor, "role", None) not in {Role.COACH, Role.MANAGER} or (
        actor.job_centre_id != proposal.referral.job_centre_id
    ):
        raise NotAllowed(_("The person's coach records whether the coach and the person agree."))


def _require_matcher_side(actor: Any, proposal: Proposal) -> None:
    if getattr(actor, "role", None) not in MATCHERS or actor.job_centre_id not in {
        proposal.proposed_by.job_centre_id,
        proposal.referral.job_centre_id,
    }:
        raise NotAllowed(_("The matcher who proposed the person, or a manager, does that."))


def _step(
    ctx: AuditContext,
    proposal: Proposal,
    to: str,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Proposal:
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status not in STEPS[to]:
            raise ValidationFailed(
                {
                    "__all__": _("That step cannot be taken now: the proposal is “%(status)s”.")
                    % {"status": current.get_status_display()}
                }
            )
        before = _snapshot(current)
        current.status = to
        for field, value in (changes or {}).items():
            setattr(current, field, value)
        if to in (ProposalStatus.HIRED, ProposalStatus.NOT_HIRED):
            current.decided_at = timezone.now()
        current.save()
        _event(ctx, current, note)
        audit.proposal_recorded(ctx, current, before, _snapshot(current))
        if to == ProposalStatus.HIRED:
            _after_hire(current)
    proposal.refresh_from_db()
    return current


def proposal_agree(
    ctx: AuditContext,
    proposal: Proposal,
    *,
    person_agrees: bool,
    shared_fields: list[str],
    note: str = "",
) -> Proposal:
    """The coach records that the coach and the person agree (and what the person lets the
    employer see), or that they do not: then the proposal is declined and nothing is sent."""
    _require_coach_side(ctx.actor, proposal)
    unknown = sorted(set(shared_fields) - set(SHAREABLE_FIELDS))
    if unknown:
        raise ValidationFailed(
            {"shared_fields": _("Unknown fields: %(f)s") % {"f": ", ".join(unknown)}}
        )
    if not person_agrees:
        return _step(ctx, proposal, ProposalStatus.DECLINED, note=note)
    return _step(
        ctx,
        proposal,
        ProposalStatus.AGREED,
        note=note,
        changes={
            "coach_agreed_by": ctx.actor,
            "person_agreed": True,
            "shared_fields": sorted(set(shared_fields)),
        },
    )


def proposal_send(ctx: AuditContext, proposal: Proposal) -> Proposal:
    """The profile goes to the employer, with only what the person agreed to share."""
    _require_matcher_side(ctx.actor, proposal)
    sent = _step(ctx, proposal, ProposalStatus.SENT)
    audit.employer_profile_shared(ctx, sent, ["name", *sent.shared_fields])
    return sent


def proposal_interview(ctx: AuditContext, proposal: Proposal, *, on: dt.date) -> Proposal:
    _require_matcher_side(ctx.actor, proposal)
    if not isinstance(on, dt.date):
        raise ValidationFailed({"interview_on": _("Give the day of the interview.")})
    return _step(ctx, proposal, ProposalStatus.INTERVIEW, changes={"interview_on": on})


def proposal_outcome(
    ctx: AuditContext, proposal: Proposal, *, hired: bool, reason: str = ""
) -> Proposal:
    """Hired or not, with the reason (a reason is required when not hired)."""
    _require_matcher_side(ctx.actor, proposal)
    reason = (reason or "").strip()
    if not hired and not reason:
        raise ValidationFailed({"reason": _("Say why the person was not hired.")})
    to = ProposalStatus.HIRED if hired else ProposalStatus.NOT_HIRED
    return _step(ctx, proposal, to, note=reason, changes={"outcome_reason": reason[:300]})


def proposal_withdraw(ctx: AuditContext, proposal: Proposal, *, reason: str) -> Proposal:
    actor = ctx.actor
    try:
        _require_matcher_side(actor, proposal)
    except NotAllowed:
        _require_coach_side(actor, proposal)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Say why the proposal is withdrawn.")})
    return _step(
        ctx,
        proposal,
        ProposalStatus.WITHDRAWN,
        note=reason,
        changes={"outcome_reason": reason.strip()[:300]},
    )


def _after_hire(proposal: Proposal) -> None:
    vacancy = Vacancy.objects.select_for_update().get(pk=proposal.vacancy_id)
    hired = vacancy.proposals.filter(status=ProposalStatus.HIRED).count()
    if hired >= vacancy.openings and vacancy.status == VacancyStatus.OPEN:
        vacancy.status = VacancyStatus.FILLED
        vacancy.save(update_fields=["status", "updated_at"])
    if vacancy.kind == VacancyKind.PLACEMENT:
        start = max(vacancy.starts_on or timezone.localdate(), timezone.localdate())
        PlacementFollowUp.objects.bulk_create(
            PlacementFollowUp(proposal=proposal, due_on=start + dt.timedelta(days=days))
            for days in PLACEMENT_FOLLOW_UP_DAYS
        )


def follow_up_done(
    ctx: AuditContext, follow_up: PlacementFollowUp, *, done_on: dt.date, note: str
) -> PlacementFollowUp:
    """The matcher records the contact with the supervisor."""
    _require_matcher_side(ctx.actor, follow_up.proposal)
    problems = {}
    if not isinstance(done_on, dt.date) or done_on > timezone.localdate():
        problems["done_on"] = _("Give the day of the contact (today or earlier).")
    if not (note or "").strip():
        problems["note"] = _("Write what the supervisor said.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        current = PlacementFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.done_on is not None:
            raise ValidationFailed({"__all__": _("This follow-up is already recorded.")})
        current.done_on = done_on
        current.note = note.strip()
        current.done_by = ctx.actor
        current.save()
        audit.proposal_recorded(
            ctx,
            current.proposal,
            {"follow_up_due": current.due_on.isoformat()},
            {"follow_up_done": done_on.isoformat(), "note": current.note},
        )
    return current


def hires_awaiting_exit(user: Any) -> QuerySet[Proposal]:
    """Jobs the coach's people were hired into whose exit is not yet recorded (R19)."""
    return proposals_visible_to(user).filter(
        status=ProposalStatus.HIRED,
        vacancy__kind=VacancyKind.JOB,
        referral__coach=user,
        referral__stage=Stage.ENROLLED,
    )

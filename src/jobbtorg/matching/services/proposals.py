"""The matching workflow (R24): a matcher proposes a candidate for a vacancy; the coach and the
person agree, and the person chooses what the employer may see; the profile is sent; interview;
hired or not, with the reason. A hire closes the vacancy when its openings are filled, feeds the
exit (the coach records it, prefilled), and a placement gets follow-up contacts with its
supervisor on the matcher's list. Which step may follow which is the proposal workflow table
(`engines/rules/proposal_workflow.py`)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules import proposal_workflow as workflow
from jobbtorg.engines.rules.proposal_workflow import PROPOSAL_WORKFLOW, ProposalAction
from jobbtorg.engines.rules.transitions import TransitionNotAllowed
from jobbtorg.matching.models import (
    SHAREABLE_FIELDS,
    FollowUpClosedReason,
    PlacementFollowUp,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from jobbtorg.matching.permissions import (
    can_advance_proposal,
    can_agree_proposal,
    can_propose_candidates,
    can_withdraw_proposal,
)
from jobbtorg.matching.selectors.proposals import is_available
from jobbtorg.participants.models import Referral

# Contacts with a placement's supervisor, in days after the start (R24).
PLACEMENT_FOLLOW_UP_DAYS = (7, 30, 90)
LIVE = tuple(ProposalStatus(status.value) for status in sorted(workflow.LIVE))


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
    if not can_propose_candidates(actor):
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
    if not can_agree_proposal(actor, proposal):
        raise NotAllowed(_("The person's coach records whether the coach and the person agree."))


def _require_matcher_side(actor: Any, proposal: Proposal) -> None:
    if not can_advance_proposal(actor, proposal):
        raise NotAllowed(_("The matcher who proposed the person, or a manager, does that."))


def _step(
    ctx: AuditContext,
    proposal: Proposal,
    action: ProposalAction,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Proposal:
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        try:
            to = PROPOSAL_WORKFLOW.next_status(workflow.ProposalStatus(current.status), action)
        except (TransitionNotAllowed, ValueError):
            raise ValidationFailed(
                {
                    "__all__": _("That step cannot be taken now: the proposal is “%(status)s”.")
                    % {"status": current.get_status_display()}
                }
            ) from None
        before = _snapshot(current)
        current.status = ProposalStatus(to)
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
        return _step(ctx, proposal, ProposalAction.DECLINE, note=note)
    return _step(
        ctx,
        proposal,
        ProposalAction.AGREE,
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
    sent = _step(ctx, proposal, ProposalAction.SEND)
    audit.employer_profile_shared(ctx, sent, ["name", *sent.shared_fields])
    return sent


def proposal_interview(ctx: AuditContext, proposal: Proposal, *, on: dt.date) -> Proposal:
    _require_matcher_side(ctx.actor, proposal)
    if not isinstance(on, dt.date):
        raise ValidationFailed({"interview_on": _("Give the day of the interview.")})
    return _step(ctx, proposal, ProposalAction.INTERVIEW, changes={"interview_on": on})


def proposal_outcome(
    ctx: AuditContext, proposal: Proposal, *, hired: bool, reason: str = ""
) -> Proposal:
    """Hired or not, with the reason (a reason is required when not hired)."""
    _require_matcher_side(ctx.actor, proposal)
    reason = (reason or "").strip()
    if not hired and not reason:
        raise ValidationFailed({"reason": _("Say why the person was not hired.")})
    action = ProposalAction.HIRE if hired else ProposalAction.NOT_HIRE
    return _step(ctx, proposal, action, note=reason, changes={"outcome_reason": reason[:300]})


def proposal_withdraw(ctx: AuditContext, proposal: Proposal, *, reason: str) -> Proposal:
    actor = ctx.actor
    if not can_withdraw_proposal(actor, proposal):
        _require_coach_side(actor, proposal)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Say why the proposal is withdrawn.")})
    return _step(
        ctx,
        proposal,
        ProposalAction.WITHDRAW,
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
        if current.closed_on is not None:
            raise ValidationFailed(
                {
                    "__all__": _("This follow-up was closed: %(reason)s")
                    % {"reason": current.get_closed_reason_display()}
                }
            )
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


# Cases per query when an import's batch exits many at once.
_CASES_PER_QUERY = 500


def cases_exit_close(
    ctx: AuditContext, *, exits: Sequence[tuple[Referral, dt.date]]
) -> dict[str, int]:
    """The people exited (R19; `exits`: each case with its exit date): what matching held open
    for their cases can no longer happen. Live proposals are withdrawn and the supervisor
    contacts not yet made are closed, each with the exit as the reason, as history and audited,
    in the exit's transaction. Read by chunks of cases: an import's batch exits thousands, few
    of whom have anything open here."""
    exit_dates = {referral.pk: on for referral, on in exits}
    ids = list(exit_dates)
    withdrawn = closed = 0
    for start in range(0, len(ids), _CASES_PER_QUERY):
        part = ids[start : start + _CASES_PER_QUERY]
        for proposal in Proposal.objects.select_for_update().filter(
            referral_id__in=part, status__in=LIVE
        ):
            on = exit_dates[proposal.referral_id]
            reason = str(_("The person exited on %(date)s.") % {"date": on.isoformat()})
            before = _snapshot(proposal)
            proposal.status = ProposalStatus(
                PROPOSAL_WORKFLOW.next_status(
                    workflow.ProposalStatus(proposal.status), ProposalAction.WITHDRAW
                )
            )
            proposal.outcome_reason = reason[:300]
            proposal.save(update_fields=["status", "outcome_reason", "updated_at"])
            # Who recorded the exit withdrew it; an exit without a person (an import) names the
            # matcher who proposed.
            ProposalEvent.objects.create(
                proposal=proposal,
                status=proposal.status,
                actor=ctx.actor or proposal.proposed_by,
                note=reason,
            )
            audit.proposal_recorded(ctx, proposal, before, _snapshot(proposal))
            withdrawn += 1
        for follow_up in PlacementFollowUp.objects.select_for_update().filter(
            proposal__referral_id__in=part, done_on__isnull=True, closed_on__isnull=True
        ):
            on = exit_dates[follow_up.proposal.referral_id]
            follow_up.closed_on = on
            follow_up.closed_reason = FollowUpClosedReason.CASE_EXITED
            follow_up.save(update_fields=["closed_on", "closed_reason", "updated_at"])
            audit.proposal_recorded(
                ctx,
                follow_up.proposal,
                {"follow_up_due": follow_up.due_on.isoformat()},
                {"follow_up_closed": on.isoformat(), "reason": follow_up.closed_reason},
            )
            closed += 1
    return {"withdrawn": withdrawn, "closed": closed}

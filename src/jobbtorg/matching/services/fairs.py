"""Recruitment fairs (R21, R23): a fair with employers or a sector, date and place; the engine
suggests whom to invite from every Jobbtorg; invitations, attendance, and what came of it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules import recruitment_fair as fair_rule
from jobbtorg.matching.models import (
    Employer,
    FairInvitation,
    FairOutcome,
    InvitationStatus,
    Occupation,
    RecruitmentFair,
)
from jobbtorg.matching.permissions import can_organise_fairs, can_record_fairs
from jobbtorg.matching.selectors.proposals import is_available
from jobbtorg.participants.models import Referral


def fair_create(
    ctx: AuditContext,
    *,
    name: str,
    held_on: dt.date,
    place: str,
    sector: str = "",
    occupations: list[Occupation],
    employers: list[Employer],
) -> RecruitmentFair:
    actor = ctx.actor
    if not can_organise_fairs(actor):
        raise NotAllowed(_("Matchers and managers organise recruitment fairs."))
    problems = {}
    if not (name or "").strip():
        problems["name"] = _("Name the fair.")
    if not (place or "").strip():
        problems["place"] = _("Give the place.")
    for problem in fair_rule.fair_date_problems(
        held_on if isinstance(held_on, dt.date) else None, today=timezone.localdate()
    ):
        problems[problem.field] = problem.text(_)
    if not occupations:
        problems["occupations"] = _(
            "Choose at least one occupation: the engine suggests whom to invite from them."
        )
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        fair = RecruitmentFair.objects.create(
            name=name.strip(),
            held_on=held_on,
            place=place.strip(),
            sector=sector.strip(),
            organised_by_id=actor.job_centre_id,
            created_by=actor,
        )
        fair.occupations.set(occupations)
        fair.employers.set(employers)
    return fair


def fair_invite(ctx: AuditContext, fair: RecruitmentFair, referral: Referral) -> FairInvitation:
    actor = ctx.actor
    if not can_record_fairs(actor):
        raise NotAllowed(_("Staff at a Jobbtorg invite people to a fair."))
    if not is_available(referral):
        raise ValidationFailed(
            {"__all__": _("The person is not available: not enrolled, or interrupted.")}
        )
    with transaction.atomic():
        invitation, created = FairInvitation.objects.get_or_create(
            fair=fair, referral=referral, defaults={"invited_by": actor}
        )
        if not created:
            raise ValidationFailed({"__all__": _("The person is already invited.")})
        audit.fair_invitation_recorded(
            ctx, invitation, None, {"fair": fair.name, "status": invitation.status}
        )
    return invitation


def invitation_update(
    ctx: AuditContext, invitation: FairInvitation, *, status: str, outcome: str
) -> FairInvitation:
    """Whether the person came, and what came of it (interview, hired)."""
    actor = ctx.actor
    if not can_record_fairs(actor):
        raise NotAllowed(_("Staff at a Jobbtorg record the fair."))
    problems = {}
    if status not in InvitationStatus.values:
        problems["status"] = _("Choose whether the person came.")
    if outcome not in FairOutcome.values:
        problems["outcome"] = _("Choose what came of it.")
    elif outcome != FairOutcome.NONE and status != InvitationStatus.ATTENDED:
        problems["outcome"] = _("An interview or a hire needs the person to have come.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        current = FairInvitation.objects.select_for_update().get(pk=invitation.pk)
        before = {"status": current.status, "outcome": current.outcome}
        current.status, current.outcome = status, outcome
        current.save()
        audit.fair_invitation_recorded(ctx, current, before, {"status": status, "outcome": outcome})
    return current

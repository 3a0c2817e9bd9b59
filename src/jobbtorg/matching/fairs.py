"""Recruitment fairs (R21, R23): a fair with employers or a sector, date and place; the engine
suggests whom to invite from every Jobbtorg; invitations, attendance, and what came of it."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role, scope_role
from jobbtorg.engines.matching.index import MatchIndex
from jobbtorg.engines.matching.model import Match, VacancyFeatures
from jobbtorg.matching import feed
from jobbtorg.matching.models import (
    Employer,
    FairInvitation,
    FairOutcome,
    InvitationStatus,
    Occupation,
    RecruitmentFair,
)
from jobbtorg.matching.proposals import is_available
from jobbtorg.participants.models import Referral

ORGANISERS = {Role.MATCHER, Role.MANAGER}


def fairs_visible_to(user: Any) -> QuerySet[RecruitmentFair]:
    """Fairs are shared by all Jobbtorg (matching is coordinated across them, R23)."""
    if scope_role(user) in JOB_CENTRE_ROLES:
        return RecruitmentFair.objects.select_related("organised_by").annotate(
            invited=Count("invitations"),
            attended=Count("invitations", filter=Q(invitations__status=InvitationStatus.ATTENDED)),
            interviews=Count("invitations", filter=Q(invitations__outcome=FairOutcome.INTERVIEW)),
            hired=Count("invitations", filter=Q(invitations__outcome=FairOutcome.HIRED)),
        )
    return RecruitmentFair.objects.none()


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
    if getattr(actor, "role", None) not in ORGANISERS or not actor.job_centre_id:
        raise NotAllowed(_("Matchers and managers organise recruitment fairs."))
    problems = {}
    if not (name or "").strip():
        problems["name"] = _("Name the fair.")
    if not (place or "").strip():
        problems["place"] = _("Give the place.")
    if not isinstance(held_on, dt.date):
        problems["held_on"] = _("Give the date.")
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


def suggestions(fair: RecruitmentFair, k: int = 50) -> list[Match]:
    """The people from every Jobbtorg the engine would invite: the best score of each person
    over the fair's occupations, as if each were a vacancy with no other requirement."""
    occupations = list(fair.occupations.all())
    if not occupations:
        return []
    vacancies = [
        VacancyFeatures(
            ref=f"fair-occupation-{o.pk}",
            ssyk=o.ssyk_code,
            required_skills=frozenset(),
            desired_skills=frozenset(),
            required_languages=frozenset(),
            desired_languages=frozenset(),
            licence=None,
            district="",
            extent="part",
        )
        for o in occupations
    ]
    index = MatchIndex.build(feed.city_people(), vacancies, feed.district_distances())
    invited = {str(r) for r in fair.invitations.values_list("referral_id", flat=True)}
    best: dict[str, Match] = {}
    for vacancy in vacancies:
        for match in index.best_people(vacancy.ref, k=k + len(invited)):
            if match.person_ref in invited:
                continue
            if match.person_ref not in best or match.score > best[match.person_ref].score:
                best[match.person_ref] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.person_ref))[:k]


def fair_invite(ctx: AuditContext, fair: RecruitmentFair, referral: Referral) -> FairInvitation:
    actor = ctx.actor
    if getattr(actor, "role", None) not in JOB_CENTRE_ROLES or not actor.job_centre_id:
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
    if getattr(actor, "role", None) not in JOB_CENTRE_ROLES or not actor.job_centre_id:
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

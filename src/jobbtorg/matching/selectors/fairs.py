"""The reads of recruitment fairs: shared by all Jobbtorg (R23); the engine's suggestions of whom
to invite, and the fair page's read (logged)."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.roles import JOB_CENTRE_ROLES, scope_role
from jobbtorg.engines.matching.index import MatchIndex
from jobbtorg.engines.matching.model import Match, VacancyFeatures
from jobbtorg.matching import feed, index_store
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.models import (
    FairInvitation,
    FairOutcome,
    InvitationStatus,
    RecruitmentFair,
)
from jobbtorg.matching.permissions import (
    can_organise_fairs,
)
from jobbtorg.participants.models import Referral


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


def fair_invitations_visible_to(user: Any) -> QuerySet[FairInvitation]:
    """The invitations of the fairs the user sees (shared by all Jobbtorg, R23)."""
    if scope_role(user) in JOB_CENTRE_ROLES:
        return FairInvitation.objects.select_related(
            "fair", "referral__participant", "referral__job_centre"
        )
    return FairInvitation.objects.none()


def fair_suggestions(fair: RecruitmentFair, k: int = 50) -> list[Match]:
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
    index = MatchIndex.build(index_store.city_people(), vacancies, feed.district_distances())
    invited = {str(r) for r in fair.invitations.values_list("referral_id", flat=True)}
    best: dict[str, Match] = {}
    for vacancy in vacancies:
        for match in index.best_people(vacancy.ref, k=k + len(invited)):
            if match.person_ref in invited:
                continue
            if match.person_ref not in best or match.score > best[match.person_ref].score:
                best[match.person_ref] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.person_ref))[:k]


def fair_shown(ctx: AuditContext, fair: RecruitmentFair) -> dict[str, Any]:
    """A fair's invitations and, for its organisers, the engine's suggestions of whom to
    invite. Every person suggested and every person invited is logged."""
    user = ctx.actor
    invitations = list(
        fair_invitations_visible_to(user)
        .filter(fair=fair)
        .order_by("referral__participant__last_name")
    )
    suggested: list[dict[str, Any]] = []
    preparing = None
    if can_organise_fairs(user):
        try:
            matches = fair_suggestions(fair)
        except index_store.IndexNotReady as waiting:
            matches, preparing = [], waiting.message
        referrals = {
            str(r.pk): r
            for r in Referral.objects.filter(pk__in=[m.person_ref for m in matches]).select_related(
                "participant", "job_centre"
            )
        }
        suggested = [
            {"match": m, "referral": referrals[m.person_ref], "explanation": explanation_rows(m)}
            for m in matches
            if m.person_ref in referrals
        ]
        audit.candidates_suggested(ctx, [row["referral"].participant for row in suggested])
    audit.participants_listed(ctx, {i.referral.participant for i in invitations})
    return {"invitations": invitations, "suggested": suggested, "preparing": preparing}

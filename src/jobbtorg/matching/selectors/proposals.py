"""The reads of proposals and what they name: who sees which proposal and supervisor contact, the
engine's candidates for a vacancy, and what the pages show of people (each read logged, one
write for a list)."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.roles import JOB_CENTRE_ROLES, scope_role
from jobbtorg.matching import index_store
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.models import (
    SHAREABLE_FIELDS,
    MatchingProfile,
    PlacementFollowUp,
    Proposal,
    ProposalStatus,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from jobbtorg.matching.permissions import (
    can_advance_proposal,
    can_agree_proposal,
)
from jobbtorg.participants.models import Interruption, Referral, Stage


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


def follow_ups_visible_to(user: Any) -> QuerySet[PlacementFollowUp]:
    """The contacts with a placement's supervisor, of the proposals the user sees."""
    return PlacementFollowUp.objects.filter(
        proposal__in=proposals_visible_to(user).values("pk")
    ).select_related("proposal__vacancy__employer", "proposal__referral__participant")


def is_available(referral: Referral, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED:
        return False
    return (
        not Interruption.objects.filter(referral=referral, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exists()
    )


def hires_awaiting_exit(user: Any) -> QuerySet[Proposal]:
    """Jobs the coach's people were hired into whose exit is not yet recorded (R19)."""
    return proposals_visible_to(user).filter(
        status=ProposalStatus.HIRED,
        vacancy__kind=VacancyKind.JOB,
        referral__coach=user,
        referral__stage=Stage.ENROLLED,
    )


def exit_initial_from_hire(user: Any, referral: Referral, proposal_id: str) -> dict[str, Any]:
    """The exit form prefilled from a hire through matching (R19), when the user sees it."""
    try:
        key = uuid.UUID(str(proposal_id))
    except ValueError:
        return {}
    proposal = (
        proposals_visible_to(user)
        .filter(pk=key, referral=referral, status=ProposalStatus.HIRED)
        .first()
    )
    if proposal is None:
        return {}
    vacancy = proposal.vacancy
    return {
        "reason": "work",
        "employer": vacancy.employer.name,
        # By name: the exit page shows names and stores the name's SSYK code.
        "occupation_ssyk": vacancy.occupation.label_sv,
        "extent": vacancy.extent,
    }


def candidates(vacancy: Vacancy, k: int) -> list[dict[str, Any]]:
    """The best people for an open vacancy from every Jobbtorg: their case, their matching
    profile (never the assessment, its notes or health entries), the engine's explanation and
    whether they are proposed already. Not for display as it is: see `candidates_shown`.
    Raises IndexNotReady on a fresh install."""
    matches = (
        index_store.city_index().best_people(str(vacancy.pk), k=k)
        if vacancy.status == VacancyStatus.OPEN
        else []
    )
    referrals = {
        str(r.pk): r
        for r in Referral.objects.filter(pk__in=[m.person_ref for m in matches]).select_related(
            "participant", "job_centre"
        )
    }
    proposed = set(
        vacancy.proposals.exclude(
            status__in=[ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN]
        ).values_list("referral_id", flat=True)
    )
    profiles = {
        str(p.referral_id): p
        for p in MatchingProfile.objects.filter(referral_id__in=list(referrals)).prefetch_related(
            "wanted_occupations", "skills"
        )
    }
    return [
        {
            "match": m,
            "referral": referrals[m.person_ref],
            "profile": profiles.get(m.person_ref),
            "explanation": explanation_rows(m),
            "proposed": referrals[m.person_ref].pk in proposed,
        }
        for m in matches
        if m.person_ref in referrals
    ]


def candidates_shown(ctx: AuditContext, vacancy: Vacancy, k: int) -> list[dict[str, Any]]:
    """The candidates for a vacancy as the page shows them; each person shown is logged."""
    rows = candidates(vacancy, k)
    audit.candidates_suggested(ctx, [row["referral"].participant for row in rows])
    return rows


def vacancy_proposals_shown(ctx: AuditContext, vacancy: Vacancy) -> list[Proposal]:
    """The proposals for a vacancy that the user sees; every person listed is logged."""
    proposals = list(proposals_visible_to(ctx.actor).filter(vacancy=vacancy))
    audit.participants_listed(ctx, {p.referral.participant for p in proposals})
    return proposals


def proposal_shown(ctx: AuditContext, proposal: Proposal) -> dict[str, Any]:
    """A proposal's history, its supervisor contacts and what the employer may see; the
    person is logged as viewed."""
    audit.participant_viewed(ctx, proposal.referral.participant)
    return {
        "events": proposal.events.select_related("actor"),
        "follow_ups": list(proposal.follow_ups.all()),
        "shared_labels": [str(SHAREABLE_FIELDS[f]) for f in proposal.shared_fields],
    }


def todo_shown(ctx: AuditContext, today: dt.date | None = None) -> dict[str, Any]:
    """The matcher's list: proposals waiting for a step and supervisor contacts that are due;
    for a coach, proposals awaiting their agreement and hires whose exit is to be recorded.
    Every person listed is logged, in one write."""
    user = ctx.actor
    today = today or timezone.localdate()
    visible = proposals_visible_to(user)
    lists: dict[str, Any] = {}
    if can_advance_proposal(user):
        mine = visible.filter(proposed_by__job_centre_id=user.job_centre_id)
        lists["to_send"] = mine.filter(status=ProposalStatus.AGREED)
        lists["awaiting_outcome"] = mine.filter(
            status__in=[ProposalStatus.SENT, ProposalStatus.INTERVIEW]
        )
        lists["awaiting_coach"] = mine.filter(status=ProposalStatus.PROPOSED)
        lists["follow_ups_due"] = (
            follow_ups_visible_to(user)
            .filter(
                proposal__in=mine, done_on__isnull=True, closed_on__isnull=True, due_on__lte=today
            )
            .order_by("due_on")
        )
    if can_agree_proposal(user):
        lists["to_agree"] = visible.filter(
            status=ProposalStatus.PROPOSED, referral__job_centre_id=user.job_centre_id
        )
        lists["hires"] = hires_awaiting_exit(user)
    shown = set()
    for key in ("to_send", "awaiting_outcome", "awaiting_coach", "to_agree", "hires"):
        if key in lists:
            lists[key] = list(lists[key])
            shown |= {p.referral.participant for p in lists[key]}
    if "follow_ups_due" in lists:
        lists["follow_ups_due"] = list(lists["follow_ups_due"])
        shown |= {f.proposal.referral.participant for f in lists["follow_ups_due"]}
    audit.participants_listed(ctx, shown)
    return lists

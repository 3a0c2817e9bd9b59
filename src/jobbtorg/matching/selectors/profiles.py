"""The reads of matching profiles: who sees which profile, the profile as the audit log keeps it,
and the profile page's read (logged)."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.roles import JOB_CENTRE_ROLES, scope_role
from jobbtorg.matching import index_store
from jobbtorg.matching.education import education_level_name
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.models import (
    MatchingProfile,
    Proposal,
    ProposalStatus,
    Vacancy,
)
from jobbtorg.matching.permissions import (
    can_advance_proposal,
)
from jobbtorg.matching.selectors.proposals import proposals_visible_to
from jobbtorg.participants.models import Participant, Referral

# The statuses in which the employer has (or is about to get) the agreed profile.
SHARED_STATUSES = frozenset(
    {
        ProposalStatus.AGREED,
        ProposalStatus.SENT,
        ProposalStatus.INTERVIEW,
        ProposalStatus.HIRED,
        ProposalStatus.NOT_HIRED,
    }
)


def matching_profiles_visible_to(user: Any) -> QuerySet[MatchingProfile]:
    """The coach side sees the profiles of the people served at their Jobbtorg; matchers and
    managers see every profile, since candidates come from every Jobbtorg (R24)."""
    profiles = MatchingProfile.objects.select_related("referral__participant")
    role = scope_role(user)
    if role not in JOB_CENTRE_ROLES or not user.job_centre_id:
        return profiles.none()
    if can_advance_proposal(user):
        return profiles
    return profiles.filter(referral__job_centre_id=user.job_centre_id)


def profile_of(referral: Referral) -> MatchingProfile:
    """The case's profile, or a new unsaved one."""
    try:
        return referral.matching_profile
    except MatchingProfile.DoesNotExist:
        return MatchingProfile(referral=referral)


def snapshot(profile: MatchingProfile) -> dict[str, Any]:
    """The profile as the audit log keeps it (labels, so it reads without the taxonomy)."""
    if profile.pk is None:
        return {}
    return {
        "wanted_occupations": sorted(o.label_sv for o in profile.wanted_occupations.all()),
        "experience": sorted(
            f"{e.occupation.label_sv}; {e.years}"
            for e in profile.experience.select_related("occupation")
        ),
        "skills": sorted(s.label_sv for s in profile.skills.all()),
        "languages": sorted(
            pl.language.label_sv for pl in profile.languages.select_related("language")
        ),
        "swedish_level": profile.swedish_level,
        "licences": sorted(profile.licences),
        "education_level": profile.education_level,
        "travel_districts": sorted(d.slug for d in profile.travel_districts.all()),
        "extent": profile.extent,
    }


def matching_profile_shown(
    ctx: AuditContext, participant: Participant, case: Referral | None, k: int
) -> dict[str, Any]:
    """The person's matching profile in a case the user sees, with the best vacancies for
    them. Logged as a view of the profile (of the person when there is no profile yet)."""
    if case is None:
        audit.participant_viewed(ctx, participant)
        return {"profile": None, "snapshot": {}, "best": [], "preparing": None, "proposals": []}
    current = profile_of(case)
    best: list[dict[str, Any]] = []
    preparing = None
    if current.pk is not None:
        try:
            matches = index_store.city_index().best_vacancies(str(case.pk), k=k)
        except KeyError:
            matches = []
        except index_store.IndexNotReady as waiting:
            matches, preparing = [], waiting.message
        vacancies = {
            str(v.pk): v
            for v in Vacancy.objects.filter(pk__in=[m.vacancy_ref for m in matches]).select_related(
                "employer", "occupation", "district"
            )
        }
        best = [
            {"match": m, "vacancy": vacancies[m.vacancy_ref], "explanation": explanation_rows(m)}
            for m in matches
            if m.vacancy_ref in vacancies
        ]
    with transaction.atomic():
        if current.pk is not None:
            audit.matching_profile_viewed(ctx, current)
        else:
            audit.participant_viewed(ctx, participant)
    return {
        "profile": current,
        "snapshot": snapshot(current),
        "best": best,
        "preparing": preparing,
        "proposals": proposals_visible_to(ctx.actor).filter(referral=case),
    }


def employer_profile_shown(ctx: AuditContext, proposal: Proposal) -> dict[str, Any] | None:
    """The profile the employer gets: the name and only what the person agreed to share;
    None before the coach and the person agree. Logged as shared with the employer."""
    if proposal.status not in SHARED_STATUSES:
        return None
    shared = set(proposal.shared_fields)
    current = profile_of(proposal.referral)
    facts = snapshot(current)
    # The employer reads the education level by its name, never its SUN code.
    if facts.get("education_level"):
        facts["education_level"] = education_level_name(facts["education_level"])
    person = proposal.referral.participant
    audit.employer_profile_shared(ctx, proposal, ["name", *sorted(shared)])
    return {
        "name": person.full_name,
        "phone": person.phone if "phone" in shared else None,
        "email": person.email if "email" in shared else None,
        "facts": {key: value for key, value in facts.items() if key in shared},
        "swedish_level": current.get_swedish_level_display()
        if "languages" in shared and current.swedish_level
        else None,
    }

"""Every read of matching. Each model that holds or names a person starts from its
`<model>s_visible_to(user)`; the reads that return people for a page to show write the
read-audit entry themselves (one write for a list), so no page can forget it."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.roles import JOB_CENTRE_ROLES, scope_role
from jobbtorg.engines.matching.index import MatchIndex
from jobbtorg.engines.matching.model import Match, VacancyFeatures
from jobbtorg.matching import feed
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.models import (
    SHAREABLE_FIELDS,
    Employer,
    EmployerContact,
    EmployerKind,
    FairInvitation,
    FairOutcome,
    InvitationStatus,
    MatchingProfile,
    PlacementFollowUp,
    Proposal,
    ProposalStatus,
    RecruitmentFair,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from jobbtorg.matching.permissions import (
    can_advance_proposal,
    can_agree_proposal,
    can_organise_fairs,
    can_read_employers,
)
from jobbtorg.participants.models import Interruption, Participant, Referral, Stage

# A contact this recent is shown as a warning before the next call.
RECENT_CONTACT_DAYS = 14
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


# Employers and vacancies (organisations, not people: no read-audit)


def employers_visible_to(user: Any) -> QuerySet[Employer]:
    """Every employer for the roles that may read them (shared by all Jobbtorg); none else."""
    if not can_read_employers(user):
        return Employer.objects.none()
    return Employer.objects.all()


def employers_search(
    user: Any, *, text: str = "", kind: str = "", include_inactive: bool = False
) -> QuerySet[Employer]:
    employers = employers_visible_to(user)
    if not include_inactive:
        employers = employers.filter(is_active=True)
    text = (text or "").strip()
    if text:
        digits = text.replace("-", "")
        condition = Q(name__icontains=text) | Q(industry__icontains=text)
        if digits.isdigit():
            condition |= Q(organisation_number__startswith=digits)
        employers = employers.filter(condition)
    if kind in EmployerKind.values:
        employers = employers.filter(kind=kind)
    return employers.annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status="open"))
    ).order_by("name")


@dataclass(frozen=True)
class RecentContact:
    contact: EmployerContact
    days_ago: int


def recent_contacts(
    employer: Employer, today: dt.date | None = None, days: int = RECENT_CONTACT_DAYS
) -> list[RecentContact]:
    """Contacts in the last `days` days (today included), newest first: the warning shown
    before anyone calls the employer again."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days)
    return [
        RecentContact(contact, (today - contact.contacted_on).days)
        for contact in employer.contacts.filter(contacted_on__gte=since, contacted_on__lte=today)
        .select_related("contacted_by")
        .order_by("-contacted_on", "-created_at")
    ]


def vacancies_visible_to(user: Any) -> QuerySet[Vacancy]:
    if not can_read_employers(user):
        return Vacancy.objects.none()
    return Vacancy.objects.select_related("employer", "occupation", "district")


def vacancies_search(
    user: Any,
    *,
    status: str = "",
    kind: str = "",
    ssyk_code: str = "",
    occupation: str = "",
    district: str = "",
) -> QuerySet[Vacancy]:
    vacancies = vacancies_visible_to(user)
    if status in VacancyStatus.values:
        vacancies = vacancies.filter(status=status)
    if kind in VacancyKind.values:
        vacancies = vacancies.filter(kind=kind)
    if ssyk_code.strip().isdigit():
        vacancies = vacancies.filter(occupation__ssyk_code__startswith=ssyk_code.strip())
    if occupation.strip():
        vacancies = vacancies.filter(occupation__label_sv__icontains=occupation.strip())
    if district:
        vacancies = vacancies.filter(district__slug=district)
    return vacancies.order_by("-created_at")


# Scoping of what names a person


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


# Facts about a case


def is_available(referral: Referral, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    if referral.stage != Stage.ENROLLED:
        return False
    return (
        not Interruption.objects.filter(referral=referral, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exists()
    )


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
        "occupation_ssyk": vacancy.occupation.ssyk_code,
        "extent": vacancy.extent,
    }


# The engine's suggestions


def candidates(vacancy: Vacancy, k: int) -> list[dict[str, Any]]:
    """The best people for an open vacancy from every Jobbtorg: their case, their matching
    profile (never the assessment, its notes or health entries), the engine's explanation and
    whether they are proposed already. Not for display as it is: see `candidates_shown`."""
    matches = (
        feed.city_index().best_people(str(vacancy.pk), k=k)
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


# What the pages show of people (each read writes its audit entry)


def vacancy_proposals_shown(ctx: AuditContext, vacancy: Vacancy) -> list[Proposal]:
    """The proposals for a vacancy that the user sees; every person listed is logged."""
    proposals = list(proposals_visible_to(ctx.actor).filter(vacancy=vacancy))
    audit.participants_listed(ctx, {p.referral.participant for p in proposals})
    return proposals


def matching_profile_shown(
    ctx: AuditContext, participant: Participant, case: Referral | None, k: int
) -> dict[str, Any]:
    """The person's matching profile in a case the user sees, with the best vacancies for
    them. Logged as a view of the profile (of the person when there is no profile yet)."""
    if case is None:
        audit.participant_viewed(ctx, participant)
        return {"profile": None, "snapshot": {}, "best": [], "proposals": []}
    current = profile_of(case)
    best: list[dict[str, Any]] = []
    if current.pk is not None:
        try:
            matches = feed.city_index().best_vacancies(str(case.pk), k=k)
        except KeyError:
            matches = []
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
        "proposals": proposals_visible_to(ctx.actor).filter(referral=case),
    }


def proposal_shown(ctx: AuditContext, proposal: Proposal) -> dict[str, Any]:
    """A proposal's history, its supervisor contacts and what the employer may see; the
    person is logged as viewed."""
    audit.participant_viewed(ctx, proposal.referral.participant)
    return {
        "events": proposal.events.select_related("actor"),
        "follow_ups": list(proposal.follow_ups.all()),
        "shared_labels": [str(SHAREABLE_FIELDS[f]) for f in proposal.shared_fields],
    }


def employer_profile_shown(ctx: AuditContext, proposal: Proposal) -> dict[str, Any] | None:
    """The profile the employer gets: the name and only what the person agreed to share;
    None before the coach and the person agree. Logged as shared with the employer."""
    if proposal.status not in SHARED_STATUSES:
        return None
    shared = set(proposal.shared_fields)
    current = profile_of(proposal.referral)
    facts = snapshot(current)
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
            .filter(proposal__in=mine, done_on__isnull=True, due_on__lte=today)
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
    if can_organise_fairs(user):
        matches = fair_suggestions(fair)
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
    return {"invitations": invitations, "suggested": suggested}

"""Pages of matching that show people: the person's matching profile with the best vacancies
for them, the best candidates for a vacancy from all Jobbtorg, the proposal workflow, the
profile the employer gets, and the matcher's list. Each person shown is logged."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.feed import city_index
from jobbtorg.matching.forms_profile import (
    AgreeForm,
    FollowUpForm,
    InterviewForm,
    OutcomeForm,
    ProfileForm,
    WithdrawForm,
    profile_initial,
)
from jobbtorg.matching.models import (
    MatchingProfile,
    PlacementFollowUp,
    ProposalStatus,
    Vacancy,
    VacancyStatus,
)
from jobbtorg.matching.profiles import profile_of, profile_update, snapshot
from jobbtorg.matching.proposals import (
    MATCHERS,
    SHAREABLE_FIELDS,
    follow_up_done,
    hires_awaiting_exit,
    proposal_agree,
    proposal_create,
    proposal_interview,
    proposal_outcome,
    proposal_send,
    proposal_withdraw,
    proposals_visible_to,
)
from jobbtorg.participants.models import Referral
from jobbtorg.participants.selectors import cases_of, one_in_scope, participant_get

CANDIDATES = 50
VACANCIES_FOR_PERSON = 10


def _require_job_centre_staff(user: Any) -> None:
    if getattr(user, "role", "") not in JOB_CENTRE_ROLES or not user.job_centre_id:
        raise PermissionDenied(_("Matching is done by staff at a Jobbtorg."))


def _propose(request: HttpRequest, vacancy: Vacancy, referral: Referral, match: Any) -> bool:
    proposal = call_for_button(
        request,
        proposal_create,
        audit_context(request),
        vacancy=vacancy,
        referral=referral,
        score=float(match.score) if match is not None else None,
        explanation=explanation_rows(match) if match is not None else [],
    )
    if proposal is None:
        return False
    messages.success(
        request, _("Proposed. The person's coach is asked to agree with the person first.")
    )
    return True


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_candidates(request: HttpRequest, vacancy_id: str) -> HttpResponse:
    """The best candidates for a vacancy from every Jobbtorg: only their matching profile,
    never the assessment, its notes or health entries."""
    user = request.user
    if getattr(user, "role", "") not in MATCHERS or not user.job_centre_id:
        raise PermissionDenied(_("Matchers and managers see candidates for a vacancy."))
    vacancy = one_in_scope(
        Vacancy.objects.select_related("employer", "occupation", "district"), vacancy_id
    )
    index = city_index()
    matches = (
        index.best_people(str(vacancy.pk), k=CANDIDATES)
        if vacancy.status == VacancyStatus.OPEN
        else []
    )
    referrals = {
        str(r.pk): r
        for r in Referral.objects.filter(pk__in=[m.person_ref for m in matches]).select_related(
            "participant", "job_centre"
        )
    }
    if request.method == "POST":
        ref = request.POST.get("referral", "")
        match = next((m for m in matches if m.person_ref == ref), None)
        if match is None or ref not in referrals:
            raise Http404
        _propose(request, vacancy, referrals[ref], match)
        return redirect(request.path)
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
    rows = [
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
    audit.candidates_suggested(
        audit_context(request), [row["referral"].participant for row in rows]
    )
    return render(request, "matching/candidates.html", {"vacancy": vacancy, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, participant_id: str) -> HttpResponse:
    """The person's matching profile, kept by the coach, and the best vacancies for them."""
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    _require_job_centre_staff(user)
    case = cases_of(user, participant).first()
    if case is None:
        audit.participant_viewed(audit_context(request), participant)
        return render(request, "matching/profile.html", {"participant": participant, "case": None})
    current = profile_of(case)
    may_edit = getattr(user, "role", "") in {Role.COACH, Role.MANAGER}
    current_snapshot = snapshot(current)
    form = ProfileForm(
        request.POST if request.method == "POST" and request.POST.get("action") == "save" else None,
        initial=profile_initial(current_snapshot, current.version),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            if not may_edit:
                raise PermissionDenied(_("The person's coach keeps the matching profile."))
            if form.is_valid():
                saved = call_service(
                    form,
                    profile_update,
                    ctx=audit_context(request),
                    referral=case,
                    based_on_version=form.cleaned_data["version"],
                    values=form.values(),
                )
                if saved is not None:
                    messages.success(request, _("The matching profile is saved."))
                    return redirect(request.path)
        elif action == "propose":
            vacancy = one_in_scope(Vacancy.objects.all(), request.POST.get("vacancy", ""))
            match = None
            if current.pk is not None:
                try:
                    match = city_index().score(str(case.pk), str(vacancy.pk))
                except KeyError:
                    match = None
            _propose(request, vacancy, case, match)
            return redirect(request.path)
        else:
            raise PermissionDenied
    best: list[dict[str, Any]] = []
    if current.pk is not None:
        try:
            matches = city_index().best_vacancies(str(case.pk), k=VACANCIES_FOR_PERSON)
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
            audit.matching_profile_viewed(audit_context(request), current)
        else:
            audit.participant_viewed(audit_context(request), participant)
    return render(
        request,
        "matching/profile.html",
        {
            "participant": participant,
            "case": case,
            "profile": current if current.pk else None,
            "snapshot": current_snapshot,
            "form": form if may_edit else None,
            "best": best,
            "may_propose": getattr(user, "role", "") in MATCHERS,
            "proposals": proposals_visible_to(user).filter(referral=case),
        },
    )


def _proposal_get(user: Any, proposal_id: str) -> Any:
    return one_in_scope(proposals_visible_to(user), proposal_id)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, proposal_id: str) -> HttpResponse:
    user = request.user
    proposal = _proposal_get(user, proposal_id)
    ctx = audit_context(request)
    forms: dict[str, Any] = {
        "agree": AgreeForm(prefix="agree"),
        "interview": InterviewForm(prefix="interview"),
        "outcome": OutcomeForm(prefix="outcome"),
        "withdraw": WithdrawForm(prefix="withdraw"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        done: Any = None
        if action == "agree":
            form = forms["agree"] = AgreeForm(request.POST, prefix="agree")
            if form.is_valid():
                done = call_service(
                    form,
                    proposal_agree,
                    ctx=ctx,
                    proposal=proposal,
                    person_agrees=form.cleaned_data["person_agrees"],
                    shared_fields=form.cleaned_data["shared_fields"],
                    note=form.cleaned_data["note"],
                )
        elif action == "send":
            done = call_service(forms["agree"], proposal_send, ctx=ctx, proposal=proposal)
        elif action == "interview":
            form = forms["interview"] = InterviewForm(request.POST, prefix="interview")
            if form.is_valid():
                done = call_service(
                    form,
                    proposal_interview,
                    ctx=ctx,
                    proposal=proposal,
                    on=form.cleaned_data["on"],
                    field_map={"interview_on": "on"},
                )
        elif action == "outcome":
            form = forms["outcome"] = OutcomeForm(request.POST, prefix="outcome")
            if form.is_valid():
                done = call_service(
                    form,
                    proposal_outcome,
                    ctx=ctx,
                    proposal=proposal,
                    hired=form.cleaned_data["hired"],
                    reason=form.cleaned_data["reason"],
                )
        elif action == "withdraw":
            form = forms["withdraw"] = WithdrawForm(request.POST, prefix="withdraw")
            if form.is_valid():
                done = call_service(
                    form,
                    proposal_withdraw,
                    ctx=ctx,
                    proposal=proposal,
                    reason=form.cleaned_data["reason"],
                )
        elif action == "follow_up":
            follow_up = proposal.follow_ups.filter(pk=request.POST.get("follow_up")).first()
            if follow_up is None:
                raise Http404
            form = FollowUpForm(request.POST, prefix=f"follow_up_{follow_up.pk}")
            forms["follow_up"] = (follow_up.pk, form)
            if form.is_valid():
                done = call_service(
                    form,
                    follow_up_done,
                    ctx=ctx,
                    follow_up=follow_up,
                    done_on=form.cleaned_data["done_on"],
                    note=form.cleaned_data["note"],
                    field_map={"__all__": "note"},
                )
        else:
            raise PermissionDenied
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect(request.path)
        # A refusal that named no field (a step not possible now) shows above the forms.
        for form in forms.values():
            if isinstance(form, tuple):
                continue
            for error in form.non_field_errors():
                messages.error(request, error)
    audit.participant_viewed(ctx, proposal.referral.participant)
    role = getattr(user, "role", "")
    coach_side = role in {Role.COACH, Role.MANAGER} and (
        user.job_centre_id == proposal.referral.job_centre_id
    )
    matcher_side = role in MATCHERS and user.job_centre_id in {
        proposal.proposed_by.job_centre_id,
        proposal.referral.job_centre_id,
    }
    follow_up_forms = []
    for follow_up in proposal.follow_ups.all():
        bound = forms.get("follow_up")
        form = (
            bound[1]
            if bound and bound[0] == follow_up.pk
            else FollowUpForm(
                prefix=f"follow_up_{follow_up.pk}", initial={"done_on": timezone.localdate()}
            )
        )
        follow_up_forms.append({"follow_up": follow_up, "form": form})
    return render(
        request,
        "matching/proposal.html",
        {
            "proposal": proposal,
            "forms": forms,
            "coach_side": coach_side,
            "matcher_side": matcher_side,
            "events": proposal.events.select_related("actor"),
            "follow_ups": follow_up_forms,
            "shared_labels": [str(SHAREABLE_FIELDS[f]) for f in proposal.shared_fields],
        },
    )


SHARED_STATUSES = {
    ProposalStatus.AGREED,
    ProposalStatus.SENT,
    ProposalStatus.INTERVIEW,
    ProposalStatus.HIRED,
    ProposalStatus.NOT_HIRED,
}


@login_required
@require_GET
def employer_profile(request: HttpRequest, proposal_id: str) -> HttpResponse:
    """The printable profile for the employer: the name and only what the person agreed to."""
    proposal = _proposal_get(request.user, proposal_id)
    if proposal.status not in SHARED_STATUSES:
        raise PermissionDenied(_("The profile can be shared once the coach and the person agree."))
    shared = set(proposal.shared_fields)
    current = profile_of(proposal.referral)
    facts = snapshot(current)
    person = proposal.referral.participant
    audit.employer_profile_shared(audit_context(request), proposal, ["name", *sorted(shared)])
    return render(
        request,
        "matching/employer_profile.html",
        {
            "proposal": proposal,
            "name": person.full_name,
            "phone": person.phone if "phone" in shared else None,
            "email": person.email if "email" in shared else None,
            "facts": {key: value for key, value in facts.items() if key in shared},
            "swedish_level": current.get_swedish_level_display()
            if "languages" in shared and current.swedish_level
            else None,
        },
    )


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """The matcher's list: proposals waiting for a step and supervisor contacts that are due;
    for a coach, proposals awaiting their agreement and hires whose exit is to be recorded."""
    user = request.user
    _require_job_centre_staff(user)
    today = timezone.localdate()
    visible = proposals_visible_to(user)
    role = getattr(user, "role", "")
    context: dict[str, Any] = {}
    if role in MATCHERS:
        mine = visible.filter(proposed_by__job_centre_id=user.job_centre_id)
        context["to_send"] = mine.filter(status=ProposalStatus.AGREED)
        context["awaiting_outcome"] = mine.filter(
            status__in=[ProposalStatus.SENT, ProposalStatus.INTERVIEW]
        )
        context["awaiting_coach"] = mine.filter(status=ProposalStatus.PROPOSED)
        context["follow_ups_due"] = (
            PlacementFollowUp.objects.filter(
                proposal__in=mine, done_on__isnull=True, due_on__lte=today
            )
            .select_related("proposal__vacancy__employer", "proposal__referral__participant")
            .order_by("due_on")
        )
    if role in {Role.COACH, Role.MANAGER}:
        context["to_agree"] = visible.filter(
            status=ProposalStatus.PROPOSED, referral__job_centre_id=user.job_centre_id
        )
        context["hires"] = hires_awaiting_exit(user)
    shown = set()
    for key in ("to_send", "awaiting_outcome", "awaiting_coach", "to_agree", "hires"):
        if key in context:
            context[key] = list(context[key])
            shown |= {p.referral.participant for p in context[key]}
    if "follow_ups_due" in context:
        context["follow_ups_due"] = list(context["follow_ups_due"])
        shown |= {f.proposal.referral.participant for f in context["follow_ups_due"]}
    audit.participants_listed(audit_context(request), shown)
    return render(request, "matching/todo.html", context)


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

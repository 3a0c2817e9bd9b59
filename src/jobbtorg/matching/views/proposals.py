"""The matching pages that show people and proposals: the best candidates for a vacancy from
every Jobbtorg, the proposal workflow, the profile the employer gets, and the matcher's list.
The selectors log each person shown; the pages offer only the steps the proposal workflow
table allows from the proposal's status, to the side that may take them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.engines.rules import proposal_workflow as workflow
from jobbtorg.engines.rules.proposal_workflow import PROPOSAL_WORKFLOW, ProposalAction
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.forms import (
    AgreeForm,
    FollowUpForm,
    InterviewForm,
    OutcomeForm,
    WithdrawForm,
)
from jobbtorg.matching.index_store import IndexNotReady
from jobbtorg.matching.models import Proposal, Vacancy
from jobbtorg.matching.permissions import (
    can_advance_proposal,
    can_agree_proposal,
    can_propose_candidates,
    can_use_matching,
    can_withdraw_proposal,
)
from jobbtorg.matching.selectors.profiles import employer_profile_shown
from jobbtorg.matching.selectors.proposals import (
    candidates,
    candidates_shown,
    proposal_shown,
    proposals_visible_to,
    todo_shown,
)
from jobbtorg.matching.selectors.vacancies import vacancies_visible_to
from jobbtorg.matching.services.proposals import (
    follow_up_done,
    proposal_agree,
    proposal_create,
    proposal_interview,
    proposal_outcome,
    proposal_send,
    proposal_withdraw,
)
from jobbtorg.participants.models import Referral
from jobbtorg.participants.selectors import one_in_scope

CANDIDATES = 50


def require_matching_staff(user: Any) -> None:
    if not can_use_matching(user):
        raise PermissionDenied(_("Matching is done by staff at a Jobbtorg."))


def propose(request: HttpRequest, vacancy: Vacancy, referral: Referral, match: Any) -> bool:
    """Propose the person from a page's button; the message says what happens next."""
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
    if not can_propose_candidates(user):
        raise PermissionDenied(_("Matchers and managers see candidates for a vacancy."))
    vacancy = one_in_scope(vacancies_visible_to(user), vacancy_id)
    try:
        if request.method == "POST":
            ref = request.POST.get("referral", "")
            row = next(
                (r for r in candidates(vacancy, CANDIDATES) if str(r["referral"].pk) == ref),
                None,
            )
            if row is None:
                raise Http404
            propose(request, vacancy, row["referral"], row["match"])
            return redirect(request.path)
        rows = candidates_shown(audit_context(request), vacancy, CANDIDATES)
    except IndexNotReady as waiting:
        # A fresh install: the first index is being built by the worker.
        return render(
            request,
            "matching/candidates.html",
            {"vacancy": vacancy, "rows": [], "preparing": waiting.message},
        )
    return render(request, "matching/candidates.html", {"vacancy": vacancy, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, proposal_id: str) -> HttpResponse:
    user = request.user
    proposal = one_in_scope(proposals_visible_to(user), proposal_id)
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
    shown = proposal_shown(ctx, proposal)
    coach_side = can_agree_proposal(user, proposal)
    matcher_side = can_advance_proposal(user, proposal)
    offers = offered_steps(user, proposal)
    follow_up_forms = []
    for follow_up in shown["follow_ups"]:
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
            "offers": offers,
            "coach_side": coach_side,
            "matcher_side": matcher_side,
            "events": shown["events"],
            "follow_ups": follow_up_forms,
            "shared_labels": shown["shared_labels"],
        },
    )


def offered_steps(user: Any, proposal: Proposal) -> dict[str, bool]:
    """The steps the page offers: those the workflow table allows from the proposal's status,
    to the side that may take them."""
    actions = PROPOSAL_WORKFLOW.allowed_actions(workflow.ProposalStatus(proposal.status))
    coach_side = can_agree_proposal(user, proposal)
    matcher_side = can_advance_proposal(user, proposal)
    return {
        "agree": coach_side and ProposalAction.AGREE in actions,
        "send": matcher_side and ProposalAction.SEND in actions,
        "interview": matcher_side and ProposalAction.INTERVIEW in actions,
        "outcome": matcher_side and ProposalAction.HIRE in actions,
        "withdraw": ProposalAction.WITHDRAW in actions and can_withdraw_proposal(user, proposal),
    }


@login_required
@require_GET
def employer_profile(request: HttpRequest, proposal_id: str) -> HttpResponse:
    """The printable profile for the employer: the name and only what the person agreed to."""
    proposal = one_in_scope(proposals_visible_to(request.user), proposal_id)
    shown = employer_profile_shown(audit_context(request), proposal)
    if shown is None:
        raise PermissionDenied(_("The profile can be shared once the coach and the person agree."))
    return render(request, "matching/employer_profile.html", {"proposal": proposal, **shown})


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """The matcher's list: proposals waiting for a step and supervisor contacts that are due;
    for a coach, proposals awaiting their agreement and hires whose exit is to be recorded."""
    require_matching_staff(request.user)
    return render(request, "matching/todo.html", todo_shown(audit_context(request)))

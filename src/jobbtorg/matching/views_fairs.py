"""Recruitment fair pages (R21, R23): the fairs with their figures, a fair with the engine's
suggestions of whom to invite from every Jobbtorg, invitations, attendance and outcome."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.roles import JOB_CENTRE_ROLES
from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.matching.explain import explanation_rows
from jobbtorg.matching.fairs import (
    ORGANISERS,
    fair_create,
    fair_invite,
    fairs_visible_to,
    invitation_update,
    suggestions,
)
from jobbtorg.matching.models import Employer, FairOutcome, InvitationStatus, Occupation
from jobbtorg.matching.profiles import lines, resolve_labels
from jobbtorg.participants.models import Referral
from jobbtorg.participants.selectors import referrals_held_by

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FairForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE_INPUT)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300)
    sector = forms.CharField(label=gettext_lazy("Sector"), max_length=200, required=False)
    occupations = forms.CharField(
        label=gettext_lazy("Occupations recruited for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line, as named in Arbetsförmedlingen's taxonomy."),
    )
    employers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Employers"),
        queryset=Employer.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_occupations(self) -> list[Occupation]:
        pks, problems = resolve_labels("occupation", lines(self.cleaned_data["occupations"]))
        if problems:
            raise forms.ValidationError(problems)
        return list(Occupation.objects.filter(pk__in=pks))


class InvitationForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Came?"), choices=InvitationStatus.choices)
    outcome = forms.ChoiceField(label=gettext_lazy("What came of it"), choices=FairOutcome.choices)


def _uuid_or_none(text: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


def _require_staff(user: Any) -> None:
    if getattr(user, "role", "") not in JOB_CENTRE_ROLES or not user.job_centre_id:
        raise PermissionDenied(_("Recruitment fairs are for staff at a Jobbtorg."))


@login_required
@require_http_methods(["GET", "POST"])
def fair_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    may_organise = getattr(user, "role", "") in ORGANISERS
    form = FairForm(request.POST or None) if may_organise else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Matchers and managers organise recruitment fairs."))
        if form.is_valid():
            fair = call_service(form, fair_create, ctx=audit_context(request), **form.cleaned_data)
            if fair is not None:
                messages.success(request, _("The fair is created. Invite people from its page."))
                return redirect("fairs:detail", fair_id=fair.pk)
    return render(request, "matching/fairs.html", {"fairs": fairs_visible_to(user), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def fair_detail(request: HttpRequest, fair_id: int) -> HttpResponse:
    user = request.user
    _require_staff(user)
    fair = fairs_visible_to(user).filter(pk=fair_id).first()
    if fair is None:
        raise Http404
    ctx = audit_context(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            # A case of the user's own unit (not one only shared with it to read), or someone
            # the engine may suggest from every Jobbtorg (a matching profile): never an
            # arbitrary case by its id.
            referral = (
                Referral.objects.filter(
                    Q(pk__in=referrals_held_by(user).values("pk"))
                    | Q(matching_profile__isnull=False)
                )
                .filter(pk=_uuid_or_none(request.POST.get("referral")))
                .first()
            )
            if referral is None:
                raise Http404
            if call_for_button(request, fair_invite, ctx, fair, referral) is not None:
                messages.success(request, _("Invited."))
        elif action == "update":
            invitation = fair.invitations.filter(pk=request.POST.get("invitation")).first()
            if invitation is None:
                raise Http404
            form = InvitationForm(request.POST, prefix=f"inv{invitation.pk}")
            if not form.is_valid():
                messages.error(request, _("Choose whether the person came and what came of it."))
            elif call_for_button(request, invitation_update, ctx, invitation, **form.cleaned_data):
                messages.success(request, _("Saved."))
        else:
            raise PermissionDenied
        return redirect(request.path)
    invitations = list(
        fair.invitations.select_related("referral__participant", "referral__job_centre").order_by(
            "referral__participant__last_name"
        )
    )
    rows = [
        {
            "invitation": i,
            "form": InvitationForm(
                prefix=f"inv{i.pk}", initial={"status": i.status, "outcome": i.outcome}
            ),
        }
        for i in invitations
    ]
    suggested: list[dict[str, Any]] = []
    if getattr(user, "role", "") in ORGANISERS:
        matches = suggestions(fair)
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
    return render(
        request,
        "matching/fair.html",
        {"fair": fair, "rows": rows, "suggested": suggested},
    )

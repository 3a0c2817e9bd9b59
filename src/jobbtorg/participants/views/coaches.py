"""Changing the personal coach of a case."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_service, name_of
from jobbtorg.participants.forms import CoachChangeForm
from jobbtorg.participants.models import Stage
from jobbtorg.participants.permissions import case_to_act_on
from jobbtorg.participants.selectors import participant_get
from jobbtorg.participants.services.coaches import coach_change
from jobbtorg.participants.views.case_page import render_case_page, to_person


@login_required
@require_http_methods(["GET", "POST"])
def coach_change_view(request: HttpRequest, participant_id: str) -> HttpResponse:
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    what = _("Changing the coach")
    case = case_to_act_on(user, participant, what)
    context: dict[str, Any] = {"case": case, "heading": _("Change the personal coach")}
    if case is None or case.stage != Stage.ENROLLED:
        context["unavailable"] = _("A coach is assigned at the first meeting.")
        return render_case_page(request, "participants/case_form.html", participant, context)
    form = CoachChangeForm(request.POST or None, job_centre_id=case.job_centre_id)
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            coach_change,
            actor=user,
            audit_context=audit_context(request),
            referral=case,
            coach=form.cleaned_data["coach"],
        )
        if changed is not None:
            messages.success(
                request,
                _("%(coach)s is now the personal coach.")
                % {"coach": name_of(form.cleaned_data["coach"])},
            )
            return to_person(participant)
    context.update(
        {
            "form": form,
            "submit": _("Change coach"),
            "intro": _("The coach now: %(coach)s. The earlier coaches stay in the history.")
            % {"coach": name_of(case.coach) or "–"},
        }
    )
    return render_case_page(request, "participants/case_form.html", participant, context)
